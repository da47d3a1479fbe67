"""The idf floor in BM25Retriever works because rank-bm25 0.2.2 reads `idf` at query time.

These fail if a rank-bm25 upgrade changes that, or changes its Okapi formula (which the
sparse index reproduces).
"""

from __future__ import annotations

import math
from importlib.metadata import version

from rank_bm25 import BM25Okapi

from assistant.retrieval.okapi import WeightMatrix


def test_pinned_version() -> None:
    assert version("rank-bm25") == "0.2.2"


def test_scores_read_idf_at_query_time() -> None:
    index = BM25Okapi([["a", "b"], ["b", "c"]])
    assert index.get_scores(["b"])[0] < 0  # "b" is in every clause: its idf is the (negative) floor
    index.idf["b"] = 7.0
    assert all(math.isclose(s, 7.0) for s in index.get_scores(["b"]))  # tf 1, clauses of average length


def test_okapi_formula_as_reproduced() -> None:
    # No word in half the clauses or more, so neither floor applies (parity tests cover them).
    docs = [["cal", "user"], ["cal", "device", "device"], ["server"], ["y", "server", "user", "x"], ["z"]]
    index = BM25Okapi(docs)
    matrix = WeightMatrix.build(docs)
    column = {t: i for i, t in enumerate(matrix.vocabulary)}
    for query in (["cal"], ["user", "device"], ["server", "x", "cal"], ["z", "y"]):
        assert list(index.get_scores(query)) == list(matrix.scores([column[t] for t in query]))
