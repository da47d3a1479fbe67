"""Tagging skips a pattern whose leading literal is absent: the same tags as searching every
pattern, on the bundled corpus and on text changed in case, spacing and alphabet."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.ingest.build import _Builder, load_vocabulary, required_literal
from assistant.models.corpus import Authority, PostKind
from assistant.store import REPO_CORPUS_DIR, load_corpus

VOCABULARY = load_vocabulary(REPO_CORPUS_DIR / "tags.yaml") if (REPO_CORPUS_DIR / "tags.yaml").exists() else []
pytestmark = pytest.mark.skipif(not VOCABULARY, reason="needs the repository's corpus/tags.yaml")


def every_pattern(text: str) -> list[str]:
    return [t.name for t in VOCABULARY if any(re.search(p, text, re.IGNORECASE) for p in t.patterns)]


def prefiltered(text: str) -> list[str]:
    return _Builder(VOCABULARY).tags_for(text, PostKind.answer, Authority.answer)[:-2]


def variants(text: str, rng: random.Random) -> list[str]:
    return [
        text,
        text.upper(),
        text.swapcase(),
        text.replace("s", "ſ"),  # long s: matches "s" case-insensitively
        text.replace("i", "ı").replace("k", "K"),  # dotless i and the kelvin sign, likewise
        "".join(c.upper() if rng.random() < 0.5 else c for c in text),
    ]


def test_same_tags_on_the_bundled_corpus() -> None:
    rng = random.Random(5)
    for clause in load_corpus().clauses:
        for text in variants(clause.text, rng):
            assert prefiltered(text) == every_pattern(text), text


@given(st.text(alphabet="abcdefilnoprstuvCALSOEMFP 0123456789-/,.ſıK", max_size=80))
def test_same_tags_on_any_text(text: str) -> None:
    assert prefiltered(text) == every_pattern(text)


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"\bper[- ]server\b", "per"),
        (r"\busers? (?:or|OR)", "user"),
        (r"\bCALs?\b", "cal"),
        (r"\bFPP\b", "fpp"),
        (r"(?-i:\bStandard\b)", None),
        (r"\bfoo|bar", None),
        (r"\b5 ?\+ ?5\b", None),
        (r"a{2}bcd", None),
        (r"abcd+", "abc"),
        (r"[ab]cdef", None),
    ],
)
def test_required_literal(pattern: str, literal: str | None) -> None:
    assert required_literal(pattern) == literal
