"""Helpers the subcommands share: loading the corpus, printing JSON, suggestions."""

from __future__ import annotations

import argparse
import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError, UsageError


def corpus_from_args(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from assistant.store import open_corpus

    return open_corpus(Path(args.corpus) if getattr(args, "corpus", None) else None)


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def nearest(name: str, valid: Iterable[str], n: int = 3) -> str:
    """'did you mean …' for an unknown name, or a few valid ones."""
    valid = list(valid)
    close = difflib.get_close_matches(name, valid, n=n, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(name.lower(), [v.lower() for v in valid], n=n, cutoff=0.3)
        close = [v for v in valid if v.lower() in close][:n]
    shown = close or valid[:n]
    label = "did you mean" if close else "valid ones include"
    return f"{label}: {', '.join(shown)}"


def check_tags(tags: list[str], known: list[str]) -> None:
    for tag in tags:
        if tag not in known:
            raise AssistantError(f"unknown tag '{tag}'; {nearest(tag, known)} (see 'licensing-assistant tags')")


def require_text(text: str, what: str) -> str:
    if not text.strip():
        raise UsageError(f"{what} is empty")
    return text
