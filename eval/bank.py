"""The question bank's file format (see eval/README.md), validated with pydantic."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python eval/bank.py` too
from assistant.packs.engines import ENGINES

CATEGORIES = (
    "basic",
    "story",
    "inventory",
    "changes",
    "verdict",
    "clarify",
    "rule",
    "definition",
    "scope",
    "followup",
    "pack",  # a question on an example pack's topic (examples/*/bank/)
)
# The figures the Windows Server CAL engine reports (its contract, in assistant/packs/engines.py).
FIGURES = ENGINES["windows-server-cals"].figures
ASKS = (
    "users",
    "devices",
    "users_or_devices",
    "copies",
    "servers",
    "cals_owned",
    "connections",
    "admins",
    "edition",
    "channel",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expect(_Strict):
    kind: Literal["answer", "clarify", "not_covered"]
    figures: dict[str, int] = Field(default_factory=dict)
    verdict: Literal["yes", "no"] | None = None
    cites: list[str] = Field(default_factory=list)
    asks: str | None = None

    def model_post_init(self, _context: object) -> None:
        if self.kind != "answer" and (self.figures or self.verdict):
            raise ValueError("only an answer has figures or a verdict")

    def check_names(self, figures: tuple[str, ...], asks: tuple[str, ...] | None) -> None:
        unknown = [f for f in self.figures if f not in figures]
        if unknown:
            raise ValueError(f"unknown figure names {unknown}; known: {', '.join(figures)}")
        if asks is not None and self.asks is not None and self.asks not in asks:
            raise ValueError(f"unknown asks {self.asks!r}; known: {', '.join(asks)}")


class Turn(_Strict):
    user: str
    expect: Expect


class Case(_Strict):
    id: str
    category: str = "pack"
    style: list[str] = Field(default_factory=list)
    inspired_by: str | None = None
    turns: list[Turn] = Field(min_length=1)

    def model_post_init(self, _context: object) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}; known: {', '.join(CATEGORIES)}")


def load(path: Path, figures: tuple[str, ...] = FIGURES, asks: tuple[str, ...] | None = ASKS) -> list[Case]:
    """The cases of a bank file; figure names (and asked facts) checked against the given ones:
    the thread's by default, a pack's for an example's bank."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    cases = [Case.model_validate(item) for item in data]
    for case in cases:
        for turn in case.turns:
            try:
                turn.expect.check_names(figures, asks)
            except ValueError as exc:
                raise ValueError(f"{path}: {case.id}: {exc}") from None
    ids = [c.id for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{path}: duplicate ids {dupes}")
    return cases


if __name__ == "__main__":
    # python eval/bank.py FILE...: validate bank files and print counts per category.
    for name in sys.argv[1:]:
        cases = load(Path(name))
        counts = {c: sum(1 for x in cases if x.category == c) for c in CATEGORIES}
        turns = sum(len(c.turns) for c in cases)
        print(f"{name}: {len(cases)} conversations, {turns} turns; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
