"""`licensing-assistant rules`: the rule packs — scope, rules, parameters, figures — and their quotes."""

from __future__ import annotations

import argparse

from assistant.commands._common import assistant_from_args, print_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "rules",
        help="list the rule packs: scope, rules, parameters and the quotes they rest on",
        description="List the rule packs the corpus carries (the bundled one, or those beside the notes that "
        "--corpus names): for each, what it covers, its rules with the verbatim quotes they rest on and the "
        "clause each quote was found in, its parameters, figures and questions. A pack whose notes are not "
        "in the corpus is listed as not loaded, with why.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from assistant.render import format_packs

    assistant = assistant_from_args(args)
    infos = assistant.packs.infos()
    if args.json:
        print_json([i.model_dump(mode="json") for i in infos])
    else:
        print(format_packs(infos, assistant.corpus))
    return 0
