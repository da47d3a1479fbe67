"""`licensing-assistant chat` (also: no arguments): the terminal chat."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import AssistantError

CHAT_FPS = 120


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
    # Textual draws at most 60 frames a second by default, so a reply waited up to 17 ms for
    # its frame; 120 halves that. (Before Textual is imported: it reads this once. A value the
    # user set is kept.)
    os.environ.setdefault("TEXTUAL_FPS", str(CHAT_FPS))
    with echo_off(sys.stdin.fileno()):
        from assistant.tui.app import ChatApp  # Textual is imported only here

        app = ChatApp(
            corpus,
            quiet_gc=True,
            load_options={"index": getattr(args, "index", "auto"), "cache": not getattr(args, "no_cache", False)},
        )
        app.run()
    if app.load_error:
        raise AssistantError(app.load_error)
    return int(app.return_code or 0)


@contextlib.contextmanager
def echo_off(fd: int) -> Iterator[None]:
    """Keys typed while the chat starts are not echoed onto the shell's screen (where they would
    show after quitting); they wait in the terminal until the chat reads them, Enter as Enter. Restores the
    terminal's settings on the way out. Nothing to do where `fd` is no terminal or there is no
    termios (Windows)."""
    try:
        import termios
    except ImportError:
        yield
        return
    try:
        before = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        yield
        return
    quiet = list(before)
    quiet[3] &= ~termios.ECHO  # lflag
    quiet[0] &= ~termios.ICRNL  # iflag: Enter stays Enter (a carriage return), not a line feed
    try:
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, before)
