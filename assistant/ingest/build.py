"""Build the corpus: sources -> posts -> clauses with tags -> a JSON-lines file.

The same sources always give the same file, byte for byte, so `build --check`
can tell whether the bundled corpus is up to date.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.files import MAX_META_BYTES, MAX_SOURCE_BYTES, read_file
from assistant.ingest.notes import parse_notes
from assistant.ingest.spans import RawPost, Span, clause_spans
from assistant.ingest.thread import parse_thread
from assistant.models.corpus import (
    Authority,
    Clause,
    Corpus,
    CorpusHeader,
    Post,
    PostKind,
    SourceMeta,
    TagDef,
)

SOURCE_SUFFIXES = (".txt", ".md", ".markdown")
META_SUFFIX = ".meta.yaml"

# Tag groups that come from a clause's post, not from patterns in tags.yaml.
DERIVED_GROUPS = frozenset({"kind", "authority"})


def pattern_tags(tags: list[TagDef]) -> list[TagDef]:
    """The tags of a vocabulary that tags.yaml defines (not the derived ones)."""
    return [t for t in tags if t.group not in DERIVED_GROUPS]


def _with_article(noun: str) -> str:
    """'an answer', 'a comment', 'your own notes', 'a section of your own notes'."""
    if noun == Authority.notes.value:
        return f"your {noun}"
    if noun == PostKind.section.value:
        return f"a {noun} of your {Authority.notes.value}"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


DERIVED_TAGS: list[TagDef] = [
    TagDef(name=f"kind:{k.value}", group="kind", description=f"Clauses from {_with_article(k.value)}") for k in PostKind
] + [
    TagDef(
        name=f"authority:{a.name}",
        group="authority",
        description=f"Clauses with the authority of {_with_article(a.value)}",
    )
    for a in Authority
]


def _yaml_load(path: Path) -> tuple[Any, Any]:
    """Parse a YAML file; return (data, node tree) so callers can report lines."""
    import yaml

    try:
        text = read_file(path, limit=MAX_META_BYTES).decode("utf-8")
        return yaml.safe_load(text), yaml.compose(text)
    except OSError as exc:
        raise AssistantError(f"cannot read: {exc.strerror}", file=str(path)) from None
    except UnicodeDecodeError:
        raise AssistantError("not UTF-8 text", file=str(path)) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise AssistantError(f"malformed YAML: {exc.problem}", file=str(path), line=line) from None
    except yaml.YAMLError as exc:
        raise AssistantError(f"malformed YAML: {exc}", file=str(path)) from None
    except RecursionError:
        raise AssistantError("malformed YAML: nested too deeply", file=str(path)) from None
    except ValueError:  # PyYAML's int() of a number over 4,300 digits
        raise AssistantError("malformed YAML: a number with too many digits", file=str(path)) from None


def _key_lines(node: Any) -> dict[str, int]:
    """Line of each top-level key of a YAML mapping node."""
    if node is None or not hasattr(node, "value") or not isinstance(node.value, list):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}


def load_vocabulary(path: Path) -> list[TagDef]:
    data, node = _yaml_load(path)
    if not isinstance(data, dict):
        raise AssistantError("expected a mapping of tag -> {description, patterns}", file=str(path), line=1)
    lines = _key_lines(node)
    tags: list[TagDef] = []
    for name, body in data.items():
        line = lines.get(str(name))  # YAML may read a key such as 42 as a number
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9-]+:[a-z0-9-]+", name):
            raise AssistantError(f"tag name {name!r} is not of the form group:name", file=str(path), line=line)
        if not isinstance(body, dict) or set(body) - {"description", "patterns"}:
            raise AssistantError(f"tag {name} needs only 'description' and 'patterns'", file=str(path), line=line)
        patterns = body.get("patterns") or []
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise AssistantError(f"tag {name}: patterns must be a list of strings", file=str(path), line=line)
        for pattern in patterns:
            try:
                compiled = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise AssistantError(f"tag {name}: bad pattern {pattern!r}: {exc}", file=str(path), line=line) from None
            if compiled.search(""):
                # It would match every clause, which no one means.
                raise AssistantError(f"tag {name}: pattern {pattern!r} matches empty text", file=str(path), line=line)
        group = name.split(":", 1)[0]
        if group in DERIVED_GROUPS:
            raise AssistantError(f"tag {name}: the group '{group}' is derived, not listed", file=str(path), line=line)
        tags.append(TagDef(name=name, group=group, description=str(body.get("description", "")), patterns=patterns))
    return tags


def _load_meta(path: Path, stem: str) -> tuple[dict[str, Any], dict[str, int]]:
    meta_path = path.with_name(stem + META_SUFFIX)
    if not meta_path.exists():
        return {}, {}
    data, node = _yaml_load(meta_path)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise AssistantError("expected a mapping", file=str(meta_path), line=1)
    lines = _key_lines(node)
    # Keys the builder reads itself (SourceMeta checks the rest): a number as the author would
    # otherwise fail later, far from this file.
    if "author" in data and not isinstance(data["author"], str | None):
        raise AssistantError(
            f"'author' must be a name, not {repr(data['author'])[:40]}", file=str(meta_path), line=lines.get("author")
        )
    if not isinstance(data.get("quotes") or [], list):
        raise AssistantError(
            "'quotes' must be a list of {from, to, speaker}", file=str(meta_path), line=lines.get("quotes")
        )
    return data, lines


def _quote_ranges(text: str, meta: dict[str, Any], meta_file: str, lines: dict[str, int]) -> list[tuple[Span, str]]:
    ranges: list[tuple[Span, str]] = []
    for quote in meta.get("quotes") or []:
        try:
            start = text.index(quote["from"])
            end = text.index(quote["to"], start) + len(quote["to"])
        except (KeyError, TypeError, ValueError):
            raise AssistantError(
                "a quote's 'from'/'to' text is not in the source", file=meta_file, line=lines.get("quotes")
            ) from None
        ranges.append((Span(start, end), str(quote.get("speaker", "vendor"))))
    return ranges


# The literal text a pattern starts with (after any \b), up to its first special character.
_LEADING_LITERAL = re.compile(r"(?:\\b)*([A-Za-z0-9 ,/-]+)(.?)")


def required_literal(pattern: str) -> str | None:
    """Lower-cased text every match of `pattern` contains, or None when it cannot tell.

    A pattern such as `\\bper[- ]server\\b` can only match text holding "per"; checking that
    with `in` first skips most of the 70 tag searches a clause would otherwise cost, which are
    most of the time a large notes folder takes to build.
    """
    if _top_level_branch(pattern):
        return None
    m = _LEADING_LITERAL.match(pattern)
    if not m:
        return None
    literal = m.group(1)
    if m.group(2) in ("?", "*", "{", "+"):
        literal = literal[:-1]  # the last character is optional or repeated
    return literal.lower() if len(literal) >= 3 else None


def _top_level_branch(pattern: str) -> bool:
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


class _TagMatcher:
    """Does a clause's text match any of a tag's patterns (case-insensitively)?"""

    def __init__(self, patterns: list[str]) -> None:
        self.checks = [(required_literal(p), re.compile(p, re.IGNORECASE)) for p in patterns]

    def matches(self, text: str, lowered: str | None) -> bool:
        # The literal check is exact only for ASCII text: re's case-insensitive matching also
        # pairs some non-ASCII letters with ASCII ones ("ſ" with "s"); `lowered` is None then.
        return any(
            (literal is None or lowered is None or literal in lowered) and p.search(text) for literal, p in self.checks
        )


class _Builder:
    def __init__(self, vocabulary: list[TagDef]) -> None:
        self.vocabulary = vocabulary
        self.matchers = [(t.name, _TagMatcher(t.patterns)) for t in vocabulary]
        self.sources: list[SourceMeta] = []
        self.posts: list[Post] = []
        self.clauses: list[Clause] = []

    def tags_for(self, text: str, kind: PostKind, authority: Authority) -> list[str]:
        lowered = text.lower() if text.isascii() else None
        tags = [name for name, matcher in self.matchers if matcher.matches(text, lowered)]
        return [*tags, f"kind:{kind.value}", f"authority:{authority.name}"]

    def add_source(self, path: Path, root: Path) -> None:
        stem = path.name[: -len(path.suffix)]
        rel = path.relative_to(root).as_posix()
        meta, lines = _load_meta(path, stem)
        try:
            data = read_file(path, limit=MAX_SOURCE_BYTES)
        except OSError as exc:
            raise AssistantError(f"cannot read: {exc.strerror}", file=str(path)) from None
        # Windows editors start UTF-8 files with a byte-order mark; it is not text, and left in
        # it would hide a heading on the first line. Offsets count from after it.
        data = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise AssistantError("not UTF-8 text", file=str(path), line=line) from None
        fmt = meta.get("format", "notes")
        prefix = str(meta["id_prefix"]) if "id_prefix" in meta else _id_part(stem)
        known = set(SourceMeta.model_fields) - {"record", "id", "file", "format", "dropped"}
        fields = {k: v for k, v in meta.items() if k in known}
        fields.setdefault("title", stem)
        try:
            source = SourceMeta(id=str(meta.get("id", stem)), file=rel, format=fmt, **fields)
        except Exception as exc:  # pydantic's ValidationError, reported in one line
            raise AssistantError(
                f"bad metadata: {exc}".splitlines()[0], file=str(path.with_name(stem + META_SUFFIX))
            ) from None
        accepted: str | None = None
        quotes: list[tuple[Span, str]] = []
        if fmt == "stackexchange-thread":
            parsed = parse_thread(text, str(path))
            raw_posts, accepted = parsed.posts, parsed.accepted
            source = source.model_copy(update={"dropped": parsed.dropped})
            quotes = _quote_ranges(text, meta, str(path.with_name(stem + META_SUFFIX)), lines)
        else:
            raw_posts = parse_notes(text)
            if not raw_posts:
                raise AssistantError("no text to index", file=str(path), line=1)
        self.sources.append(source)
        for raw in raw_posts:
            self._add_post(raw, text, source, prefix, accepted, quotes, meta)

    def _add_post(
        self,
        raw: RawPost,
        text: str,
        source: SourceMeta,
        prefix: str,
        accepted: str | None,
        quotes: list[tuple[Span, str]],
        meta: dict[str, Any],
    ) -> None:
        def qualify(key: str) -> str:
            return f"{prefix}.{key}" if prefix else key

        kind = PostKind(raw.kind)
        is_accepted = raw.key == accepted
        post_id = qualify(raw.key)
        clause_ids: list[str] = []
        spans = [s for para in raw.paragraphs for s in clause_spans(text, para)]
        for n, span in enumerate(spans, start=1):
            speaker = next((who for rng, who in quotes if rng.start <= span.start and span.end <= rng.end), None)
            authority = _authority(kind, is_accepted, speaker)
            cid = f"{post_id}.{n}"
            clause_ids.append(cid)
            self.clauses.append(
                Clause(
                    id=cid,
                    post=post_id,
                    source=source.id,
                    start=span.start,
                    end=span.end,
                    text=span.text(text),
                    author=raw.author or meta.get("author"),
                    kind=kind,
                    authority=authority,
                    quotes=speaker,
                    tags=self.tags_for(span.text(text), kind, authority),
                )
            )
        self.posts.append(
            Post(
                id=post_id,
                source=source.id,
                kind=kind,
                author=raw.author or meta.get("author"),
                date=raw.date,
                parent=qualify(raw.parent) if raw.parent else None,
                accepted=is_accepted,
                title=raw.title,
                clauses=clause_ids,
            )
        )


def _id_part(stem: str) -> str:
    """A file stem as part of a clause id: "Branch Office" -> "branch-office" (no spaces or dots,
    which would make ids hard to type and to split into post and clause)."""
    return re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-") or "notes"


def _authority(kind: PostKind, accepted: bool, speaker: str | None) -> Authority:
    if speaker:
        return Authority.vendor
    if kind is PostKind.answer:
        return Authority.accepted if accepted else Authority.answer
    if kind is PostKind.section:
        return Authority.notes
    return Authority(kind.value)


def source_files(sources_dir: Path) -> list[Path]:
    # Hidden files are an editor's or an OS's (".~lock", macOS "._notes.md"), not notes.
    try:
        files = sorted(
            p
            for p in sources_dir.iterdir()
            if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")
        )
    except OSError as exc:  # a folder one may not read
        raise AssistantError(f"cannot list the folder: {exc.strerror}", file=str(exc.filename or sources_dir)) from None
    return files


def corpus_inputs(corpus_dir: Path, vocabulary: list[TagDef] | None = None) -> tuple[Path, list[TagDef], list[Path]]:
    """What a corpus folder holds: its sources folder, its tag vocabulary (its own tags.yaml,
    else `vocabulary`) and its source files, in build order."""
    if not corpus_dir.is_dir():
        raise AssistantError("corpus folder not found", file=str(corpus_dir))
    sources_dir = corpus_dir / "sources" if (corpus_dir / "sources").is_dir() else corpus_dir
    tags_file = corpus_dir / "tags.yaml"
    if tags_file.exists():
        vocabulary = load_vocabulary(tags_file)
    elif vocabulary is None:
        raise AssistantError("no tags.yaml in the corpus folder", file=str(corpus_dir))
    files = source_files(sources_dir)
    if not files:
        raise AssistantError(f"no source files ({', '.join(SOURCE_SUFFIXES)})", file=str(sources_dir))
    return sources_dir, vocabulary, files


def build_source(path: Path, root: Path, vocabulary: list[TagDef]) -> tuple[SourceMeta, list[Post], list[Clause]]:
    """One source file's record, posts and clauses (what the cache keeps per file)."""
    builder = _Builder(vocabulary)
    builder.add_source(path, root)
    return builder.sources[0], builder.posts, builder.clauses


def check_unique_ids(clauses: list[Clause], corpus_dir: Path) -> None:
    seen: set[str] = set()
    for clause in clauses:
        if clause.id in seen:
            raise AssistantError(
                f"two clauses share the id {clause.id}; give a source an id_prefix", file=str(corpus_dir)
            )
        seen.add(clause.id)


def build_corpus(corpus_dir: Path, vocabulary: list[TagDef] | None = None, name: str | None = None) -> Corpus:
    """Build a corpus from a folder holding `sources/` (or the sources themselves) and `tags.yaml`."""
    _, vocabulary, files = corpus_inputs(corpus_dir, vocabulary)
    builder = _Builder(vocabulary)
    for path in files:
        builder.add_source(path, corpus_dir)
    check_unique_ids(builder.clauses, corpus_dir)
    from assistant.packs.load import read_pack_sources

    return Corpus(
        header=CorpusHeader(name=name or corpus_dir.resolve().name),
        sources=builder.sources,
        tags=[*vocabulary, *DERIVED_TAGS],
        posts=builder.posts,
        clauses=builder.clauses,
        packs=read_pack_sources(corpus_dir),
    )
