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


# Every figure a reply may name, with what it means. Transcripts may only expect
# figures listed here, so a misspelt expectation is an error, not a silent pass.
FIGURE_NAMES: dict[str, str] = {
    "copies": "server licences (copies) in the question",
    "cals_per_copy": "CALs included with each copy",
    "cals_included": "CALs included with all the copies together",
    "cals_owned": "CALs owned in total (included plus bought separately)",
    "users_licensed": "users who may each use every server (per user/device mode)",
    "devices_licensed": "devices that may each use every server (per user/device mode)",
    "servers": "servers in the question",
    "connections_per_server": "concurrent connections per server (per server mode)",
    "cals_needed": "CALs needed",
    "cals_needed_per_user_device": "CALs needed in per user/device mode",
    "cals_needed_per_server": "CALs needed in per server mode",
    "user_cals_needed": "user CALs needed",
    "device_cals_needed": "device CALs needed",
    "cals_to_buy": "CALs still to buy (the shortfall)",
    "cals_spare": "CALs owned beyond what is needed",
    "admins_without_cals": "administrators who may access a server without a CAL",
}


# The facts a clarifying question may ask for, with what each means.
ASKABLE: dict[str, str] = {
    "users": "users who use the servers",
    "devices": "devices that use the servers",
    "users_or_devices": "users or devices that use the servers",
    "copies": "server copies (licences) bought",
    "servers": "servers",
    "cals_owned": "CALs owned",
    "cals_bought": "CALs bought on their own (packs)",
    "connections": "concurrent connections per server",
    "admins": "administrators",
    "cals_each": "CALs each copy came with",
    "cal_split": "whether a CAL count is per copy or in all",
}


class Figure(Strict):
    name: str  # a key of FIGURE_NAMES
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
    asks: str | None = None  # the fact the clarifying question asks for (a key of `ASKABLE`)
    related: list[str] = Field(default_factory=list)  # nearest clauses, possibly not applicable
    rules: list[str] = Field(default_factory=list)  # ids of the rules that produced the answer

    def figure(self, name: str) -> int | None:
        return next((f.value for f in self.figures if f.name == name), None)
