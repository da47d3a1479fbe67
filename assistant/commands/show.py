"""`licensing-assistant show`: one clause with the post around it."""

from __future__ import annotations

import argparse

from assistant.commands._common import corpus_from_args, nearest, print_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "show",
        help="show a clause with its post around it",
        description="Show one clause, marked, within its post. Example: licensing-assistant show a2.4",
    )
    p.add_argument("clause", metavar="CLAUSE_ID", help="a clause id such as a2.4")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from assistant.errors import AssistantError
    from assistant.render import clause_context, format_clause_in_post

    corpus = corpus_from_args(args)
    clause = corpus.clause_by_id.get(args.clause.strip())
    if clause is None:
        raise AssistantError(f"unknown clause id '{args.clause}'; {nearest(args.clause, corpus.clause_by_id)}")
    if args.json:
        print_json(clause_context(corpus, clause.id).model_dump(mode="json"))
    else:
        print(format_clause_in_post(corpus, clause.id))
    return 0
