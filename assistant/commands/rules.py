"""`licensing-assistant rules`: every rule with its statement and the quotes it rests on."""

from __future__ import annotations

import argparse

from assistant.commands._common import corpus_from_args, print_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "rules",
        help="list the rules with their statements and cited quotes",
        description="List every deterministic rule: its id, statement, and the clause quotes it rests on "
        "(with --corpus, which of those clauses that corpus holds).",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from assistant.render import format_rules
    from assistant.rules.registry import all_rules

    rules = all_rules()
    corpus = corpus_from_args(args)  # loaded for --json too: a bad --corpus is an error either way
    if args.json:
        print_json([r.info().model_dump(mode="json") for r in rules])
    else:
        print(format_rules([r.info() for r in rules], corpus))
    return 0
