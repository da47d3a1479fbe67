"""Which retriever a corpus gets: rank-bm25 in memory for small corpora, the sparse index
for large ones (or whichever the person asked for with `--index`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.models.corpus import Corpus
    from assistant.retrieval.base import Retriever
    from assistant.retrieval.sparse import SparseRetriever

INDEX_CHOICES = ("auto", "rank-bm25", "sparse")
# From this many clauses `auto` picks the sparse index. Below it rank-bm25 answers within
# about 20 ms at p99 on a 2-core machine and needs no cache; above it rank-bm25's cost, one
# pass over every clause per query word, grows past that (bench/run.py --only scale).
SPARSE_FROM_CLAUSES = 5_000


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
