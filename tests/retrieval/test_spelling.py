"""Spelling correction with rapidfuzz makes the same corrections as the edit-distance loop it
replaced, on every single-edit typo of every word of the bundled corpus."""

from __future__ import annotations

import random
import string
from collections import defaultdict

import pytest

from assistant.retrieval.spelling import Speller, allowed_typos
from assistant.retrieval.text import KNOWN_SPELLINGS, edit_distance, spellings
from assistant.store import load_corpus


class ReferenceSpeller:
    """The corrector as it was before rapidfuzz (pure Python, the reference here)."""

    def __init__(self, words: set[str]) -> None:
        self._spellings: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(words):
            self._spellings[word[0], len(word)].append(word)

    def correct(self, word: str) -> str | None:
        limit = allowed_typos(word)
        if not limit:
            return None
        best: tuple[int, str] | None = None
        for first in sorted({word[0], word[1]}):
            for length in range(len(word) - limit, len(word) + limit + 1):
                for candidate in self._spellings.get((first, length), ()):
                    if first != word[0] and candidate[1] != word[0]:
                        continue
                    d = edit_distance(word, candidate, limit)
                    if len(word) == 4 and d == 1 and sorted(word) != sorted(candidate):
                        continue
                    if d <= limit and (best is None or (d, candidate) < best):
                        best = (d, candidate)
        return best[1] if best else None


def typos(word: str, rng: random.Random) -> set[str]:
    """Every deletion and neighbour swap of `word`, and some substitutions and insertions."""
    out = {word[:i] + word[i + 1 :] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    for _ in range(4):
        i = rng.randrange(len(word))
        out.add(word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :])
        out.add(word[:i] + rng.choice(string.ascii_lowercase) + word[i:])
    return out - {word}


@pytest.fixture(scope="module")
def words() -> set[str]:
    written: set[str] = set(KNOWN_SPELLINGS)
    for clause in load_corpus().clauses:
        written |= spellings(clause.text)
    return written


def test_same_corrections_as_before_on_the_bundled_corpus(words: set[str]) -> None:
    rng = random.Random(11)
    new, old = Speller(words), ReferenceSpeller(words)
    checked = 0
    for word in sorted(words):
        for typo in sorted(typos(word, rng)):
            assert new.correct(typo) == old.correct(typo), typo
            checked += 1
    assert checked > 5000


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("adminstrator", "administrator"), ("reasign", "reassign"), ("uesr", "user"), ("temprary", "temporary")],
)
def test_known_corrections(words: set[str], typo: str, fixed: str) -> None:
    assert Speller(words).correct(typo) == fixed


@pytest.mark.parametrize("word", ["abc", "x1y2", "ab", ""])
def test_short_or_odd_words_are_left_alone(words: set[str], word: str) -> None:
    assert Speller(words).correct(word) is None


def test_a_large_vocabulary() -> None:
    """Half a million words: the nearest one is still found (and the first of equals)."""
    rng = random.Random(3)
    vocab = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 12))) for _ in range(500_000)}
    vocab |= {"licensing", "licenses"}
    speller = Speller(vocab)
    assert speller.correct("licnesing") == ReferenceSpeller({w for w in vocab if w[0] in "il"}).correct("licnesing")
    assert speller.correct("licnesing") == "licensing"
