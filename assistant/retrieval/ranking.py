"""The one way both retrievers turn scores into ranked hits: best first, ties in corpus order."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence

from assistant.models.corpus import Clause
from assistant.models.search import SearchHit


def top(candidates: Iterable[int], score: Callable[[int], float], limit: int) -> list[int]:
    """The best `limit` clause positions. Scores are compared rounded to 9 places, so that
    sums that differ only by floating-point noise tie; ties go to corpus order, so output is
    stable. A heap keeps this linear in the number of candidates."""
    return heapq.nsmallest(limit, candidates, key=lambda i: (-round(score(i), 9), i))


def hits(clauses: Sequence[Clause], ranked: Sequence[int], score: Callable[[int], float]) -> list[SearchHit]:
    return [SearchHit.of(clauses[i], round(score(i), 4), rank) for rank, i in enumerate(ranked, start=1)]
