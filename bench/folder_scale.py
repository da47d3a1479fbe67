"""Loading and searching a folder of Markdown notes, through the Python API, per backend.

    python bench/folder_scale.py write --size 100000 --folder /tmp/notes    # the notes, seeded
    python bench/folder_scale.py load --folder /tmp/notes --index sparse --cache /tmp/cache

`load` times `Assistant.load(folder, index=...)` and then `.search(query, limit=10)` over
seeded queries (one in five with a misspelt word), and prints one JSON object: load
seconds, query p50/p99, peak memory, and the size of the cache folder. Run it twice with
the same cache folder for the first and the second load; rank-bm25 keeps nothing (it is
loaded with cache=False, as before the cache existed).
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from pathlib import Path

from scale import CLAUSE_WORDS, SEED, TYPO_EVERY, _rss_mb, percentile, vocabulary, zipf_cum_weights

PARAGRAPHS_PER_FILE = 1_000
PARAGRAPHS_PER_SECTION = 10


def write_notes(size: int, folder: Path) -> None:
    rng = random.Random(SEED)
    vocab = vocabulary(rng)
    cum = zipf_cum_weights(len(vocab))
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(0, size, PARAGRAPHS_PER_FILE):
        lines: list[str] = []
        for p in range(f, min(size, f + PARAGRAPHS_PER_FILE)):
            if p % PARAGRAPHS_PER_SECTION == 0:
                lines.append(f"# Section {p // PARAGRAPHS_PER_SECTION}\n")
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(*CLAUSE_WORDS))
            lines.append(" ".join(words).capitalize() + ".\n")
        (folder / f"notes-{f // PARAGRAPHS_PER_FILE:05d}.md").write_text("\n".join(lines), encoding="utf-8")


def queries(texts: list[str], count: int) -> list[tuple[str, bool]]:
    """(query, has_typo): 2-6 words of a clause; one in TYPO_EVERY also has a misspelt word."""
    rng = random.Random(SEED + 1)
    out: list[tuple[str, bool]] = []
    for i in range(count):
        words = texts[rng.randrange(len(texts))].rstrip(".").lower().split()
        picked = rng.sample(words, k=min(len(words), rng.randint(2, 6)))
        typo = i % TYPO_EVERY == TYPO_EVERY - 1
        if typo:
            word = list(picked[0])
            word[rng.randrange(len(word))] = rng.choice(string.ascii_lowercase)
            picked.append("".join(word))
        out.append((" ".join(picked), typo))
    return out


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6 if path.exists() else 0.0


def load(folder: Path, index: str, cache: Path, count: int) -> dict[str, object]:
    import os

    os.environ["LICENSING_ASSISTANT_CACHE_DIR"] = str(cache)
    import numpy  # noqa: F401  (imported up front: not part of the load time)

    from assistant.api import Assistant

    t = time.perf_counter()
    assistant = Assistant.load(folder, index=index, cache=index != "rank-bm25")
    retriever = assistant.retriever
    retriever.search("warm", limit=1)  # rank-bm25 builds its index on first use
    load_s = time.perf_counter() - t
    # The first misspelt word imports rapidfuzz and groups the spellings (once, ~20 ms):
    # a one-off, like the warm-up of the old in-memory figure, so not in the percentiles.
    assistant.search("warmup misspeltt", limit=1)
    rss_loaded = _rss_mb()
    clauses = assistant.corpus.clauses
    rng = random.Random(SEED + 2)
    texts = [clauses[rng.randrange(len(clauses))].text for _ in range(500)]
    ms: list[float] = []
    known: list[float] = []
    for q, typo in queries(texts, count):
        t = time.perf_counter()
        assistant.search(q, limit=10)
        ms.append((time.perf_counter() - t) * 1000)
        if not typo:
            known.append(ms[-1])
    return {
        "index": index,
        "backend": assistant.backend,
        "clauses": len(clauses),
        "vocabulary": len(retriever.vocabulary),
        "load_s": round(load_s, 2),
        "query_p50_ms": round(percentile(ms, 50), 2),
        "query_p99_ms": round(percentile(ms, 99), 2),
        "known_words_p99_ms": round(percentile(known, 99), 2) if known else None,
        "rss_after_load_mb": round(rss_loaded, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "cache_mb": round(folder_mb(cache), 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=("write", "load"))
    p.add_argument("--folder", type=Path, required=True)
    p.add_argument("--size", type=int, default=10_000)
    p.add_argument("--index", default="sparse", choices=("rank-bm25", "sparse"))
    p.add_argument("--cache", type=Path)
    p.add_argument("--queries", type=int, default=200)
    args = p.parse_args(argv)
    if args.action == "write":
        write_notes(args.size, args.folder)
        return 0
    if args.cache is None:
        p.error("load needs --cache")
    print(json.dumps(load(args.folder, args.index, args.cache, args.queries)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    raise SystemExit(main())
