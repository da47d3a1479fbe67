"""`licensing-assistant show`: one clause with the post around it."""

from __future__ import annotations

import argparse

from assistant.commands._common import corpus_from_args, print_json


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
    from assistant.render import clause_context, format_clause_in_post
    from assistant.suggest import check_clause

    corpus = corpus_from_args(args)
    check_clause(args.clause.strip(), corpus.clause_by_id)
    clause = corpus.clause_by_id[args.clause.strip()]
    if args.json:
        print_json(clause_context(corpus, clause.id).model_dump(mode="json"))
    else:
        print(format_clause_in_post(corpus, clause.id))
    return 0
