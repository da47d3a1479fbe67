"""Validating names the user typed (tags, clause ids) with 'did you mean' suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from assistant.errors import AssistantError


def nearest(name: str, valid: Iterable[str], n: int = 3) -> str:
    """'did you mean …' for an unknown name, or a few valid ones."""
    valid = list(valid)
    close = difflib.get_close_matches(name, valid, n=n, cutoff=0.5)
    if not close:
        lowered = difflib.get_close_matches(name.lower(), [v.lower() for v in valid], n=n, cutoff=0.3)
        close = [v for v in valid if v.lower() in lowered][:n]
    shown = close or valid[:n]
    label = "did you mean" if close else "valid ones include"
    return f"{label}: {', '.join(shown)}"


def check_tags(tags: Iterable[str], known: list[str]) -> None:
    for tag in tags:
        if tag not in known:
            raise AssistantError(f"unknown tag '{tag}'; {nearest(tag, known)} (see 'licensing-assistant tags')")


def check_clause(clause_id: str, known: dict[str, object]) -> None:
    if clause_id not in known:
        raise AssistantError(f"unknown clause id '{clause_id}'; {nearest(clause_id, known)}")
