"""Helpers the subcommands share: loading the corpus, printing JSON, checking input."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.errors import UsageError


def corpus_from_args(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from assistant.store import open_corpus

    return open_corpus(Path(args.corpus) if getattr(args, "corpus", None) else None)


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
