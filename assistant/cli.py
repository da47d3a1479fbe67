"""The `licensing-assistant` command: parses arguments, runs one subcommand.

Each subcommand lives in `assistant/commands/<name>.py` with `add_parser()` and
`run()`; they import the domain layers lazily so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from assistant.errors import AssistantError, UsageError
from assistant.terminal import OutputError, SafeStream

PROG = "licensing-assistant"
# Subcommands in the order --help lists them.
COMMANDS = ("chat", "ask", "search", "show", "tags", "rules", "replay", "build")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (exit 2) instead of two, and that
    accepts --debug on every subcommand (`main` reads it before parsing)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help="on an error, show the Python traceback"
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Answers Windows Server CAL licensing questions from a corpus of notes, "
            "with figures, derivations and verbatim citations. Without a subcommand, opens the chat."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = _command_module(name)
        if module is not None:
            module.add_parser(sub)
    return parser


def _command_module(name: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(f"assistant.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"assistant.commands.{name}":
            return None  # a subcommand not built (yet): left out of the parser
        raise


def add_corpus_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        metavar="PATH",
        action="append",
        help="a built corpus (.jsonl) or a folder of sources, with the rule packs beside them (default: the "
        "bundled corpus); repeat it to use several together, e.g. --corpus corpus --corpus my-notes",
    )
    parser.add_argument(
        "--index",
        choices=("auto", "rank-bm25", "sparse"),
        default="auto",
        help="search index: rank-bm25 in memory, or the sparse index for large collections "
        "(default auto: sparse from 2,000 clauses)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="build a folder of sources in memory, neither reading nor writing the user's cache",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status. Nothing escapes as a traceback: an error is
    one line on stderr (with --debug, the traceback first)."""
    # This program uses no pydantic plugins; looking for them reads every installed
    # package's metadata (about 20 ms of each start). A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args_list = list(sys.argv[1:] if argv is None else argv)
    options = args_list[: args_list.index("--")] if "--" in args_list else args_list
    debug = "--debug" in options
    if sys.stdout is None:  # started with stdout closed (`>&-`): the output would vanish
        _say("standard output is closed; nothing can be printed")
        return 1
    saved = sys.stdout, sys.stderr
    # Every line printed goes through the one sanitiser (control characters made visible).
    sys.stdout = SafeStream(sys.stdout)  # type: ignore[assignment]
    sys.stderr = SafeStream(sys.stderr or open(os.devnull, "w"))  # type: ignore[assignment]  # noqa: SIM115
    try:
        return _run(args_list, debug)
    finally:
        sys.stdout, sys.stderr = saved


def _run(args_list: list[str], debug: bool) -> int:
    try:
        parser = build_parser()
        rest = [a for a in args_list if a != "--debug"]
        if not rest or (rest[0].startswith("--corpus") and "chat" in COMMANDS):
            args_list = ["chat", *args_list]
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            status = 2
        else:
            status = int(args.handler(args) or 0)
        sys.stdout.flush()  # a full disk shows here, while it can still be reported
        return status
    except SystemExit as exc:  # --help printed its text
        try:
            sys.stdout.flush()
        except OutputError as error:
            return _failed(error, debug)
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException as exc:  # the one place that turns any error into one line
        return _failed(exc, debug)


def _failed(exc: BaseException, debug: bool) -> int:
    """Report `exc` in one line on stderr and return the exit status."""
    if isinstance(exc, KeyboardInterrupt):
        return 130
    if isinstance(exc, OutputError):
        _discard_stdout()
        if isinstance(exc.cause, BrokenPipeError):
            return 141  # the reader went away (`| head`): as a program killed by SIGPIPE
        _say(f"cannot write to standard output: {exc}")
        return 1
    if debug:
        import traceback

        with contextlib.suppress(Exception):
            traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, AssistantError):
        _say(exc.one_line())
        return 2 if isinstance(exc, UsageError) else 1
    _say(_describe(exc) + ("" if debug else " (--debug shows the traceback)"))
    return 1


def _describe(exc: BaseException) -> str:
    """One line for an error no code path expected."""
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    return f"unexpected error, please report it: {type(exc).__name__}: {exc}"


def _say(message: str) -> None:
    """One line on stderr, if there is a stderr to write to."""
    with contextlib.suppress(Exception):
        print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr or sys.__stderr__, flush=True)


def _discard_stdout() -> None:
    """After a failed write to stdout, point it at the null device, so that Python's final
    flush of what is still buffered neither fails again nor prints a second error."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        stream = sys.stdout.wrapped if isinstance(sys.stdout, SafeStream) else sys.stdout
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


if __name__ == "__main__":
    raise SystemExit(main())
