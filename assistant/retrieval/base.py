"""The retrieval interface, so another index can replace BM25 for large corpora."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.models.search import SearchHit


class Retriever(Protocol):
    def search(self, query: str, *, tags: Sequence[str] = (), limit: int = 10) -> list[SearchHit]:
        """Clauses ranked by relevance to `query`, best first; only those carrying every tag
        in `tags`; none whose score is zero."""
        ...
