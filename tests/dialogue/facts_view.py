"""A flat view of what a turn states, for tables of phrasings: {"copies": 2, "cals_per_copy": 5, ...}.

The parser reads turns into an inventory (`Update`); phrasing tests compare the few numbers and terms
a phrasing is about, so they project the inventory onto flat names.
"""

from __future__ import annotations

from enum import Enum

from assistant.models.understanding import Understanding


def _one(values: list[object]) -> object:
    distinct = list(dict.fromkeys(v for v in values if v is not None))
    return distinct[0] if len(distinct) == 1 else None


def facts(u: Understanding) -> dict[str, object]:
    """The stated facts, enums as their values, unset ones left out."""
    up = u.update
    lines = [*up.lines, *up.parts]
    out: dict[str, object] = {}
    if lines:
        out["copies"] = sum(line.copies for line in lines)
        out["cals_per_copy"] = _one([line.cals_each for line in lines])
        out["cals_in_all"] = _one([line.cals_in_all for line in lines])
    if up.purchases:
        out["cals_separate"] = sum(p.cals for p in up.purchases)
    counts = dict(up.counts)
    if "cals_owned" in counts:
        out["cals_total"] = counts.pop("cals_owned")
    out.update(counts)
    for change in up.changes:
        out[f"{change.fact}_change"] = out.get(f"{change.fact}_change", 0) + change.by  # type: ignore[operator]
    edits = [e for e in up.edits if e.copies is None]
    out["channel"] = _one([line.channel for line in lines] + [e.channel for e in edits])
    out["edition"] = _one([line.edition for line in lines] + [e.edition for e in edits])
    if not lines and edits:
        out["cals_per_copy"] = _one([e.cals_each for e in edits])
    out["mode"] = up.mode
    out["cal_type"] = up.cal_type
    out["product"] = up.product
    if up.allocation:
        out["allocation"] = list(up.allocation)
    if up.peaks:
        out["peaks"] = list(up.peaks)
    if up.vague:
        out["vague"] = sorted(up.vague)
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in out.items() if v is not None}
