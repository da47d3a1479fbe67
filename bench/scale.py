"""Retrieval at scale: a synthetic corpus, indexed in memory with either retriever.

Run by `bench/run.py` once per size, each in its own process, so that one size's
memory does not pollute the next. Prints one JSON object on stdout:

    python bench/scale.py --size 10000 --queries 200 [--index sparse]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import string
import sys
import time

SEED = 20091127
VOCABULARY_SIZE = 50_000
ZIPF_EXPONENT = 1.07
CLAUSE_WORDS = (40, 80)
CLAUSES_PER_POST = 10
TYPO_EVERY = 5  # one query in five carries a misspelt word (the fuzzy-matching path)
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


def vocabulary(rng: random.Random, size: int = VOCABULARY_SIZE) -> list[str]:
    """Distinct pronounceable pseudo-words (2-5 syllables), in rank order."""
    seen: dict[str, None] = {}
    while len(seen) < size:
        syllables = rng.randint(2, 5)
        word = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables))
        seen.setdefault(word, None)
    return list(seen)


def zipf_cum_weights(n: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1)))


def synthetic_corpus(size: int, seed: int = SEED):  # type: ignore[no-untyped-def]
    """`size` clauses of 40-80 words with Zipf-like word frequencies; same seed, same corpus."""
    from assistant.models.corpus import Authority, Clause, Corpus, CorpusHeader, Post, PostKind, SourceMeta, TagDef

    rng = random.Random(seed)
    vocab = vocabulary(rng)
    cum = zipf_cum_weights(len(vocab))
    tags = [TagDef(name=f"topic:t{i}", group="topic", description=f"synthetic topic {i}") for i in range(8)]
    clauses: list[Clause] = []
    posts: list[Post] = []
    offset = 0
    for p in range((size + CLAUSES_PER_POST - 1) // CLAUSES_PER_POST):
        post_id = f"p{p}"
        ids: list[str] = []
        for k in range(min(CLAUSES_PER_POST, size - p * CLAUSES_PER_POST)):
            words = rng.choices(vocab, cum_weights=cum, k=rng.randint(*CLAUSE_WORDS))
            text = " ".join(words).capitalize() + "."
            clause_id = f"{post_id}.{k + 1}"
            ids.append(clause_id)
            clauses.append(
                Clause(
                    id=clause_id,
                    post=post_id,
                    source="synthetic",
                    start=offset,
                    end=offset + len(text),
                    text=text,
                    author=f"author{p % 97}",
                    kind=PostKind.answer,
                    authority=Authority.answer,
                    tags=[tags[rng.randrange(len(tags))].name],
                )
            )
            offset += len(text) + 1
        posts.append(Post(id=post_id, source="synthetic", kind=PostKind.answer, author=f"author{p % 97}", clauses=ids))
    source = SourceMeta(
        id="synthetic", file="synthetic.txt", format="notes", title=f"synthetic corpus of {size} clauses"
    )
    corpus = Corpus(header=CorpusHeader(name="synthetic"), sources=[source], tags=tags, posts=posts, clauses=clauses)
    return corpus, vocab


def queries(count: int, corpus, vocab: list[str], seed: int = SEED + 1) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """(query, has_typo): 2-6 words taken from a random clause (so every word is in the corpus, and
    frequent words are frequent in queries too); every TYPO_EVERY-th query also carries a misspelt
    word, which sends the retriever down its fuzzy-matching path."""
    rng = random.Random(seed)
    known = set(vocab)
    out: list[tuple[str, bool]] = []
    for i in range(count):
        words = corpus.clauses[rng.randrange(len(corpus.clauses))].text.rstrip(".").lower().split()
        picked = rng.sample(words, k=min(len(words), rng.randint(2, 6)))
        typo = i % TYPO_EVERY == TYPO_EVERY - 1
        if typo:
            # A word of the query with one letter changed, so that it is not a known word.
            word = list(picked[0])
            while "".join(word) in known:
                word[rng.randrange(len(word))] = rng.choice(string.ascii_lowercase)
            picked.append("".join(word))
        out.append((" ".join(picked), typo))
    return out


def _rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a value that was actually observed."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100)
    return ordered[int(rank) - 1]


def measure(size: int, query_count: int, index: str = "rank-bm25") -> dict[str, object]:
    import rank_bm25  # noqa: F401  (imported up front so the build time is the index alone)

    from assistant.retrieval.choose import make_retriever

    rss_start = _rss_mb()
    t = time.perf_counter()
    corpus, vocab = synthetic_corpus(size)
    generate_s = time.perf_counter() - t
    rss_corpus = _rss_mb()

    t = time.perf_counter()
    retriever = make_retriever(corpus, index)
    retriever.search("warm", limit=1)  # rank-bm25 builds its index on first use
    build_s = time.perf_counter() - t

    qs = queries(query_count, corpus, vocab)
    retriever.search(qs[0][0])  # warm the stemmer cache and code paths once, uncounted
    retriever.search(next(q for q, typo in qs if typo))  # and the speller (built on the first typo)
    all_ms: list[float] = []
    plain_ms: list[float] = []
    typo_ms: list[float] = []
    for text, typo in qs:
        t = time.perf_counter()
        retriever.search(text, limit=10)
        ms = (time.perf_counter() - t) * 1000
        all_ms.append(ms)
        (typo_ms if typo else plain_ms).append(ms)
    return {
        "size": size,
        "index": index,
        "queries": len(qs),
        "vocabulary": len(retriever.vocabulary),
        "words": sum(len(c.text.split()) for c in corpus.clauses),
        "generate_s": round(generate_s, 3),
        "build_s": round(build_s, 3),
        "query_p50_ms": round(percentile(all_ms, 50), 3),
        "query_p99_ms": round(percentile(all_ms, 99), 3),
        "known_words_p50_ms": round(percentile(plain_ms, 50), 3) if plain_ms else None,
        "known_words_p99_ms": round(percentile(plain_ms, 99), 3) if plain_ms else None,
        "with_typo_p50_ms": round(percentile(typo_ms, 50), 3) if typo_ms else None,
        "with_typo_p99_ms": round(percentile(typo_ms, 99), 3) if typo_ms else None,
        "query_max_ms": round(max(all_ms), 3),
        "rss_start_mb": round(rss_start, 1),
        "rss_corpus_mb": round(rss_corpus, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True, help="number of clauses")
    parser.add_argument("--queries", type=int, default=200, help="number of timed queries")
    parser.add_argument("--index", default="rank-bm25", choices=("rank-bm25", "sparse"), help="the retriever")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.size, args.queries, args.index)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
