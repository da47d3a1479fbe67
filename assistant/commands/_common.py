"""Helpers the subcommands share: loading the corpus, printing JSON, checking input."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from assistant.errors import UsageError

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.models.corpus import Corpus


def assistant_from_args(args: argparse.Namespace) -> Assistant:
    """The corpus and index that `--corpus`, `--index` and `--no-cache` name; a long build
    shows a progress bar on stderr when stderr is a terminal."""
    from assistant.api import Assistant
    from assistant.progress import TerminalProgress

    with TerminalProgress(sys.stderr) as progress:
        return Assistant.load(
            corpus_paths(args),
            index=getattr(args, "index", "auto"),
            cache=not getattr(args, "no_cache", False),
            progress=progress,
        )


def corpus_paths(args: argparse.Namespace) -> str | list[str] | None:
    """What `--corpus` names: None (the bundled corpus), one path, or several to use together."""
    given = getattr(args, "corpus", None)
    if isinstance(given, list) and len(given) == 1:
        return given[0]
    return given or None


def corpus_from_args(args: argparse.Namespace) -> Corpus:
    return assistant_from_args(args).corpus


def print_json(data: Any) -> None:
    import sys

    from assistant.terminal import is_unicode, json_escaped

    # Control characters, and any character the output encoding lacks, as \u escapes: the data stays exact.
    ascii_only = not is_unicode(getattr(sys.stdout, "encoding", None))
    print(json_escaped(json.dumps(data, indent=2, ensure_ascii=ascii_only)))


def require_text(text: str, what: str) -> str:
    if not text.strip():
        raise UsageError(f"{what} is empty")
    return text
