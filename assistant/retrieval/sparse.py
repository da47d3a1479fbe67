"""BM25 over a precomputed sparse matrix of term weights: for collections of many clauses.

Scores equal `BM25Retriever`'s (see `okapi`), but a query touches only the clauses that
hold one of its terms, and the matrix can be saved and memory-mapped back (`cache`), so a
large notes folder is neither re-read nor re-indexed at each start. numpy is imported only
when this backend is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from assistant.models.corpus import Clause, Corpus
from assistant.models.search import SearchHit
from assistant.retrieval import ranking
from assistant.retrieval.okapi import WeightMatrix
from assistant.retrieval.query import QueryReader
from assistant.retrieval.text import analyse

if TYPE_CHECKING:
    import numpy as np

# Candidates within this much of the last score that makes the cut are ranked exactly, as
# `BM25Retriever` ranks them (scores compared rounded to 9 places).
_ROUNDING_MARGIN = 1e-8


class TagIndex:
    """Which clauses carry each tag, as sorted clause positions."""

    def __init__(self, members: dict[str, np.ndarray], n_docs: int) -> None:
        self.members = members
        self.n_docs = n_docs

    @classmethod
    def of(cls, clauses: Sequence[Clause]) -> TagIndex:
        import numpy as np

        lists: dict[str, list[int]] = {}
        for i, clause in enumerate(clauses):
            for tag in clause.tags:
                lists.setdefault(tag, []).append(i)
        return cls({t: np.asarray(v, dtype=np.int32) for t, v in lists.items()}, len(clauses))

    def mask(self, tags: Iterable[str]) -> np.ndarray:
        """True for the clauses carrying every one of `tags`."""
        import numpy as np

        wanted = np.ones(self.n_docs, dtype=bool)
        for tag in tags:
            has = np.zeros(self.n_docs, dtype=bool)
            has[self.members.get(tag, np.zeros(0, dtype=np.int32))] = True
            wanted &= has
        return wanted


class SparseRetriever:
    def __init__(
        self,
        corpus: Corpus,
        matrix: WeightMatrix,
        spellings: Callable[[], Iterable[str]],
        tag_index: TagIndex | None = None,
    ) -> None:
        self.corpus = corpus
        self.matrix = matrix
        self.vocabulary = matrix.vocabulary
        self.reader = QueryReader(self.vocabulary, spellings)
        self._column: dict[str, int] | None = None
        self._tags = tag_index

    @classmethod
    def build(cls, corpus: Corpus) -> SparseRetriever:
        """Index a corpus in memory (the cache saves and loads the same parts)."""
        docs, written = analyse(c.text for c in corpus.clauses)
        return cls(corpus, WeightMatrix.build(docs), lambda: written)

    @property
    def tags(self) -> TagIndex:
        if self._tags is None:
            self._tags = TagIndex.of(self.corpus.clauses)
        return self._tags

    def correct(self, word: str) -> str | None:
        return self.reader.correct(word)

    def normalise_query(self, query: str) -> list[str]:
        return self.reader.terms(query)

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per clause, in corpus order."""
        if self._column is None:
            self._column = {t: i for i, t in enumerate(self.vocabulary)}
        column = self._column
        return self.matrix.scores([column[t] for t in self.normalise_query(query)])

    def search(self, query: str, *, tags: Sequence[str] = (), limit: int = 10) -> list[SearchHit]:
        import numpy as np

        if limit <= 0 or self.matrix.n_docs == 0:
            return []
        scores = self.scores(query)
        keep = scores > 0
        if tags:
            keep &= self.tags.mask(tags)
        candidates = np.flatnonzero(keep)
        if len(candidates) > limit:
            # Only those that can make the cut once scores are rounded go on to be ranked.
            cut = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
            candidates = candidates[scores[candidates] >= cut - _ROUNDING_MARGIN]
        as_float: Callable[[int], float] = lambda i: float(scores[i])  # noqa: E731
        best = ranking.top(candidates.tolist(), as_float, limit)
        return ranking.hits(self.corpus.clauses, best, as_float)
