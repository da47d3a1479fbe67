"""Helpers of the rule-pack tests: a tiny valid pack beside tiny notes, and where the examples are."""

from __future__ import annotations

from pathlib import Path

from assistant.api import Assistant

REPO = Path(__file__).resolve().parents[2]
RDS_NOTES = REPO / "examples" / "rds-cals" / "notes"
CORES_NOTES = REPO / "examples" / "per-core-licensing" / "notes"
THREAD = REPO / "corpus"

WIDGET_NOTES = """\
# Widget licences

## Counting

Every widget user needs one widget licence.

Each widget licence covers exactly one user for life.

## Not covered

These notes do not cover widget prices at all.
"""

# A complete, valid pack: each loading test changes one thing in it.
WIDGET_PACK = """\
pack: widgets
title: Widget licences
scope:
  phrases: [widget*]
  not_covered:
    - name: widget prices
      phrases: [price*, cost]
      quote: no-prices
quotes:
  every-user: "Every widget user needs one widget licence."
  one-each: "Each widget licence covers exactly one user"
  no-prices: "These notes do not cover widget prices"
rules:
  - id: per-user
    title: One licence per user
    statement: Every widget user needs one widget licence.
    quotes: [every-user, one-each]
facts:
  users:
    means: people who use widgets
    said_as: ["{n} user"]
    ask: How many users?
figures:
  licences_needed:
    means: widget licences needed
    unit: licences
    rule: per-user
    cases:
      - when: known(users)
        value: users
        step: "One widget licence for each user: {value}."
        cites: [every-user]
      - ask: users
questions:
  - id: how-many
    means: how many widget licences
    rule: per-user
    says: [[how many, need]]
    shows: [licences_needed]
    answer: "{licences_needed} widget licences."
examples:
  - question: how-many
    facts: {users: 3}
    figures: {licences_needed: 3}
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line of `text` containing `needle`."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} occurs {len(hits)} times"
    return hits[occurrence - 1]


def changed(old: str, new: str, text: str = WIDGET_PACK) -> str:
    """The pack with one piece of text replaced (which must be there exactly once)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write_folder(
    folder: Path, pack: str = WIDGET_PACK, notes: str = WIDGET_NOTES, extra: dict[str, str] | None = None
) -> Path:
    """A notes folder holding widgets.md, widgets.pack.yaml (the given text) and any other files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "widgets.md").write_text(notes, encoding="utf-8")
    (folder / "widgets.pack.yaml").write_text(pack, encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def quiet_load(folder: Path | list[Path]) -> tuple[Assistant, list[str]]:
    """The folder loaded in memory, with the notices it gave (skipped packs)."""
    notices: list[str] = []
    return Assistant.load(folder, cache=False, notice=notices.append), notices
