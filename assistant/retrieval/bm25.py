"""BM25 (rank-bm25's Okapi variant) over the clauses of a corpus."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from assistant.models.corpus import Corpus
from assistant.models.search import SearchHit
from assistant.retrieval.text import query_terms, terms

# Bounds that keep a pathological query (a megabyte of text) interactive:
# BM25 costs one pass over the corpus per distinct query term.
MAX_QUERY_TERMS = 64
MAX_FUZZY_LOOKUPS = 16
FUZZY_CUTOFF = 0.75


class BM25Retriever:
    def __init__(self, corpus: Corpus) -> None:
        from rank_bm25 import BM25Okapi  # imports numpy: only when a search is needed

        self.corpus = corpus
        self._docs = [terms(c.text) for c in corpus.clauses]
        self.vocabulary = sorted({t for doc in self._docs for t in doc})
        self._known = set(self.vocabulary)
        # BM25Okapi divides by the number of documents; an empty corpus cannot be indexed.
        self._bm25 = BM25Okapi(self._docs) if self._docs else None

    def normalise_query(self, query: str) -> list[str]:
        """Distinct query terms in order, unknown ones corrected to the nearest known term."""
        seen: dict[str, None] = {}
        fuzzy_left = MAX_FUZZY_LOOKUPS
        for term in query_terms(query):
            if term not in self._known and len(term) >= 4 and not term.isdigit() and fuzzy_left > 0:
                fuzzy_left -= 1
                close = difflib.get_close_matches(term, self.vocabulary, n=1, cutoff=FUZZY_CUTOFF)
                term = close[0] if close else term
            if term in self._known:
                seen.setdefault(term, None)
            if len(seen) >= MAX_QUERY_TERMS:
                break
        return list(seen)

    def scores(self, query: str) -> list[float]:
        """One BM25 score per clause, in corpus order."""
        q = self.normalise_query(query)
        if not q or self._bm25 is None:
            return [0.0] * len(self._docs)
        return [float(s) for s in self._bm25.get_scores(q)]

    def search(self, query: str, *, tags: Sequence[str] = (), limit: int = 10) -> list[SearchHit]:
        wanted = set(tags)
        ranked = sorted(
            (
                (score, i)
                for i, score in enumerate(self.scores(query))
                if score > 0 and wanted <= set(self.corpus.clauses[i].tags)
            ),
            key=lambda pair: (-round(pair[0], 9), pair[1]),  # ties: corpus order, for stable output
        )
        hits: list[SearchHit] = []
        for rank, (score, i) in enumerate(ranked[: max(limit, 0)], start=1):
            c = self.corpus.clauses[i]
            hits.append(
                SearchHit(
                    clause=c.id,
                    score=round(score, 4),
                    rank=rank,
                    text=c.text,
                    tags=c.tags,
                    author=c.author,
                    kind=c.kind,
                    authority=c.authority,
                    post=c.post,
                )
            )
        return hits
