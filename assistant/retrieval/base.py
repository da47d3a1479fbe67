"""The retrieval interface, so another index can replace BM25 for large corpora."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.models.search import SearchHit


class Retriever(Protocol):
    # Every distinct search term of the corpus: the dialogue checks a question's key terms
    # against it to decide whether the notes cover the question.
    vocabulary: list[str]

    def search(self, query: str, *, tags: Sequence[str] = (), limit: int = 10) -> list[SearchHit]:
        """Clauses ranked by relevance to `query`, best first; only those carrying every tag
        in `tags`; none whose score is zero."""
        ...
