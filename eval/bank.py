"""The question bank's file format (see eval/README.md), validated with pydantic."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

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
)
FIGURES = (
    "copies",
    "cals_per_copy",
    "cals_included",
    "cals_owned",
    "users_licensed",
    "devices_licensed",
    "servers",
    "connections_per_server",
    "cals_needed",
    "user_cals_needed",
    "device_cals_needed",
    "cals_needed_per_user_device",
    "cals_needed_per_server",
    "cals_to_buy",
    "cals_spare",
    "admins_without_cals",
)
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
        unknown = [f for f in self.figures if f not in FIGURES]
        if unknown:
            raise ValueError(f"unknown figure names {unknown}; known: {', '.join(FIGURES)}")
        if self.asks is not None and self.asks not in ASKS:
            raise ValueError(f"unknown asks {self.asks!r}; known: {', '.join(ASKS)}")
        if self.kind != "answer" and (self.figures or self.verdict):
            raise ValueError("only an answer has figures or a verdict")


class Turn(_Strict):
    user: str
    expect: Expect


class Case(_Strict):
    id: str
    category: str
    style: list[str] = Field(default_factory=list)
    inspired_by: str | None = None
    turns: list[Turn] = Field(min_length=1)

    def model_post_init(self, _context: object) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}; known: {', '.join(CATEGORIES)}")


def load(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    cases = [Case.model_validate(item) for item in data]
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
