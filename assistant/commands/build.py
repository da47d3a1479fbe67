"""`licensing-assistant build`: sources -> the built corpus shipped with the package."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.models.corpus import Corpus


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="build the corpus from its sources (or --check it is up to date), checking its rule packs",
        description="Parse corpus/sources, tag the clauses with corpus/tags.yaml, check the rule packs beside "
        "the notes (every quote found in one clause of them) and run their worked examples, then write the "
        "built corpus (JSON lines, packs included) atomically. With --check, write nothing and fail if a pack "
        "or an example fails or the file is stale. Example: licensing-assistant build --check --corpus "
        "examples/rds-cals/notes (a folder of notes with no tags.yaml: its packs and examples only, unless "
        "--out names a file).",
    )
    p.add_argument(
        "--corpus",
        metavar="DIR",
        help="folder with sources/ and tags.yaml, or a folder of notes (default: the repository's corpus/)",
    )
    p.add_argument("--out", metavar="FILE", help="where to write (default: the package's bundled corpus)")
    p.add_argument(
        "--check", action="store_true", help="exit 1 if a pack or worked example fails or the built file is stale"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.errors import AssistantError
    from assistant.files import MAX_CORPUS_BYTES, read_file, write_atomic
    from assistant.ingest.build import build_corpus, pattern_tags
    from assistant.store import BUNDLED_CORPUS, REPO_CORPUS_DIR, dump_corpus, load_corpus

    corpus_dir = Path(args.corpus) if args.corpus else REPO_CORPUS_DIR
    if not corpus_dir.is_dir():
        raise AssistantError(
            "no corpus sources here (this is an installed copy?); pass --corpus DIR", file=str(corpus_dir)
        )
    # A folder of notes (no tags.yaml of its own) has no built file to compare: its packs are checked.
    notes_only = not (corpus_dir / "tags.yaml").exists()
    out = Path(args.out) if args.out else (None if notes_only else BUNDLED_CORPUS)
    vocabulary = pattern_tags(load_corpus().tags) if notes_only else None
    corpus = build_corpus(corpus_dir, vocabulary=vocabulary)
    text = dump_corpus(corpus)
    packs, examples, problems = _check_packs(corpus)
    summary = (
        f"{len(corpus.sources)} source(s), {len(corpus.posts)} posts, {len(corpus.clauses)} clauses, "
        f"{packs} rule pack(s), {examples} worked example(s)"
    )
    for problem in problems:
        print(f"licensing-assistant: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the rule packs of {corpus_dir}; nothing written", file=sys.stderr)
        return 1
    if out is None:
        print(f"{corpus_dir}: rule packs and worked examples hold ({summary})")
        return 0
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


def _check_packs(corpus: Corpus) -> tuple[int, int, list[str]]:
    """Packs loaded, worked examples run, and every problem: a pack that does not load on its own
    notes (a quote edited away), an example whose figures are not what it says."""
    from assistant.api import Assistant
    from assistant.packs.examples import run_examples

    assistant = Assistant(corpus)
    packs = assistant.packs  # a malformed pack raises here: one line naming file and line
    problems = [f"{s.file}: not loaded: {s.why}" for s in packs.skipped]
    for pack in packs.loaded:
        problems += run_examples(assistant, pack)
    return len(packs.loaded), sum(len(p.data.examples) for p in packs.loaded), problems
