"""Reading rule packs: YAML -> checked `PackFile` -> a `Pack` bound to the loaded corpus.

Everything wrong with a pack is one `AssistantError` naming its file and line:
malformed YAML, a duplicate key or id, an unknown fact, figure, rule, quote or
function, a cycle between figures, a phrase or expression that cannot be read,
a quote not in its notes or in more than one clause. A pack whose notes are not
in the loaded corpus is not loaded; `skipped` says why. Nothing is half-loaded:
a pack is either whole or absent.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.models.corpus import Clause, Corpus
from assistant.models.packs import PackFile, PackSource

if TYPE_CHECKING:
    from assistant.packs.check import Compiled

PACK_SUFFIX = ".pack.yaml"
MAX_PACK_BYTES = 1_000_000


def pack_files(sources_dir: Path) -> list[Path]:
    """The packs of a sources folder, in name order (hidden files are an editor's, not packs)."""
    try:
        return sorted(
            p
            for p in sources_dir.iterdir()
            if p.is_file() and p.name.endswith(PACK_SUFFIX) and not p.name.startswith(".")
        )
    except OSError as exc:
        raise AssistantError(f"cannot list the folder: {exc.strerror}", file=str(sources_dir)) from None


def read_pack_sources(corpus_dir: Path) -> list[PackSource]:
    """The packs of a corpus folder, as a built corpus carries them."""
    from assistant.files import read_file

    sources_dir = corpus_dir / "sources" if (corpus_dir / "sources").is_dir() else corpus_dir
    found: list[PackSource] = []
    for path in pack_files(sources_dir):
        try:
            text = read_file(path, limit=MAX_PACK_BYTES).decode("utf-8")
        except UnicodeDecodeError:
            raise AssistantError("not UTF-8 text", file=str(path)) from None
        except OSError as exc:
            raise AssistantError(f"cannot read: {exc.strerror}", file=str(path)) from None
        found.append(PackSource(file=path.relative_to(corpus_dir).as_posix(), text=text))
    return found


# --- YAML with the line of every node --------------------------------------------------------


@dataclass
class Located:
    """A parsed YAML document and the line of each path in it ((key, index, …) -> line)."""

    data: Any
    lines: dict[tuple[Any, ...], int]

    def line(self, path: tuple[Any, ...]) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def parse_yaml(text: str, file: str) -> Located:
    import yaml

    try:
        # libyaml when present: the pure-Python scanner takes a fifth of a second on the thread's pack.
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise AssistantError(f"malformed YAML: {exc.problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise AssistantError(f"malformed YAML: {exc}", file=file) from None
    except RecursionError:
        raise AssistantError("malformed YAML: nested too deeply", file=file) from None
    if node is None:
        raise AssistantError("the file is empty", file=file, line=1)
    lines: dict[tuple[Any, ...], int] = {}
    data = _build(node, (), lines, file, yaml.constructor.SafeConstructor())
    return Located(data, lines)


def _build(node: Any, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int], file: str, scalars: Any) -> Any:
    import yaml

    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise AssistantError("a key must be plain text", file=file, line=key_node.start_mark.line + 1)
            key = key_node.value
            if key in out:
                raise AssistantError(f"duplicate key '{key}'", file=file, line=key_node.start_mark.line + 1)
            out[key] = _build(value_node, (*path, key), lines, file, scalars)
            # An entry is where its key is: a block mapping or list under it starts on the next
            # line, so "fact 'users' needs …" would otherwise point at the fact's first field.
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, (*path, i), lines, file, scalars) for i, v in enumerate(node.value)]
    # A scalar: PyYAML's resolver has tagged it (int, bool, null, str); construct it so.
    try:
        return scalars.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError):  # an int of more than 4,300 digits, a bad timestamp
        raise AssistantError(f"cannot read the value {node.value[:40]!r}", file=file, line=lines[path]) from None


def read_pack(source: PackSource) -> tuple[PackFile, Located, Compiled]:
    """The pack as written, checked against the schema and for internal consistency."""
    from pydantic import ValidationError

    located = parse_yaml(source.text, source.file)
    if not isinstance(located.data, dict):
        raise AssistantError("a pack is a mapping (pack:, title:, scope:, quotes:, rules: …)", file=source.file, line=1)
    try:
        pack = PackFile.model_validate(located.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        message = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise AssistantError(f"{where}: {message}", file=source.file, line=located.line(tuple(err["loc"]))) from None
    from assistant.packs.check import check_pack

    return pack, located, check_pack(pack, located, source.file)


# --- binding a pack to a corpus ----------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    file: str
    pack: str
    title: str
    why: str


def notes_of(pack: PackFile, file: str) -> list[str]:
    """The corpus-relative paths of the notes a pack cites."""
    folder = posixpath.dirname(file)
    if pack.notes:
        return [posixpath.normpath(posixpath.join(folder, n)) for n in pack.notes]
    stem = posixpath.basename(file)[: -len(PACK_SUFFIX)]
    return [posixpath.join(folder, stem)]  # any notes file of that name, whatever its suffix


def _is_note(source_file: str, wanted: str, explicit: bool) -> bool:
    if explicit:
        return source_file == wanted
    return posixpath.splitext(source_file)[0] == wanted


def find_quotes(pack: PackFile, located: Located, file: str, corpus: Corpus) -> dict[str, Clause] | str:
    """Each quote key's clause; or why the pack cannot be loaded on this corpus: its notes are
    absent, or they do not hold one of its quotes (edited since), or hold it in several clauses."""
    wanted = notes_of(pack, file)
    explicit = bool(pack.notes)
    sources = [s for s in corpus.sources if any(_is_note(s.file, w, explicit) for w in wanted)]
    if not sources:
        names = ", ".join(posixpath.basename(w) for w in wanted)
        return f"its notes ({names}{'' if explicit else '.*'}) are not in this corpus"
    ids = {s.id for s in sources}
    clauses: list[Clause] = []
    by_id = corpus.clause_by_id
    for post in corpus.posts:
        if post.source in ids:
            clauses += [by_id[c] for c in post.clauses]
    found: dict[str, Clause] = {}
    for key, quote in pack.quotes.items():
        holding = [c for c in clauses if quote in c.text]
        where = f"{file}:{located.line(('quotes', key))}"
        if not holding:
            hint = " (check curly quotes and spacing)" if any(ch in quote for ch in "'\"’“”") else ""
            return f"{where}: quote '{key}' is not in its notes{hint}: {quote[:60]!r}"
        if len(holding) > 1:
            ids_ = ", ".join(c.id for c in holding[:4])
            return f"{where}: quote '{key}' is in more than one clause ({ids_}): quote more words to say which"
        found[key] = holding[0]
    return found
