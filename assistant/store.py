"""Read and write the built corpus (JSON lines)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import AssistantError
from assistant.files import write_atomic  # noqa: F401  (bench/run.py and work in progress import it from here)
from assistant.models.corpus import Clause, Corpus, CorpusHeader, PackSource, Post, SourceMeta, TagDef

BUNDLED_CORPUS = Path(__file__).parent / "data" / "corpus.jsonl"
# The corpus sources, present in a checkout of the repository (not in an install).
REPO_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

_RECORDS: dict[str, type[CorpusHeader | SourceMeta | TagDef | Post | Clause | PackSource]] = {
    "corpus": CorpusHeader,
    "pack": PackSource,
    "source": SourceMeta,
    "tag": TagDef,
    "post": Post,
    "clause": Clause,
}


def dump_corpus(corpus: Corpus) -> str:
    """One record per line, keys in a fixed order: the same corpus gives the same text."""
    records: list[CorpusHeader | SourceMeta | TagDef | Post | Clause | PackSource] = [
        corpus.header,
        *corpus.sources,
        *corpus.tags,
        *corpus.posts,
        *corpus.clauses,
        *corpus.packs,
    ]
    return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)


def parse_corpus(text: str, file: str) -> Corpus:
    header: CorpusHeader | None = None
    parts: dict[str, list] = {"source": [], "tag": [], "post": [], "clause": [], "pack": []}
    clause_lines: list[int] = []  # line of each clause record, for errors found after parsing
    post_lines: list[int] = []
    from pydantic import ValidationError

    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AssistantError(f"not valid JSON ({exc.msg})", file=file, line=number) from None
        except ValueError:  # Python refuses to read an integer of more than 4,300 digits
            raise AssistantError("not valid JSON (a number with too many digits)", file=file, line=number) from None
        except RecursionError:
            raise AssistantError("not valid JSON (nested too deeply)", file=file, line=number) from None
        kind = raw.get("record") if isinstance(raw, dict) else None
        model = _RECORDS.get(kind) if isinstance(kind, str) else None
        if model is None:
            raise AssistantError(f"unknown record type {kind!r}", file=file, line=number)
        try:
            record = model.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise AssistantError(f"bad {kind} record: {where}: {err['msg']}", file=file, line=number) from None
        if isinstance(record, CorpusHeader):
            if header is not None:
                raise AssistantError("a second corpus header", file=file, line=number)
            header = record
        else:
            parts[kind].append(record)
            if kind == "clause":
                clause_lines.append(number)
            elif kind == "post":
                post_lines.append(number)
    if header is None:
        raise AssistantError("no corpus header record; rebuild with `licensing-assistant build`", file=file, line=1)
    corpus = Corpus(
        header=header,
        sources=parts["source"],
        tags=parts["tag"],
        posts=parts["post"],
        clauses=parts["clause"],
        packs=parts["pack"],
    )
    _check_references(corpus, file, clause_lines, post_lines)
    return corpus


def _check_references(corpus: Corpus, file: str, lines: list[int], post_lines: list[int]) -> None:
    posts = corpus.post_by_id
    clauses = corpus.clause_by_id
    tags = set(corpus.tag_names)
    seen: set[str] = set()
    for clause, line in zip(corpus.clauses, lines, strict=True):
        if clause.post not in posts:
            raise AssistantError(f"clause {clause.id} names an unknown post {clause.post}", file=file, line=line)
        unknown = [t for t in clause.tags if t not in tags]
        if unknown:
            raise AssistantError(f"clause {clause.id} has tags not in the vocabulary: {unknown}", file=file, line=line)
        if clause.id in seen:
            raise AssistantError(f"a second clause with the id {clause.id}", file=file, line=line)
        seen.add(clause.id)
    for post, line in zip(corpus.posts, post_lines, strict=True):
        # `show` and the chat open a clause within its post: every clause a post lists must exist.
        missing = [c for c in post.clauses if c not in clauses]
        if missing:
            raise AssistantError(
                f"post {post.id} names clauses that are not in the corpus: {missing}", file=file, line=line
            )
        wrong = [c for c in post.clauses if clauses[c].post != post.id]
        if wrong:
            raise AssistantError(f"post {post.id} names clauses of another post: {wrong}", file=file, line=line)


def load_corpus(path: Path | None = None) -> Corpus:
    """The built corpus at `path`, or the one bundled with the package."""
    from assistant.files import MAX_CORPUS_BYTES, read_file

    path = Path(path) if path else BUNDLED_CORPUS
    try:
        data = read_file(path, limit=MAX_CORPUS_BYTES)
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise AssistantError("built corpus not found; run `licensing-assistant build`", file=str(path)) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AssistantError("built corpus is not UTF-8 text", file=str(path), line=line) from None
    except OSError as exc:
        raise AssistantError(f"cannot read: {exc.strerror}", file=str(path)) from None
    return parse_corpus(text, str(path))


def open_corpus(location: Path | None = None) -> Corpus:
    """What `--corpus` names: a built `.jsonl` file, or a folder of sources built in memory."""
    if location is None:
        return load_corpus()
    location = Path(location)
    try:
        is_dir = location.is_dir()
    except OSError as exc:  # a name too long, a loop of links
        raise AssistantError(f"cannot open: {exc.strerror}", file=str(location)) from None
    if is_dir:
        from assistant.ingest.build import build_corpus, pattern_tags

        return build_corpus(location, vocabulary=pattern_tags(load_corpus().tags))
    return load_corpus(location)


def merge_corpora(corpora: list[Corpus]) -> Corpus:
    """Several corpora as one: every source, post, clause and pack; each tag once."""
    if not corpora:
        raise AssistantError("no corpus given")
    seen_sources: set[str] = set()
    seen_clauses: set[str] = set()
    for corpus in corpora:
        for source in corpus.sources:
            if source.id in seen_sources:
                raise AssistantError(f"two corpora hold the same source '{source.id}': give it only once")
            seen_sources.add(source.id)
        for clause in corpus.clauses:
            if clause.id in seen_clauses:
                raise AssistantError(f"two corpora hold a clause with the id {clause.id}; give a source an id_prefix")
            seen_clauses.add(clause.id)
    tags: dict[str, TagDef] = {}
    for corpus in corpora:
        for tag in corpus.tags:
            tags.setdefault(tag.name, tag)
    return Corpus(
        header=CorpusHeader(name=" + ".join(c.header.name for c in corpora)),
        sources=[s for c in corpora for s in c.sources],
        tags=list(tags.values()),
        posts=[p for c in corpora for p in c.posts],
        clauses=[cl for c in corpora for cl in c.clauses],
        packs=[p for c in corpora for p in c.packs],
    )
