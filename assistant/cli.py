"""The `licensing-assistant` command: parses arguments, runs one subcommand.

Each subcommand lives in `assistant/commands/<name>.py` with `add_parser()` and
`run()`; they import the domain layers lazily so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from assistant.errors import AssistantError, UsageError

PROG = "licensing-assistant"
# Subcommands in the order --help lists them.
COMMANDS = ("chat", "ask", "search", "show", "tags", "rules", "replay", "build")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (exit 2) instead of two."""

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
        help="a built corpus (.jsonl) or a folder of sources (default: the bundled corpus)",
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
    # This program uses no pydantic plugins; looking for them reads every installed
    # package's metadata (about 20 ms of each start). A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        if not args_list or (args_list[0].startswith("--corpus") and "chat" in COMMANDS):
            args_list = ["chat", *args_list]
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return 2
        return int(args.handler(args) or 0)
    except UsageError as exc:
        print(f"{PROG}: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"{PROG}: error: {exc.one_line()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing more to say.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
