"""Turn text into search terms: case, punctuation, stems and licensing synonyms.

Clauses and queries go through the same `terms()` so that "licences",
"licensing" and "license" meet, and so do "PCs", "workstation" and "device".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")

STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    both but by can could did do does doing don during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just let me more most my
    no nor not of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your yours
    yourself s t re ve ll d m""".split()
)
# Words kept although short or common, because the domain turns on them.
_KEEP = frozenset({"no", "not", "any", "all", "each", "per", "both", "only"})

# Single words that mean the same thing here, mapped to one canonical word.
SYNONYMS: dict[str, str] = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "pc": "device",
    "pcs": "device",
    "computer": "device",
    "computers": "device",
    "workstation": "device",
    "workstations": "device",
    "laptop": "device",
    "laptops": "device",
    "machine": "device",
    "machines": "device",
    "simultaneous": "concurrent",
    "simultaneously": "concurrent",
    "concurrently": "concurrent",
    "retail": "fpp",
    "box": "fpp",
    "boxed": "fpp",
    "people": "user",
    "staff": "user",
    "employee": "user",
    "employees": "user",
    "person": "user",
    "persons": "user",
    "ppl": "user",
    "srv": "server",
    "srvs": "server",
    "svr": "server",
    "admin": "administrator",
    "admins": "administrator",
    "sysadmin": "administrator",
    "cals": "cal",
    # Moving a CAL to someone or something else is what the notes call reassigning it.
    "move": "reassign",
    "moved": "reassign",
    "moving": "reassign",
    "transfer": "reassign",
    "transferred": "reassign",
    "transferring": "reassign",
    "switch": "change",
    "switching": "change",
    "vl": "volume",
    # Sysadmin shorthand for the product versions.
    "2k3": "2003",
    "w2k3": "2003",
    "win2k3": "2003",
    "2k8": "2008",
    "w2k8": "2008",
    "win2k8": "2008",
    # Numbers are written both ways ("five bundled user CALs", "5 CALs each").
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "dozen": "12",
    "fifteen": "15",
    "twenty": "20",
    "fifty": "50",
}
# Words the Snowball stemmer would merge with unrelated ones ("edition" and "edited" both
# become "edit"), mapped to their own term.
STEM_OVERRIDES: dict[str, str] = {
    "edition": "edition",
    "editions": "edition",
}
# Phrases that stand for one canonical word (matched on lower-cased text), each with text
# every match contains, checked first: most clauses hold none, and `in` is cheaper than a search.
PHRASES: list[tuple[str, re.Pattern[str], str]] = [
    ("full", re.compile(r"\bfull(?:y)?[ -]?packaged?[ -]products?\b"), "fpp"),
    ("shelf", re.compile(r"\boff[ -]the[ -]shelf\b"), "fpp"),
    ("client access licen", re.compile(r"\bclient access licen[cs]es?\b"), "cal"),
    ("thin client", re.compile(r"\bthin clients?\b"), "device"),
    ("client pc", re.compile(r"\bclient pcs?\b"), "device"),
    ("at ", re.compile(r"\bat (?:the same time|once|a time)\b"), "concurrent"),
]
# A query word that stands for several corpus words ("per seat" is per user or device).
EXPANSIONS: dict[str, tuple[str, ...]] = {
    "seat": ("seat", "user", "device"),
}


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer  # PyStemmer: the Snowball English stemmer, in C

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return STEM_OVERRIDES.get(word) or _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """Lower-cased words, synonyms folded, stop words dropped (not yet stemmed)."""
    lowered = text.lower().replace("\u2019", "'")
    extra: list[str] = []
    for hint, pattern, canonical in PHRASES:
        if hint in lowered and pattern.search(lowered):
            extra.append(canonical)
    out: list[str] = []
    for word in _WORD.findall(lowered):
        word = SYNONYMS.get(word, word)
        if word in _KEEP or (word not in STOP_WORDS and (len(word) > 1 or word.isdigit())):
            out.append(word)
    return out + extra


def spellings(text: str) -> set[str]:
    """The words of a text as written (lower-cased, before synonyms are folded): what a
    misspelt query word is compared with."""
    lowered = text.lower().replace("\u2019", "'")
    return {w for w in _WORD.findall(lowered) if len(w) >= 4 and w.isalpha() and w not in STOP_WORDS}


# Words normalisation knows although a corpus may not contain them ("simultanous" is
# corrected to "simultaneous", which then means "concurrent").
KNOWN_SPELLINGS = frozenset(w for w in (*SYNONYMS, *EXPANSIONS) if w.isalpha() and len(w) >= 4)


def terms(text: str) -> list[str]:
    """Stemmed search terms of a clause or a query."""
    return [stem(w) for w in words(text)]


def query_words(text: str) -> list[str]:
    """Words of a query (not yet stemmed), with a word that stands for several corpus words expanded."""
    out: list[str] = []
    for word in words(text):
        out.extend(EXPANSIONS.get(word, (word,)))
    return out


def query_terms(text: str) -> list[str]:
    """Stemmed terms of a query, expanded like `query_words`."""
    return [stem(w) for w in query_words(text)]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap two neighbours),
    or limit + 1 as soon as it is sure to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def analyse(texts: Iterable[str]) -> tuple[list[list[str]], set[str]]:
    """The search terms of each text (as `terms()` gives them), and the spellings of all of
    them together (as `spellings()` gives them): what a retriever indexes. Each text is
    lower-cased and split once for both, which matters for 100,000 clauses."""
    docs: list[list[str]] = []
    written: set[str] = set()
    synonyms, keep, stop = SYNONYMS, _KEEP, STOP_WORDS
    for text in texts:
        lowered = text.lower().replace("\u2019", "'")
        found = _WORD.findall(lowered)
        written.update(w for w in found if len(w) >= 4 and w.isalpha() and w not in stop)
        out: list[str] = []
        for word in found:
            word = synonyms.get(word, word)
            if word in keep or (word not in stop and (len(word) > 1 or word.isdigit())):
                out.append(stem(word))
        out += [stem(canonical) for hint, pattern, canonical in PHRASES if hint in lowered and pattern.search(lowered)]
        docs.append(out)
    return docs, written
