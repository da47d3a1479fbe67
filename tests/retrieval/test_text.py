"""Text normalisation shared by clauses and queries: case, punctuation, stems, synonyms."""

from __future__ import annotations

import pytest

from assistant.retrieval.text import STOP_WORDS, edit_distance, query_terms, spellings, stem, terms, words


def test_case_and_punctuation() -> None:
    assert terms("CALs, CAL's; cal!") == terms("cals cal cal")
    assert terms("per-server") == terms("per server")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("licence", "license"),
        ("licences", "licenses"),
        ("licencing", "licensing"),
        ("CALs", "CAL"),
        ("client access licenses", "CAL"),
        ("PCs", "device"),
        ("workstations", "devices"),
        ("thin clients", "device"),
        ("simultaneous", "concurrent"),
        ("at the same time", "concurrent"),
        ("retail", "FPP"),
        ("boxed", "FPP"),
        ("full packaged product", "FPP"),
        ("fully packaged products", "FPP"),
        ("off-the-shelf", "FPP"),
        ("staff", "users"),
        ("employees", "user"),
        ("admins", "administrators"),
        ("five", "5"),
        ("ten", "10"),
        ("win2k3", "2003"),
        ("transfer", "reassign"),
        ("servers", "server"),
        ("administrative", "administrators"),
        ("connections", "connect"),
    ],
)
def test_words_that_mean_the_same_meet(a: str, b: str) -> None:
    assert set(terms(b)) <= set(terms(a)), (terms(a), terms(b))


@pytest.mark.parametrize(("a", "b"), [("edition", "edited"), ("device", "user"), ("server", "serves")])
def test_words_that_differ_stay_apart(a: str, b: str) -> None:
    assert set(terms(a)).isdisjoint(terms(b))


def test_seat_means_user_or_device_in_a_query() -> None:
    assert query_terms("per seat") == ["per", "seat", "user", stem("device")]
    assert terms("per seat") == ["per", "seat"]  # clauses keep their own words


def test_stop_words_are_dropped_but_domain_words_kept() -> None:
    assert words("what is the number of the CALs") == ["number", "cal"]
    assert words("no CALs, not any, per user, each, both, only") == [
        "no",
        "cal",
        "not",
        "any",
        "per",
        "user",
        "each",
        "both",
        "only",
    ]
    assert {"no", "not", "per", "any"}.isdisjoint(STOP_WORDS - {"no", "not", "any", "each", "both", "only"})


def test_numbers_are_kept() -> None:
    assert words("2 servers x 5 CALs = 10") == ["2", "servers", "5", "cal", "10"]


def test_curly_apostrophes() -> None:
    assert words("It doesn\u2019t matter") == words("It doesn't matter")


def test_spellings_are_the_words_as_written() -> None:
    assert spellings("Simultaneous PCs and the CALs") == {"simultaneous", "cals"}


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("reasign", "reassign", 1),
        ("uesr", "user", 1),
        ("licnece", "licence", 1),
        ("licnece", "license", 2),
        ("adminstrater", "administrator", 2),
        ("same", "same", 0),
        ("abc", "xyz", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 5) == distance
    assert edit_distance(b, a, 5) == distance


def test_edit_distance_stops_early() -> None:
    assert edit_distance("administrator", "zzzzzzzzzzzzz", 2) == 3
    assert edit_distance("a", "abcdef", 2) == 3


def test_each_phrase_hint_is_in_every_match() -> None:
    from assistant.retrieval.text import PHRASES

    for hint, pattern, _ in PHRASES:
        for sample in (
            "fully packaged product",
            "off the shelf",
            "client access licences",
            "thin clients",
            "client pcs",
            "at the same time",
            "at once",
            "full-package-products",
            "off-the-shelf",
        ):
            if pattern.search(sample):
                assert hint in sample, (hint, sample)


def test_analyse_gives_terms_and_spellings() -> None:
    from assistant.retrieval.text import analyse
    from assistant.store import load_corpus

    texts = [c.text for c in load_corpus().clauses] + ["Client access licences at once\u2019s PCs", "", "a 5 x"]
    docs, written = analyse(texts)
    assert docs == [terms(t) for t in texts]
    assert written == set().union(*(spellings(t) for t in texts))
