"""`licensing-assistant search`: ranked clauses for a keyword query."""

from __future__ import annotations

import argparse

from assistant.commands._common import assistant_from_args, print_json, require_text


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "search",
        help="search clauses by keyword (BM25), optionally filtered by tag",
        description="Search the corpus clauses by keyword (BM25), best first. "
        "Example: licensing-assistant search reassign to another user --tag topic:reassignment",
    )
    p.add_argument(
        "query", nargs="*", metavar="QUERY", help="words to search for (none with --tag: every clause with the tags)"
    )
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="only clauses with this tag (repeatable)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results (default 10)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from assistant.errors import UsageError
    from assistant.render import format_hits

    query = " ".join(args.query)
    listing = not query.strip() and bool(args.tag)  # tags and no words: the tagged clauses, in order
    if not listing:
        require_text(query, "the search query")
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    assistant = assistant_from_args(args)
    corpus = assistant.corpus
    hits = assistant.search(query, tags=args.tag, limit=args.limit)  # checks the tags too
    if args.json:
        print_json([h.model_dump(mode="json") for h in hits])
    elif not hits:
        print("no clauses with these tags" if listing else "no matching clauses")
    else:
        print(format_hits(hits, corpus, scored=not listing))
        tagged = sum(1 for c in corpus.clauses if set(args.tag) <= set(c.tags)) if listing else 0
        if tagged > len(hits):
            print(f"\n({tagged} clauses have these tags; the first {len(hits)} are shown: raise --limit to see more)")
    return 0
