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

from assistant.models.corpus import Clause, ClauseContext, Corpus, PackSource
from assistant.models.search import SearchHit

if TYPE_CHECKING:
    from assistant.cache import Notice, Progress
    from assistant.dialogue.conversation import Conversation
    from assistant.dialogue.coverage import Coverage
    from assistant.packs import Packs
    from assistant.retrieval.base import Retriever
    from assistant.retrieval.sparse import SparseRetriever


class Assistant:
    """A loaded corpus plus its search index; cheap to share between conversations."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        index: str = "auto",
        sparse: SparseRetriever | None = None,
        packs: list[PackSource] | None = None,
    ) -> None:
        """`index`: "auto" (rank-bm25 for small corpora, the sparse index for large ones),
        "rank-bm25" or "sparse"; `sparse`: that index, already built or loaded for `corpus`;
        `packs`: the rule packs to use (default: those the corpus carries)."""
        from assistant.retrieval.choose import backend_for

        self.corpus = corpus
        self.backend = backend_for(corpus, index)  # checks `index` before anything is built
        self._sparse = sparse
        self._pack_sources = list(corpus.packs) if packs is None else packs

    @classmethod
    def load(
        cls,
        corpus: str | Path | Sequence[str | Path] | None = None,
        *,
        index: str = "auto",
        cache: bool = True,
        progress: Progress | None = None,
        notice: Notice | None = None,
    ) -> Assistant:
        """`corpus`: a built .jsonl file, a folder of sources, or None for the bundled corpus.

        A folder is built once and kept, with its index, in the user's cache folder
        (`cache=False`: built in memory, nothing kept). `progress(stage, done, total)` hears
        about a long build; `notice(text)` hears, once, why the cache could not be used (by
        default it goes to stderr)."""
        from assistant.store import load_corpus, open_corpus

        if isinstance(corpus, Sequence) and not isinstance(corpus, str):
            paths = [Path(p) for p in corpus]
        else:
            paths = [Path(corpus)] if corpus else []
        path = paths[0] if len(paths) == 1 else None
        if len(paths) > 1:
            from assistant.store import merge_corpora

            # Several corpora used as one (built in memory): their notes, and the packs beside them.
            loaded = cls(merge_corpora([open_corpus(p) for p in paths]), index=index)
        elif path is not None and path.is_dir():
            from assistant.cache import load_folder
            from assistant.ingest.build import pattern_tags

            folder = load_folder(
                path,
                pattern_tags(load_corpus().tags),
                use_cache=cache,
                index=index,
                progress=progress,
                notice=notice if notice is not None else _to_stderr,
            )
            from assistant.packs.load import read_pack_sources

            loaded = cls(folder.corpus, index=index, sparse=folder.sparse, packs=read_pack_sources(path))
        else:
            loaded = cls(open_corpus(path), index=index)
        # A malformed pack is reported now, as a one-line error, not mid-chat; one that does not fit
        # these notes (its notes absent or edited) is left out, and said so once.
        for skipped in loaded.packs.skipped:
            (notice if notice is not None else _to_stderr)(f"rule pack {skipped.file} not loaded: {skipped.why}")
        return loaded

    @cached_property
    def packs(self) -> Packs:
        """The rule packs bound to this corpus (a pack whose notes are absent is skipped, with why)."""
        from assistant.packs import load_packs

        return load_packs(self._pack_sources, self.corpus)

    @cached_property
    def retriever(self) -> Retriever:
        from assistant.retrieval.choose import make_retriever

        return make_retriever(self.corpus, self.backend, self._sparse)

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
            listed = self._tagged(tags, max(limit, 0))
            return [SearchHit.of(c, 0.0, rank) for rank, c in enumerate(listed, start=1)]
        return self.retriever.search(query, tags=tags, limit=limit)

    def _tagged(self, tags: Sequence[str], limit: int) -> list[Clause]:
        if self._sparse is not None:  # the cache's tag index: no need to read every clause
            positions = self._sparse.tags.mask(tags).nonzero()[0][:limit]
            return [self.corpus.clauses[int(i)] for i in positions]
        wanted = set(tags)
        return [c for c in self.corpus.clauses if wanted <= set(c.tags)][:limit]

    def clause_context(self, clause_id: str) -> ClauseContext:
        """A clause with its post; raises AssistantError for an unknown id."""
        from assistant.render import clause_context
        from assistant.suggest import check_clause

        check_clause(clause_id, self.corpus.clause_by_id)
        return clause_context(self.corpus, clause_id)


def _to_stderr(text: str) -> None:
    import sys

    print(f"licensing-assistant: note: {text}", file=sys.stderr)
