"""`licensing-assistant chat` (also: no arguments): the terminal chat."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.errors import AssistantError


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "chat",
        help="open the terminal chat (the default)",
        description="Ask, follow up, inspect the cited clauses, search, and save the conversation as a transcript. "
        "Type /help in the chat for the commands and keys.",
    )
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from assistant.commands._common import corpus_paths

    corpus = corpus_paths(args)
    for path in [corpus] if isinstance(corpus, str) else corpus or []:
        if not Path(path).exists():
            # Say so before the screen opens (a malformed corpus is reported once loaded).
            raise AssistantError("no such file or folder", file=path)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise AssistantError("the chat needs a terminal; use 'licensing-assistant ask' for one-shot answers")
    from assistant.tui.app import ChatApp  # Textual is imported only here

    app = ChatApp(
        corpus, load_options={"index": getattr(args, "index", "auto"), "cache": not getattr(args, "no_cache", False)}
    )
    app.run()
    if app.load_error:
        raise AssistantError(app.load_error)
    return int(app.return_code or 0)
