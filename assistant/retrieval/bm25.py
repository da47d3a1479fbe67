"""BM25 (rank-bm25's Okapi variant) over the clauses of a corpus, built in memory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.models.corpus import Corpus
from assistant.models.search import SearchHit
from assistant.retrieval import ranking
from assistant.retrieval.okapi import MIN_IDF
from assistant.retrieval.query import MAX_FUZZY_LOOKUPS, MAX_QUERY_CHARS, MAX_QUERY_TERMS, QueryReader
from assistant.retrieval.spelling import allowed_typos
from assistant.retrieval.text import analyse

if TYPE_CHECKING:
    from rank_bm25 import BM25Okapi

__all__ = ["MAX_FUZZY_LOOKUPS", "MAX_QUERY_CHARS", "MAX_QUERY_TERMS", "MIN_IDF", "BM25Retriever", "allowed_typos"]


class BM25Retriever:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._docs, written = analyse(c.text for c in corpus.clauses)  # what `terms()` gives
        self.vocabulary = sorted({t for doc in self._docs for t in doc})
        self.reader = QueryReader(self.vocabulary, lambda: written)
        self._index: BM25Okapi | None = None

    @property
    def bm25(self) -> BM25Okapi | None:
        """The rank-bm25 index, built on first use: rank_bm25 imports numpy (about 80 ms, over
        half the start-up of `ask`), which a question the rules answer alone never needs.
        None for an empty corpus (BM25Okapi divides by the number of documents)."""
        if self._index is None and self._docs:
            from rank_bm25 import BM25Okapi

            index = BM25Okapi(self._docs)
            # Okapi's idf is zero for a word in exactly half the clauses (rank-bm25 lifts only
            # negative ones), so in a two-paragraph notes corpus a word in one paragraph would
            # score nothing. Such words get the same small weight as rank-bm25 gives common ones
            # (`okapi.floored_idf` says the same for the sparse index). This relies on rank-bm25
            # reading `idf` at query time, hence the pinned version (0.2.2) and a test.
            floor = max(index.epsilon * index.average_idf, MIN_IDF)
            for word, idf in index.idf.items():
                if idf <= 0:
                    index.idf[word] = floor
            self._index = index
        return self._index

    def correct(self, word: str) -> str | None:
        """The corpus word nearest to a misspelt one, or None when none is close enough."""
        return self.reader.correct(word)

    def normalise_query(self, query: str) -> list[str]:
        """Distinct query terms in order, unknown ones corrected to the nearest known term."""
        return self.reader.terms(query)

    def scores(self, query: str) -> list[float]:
        """One BM25 score per clause, in corpus order."""
        q = self.normalise_query(query)
        if not q or self.bm25 is None:
            return [0.0] * len(self._docs)
        return [float(s) for s in self.bm25.get_scores(q)]

    def search(self, query: str, *, tags: Sequence[str] = (), limit: int = 10) -> list[SearchHit]:
        if limit <= 0:
            return []
        scores = self.scores(query)
        candidates = (i for i, score in enumerate(scores) if score > 0)
        if tags:
            wanted = set(tags)
            candidates = (i for i in candidates if wanted <= set(self.corpus.clauses[i].tags))
        best = ranking.top(candidates, scores.__getitem__, limit)
        return ranking.hits(self.corpus.clauses, best, scores.__getitem__)
