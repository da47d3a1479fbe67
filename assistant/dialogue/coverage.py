"""Does the corpus cover a question? Decided on a principle, not a topic list.

A question is not covered when one of its key terms — the content words the
parser could not place, or a product version it names — has no support in the
corpus: the word (stemmed, or within a small edit distance) appears in no clause.
"""

from __future__ import annotations

import difflib
import re
from functools import cached_property

from assistant.models.corpus import Corpus
from assistant.models.understanding import Understanding
from assistant.retrieval.text import stem, words

# Conversational filler carries no subject matter, so it never makes a question uncovered.
_FILLER = frozenset(
    """hi hello hey thanks thank cheers please pls ok okay so well um uh hmm guys folks mate quick question
    quickly simple simply basically actually really just wondering wonder curious help advice anyone somebody
    someone sure yes yeah yep nope right exactly great cool""".split()
)
_VERSION = re.compile(r"\bserver(?:®)?\s+(\d{4})\b", re.IGNORECASE)
# "How much is a CAL?" asks for money: CALs are counted ("how many"), and the notes name no
# prices. "how much more CALs" and the like are counts in poor English, not prices.
_HOW_MUCH = re.compile(
    r"\bhow much\b(?!\s+(?:more\s+)?(?:cals?|licen[cs]es?|users?|servers?|devices?)\b)", re.IGNORECASE
)
FUZZY_CUTOFF = 0.85


class Coverage:
    def __init__(self, corpus: Corpus, vocabulary: list[str]) -> None:
        self.corpus = corpus
        self.vocabulary = vocabulary
        self._known = set(vocabulary)

    @cached_property
    def versions(self) -> list[str]:
        """Product versions the corpus talks about ("2003", "2008")."""
        found = {m.group(1) for c in self.corpus.clauses for m in _VERSION.finditer(c.text)}
        return sorted(found)

    def supported(self, word: str) -> bool:
        for w in words(word) or [word.lower()]:
            term = stem(w)
            if term in self._known:
                continue
            if len(term) >= 5 and difflib.get_close_matches(term, self.vocabulary, n=1, cutoff=FUZZY_CUTOFF):
                continue
            return False
        return True

    @staticmethod
    def is_small_talk(text: str) -> bool:
        """Greetings and thanks: no word with subject matter in them."""
        return all(w in _FILLER for w in words(text))

    def uncovered(self, u: Understanding) -> list[str]:
        """Key terms of the turn the notes say nothing about (empty when covered)."""
        missing: list[str] = []
        product = u.facts.product
        if product and self.versions and not any(product.startswith(v) for v in self.versions):
            missing.append(f"Windows Server {product}")
        words_missing = [
            w for w in u.leftover if w.lower() not in _FILLER and not w.isdigit() and not self.supported(w)
        ]
        missing += words_missing
        if _HOW_MUCH.search(u.text) and not words_missing and not self.supported("price"):
            missing.append("prices")
        return missing
