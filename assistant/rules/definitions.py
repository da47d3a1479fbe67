"""What the notes' terms mean: a direct sentence for "what is a CAL?" or "what does per seat mean?".

The thread never defines its terms in a glossary; each definition (in the pack's
`terms:`) is said in the project's words and rests on the quotes of the clauses
that use the term that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models.packs import TermDef
from assistant.rules.finding import Finding
from assistant.rules.registry import Rule, current, rule

TERMS = rule("terms")


@dataclass(frozen=True)
class Defined:
    headline: str
    finding: Finding


def _terms() -> list[TermDef]:
    """The active pack's terms, most specific first ("user CAL" before "CAL")."""
    pack = current()
    return list(pack.data.terms) if pack is not None else []


def _match(term: str | None) -> TermDef | None:
    terms = _terms()
    for t in terms:
        if t.term == term:
            return t
    words = _words(term or "")
    for t in terms:
        if any(_words(w) in words for w in t.words):
            return t
    return terms[-1] if terms else None


def define(term: str | None) -> Defined:
    """The definition of the terms named in a question ("per seat", "user CAL + device CAL"); the most
    general term (the pack's last) when none is named."""
    keys = (term or "").split(" + ")
    matched = [_match(k) for k in keys] if term else [_match(None)]
    unique: list[TermDef] = []
    for t in matched:
        if t is not None and t not in unique:
            unique.append(t)
    steps = tuple(TERMS.step(t.says, *t.cites) for t in unique)
    return Defined(" ".join(t.says for t in unique), Finding(0, steps=steps, rules=(TERMS,)))


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9/]+", text.lower().replace("-", " "))) + " "


def known_terms(text: str) -> list[str]:
    """The defined terms a question names, most specific first, each once ("user CAL vs device CAL")."""
    words = _words(text)
    terms = _terms()
    found: list[str] = []
    for t in terms:
        if any(_words(w) in words for w in t.words) and t.term not in found:
            found.append(t.term)
    # "user CAL" already names a CAL: the most general term adds nothing beside a specific one.
    general = terms[-1].term if terms else None
    if len(found) > 1 and general in found:
        found.remove(general)
    return found


def known_term(text: str) -> str | None:
    """The defined terms a question names, joined with " + " (None when it names none)."""
    found = known_terms(text)
    return " + ".join(found) if found else None


__all__ = ["TERMS", "Defined", "Rule", "define", "known_term", "known_terms"]
