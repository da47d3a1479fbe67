"""Which retriever a corpus gets: rank-bm25 in memory for small corpora, the sparse index
for large ones (or whichever the person asked for with `--index`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.models.corpus import Corpus
    from assistant.retrieval.base import Retriever
    from assistant.retrieval.sparse import SparseRetriever

INDEX_CHOICES = ("auto", "rank-bm25", "sparse")
# From this many clauses `auto` picks the sparse index. rank-bm25 makes one pass over every
# clause per query word: on a quiet 2-core machine its p99 is about 10 ms per 1,000 clauses,
# so it passes 20 ms near 2,000, while the sparse index (same scores) stays under a
# millisecond at p50 there (bench/scale.py --size N --index rank-bm25|sparse).
SPARSE_FROM_CLAUSES = 2_000


def backend_for(corpus: Corpus, index: str) -> str:
    if index not in INDEX_CHOICES:
        raise ValueError(f"index must be one of {', '.join(INDEX_CHOICES)}, not {index!r}")
    if index == "auto":
        return "sparse" if len(corpus.clauses) >= SPARSE_FROM_CLAUSES else "rank-bm25"
    return index


def make_retriever(corpus: Corpus, index: str = "auto", sparse: SparseRetriever | None = None) -> Retriever:
    """`sparse`: an index already built or loaded for this corpus (from the cache)."""
    if backend_for(corpus, index) == "sparse":
        if sparse is not None:
            return sparse
        from assistant.retrieval.sparse import SparseRetriever

        return SparseRetriever.build(corpus)
    from assistant.retrieval.bm25 import BM25Retriever

    return BM25Retriever(corpus)
