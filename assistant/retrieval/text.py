"""Turn text into search terms: case, punctuation, stems and licensing synonyms.

Clauses and queries go through the same `terms()` so that "licences",
"licensing" and "license" meet, and so do "PCs", "workstation" and "device".
"""

from __future__ import annotations

import re
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
}
# Phrases that stand for one canonical word (matched on lower-cased text).
PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bfull(?:y)?[ -]?packaged?[ -]products?\b"), "fpp"),
    (re.compile(r"\boff[ -]the[ -]shelf\b"), "fpp"),
    (re.compile(r"\bclient access licen[cs]es?\b"), "cal"),
    (re.compile(r"\bthin clients?\b"), "device"),
    (re.compile(r"\bclient pcs?\b"), "device"),
    (re.compile(r"\bat (?:the same time|once|a time)\b"), "concurrent"),
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
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """Lower-cased words, synonyms folded, stop words dropped (not yet stemmed)."""
    lowered = text.lower().replace("\u2019", "'")
    extra: list[str] = []
    for pattern, canonical in PHRASES:
        if pattern.search(lowered):
            extra.append(canonical)
    out: list[str] = []
    for word in _WORD.findall(lowered):
        word = SYNONYMS.get(word, word)
        if word in _KEEP or (word not in STOP_WORDS and (len(word) > 1 or word.isdigit())):
            out.append(word)
    return out + extra


def terms(text: str) -> list[str]:
    """Stemmed search terms of a clause or a query."""
    return [stem(w) for w in words(text)]


def query_terms(text: str) -> list[str]:
    """Terms of a query, with a word that stands for several corpus words expanded."""
    out: list[str] = []
    for word in words(text):
        out.extend(stem(w) for w in EXPANSIONS.get(word, (word,)))
    return out
