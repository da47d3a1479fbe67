"""Correct a misspelt query word to the nearest word of the corpus as written.

Distances come from rapidfuzz (optimal string alignment, in C): a notes collection of
100,000 clauses has hundreds of thousands of distinct words, which a Python edit
distance cannot compare a word with while someone types.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def allowed_typos(word: str) -> int:
    """How many edits a misspelt word may be away from the word meant.

    Without a dictionary any unknown word may be a typo, so the bar is high. Short words are
    left alone: "many" is one edit from "any" and "move" from "mode". Four letters allow only
    two neighbours swapped ("uesr"); longer words one edit ("reasign"), and only words of 10+
    letters two ("adminstrater"): "repaired" is two edits from "required".
    """
    if len(word) < 4 or not word.isalpha():
        return 0
    return 2 if len(word) >= 10 else 1


class Speller:
    """The known spellings, grouped by first letter and length (typos rarely hit the first
    letter, except by swapping it with the second, and change the length by few letters)."""

    def __init__(self, spellings: Iterable[str]) -> None:
        self._groups: dict[tuple[str, int], list[str]] = defaultdict(list)
        # The same words by their first two letters, for typos that swap them.
        self._pairs: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(set(spellings)):
            self._groups[word[0], len(word)].append(word)
            self._pairs[word[:2], len(word)].append(word)

    def correct(self, word: str) -> str | None:
        """The known spelling nearest to a misspelt word, or None when none is close enough.
        Of equally near ones the first in alphabetical order, so the answer is stable."""
        limit = allowed_typos(word)
        if not limit:
            return None
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import extract

        best: tuple[int, str] | None = None
        lengths = range(len(word) - limit, len(word) + limit + 1)
        pool: list[str] = []
        for n in lengths:
            pool += self._groups.get((word[0], n), ())
            if word[1] != word[0]:
                # a different first letter only as a swap of the first two
                pool += self._pairs.get((word[1] + word[0], n), ())
        for candidate, distance, _ in extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=None):
            d = int(distance)
            if len(word) == 4 and d == 1 and sorted(word) != sorted(candidate):
                continue  # four letters: only a swap of two neighbours
            if best is None or (d, candidate) < best:
                best = (d, candidate)
        return best[1] if best else None
