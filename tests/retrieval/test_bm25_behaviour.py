"""The BM25 retriever's contract: tag filters, limits, empty results, bounds, determinism."""

from __future__ import annotations

import random
import string
import time

import pytest

from assistant.models.corpus import Authority, Clause, Corpus, CorpusHeader, Post, PostKind, SourceMeta
from assistant.retrieval.base import Retriever
from assistant.retrieval.bm25 import MAX_QUERY_TERMS, BM25Retriever
from assistant.store import load_corpus


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def retriever(corpus: Corpus) -> BM25Retriever:
    return BM25Retriever(corpus)


def tiny_corpus(texts: list[str]) -> Corpus:
    clauses = [
        Clause(
            id=f"n.{i}",
            post="n",
            source="s",
            start=0,
            end=len(t),
            text=t,
            kind=PostKind.section,
            authority=Authority.notes,
        )
        for i, t in enumerate(texts, start=1)
    ]
    return Corpus(
        header=CorpusHeader(name="tiny"),
        sources=[SourceMeta(id="s", file="s.md", format="notes", title="s")],
        tags=[],
        posts=[Post(id="n", source="s", kind=PostKind.section, clauses=[c.id for c in clauses])],
        clauses=clauses,
    )


def test_it_is_a_retriever(retriever: BM25Retriever) -> None:
    r: Retriever = retriever
    assert r.search("CAL", limit=1)


def test_hits_are_ranked_best_first_with_clause_details(retriever: BM25Retriever, corpus: Corpus) -> None:
    hits = retriever.search("per server concurrent connections", limit=10)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.score > 0 for h in hits)
    for hit in hits:
        clause = corpus.clause_by_id[hit.clause]
        assert (hit.text, hit.tags, hit.author, hit.kind, hit.authority, hit.post) == (
            clause.text,
            clause.tags,
            clause.author,
            clause.kind,
            clause.authority,
            clause.post,
        )


def test_tag_filter(retriever: BM25Retriever) -> None:
    hits = retriever.search("CALs", tags=["channel:volume"], limit=50)
    assert hits and all("channel:volume" in h.tags for h in hits)
    assert len(hits) < len(retriever.search("CALs", limit=50))


def test_several_tags_mean_all_of_them(retriever: BM25Retriever) -> None:
    fpp = {h.clause for h in retriever.search("buy CALs", tags=["channel:fpp"], limit=50)}
    oem = {h.clause for h in retriever.search("buy CALs", tags=["channel:oem"], limit=50)}
    both = retriever.search("buy CALs", tags=["channel:fpp", "channel:oem"], limit=50)
    assert "a2.c3.2" in {h.clause for h in both}
    assert all({"channel:fpp", "channel:oem"} <= set(h.tags) for h in both)
    assert {h.clause for h in both} == fpp & oem
    assert retriever.search("CALs", tags=["channel:fpp", "kind:question"]) == []


def test_an_unknown_tag_matches_nothing_here(retriever: BM25Retriever) -> None:
    """The retriever only filters; callers (CLI, API) reject unknown tags with suggestions."""
    assert retriever.search("CALs", tags=["topic:nonsense"]) == []


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_limit(retriever: BM25Retriever, limit: int) -> None:
    hits = retriever.search("CAL server user", limit=limit)
    assert len(hits) == limit
    assert hits == retriever.search("CAL server user", limit=50)[:limit]


def test_zero_or_negative_limit_gives_nothing(retriever: BM25Retriever) -> None:
    assert retriever.search("CAL", limit=0) == []
    assert retriever.search("CAL", limit=-1) == []


@pytest.mark.parametrize("query", ["", "   ", "the of and", "is it what they would have", "?!.,;"])
def test_nothing_to_search_for_gives_no_hits(retriever: BM25Retriever, query: str) -> None:
    assert retriever.search(query) == []


def test_words_not_in_the_corpus_give_no_hits(retriever: BM25Retriever) -> None:
    assert retriever.search("Exchange mailbox quota") == []


def _random_words(count: int, length: int) -> str:
    letters = "".join(random.Random(0).choices(string.ascii_lowercase, k=count * length))
    return " ".join(letters[i : i + length] for i in range(0, len(letters), length))


@pytest.mark.parametrize(
    "make",
    [
        lambda: "per seat CAL " * 90_000,
        lambda: "x" * 1_000_000,
        lambda: _random_words(100_000, 9),
    ],
    ids=["repeated words", "one huge word", "100k unknown words"],
)
def test_a_megabyte_query_finishes_quickly(retriever: BM25Retriever, make) -> None:  # type: ignore[no-untyped-def]
    query = make()
    assert len(query) >= 900_000
    t = time.perf_counter()
    hits = retriever.search(query, limit=5)
    assert time.perf_counter() - t < 5.0  # generous: a few milliseconds on a laptop
    assert len(retriever.normalise_query(query)) <= MAX_QUERY_TERMS
    assert len(hits) <= 5


def test_ties_keep_corpus_order() -> None:
    r = BM25Retriever(tiny_corpus(["device CAL", "user CAL", "device CAL", "other words", "device CAL"]))
    hits = r.search("device")
    assert [h.clause for h in hits] == ["n.1", "n.3", "n.5"]
    assert len({h.score for h in hits}) == 1


def test_same_query_same_answer(retriever: BM25Retriever, corpus: Corpus) -> None:
    first = retriever.search("user CAL any server", limit=20)
    assert retriever.search("user CAL any server", limit=20) == first
    assert BM25Retriever(corpus).search("user CAL any server", limit=20) == first


def test_word_order_and_case_do_not_matter(retriever: BM25Retriever) -> None:
    assert [h.clause for h in retriever.search("Volume Licensing CALS")] == [
        h.clause for h in retriever.search("cals licensing VOLUME")
    ]


def test_an_empty_corpus_searches_to_nothing() -> None:
    assert BM25Retriever(tiny_corpus([])).search("CAL") == []


def test_typo_lookups_are_bounded(retriever: BM25Retriever) -> None:
    """Each unknown word costs a scan of similar words; a query of many typos stays cheap."""
    typos = " ".join(f"reasign{c}" for c in string.ascii_lowercase) + " reasign"
    t = time.perf_counter()
    retriever.normalise_query(typos * 100)
    assert time.perf_counter() - t < 5.0
