"""The sparse index ranks exactly as rank-bm25 does: same hits, same scores, same ties."""

from __future__ import annotations

import random

import pytest
from test_search_quality import CASES

from assistant.models.corpus import Authority, Clause, Corpus, CorpusHeader, Post, PostKind, SourceMeta, TagDef
from assistant.retrieval.bm25 import BM25Retriever
from assistant.retrieval.sparse import SparseRetriever
from assistant.store import load_corpus

EXTRA_QUERIES = ["cal", "user", "server", "per seat", "device CAL", "5", "admin", "licence", "xyzzy", "reasign"]


def synthetic(size: int, seed: int = 7) -> Corpus:
    """Clauses of few distinct words, so that many scores tie and common words pass half the clauses."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)] + ["licence", "server", "user", "device"]
    weights = [1 / (r + 1) for r in range(len(words))]
    tags = [TagDef(name=f"topic:t{i}", group="topic", description="") for i in range(3)]
    clauses = [
        Clause(
            id=f"p.{i}",
            post="p",
            source="s",
            start=0,
            end=1,
            text=" ".join(rng.choices(words, weights, k=rng.randint(3, 12))),
            kind=PostKind.section,
            authority=Authority.notes,
            tags=[tags[i % 3].name],
        )
        for i in range(size)
    ]
    return Corpus(
        header=CorpusHeader(name="synthetic"),
        sources=[SourceMeta(id="s", file="s.md", format="notes", title="s")],
        tags=tags,
        posts=[Post(id="p", source="s", kind=PostKind.section, clauses=[c.id for c in clauses])],
        clauses=clauses,
    )


@pytest.fixture(scope="module")
def bundled() -> tuple[BM25Retriever, SparseRetriever]:
    corpus = load_corpus()
    return BM25Retriever(corpus), SparseRetriever.build(corpus)


@pytest.mark.parametrize("query", [c[0] for c in CASES] + EXTRA_QUERIES)
@pytest.mark.parametrize("tags", [(), ("authority:accepted",), ("kind:answer", "topic:per-server")])
def test_bundled_corpus_same_hits(bundled: tuple[BM25Retriever, SparseRetriever], query: str, tags: tuple) -> None:
    memory, sparse = bundled
    for limit in (1, 3, 10):
        assert sparse.search(query, tags=tags, limit=limit) == memory.search(query, tags=tags, limit=limit)


def test_bundled_corpus_same_scores_to_the_bit(bundled: tuple[BM25Retriever, SparseRetriever]) -> None:
    memory, sparse = bundled
    for query, _, _ in CASES:
        assert [float(s) for s in sparse.scores(query)] == memory.scores(query)


def test_same_vocabulary_and_corrections(bundled: tuple[BM25Retriever, SparseRetriever]) -> None:
    memory, sparse = bundled
    assert sparse.vocabulary == memory.vocabulary
    for word in ("adminstrator", "reasign", "licnece", "uesr", "temprary", "concurent"):
        assert sparse.correct(word) == memory.correct(word)


@pytest.mark.parametrize("size", [1, 2, 7, 300])
def test_ties_and_common_words_on_a_synthetic_corpus(size: int) -> None:
    corpus = synthetic(size)
    memory, sparse = BM25Retriever(corpus), SparseRetriever.build(corpus)
    for query in ["w0", "w0 w1", "server user", "w3 w17 device", "licence", "w39", "nothing"]:
        for tags in ((), ("topic:t1",), ("topic:t0", "topic:t2")):
            for limit in (1, 3, 10, 1000):
                assert sparse.search(query, tags=tags, limit=limit) == memory.search(query, tags=tags, limit=limit)


def test_empty_corpus() -> None:
    corpus = synthetic(0)
    assert SparseRetriever.build(corpus).search("server") == BM25Retriever(corpus).search("server") == []
