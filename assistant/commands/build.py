"""`licensing-assistant build`: sources -> the built corpus shipped with the package."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="build the corpus from its sources (or --check it is up to date)",
        description="Parse corpus/sources, tag the clauses with corpus/tags.yaml, and write the built "
        "corpus (JSON lines) atomically. With --check, write nothing and fail if the file is stale.",
    )
    p.add_argument(
        "--corpus", metavar="DIR", help="folder with sources/ and tags.yaml (default: the repository's corpus/)"
    )
    p.add_argument("--out", metavar="FILE", help="where to write (default: the package's bundled corpus)")
    p.add_argument("--check", action="store_true", help="exit 1 if the built file differs from a fresh build")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.errors import AssistantError
    from assistant.files import MAX_CORPUS_BYTES, read_file, write_atomic
    from assistant.ingest.build import build_corpus
    from assistant.store import BUNDLED_CORPUS, REPO_CORPUS_DIR, dump_corpus

    corpus_dir = Path(args.corpus) if args.corpus else REPO_CORPUS_DIR
    if not corpus_dir.is_dir():
        raise AssistantError(
            "no corpus sources here (this is an installed copy?); pass --corpus DIR", file=str(corpus_dir)
        )
    out = Path(args.out) if args.out else BUNDLED_CORPUS
    corpus = build_corpus(corpus_dir)
    text = dump_corpus(corpus)
    summary = f"{len(corpus.sources)} source(s), {len(corpus.posts)} posts, {len(corpus.clauses)} clauses"
    if args.check:
        try:
            current = read_file(out, limit=MAX_CORPUS_BYTES).decode("utf-8", "replace")
        except OSError:
            current = None  # missing or unreadable: out of date
        if current != text:
            print(f"{out}: out of date with {corpus_dir}; run 'licensing-assistant build'", file=sys.stderr)
            return 1
        print(f"{out}: up to date ({summary})")
        return 0
    if not out.parent.is_dir():
        raise AssistantError("output folder does not exist", file=str(out.parent))
    try:
        write_atomic(out, text)
    except OSError as exc:  # a full disk, a read-only folder: the old file is left as it was
        raise AssistantError(f"cannot write: {exc.strerror or exc}", file=str(out)) from None
    print(f"wrote {out} ({summary})")
    return 0
