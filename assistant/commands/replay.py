"""`licensing-assistant replay`: re-run saved transcripts and show any drift."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "replay",
        help="replay transcripts as regression tests",
        description="Replay each transcript as a fresh conversation, check its expectations and compare every "
        "reply with the recorded one (the golden). A transcript that names its notes (corpus: …) is replayed "
        "against them; the others against --corpus (default: the bundled corpus). Exit status 1 when any "
        "transcript fails. Example: licensing-assistant replay transcripts/thread-question.yaml "
        "examples/rds-cals/transcripts",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="transcript files or folders (default: ./transcripts/, where the chat's /save writes, "
        "else the repository's transcripts/ folder)",
    )
    p.add_argument(
        "--update",
        action="store_true",
        help="rewrite the goldens from the current replies (expectations are never changed)",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.commands._common import assistant_from_args, print_json
    from assistant.transcripts import default_paths, find_transcripts, format_report, replay_files

    files = find_transcripts([Path(p) for p in args.paths] if args.paths else default_paths())
    report = replay_files(files, assistant_from_args(args), update=args.update)
    if args.json:
        print_json(report.model_dump(mode="json"))
    else:
        print(format_report(report))
    return 1 if report.failed else 0
