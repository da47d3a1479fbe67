"""BM25 term weights computed once for every (term, clause) pair, kept as a sparse matrix.

The weights are rank-bm25's Okapi BM25 (k1 1.5, b 0.75, epsilon 0.25) with the project's
idf floor, computed with the same floating-point operations in the same order, so a query
scores every clause exactly as `BM25Retriever` does: the two backends rank alike, ties
included. A query then costs one pass over the postings of its terms, not over the corpus.

Layout (compressed sparse columns, one column a term): the clauses holding term t are
`doc_ids[term_ptr[t]:term_ptr[t + 1]]`, in corpus order, with their weights in `weights`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

K1 = 1.5
B = 0.75
EPSILON = 0.25
# The least weight a word of the corpus keeps (rank-bm25's own floor may be zero or less).
MIN_IDF = 0.05


def floored_idf(raw: list[float]) -> list[float]:
    """Okapi idf with rank-bm25's floor (a negative idf becomes epsilon × the mean idf) and
    then ours (an idf still zero or less becomes max(that, MIN_IDF)): in a two-paragraph
    notes corpus a word in one paragraph would otherwise weigh nothing.

    `raw` must be in the order rank-bm25 sums it (terms by first occurrence in the corpus),
    summed one by one as it does, so the mean is the same to the last bit."""
    total = 0.0
    for value in raw:
        total += value
    eps = EPSILON * (total / len(raw)) if raw else 0.0
    floor = max(eps, MIN_IDF)
    return [v if v > 0 else (eps if v < 0 and eps > 0 else floor) for v in raw]


@dataclass(frozen=True)
class WeightMatrix:
    vocabulary: list[str]  # sorted; a term's position is its column
    n_docs: int
    term_ptr: np.ndarray  # int64, len(vocabulary) + 1
    doc_ids: np.ndarray  # int32
    weights: np.ndarray  # float64

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]]) -> WeightMatrix:
        """The weights of clauses given as their terms (`terms()` of each clause's text)."""
        import numpy as np

        vocabulary = sorted({t for doc in docs for t in doc})
        column = {t: i for i, t in enumerate(vocabulary)}
        doc_len = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        flat = np.fromiter((column[t] for d in docs for t in d), dtype=np.int64, count=int(doc_len.sum()))
        return cls.from_ids(vocabulary, flat, doc_len)

    @classmethod
    def from_ids(cls, vocabulary: list[str], flat: np.ndarray, doc_len: np.ndarray) -> WeightMatrix:
        """The weights from every clause's term ids one after another (`flat`) and the
        number of terms of each clause (`doc_len`)."""
        import numpy as np

        n_docs, n_terms = len(doc_len), len(vocabulary)
        if n_docs == 0 or n_terms == 0:
            empty = np.zeros(0)
            return cls(vocabulary, n_docs, np.zeros(n_terms + 1, np.int64), empty.astype(np.int32), empty)
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), doc_len)
        # One entry per distinct (clause, term) pair, in clause order then term order, with its count.
        pairs, tf = np.unique(doc_of * n_terms + flat, return_counts=True)
        pair_doc, pair_term = pairs // n_terms, pairs % n_terms
        df = np.bincount(pair_term, minlength=n_terms)
        # rank-bm25 keeps its document frequencies in a dict filled clause by clause, so it sums
        # the idfs in order of each term's first appearance.
        first_seen = np.unique(flat, return_index=True)[1]
        order = np.argsort(first_seen, kind="stable")
        n = n_docs
        raw = [math.log(n - int(df[t]) + 0.5) - math.log(int(df[t]) + 0.5) for t in order.tolist()]
        idf = np.empty(n_terms)
        idf[order] = floored_idf(raw)
        # Each weight exactly as rank-bm25's get_scores computes it, operation by operation.
        avgdl = int(doc_len.sum()) / n_docs
        length = doc_len[pair_doc]
        tf_f = tf.astype(np.int64)
        weight = idf[pair_term] * (tf_f * (K1 + 1) / (tf_f + K1 * (1 - B + B * length / avgdl)))
        by_term = np.argsort(pair_term, kind="stable")  # within a term, clauses stay in corpus order
        term_ptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=term_ptr[1:])
        return cls(vocabulary, n_docs, term_ptr, pair_doc[by_term].astype(np.int32), weight[by_term])

    def scores(self, columns: Sequence[int]) -> np.ndarray:
        """One score per clause for a query of distinct terms (their columns), added up in
        query order as rank-bm25 does."""
        import numpy as np

        scores = np.zeros(self.n_docs)
        for t in columns:
            start, end = int(self.term_ptr[t]), int(self.term_ptr[t + 1])
            # A column holds each clause at most once, so this adds every weight.
            scores[self.doc_ids[start:end]] += self.weights[start:end]
        return scores
