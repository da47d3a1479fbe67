"""What the notes' terms mean: a direct sentence for "what is a CAL?" or "what does per seat mean?".

The thread never defines its terms in a glossary; each definition here is said
in the project's words and rests on the clauses that use the term that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.rules.finding import Finding
from assistant.rules.registry import Rule, rule

TERMS = rule(
    "terms",
    "What the notes' licensing terms mean",
    "A CAL (client access licence) licenses a user or a device to use the server software; in per user/device "
    "(per seat) mode each user or device needs one for any number of servers, in per server mode CALs are "
    "concurrent connections to one server. Copies come retail (FPP, a boxed copy), OEM (with hardware) or under "
    "volume licensing (Open, Select, Enterprise agreement).",
    ("a1.4", "A separate Windows CAL (of either type) is required for each user or device"),
    ("a2.10", "A seat is a device or a user - meaning that each user OR client pc needs to have one CAL each."),
    ("a2.11", "With this CAL, they can connect to any number of servers in the domain."),
    (
        "a2.14",
        "A per server license is defined for a single server, which then serves a number of concurrent connections instead.",
    ),
    ("a2.c3.3", "1. Grant one user access to unlimited servers 2. Grant one device access to unlimited servers"),
    ("a2.c3.3", "3. Grant one server one concurrent access license."),
    ("a3.1", "If you buy a full packaged product (FPP) of Windows Server (that is, an off-the-shelf box version)"),
    ("a2.c3.1", "You get NO CALs with a server if you buy through any volume licensing channel"),
    ("a2.c3.2", "You get 5 with Standard and 25 with Enterprise if you buy through FPP or OEM channels."),
    ("q.2", "a User CAL means that the named user can connect to any server I may have"),
    ("a1.2", 'You basically have to options when you\'re licensing your server: "per server" and "per user/device".'),
)


@dataclass(frozen=True)
class Defined:
    headline: str
    finding: Finding


@dataclass(frozen=True)
class _Term:
    key: str
    words: tuple[str, ...]  # lower-case words any of which names the term
    sentence: str
    clauses: tuple[str, ...]


# Most specific first: "user CAL" before "CAL".
_TERMS: tuple[_Term, ...] = (
    _Term(
        "per server",
        ("per server", "per-server", "concurrent", "concurrent connection", "concurrent connections"),
        "Per server mode: CALs are assigned to one server and count concurrent connections to it — one CAL "
        "per server and connection.",
        ("a2.14", "a2.c3.3"),
    ),
    _Term(
        "per seat",
        (
            "per seat",
            "seat",
            "per user/device",
            "per user",
            "per device",
            "per user or device",
            "per user or per device",
        ),
        "Per seat (per user/device) mode: each user or device that uses the servers needs one CAL, and with it "
        "may use any number of servers.",
        ("a2.10", "a2.11", "a1.4"),
    ),
    _Term(
        "user CAL",
        ("user cal", "user cals", "ucal", "named user"),
        "A user CAL licenses one named person, who may use any of your servers from any device.",
        ("q.2", "a1.4", "a2.c3.3"),
    ),
    _Term(
        "device CAL",
        ("device cal", "device cals", "dcal"),
        "A device CAL licenses one device (a client PC), whoever uses it, on any number of servers.",
        ("a1.4", "a2.10", "a2.c3.3"),
    ),
    _Term(
        "FPP",
        ("fpp", "full packaged product", "retail", "boxed", "off the shelf"),
        "FPP (full packaged product) is a retail, off-the-shelf boxed copy; with Standard it includes 5 CALs, "
        "with Enterprise 25.",
        ("a3.1", "a2.c3.2"),
    ),
    _Term(
        "volume licensing",
        ("volume", "volume licensing", "open", "select", "enterprise agreement", "ea"),
        "Volume licensing (Open, Select, Select+, Enterprise agreement) is buying through a licensing "
        "programme; copies bought that way include no CALs.",
        ("a2.c3.1",),
    ),
    _Term(
        "OEM",
        ("oem",),
        "OEM copies come with the hardware; with Standard they include 5 CALs, with Enterprise 25.",
        ("a2.c3.2",),
    ),
    _Term(
        "CAL",
        ("cal", "cals", "client access license", "client access licence", "client access licenses"),
        "A CAL (client access licence) is what each user or device that uses the server software needs: "
        "either a user CAL or a device CAL.",
        ("a1.4", "a2.10"),
    ),
)


def _match(term: str | None) -> _Term:
    for t in _TERMS:
        if t.key == term:
            return t
    words = _words(term or "")
    for t in _TERMS:
        if any(_words(w) in words for w in t.words):
            return t
    return _TERMS[-1]


def define(term: str | None) -> Defined:
    """The definition of the terms named in a question ("per seat", "user CAL + device CAL"); a CAL when
    none is named."""
    keys = (term or "").split(" + ")
    matched = [_match(k) for k in keys] if term else [_match(None)]
    unique = list(dict.fromkeys(matched))
    steps = tuple(TERMS.step(t.sentence, *t.clauses) for t in unique)
    return Defined(" ".join(t.sentence for t in unique), Finding(0, steps=steps, rules=(TERMS,)))


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9/]+", text.lower().replace("-", " "))) + " "


def known_terms(text: str) -> list[str]:
    """The defined terms a question names, most specific first, each once ("user CAL vs device CAL")."""
    words = _words(text)
    found: list[str] = []
    for t in _TERMS:
        if any(_words(w) in words for w in t.words) and t.key not in found:
            found.append(t.key)
    # "user CAL" already names a CAL: the general term adds nothing beside a specific one.
    if len(found) > 1 and "CAL" in found:
        found.remove("CAL")
    return found


def known_term(text: str) -> str | None:
    """The defined terms a question names, joined with " + " (None when it names none)."""
    found = known_terms(text)
    return " + ".join(found) if found else None


__all__ = ["TERMS", "Defined", "Rule", "define", "known_term", "known_terms"]
