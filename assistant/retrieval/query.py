"""From a query to the search terms both retrievers score: stems, synonyms, corrected typos."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.retrieval.spelling import Speller, allowed_typos
from assistant.retrieval.text import EXPANSIONS, KNOWN_SPELLINGS, SYNONYMS, stem, words

# Bounds that keep a pathological query (a megabyte of text) interactive:
# BM25 costs one pass over the corpus per distinct query term.
MAX_QUERY_TERMS = 64
# Only the start of a longer query is read: 20,000 characters hold far more than 64 terms,
# and reading a megabyte word by word would take most of a second.
MAX_QUERY_CHARS = 20_000
MAX_FUZZY_LOOKUPS = 16


class QueryReader:
    """Reads queries against a corpus's vocabulary (its stems) and spellings (its words as
    written, which misspelt words are corrected to: stems are too short and odd to compare)."""

    def __init__(self, vocabulary: list[str], spellings: Callable[[], Iterable[str]]) -> None:
        self.vocabulary = vocabulary
        self._known = set(vocabulary)
        self._spellings = spellings  # read on the first typo: most queries have none
        self._speller: Speller | None = None

    def knows(self, term: str) -> bool:
        return term in self._known

    def correct(self, word: str) -> str | None:
        """The corpus word nearest to a misspelt one, or None when none is close enough."""
        if self._speller is None:
            self._speller = Speller([*KNOWN_SPELLINGS, *self._spellings()])
        return self._speller.correct(word)

    def terms(self, query: str) -> list[str]:
        """Distinct query terms in order, unknown ones corrected to the nearest known term."""
        seen: dict[str, None] = {}
        fuzzy_left = MAX_FUZZY_LOOKUPS
        for word in dict.fromkeys(words(query[:MAX_QUERY_CHARS])):
            if word not in EXPANSIONS and stem(word) not in self._known and fuzzy_left > 0 and allowed_typos(word):
                fuzzy_left -= 1
                fixed = self.correct(word)
                word = SYNONYMS.get(fixed, fixed) if fixed else word
            # A word that stands for several corpus words ("seat") brings them all.
            for term in (stem(w) for w in EXPANSIONS.get(word, (word,))):
                if term in self._known:
                    seen.setdefault(term, None)
            if len(seen) >= MAX_QUERY_TERMS:
                break
        return list(seen)
