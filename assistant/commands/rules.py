"""`licensing-assistant rules`: every rule with its statement and the quotes it rests on."""

from __future__ import annotations

import argparse

from assistant.commands._common import print_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rules",
        help="list the rules with their statements and cited quotes",
        description="List every deterministic rule: its id, statement, and the clause quotes it rests on.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from assistant.render import format_rules
    from assistant.rules.registry import all_rules
    from assistant.store import load_corpus

    rules = all_rules()
    if args.json:
        print_json([r.info().model_dump(mode="json") for r in rules])
    else:
        print(format_rules([r.info() for r in rules], load_corpus()))
    return 0
