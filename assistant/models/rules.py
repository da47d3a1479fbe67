"""Contract of the rules layer: what a rule rests on and what it derives."""

from __future__ import annotations

from pydantic import Field

from assistant.models.corpus import Strict
from assistant.models.reply import Assumption, Dispute, Figure, Step, Verdict


class RuleSource(Strict):
    """A clause a rule rests on and the exact words of it that matter."""

    clause: str
    quote: str  # must appear verbatim in the clause's text (checked by a test)
    key: str | None = None  # the quote's name in its rule pack


class RuleInfo(Strict):
    id: str
    title: str
    statement: str
    sources: list[RuleSource]


class Derivation(Strict):
    """What the rules derived for one question: the number first, then how."""

    headline: str
    verdict: Verdict | None = None
    figures: list[Figure] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)  # ids of the rules applied
    sources: list[RuleSource] = Field(default_factory=list)  # every clause cited above, with its words


class Clarify(Strict):
    """A needed fact is missing: ask for it. `field` is the fact a bare number answers."""

    question: str
    field: str | None = None
    note: str | None = None
