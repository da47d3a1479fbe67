"""Contract of the transcripts layer: a recorded conversation and the result of replaying it.

A transcript file (YAML, see `assistant.transcripts`) is validated into `Transcript`;
`licensing-assistant replay --json` prints `ReplayReport`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictInt, StrictStr, computed_field

from assistant.models.corpus import Strict
from assistant.models.reply import ReplyKind

_NAME = re.compile(r"[a-z][a-z0-9_-]*")


def _name(name: str) -> str:
    # Which names exist depends on the rule packs loaded: the replay checks them against those.
    if not _NAME.fullmatch(name):
        raise ValueError(f"'{name}' is not a name (lower-case letters, digits, _ and -)")
    return name


def _regex(pattern: str) -> str:
    # An empty pattern matches every reply, so as an expectation it would test nothing.
    if not pattern.strip():
        raise ValueError("empty regular expression (it would match any reply)")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    return pattern


def _non_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


FigureName = Annotated[StrictStr, AfterValidator(_name)]  # a figure some loaded pack declares
IntentName = Annotated[StrictStr, AfterValidator(_name)]  # an `Intent` value or a pack's question id
Regex = Annotated[StrictStr, AfterValidator(_regex)]
# Clause ids are checked against the corpus by the loader (the model does not know the corpus).
ClauseId = Annotated[StrictStr, AfterValidator(_non_blank)]


class Expect(Strict):
    """What a turn's reply must satisfy, independently of its exact wording."""

    kind: ReplyKind | None = None
    # How the turn was understood (an `Intent` value, or the question id of the pack that answered):
    # asserted as Rasa test stories assert intents,
    # so a reply that happens to match for the wrong reason fails.
    intent: IntentName | None = None
    verdict: Literal["yes", "no"] | None = None
    asks: IntentName | None = None  # for a clarifying reply: the fact (or ask) its question asks for
    figures: dict[FigureName, StrictInt] = Field(default_factory=dict)  # exact values
    cites: list[ClauseId] = Field(default_factory=list)  # must be among the reply's citations
    text_matches: list[Regex] = Field(default_factory=list)  # re.search must find each
    not_text: list[Regex] = Field(default_factory=list)  # re.search must find none

    def is_empty(self) -> bool:
        return self.kind is None and not (
            self.intent or self.verdict or self.asks or self.figures or self.cites or self.text_matches or self.not_text
        )


class Turn(Strict):
    user: StrictStr
    reply: StrictStr | None = None  # the golden: Reply.text as the chat showed it; None until recorded
    expect: Expect | None = None


class Transcript(Strict):
    title: Annotated[StrictStr, AfterValidator(_non_blank)]
    notes: StrictStr | None = None
    # The notes folder (or built .jsonl) to replay against, relative to the transcript's folder,
    # or a list of them used together; none: the corpus the replay was given (the bundled one by default).
    corpus: (
        Annotated[StrictStr, AfterValidator(_non_blank)]
        | Annotated[list[Annotated[StrictStr, AfterValidator(_non_blank)]], Field(min_length=1)]
        | None
    ) = None
    turns: list[Turn] = Field(min_length=1)


class TurnResult(Strict):
    turn: int  # 1-based
    user: str
    kind: ReplyKind | None  # of the actual reply; None when asking failed
    golden: str | None
    actual: str
    failures: list[str] = Field(default_factory=list)  # each failed expectation, with why
    diff: str | None = None  # unified diff golden -> actual; None when they are equal

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return not self.failures and self.diff is None


class TranscriptResult(Strict):
    file: str
    title: str
    turns: list[TurnResult]
    error: str | None = None  # the conversation raised instead of replying
    updated: bool = False  # --update rewrote its goldens
    update_error: str | None = None  # --update had new goldens but could not write them (the file is unchanged)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return self.error is None and all(t.ok for t in self.turns)


class ReplayReport(Strict):
    transcripts: list[TranscriptResult]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> int:
        return sum(t.ok for t in self.transcripts)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failed(self) -> int:
        return len(self.transcripts) - self.passed

    @computed_field  # type: ignore[prop-decorator]
    @property
    def updated(self) -> list[str]:
        return [t.file for t in self.transcripts if t.updated]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def not_updated(self) -> list[str]:
        return [t.file for t in self.transcripts if t.update_error is not None]
