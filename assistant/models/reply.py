"""Contract of the dialogue layer: what the assistant replies to one turn.

The CLI prints these as JSON, the TUI renders them, and transcripts record them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, PrivateAttr

from assistant.models.corpus import Authority, Clause, PostKind, Strict


class ReplyKind(StrEnum):
    answer = "answer"
    clarify = "clarify"  # a needed number is missing: one short question
    not_covered = "not_covered"  # the notes do not cover the topic


class Figure(Strict):
    name: str  # a figure the answering pack declares (its `figures:`)
    value: int
    unit: str  # "CALs", "users", "connections per server", ...


class Step(Strict):
    """One step of a derivation, resting on the clauses it names."""

    text: str
    clauses: list[str] = Field(default_factory=list)
    # The rule that made it (not serialised): its quotes of those clauses are the ones cited.
    _rule: str | None = PrivateAttr(default=None)


class Assumption(Strict):
    assumption: str
    if_wrong: str  # what changes when the assumption does not hold
    clauses: list[str] = Field(default_factory=list)
    _rule: str | None = PrivateAttr(default=None)  # as for Step


class DisputeSide(Strict):
    position: str
    clauses: list[str]
    _rule: str | None = PrivateAttr(default=None)  # as for Step


class Dispute(Strict):
    """A claim the sources disagree on: every side is shown, none silently picked."""

    claim: str
    sides: list[DisputeSide]


class Citation(Strict):
    clause: str
    quote: str  # verbatim words of the clause
    author: str | None
    authority: Authority
    kind: PostKind
    quotes: str | None = None  # when the clause quotes someone else, e.g. Microsoft

    @classmethod
    def of(cls, clause: Clause, quote: str) -> Citation:
        return cls(
            clause=clause.id,
            quote=quote,
            author=clause.author,
            authority=clause.authority,
            kind=clause.kind,
            quotes=clause.quotes,
        )


class Verdict(StrEnum):
    yes = "yes"
    no = "no"


class Reply(Strict):
    kind: ReplyKind
    text: str  # what the chat shows (Markdown), headline first
    headline: str
    intent: str | None = None  # how the turn was understood (an `Intent` value)
    verdict: Verdict | None = None  # the answer to a yes/no question, when it has one
    figures: list[Figure] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    question: str | None = None  # the clarifying question, for kind == clarify
    asks: str | None = None  # the fact the clarifying question asks for (a fact or ask of the pack)
    related: list[str] = Field(default_factory=list)  # nearest clauses, possibly not applicable
    rules: list[str] = Field(default_factory=list)  # ids of the rules that produced the answer

    def figure(self, name: str) -> int | None:
        return next((f.value for f in self.figures if f.name == name), None)
