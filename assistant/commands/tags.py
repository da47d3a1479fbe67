"""`licensing-assistant tags`: the tag vocabulary with how many clauses carry each tag."""

from __future__ import annotations

import argparse

from assistant.commands._common import corpus_from_args, print_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "tags", help="list the tag vocabulary with counts", description="List every tag, its clause count and meaning."
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from assistant.render import format_tags, tag_counts

    corpus = corpus_from_args(args)
    counts = tag_counts(corpus)
    if args.json:
        print_json([{"tag": t.name, "count": counts[t.name], "description": t.description} for t in corpus.tags])
    else:
        print(format_tags(corpus, counts))
    return 0
