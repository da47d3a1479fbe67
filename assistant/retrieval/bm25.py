"""BM25 (rank-bm25's Okapi variant) over the clauses of a corpus."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.models.corpus import Corpus
from assistant.models.search import SearchHit
from assistant.retrieval.text import EXPANSIONS, KNOWN_SPELLINGS, SYNONYMS, edit_distance, spellings, stem, words

if TYPE_CHECKING:
    from rank_bm25 import BM25Okapi

# Bounds that keep a pathological query (a megabyte of text) interactive:
# BM25 costs one pass over the corpus per distinct query term.
MAX_QUERY_TERMS = 64
# Only the start of a longer query is read: 20,000 characters hold far more than 64 terms,
# and reading a megabyte word by word would take most of a second.
MAX_QUERY_CHARS = 20_000
MAX_FUZZY_LOOKUPS = 16


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


# The least weight a word of the corpus keeps (rank-bm25's own floor may be zero or less).
MIN_IDF = 0.05


class BM25Retriever:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        # Misspellings are corrected against the corpus's words as written (not their stems,
        # which are too short and odd to compare), grouped by first letter and length.
        written: set[str] = set(KNOWN_SPELLINGS)
        self._docs: list[list[str]] = []
        for clause in corpus.clauses:
            written |= spellings(clause.text)
            self._docs.append([stem(w) for w in words(clause.text)])  # what `terms()` gives
        self.vocabulary = sorted({t for doc in self._docs for t in doc})
        self._known = set(self.vocabulary)
        self._spellings: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(written):
            self._spellings[word[0], len(word)].append(word)
        self._index: BM25Okapi | None = None

    @property
    def bm25(self) -> BM25Okapi | None:
        """The rank-bm25 index, built on first use: rank_bm25 imports numpy (about 80 ms, over
        half the start-up of `ask`), which a question the rules answer alone never needs.
        None for an empty corpus (BM25Okapi divides by the number of documents)."""
        if self._index is None and self._docs:
            from rank_bm25 import BM25Okapi

            index = BM25Okapi(self._docs)
            # Okapi's idf is zero for a word in exactly half the clauses (rank-bm25 lifts only
            # negative ones), so in a two-paragraph notes corpus a word in one paragraph would
            # score nothing. Such words get the same small weight as rank-bm25 gives common ones.
            floor = max(index.epsilon * index.average_idf, MIN_IDF)
            for word, idf in index.idf.items():
                if idf <= 0:
                    index.idf[word] = floor
            self._index = index
        return self._index

    def correct(self, word: str) -> str | None:
        """The corpus word nearest to a misspelt one, or None when none is close enough.

        Typos rarely hit the first letter, except by swapping it with the second.
        """
        limit = allowed_typos(word)
        if not limit:
            return None
        best: tuple[int, str] | None = None
        firsts = {word[0], word[1]}
        for first in sorted(firsts):
            for length in range(len(word) - limit, len(word) + limit + 1):
                for candidate in self._spellings.get((first, length), ()):
                    if first != word[0] and candidate[1] != word[0]:
                        continue  # a different first letter only as a swap of the first two
                    d = edit_distance(word, candidate, limit)
                    if len(word) == 4 and d == 1 and sorted(word) != sorted(candidate):
                        continue  # four letters: only a swap of two neighbours
                    if d <= limit and (best is None or (d, candidate) < best):
                        best = (d, candidate)
        return best[1] if best else None

    def normalise_query(self, query: str) -> list[str]:
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

    def scores(self, query: str) -> list[float]:
        """One BM25 score per clause, in corpus order."""
        q = self.normalise_query(query)
        if not q or self.bm25 is None:
            return [0.0] * len(self._docs)
        return [float(s) for s in self.bm25.get_scores(q)]

    def search(self, query: str, *, tags: Sequence[str] = (), limit: int = 10) -> list[SearchHit]:
        if limit <= 0:
            return []
        scores = self.scores(query)
        candidates = (i for i, score in enumerate(scores) if score > 0)
        if tags:
            wanted = set(tags)
            candidates = (i for i in candidates if wanted <= set(self.corpus.clauses[i].tags))
        # Only the best `limit` are needed: a heap keeps that linear in the corpus size.
        # Ties go to corpus order, so output is stable.
        best = heapq.nsmallest(limit, candidates, key=lambda i: (-round(scores[i], 9), i))
        ranked = [(scores[i], i) for i in best]
        hits: list[SearchHit] = []
        for rank, (score, i) in enumerate(ranked, start=1):
            hits.append(SearchHit.of(self.corpus.clauses[i], round(score, 4), rank))
        return hits
