"""The Python API every front end uses (CLI, TUI, transcript replay).

assistant = Assistant.load()            # the bundled corpus
chat = assistant.conversation()
reply = chat.ask("2 servers x 5 CALs, how many users?")
reply.kind, reply.text, reply.figures, reply.citations
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.models.corpus import ClauseContext, Corpus
from assistant.models.search import SearchHit

if TYPE_CHECKING:
    from assistant.dialogue.conversation import Conversation
    from assistant.dialogue.coverage import Coverage
    from assistant.retrieval.base import Retriever


class Assistant:
    """A loaded corpus plus its search index; cheap to share between conversations."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    @classmethod
    def load(cls, corpus: str | Path | None = None) -> Assistant:
        """`corpus`: a built .jsonl file, a folder of sources, or None for the bundled corpus."""
        from assistant.store import open_corpus

        return cls(open_corpus(Path(corpus) if corpus else None))

    @cached_property
    def retriever(self) -> Retriever:
        from assistant.retrieval.bm25 import BM25Retriever

        return BM25Retriever(self.corpus)

    @cached_property
    def coverage(self) -> Coverage:
        from assistant.dialogue.coverage import Coverage

        return Coverage(self.corpus, self.retriever.vocabulary)

    def conversation(self) -> Conversation:
        from assistant.dialogue.conversation import Conversation

        return Conversation(self)

    def search(self, query: str, *, tags: Sequence[str] = (), limit: int = 10) -> list[SearchHit]:
        """Ranked clauses; with tags and an empty query, the tagged clauses in corpus order.
        Raises AssistantError for a tag not in the vocabulary."""
        from assistant.suggest import check_tags

        check_tags(list(tags), self.corpus.tag_names)
        if not query.strip() and tags:
            # Tags and no words: every clause carrying them, in the order of the notes.
            wanted = set(tags)
            listed = [c for c in self.corpus.clauses if wanted <= set(c.tags)][: max(limit, 0)]
            return [SearchHit.of(c, 0.0, rank) for rank, c in enumerate(listed, start=1)]
        return self.retriever.search(query, tags=tags, limit=limit)

    def clause_context(self, clause_id: str) -> ClauseContext:
        """A clause with its post; raises AssistantError for an unknown id."""
        from assistant.render import clause_context
        from assistant.suggest import check_clause

        check_clause(clause_id, self.corpus.clause_by_id)
        return clause_context(self.corpus, clause_id)
