"""Reading and writing transcript files (YAML), with file:line errors.

Layout of a file::

    title: Two OEM servers, ten users
    notes: optional free text (kept by --update)
    turns:
      - user: 2 servers x 5 CALs, how many users?
        reply: |
          10 users ...
        expect:
          kind: answer
          figures:
            users_licensed: 10
          cites: [a2.4, a4.3]
          text_matches: ['\\b10 users\\b']
          not_text: ['per server']

PyYAML is imported lazily so that commands which never touch transcripts start fast.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.models.transcript import Expect, Transcript, Turn

if TYPE_CHECKING:
    import yaml


# ---------------------------------------------------------------- reading


def load_transcript(
    path: Path,
    clause_ids: Container[str],
    *,
    figures: Container[str] | None = None,
    intents: Container[str] | None = None,
) -> Transcript:
    """Read and validate one transcript; every problem is an AssistantError with file and line.
    `figures`, `intents`: the names the loaded packs know (None: not checked)."""
    from assistant.files import MAX_TRANSCRIPT_BYTES, read_file

    path = Path(path)
    try:
        raw = read_file(path, limit=MAX_TRANSCRIPT_BYTES)
    except FileNotFoundError:
        raise AssistantError("no such transcript file", file=str(path)) from None
    except OSError as exc:
        raise AssistantError(f"cannot read: {exc.strerror}", file=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AssistantError("not UTF-8 text", file=str(path), line=line) from None
    return parse_transcript(text, str(path), clause_ids, figures=figures, intents=intents)


def parse_transcript(
    text: str,
    file: str,
    clause_ids: Container[str],
    *,
    figures: Container[str] | None = None,
    intents: Container[str] | None = None,
) -> Transcript:
    from pydantic import ValidationError

    root, data = _compose(text, file)
    if not isinstance(data, dict):
        raise AssistantError(
            "a transcript is a mapping with 'title' and 'turns'", file=file, line=_line(root, ()) if root else 1
        )
    try:
        transcript = Transcript.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        raise AssistantError(f"{_where(loc)}: {_message(err)}", file=file, line=_line(root, loc)) from None
    for t, turn in enumerate(transcript.turns):
        for c, clause in enumerate(turn.expect.cites if turn.expect else ()):
            if clause not in clause_ids:
                loc = ("turns", t, "expect", "cites", c)
                hint = _nearest_clause(clause, clause_ids)
                raise AssistantError(
                    f"{_where(loc)}: unknown clause id '{clause}'{hint}", file=file, line=_line(root, loc)
                )
        expect = turn.expect
        if expect is None:
            continue
        from assistant.suggest import nearest

        for name in expect.figures if figures is not None else ():
            if name not in figures:  # type: ignore[operator]
                loc = ("turns", t, "expect", "figures", name)
                hint = "; " + nearest(name, list(figures))  # type: ignore[call-overload]
                raise AssistantError(
                    f"{_where(loc)}: no loaded rule pack has a figure '{name}'{hint}", file=file, line=_line(root, loc)
                )
        if intents is not None and expect.intent is not None and expect.intent not in intents:
            loc = ("turns", t, "expect", "intent")
            hint = "; " + nearest(expect.intent, list(intents))  # type: ignore[call-overload]
            raise AssistantError(
                f"{_where(loc)}: unknown intent '{expect.intent}'{hint}", file=file, line=_line(root, loc)
            )
    return transcript


def _compose(text: str, file: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the plain data built from it."""
    import yaml

    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                raise AssistantError("empty transcript file", file=file, line=1)
            _check_nodes(root, file)
            data = loader.construct_document(root)
        except RecursionError:
            # Where the reader had got to: about where the nesting became too deep.
            raise AssistantError("malformed YAML: nested too deeply", file=file, line=loader.line + 1) from None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise AssistantError(f"malformed YAML: {what}", file=file, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError: a control character in the stream
        position = getattr(exc, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else None
        raise AssistantError(f"malformed YAML: {exc}", file=file, line=line) from None
    return root, data


# PyYAML reads an integer with int(), which refuses more than 4,300 digits (no figure has them).
_MAX_INT_CHARS = 1000


def _check_nodes(node: yaml.Node, file: str) -> None:
    """Refuse, with a line number, what PyYAML would take silently or fail on without one:
    two equal keys (PyYAML keeps the last), and integers too long to convert."""
    import yaml

    stack = [node]
    seen_nodes: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes:  # aliases may share nodes
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: set[Any] = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        raise AssistantError(f"duplicate key '{key.value}'", file=file, line=key.start_mark.line + 1)
                    keys.add(key.value)
                stack += [key, value]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value
        elif current.tag == "tag:yaml.org,2002:int" and len(current.value) > _MAX_INT_CHARS:
            raise AssistantError("a number with too many digits", file=file, line=current.start_mark.line + 1)


def _line(root: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """The 1-based line of the node a pydantic error location points at (or its nearest parent)."""
    import yaml

    if root is None:
        return None
    node = root
    line = node.start_mark.line + 1
    for i, part in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            match = next(
                ((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None
            )
            if match is None:
                break
            key, node = match
            line = key.start_mark.line + 1
            if i + 1 < len(loc) and loc[i + 1] == "[key]":
                break  # the error is about the key itself
            if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
                continue  # a block scalar starts on its key's line
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _where(loc: Sequence[Any]) -> str:
    """('turns', 1, 'expect', 'figures') -> 'turn 2: expect.figures'."""
    parts = [p for p in loc if p != "[key]"]
    prefix = ""
    if len(parts) >= 2 and parts[0] == "turns" and isinstance(parts[1], int):
        prefix = f"turn {parts[1] + 1}: "
        parts = parts[2:]
    path = ""
    for p in parts:
        path += f"[{p}]" if isinstance(p, int) else (f".{p}" if path else str(p))
    return (prefix + path).rstrip(": ") or "transcript"


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key missing"
    message = str(err["msg"])
    return message.removeprefix("Value error, ")


def _nearest_clause(clause: str, clause_ids: Container[str]) -> str:
    from assistant.suggest import nearest

    try:
        return "; " + nearest(clause, list(clause_ids))  # type: ignore[call-overload]
    except TypeError:
        return ""


# ---------------------------------------------------------------- writing


def dump_transcript(transcript: Transcript) -> str:
    """The canonical text of a transcript: fixed key order, goldens as `|` blocks when possible.

    The result is checked by parsing it back, so a text the format cannot hold exactly is an
    error rather than a silently changed golden.
    """
    data = _plain(transcript)
    text = _spaced(_dump(data))
    if _reparse(text) != transcript:
        text = _dump(data)
        if _reparse(text) != transcript:
            raise AssistantError("cannot write this transcript so that it reads back identically")
    return text


def replace_goldens(text: str, file: str, goldens: Sequence[str], clause_ids: Container[str]) -> str:
    """`text` with each turn's `reply` set to `goldens[i]`, everything else kept as written
    (comments, layout, title, notes, expectations). Falls back to the canonical layout when
    the file's own layout cannot be edited in place."""
    transcript = parse_transcript(text, file, clause_ids)
    if len(goldens) != len(transcript.turns):
        raise ValueError("one golden per turn")
    wanted = transcript.model_copy(
        update={"turns": [t.model_copy(update={"reply": g}) for t, g in zip(transcript.turns, goldens, strict=True)]}
    )
    try:
        edited = _edit_in_place(text, goldens)
    except _CannotEdit:
        edited = None
    if edited is not None and _reparse(edited) == wanted:
        return edited
    return dump_transcript(wanted)


class _CannotEdit(Exception):
    pass


def _edit_in_place(text: str, goldens: Sequence[str]) -> str:
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    turns = next((v for k, v in root.value if k.value == "turns"), None)
    if not isinstance(turns, yaml.SequenceNode) or turns.flow_style:
        raise _CannotEdit
    edits: list[tuple[int, int, str]] = []
    for node, golden in zip(turns.value, goldens, strict=True):
        if not isinstance(node, yaml.MappingNode) or node.flow_style:
            raise _CannotEdit
        pairs = {k.value: (k, v) for k, v in node.value}
        if "reply" in pairs:
            key, value = pairs["reply"]
            if isinstance(value, yaml.ScalarNode) and value.value == golden:
                continue
            start, end = key.start_mark.index, _value_end(text, value)
            snippet = _indented(_dump({"reply": _Literal(golden)}), key.start_mark.column)
            if not text[start:end].endswith("\n"):
                # A quoted or plain scalar: take the rest of its line too, unless a comment follows.
                newline = text.find("\n", end)
                rest = text[end:] if newline < 0 else text[end:newline]
                if rest.strip():
                    # A comment: it stays on the key's line (YAML allows one after `|-` too).
                    first, _, others = snippet.partition("\n")
                    snippet = first + rest + "\n" + others
                end = len(text) if newline < 0 else newline + 1
            edits.append((start, end, snippet))
        else:
            key, value = pairs["user"]
            at = _value_end(text, value)
            if not text[:at].endswith("\n"):
                # After a quoted or plain scalar only a comment can follow on its line: keep it.
                newline = text.find("\n", at)
                if newline < 0:
                    edits.append((len(text), len(text), "\n"))
                    newline = len(text)
                at = newline + 1
            column = key.start_mark.column
            edits.append((at, at, " " * column + _indented(_dump({"reply": _Literal(golden)}), column)))
    for start, end, snippet in sorted(edits, reverse=True):
        text = text[:start] + snippet + text[end:]
    return text


def _value_end(text: str, node: yaml.Node) -> int:
    """Where a value's own text ends: block scalars' marks also cover the blank lines after
    them, which belong to the layout and are kept."""
    end = node.end_mark.index
    span = text[node.start_mark.index : end]
    trailing = len(span) - len(span.rstrip("\n"))
    value = node.value if isinstance(node.value, str) else ""
    own = max(1, len(value) - len(value.rstrip("\n"))) if trailing else 0
    return end - max(0, trailing - own)


def _indented(snippet: str, column: int) -> str:
    """Indent every line but the first (which goes where the old key stood) by `column`."""
    first, *rest = snippet.split("\n")
    pad = " " * column
    return "\n".join([first, *[pad + line if line else line for line in rest]])


def _reparse(text: str) -> Transcript | None:
    try:
        return parse_transcript(text, "<transcript>", AnyClause())
    except AssistantError:
        return None


class AnyClause:
    """A container holding every clause id (for re-reading text this module wrote itself)."""

    def __contains__(self, item: object) -> bool:
        return True


class _Literal(str):
    """A string written as a `|` block scalar when the text allows it."""


class _Flow(list):  # type: ignore[type-arg]
    """A list written on one line: `[a2.4, a4.3]`."""


def _plain(transcript: Transcript) -> dict[str, Any]:
    data: dict[str, Any] = {"title": _text(transcript.title)}
    if transcript.notes is not None:
        data["notes"] = _text(transcript.notes)
    if isinstance(transcript.corpus, str):
        data["corpus"] = _text(transcript.corpus)
    elif transcript.corpus is not None:
        data["corpus"] = _Flow([_text(c) for c in transcript.corpus])
    data["turns"] = [_plain_turn(turn) for turn in transcript.turns]
    return data


def _plain_turn(turn: Turn) -> dict[str, Any]:
    data: dict[str, Any] = {"user": _text(turn.user)}
    if turn.reply is not None:
        data["reply"] = _Literal(turn.reply)
    if turn.expect is not None:
        data["expect"] = _plain_expect(turn.expect)
    return data


def _plain_expect(expect: Expect) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if expect.kind is not None:
        data["kind"] = expect.kind.value
    if expect.intent is not None:
        data["intent"] = expect.intent
    if expect.verdict is not None:
        data["verdict"] = expect.verdict
    if expect.asks is not None:
        data["asks"] = expect.asks
    if expect.figures:
        data["figures"] = dict(expect.figures)
    if expect.cites:
        data["cites"] = _Flow(expect.cites)
    if expect.text_matches:
        data["text_matches"] = list(expect.text_matches)
    if expect.not_text:
        data["not_text"] = list(expect.not_text)
    return data


def _text(value: str) -> str:
    return _Literal(value) if "\n" in value else value


def _spaced(text: str) -> str:
    """A blank line between turns, for reading (checked by the caller's re-parse)."""
    head, sep, tail = text.partition("\n  - user:")
    return head + sep + tail.replace("\n  - user:", "\n\n  - user:")


def _dump(data: Any) -> str:
    import yaml

    return yaml.dump(
        data,
        Dumper=_dumper(),
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=2**31 - 1,  # never fold long lines: one golden line is one file line
        indent=2,
    )


# Characters PyYAML may write raw inside a block scalar and read back unchanged. Line breaks
# other than \n (\r, NEL, LS, PS) and the BOM would be normalised or dropped, so they are excluded.
_EXCLUDED = {"\r", "\x85", "\u2028", "\u2029", "\ufeff"}


def _block_safe(text: str) -> bool:
    if not text:
        return False
    for ch in text:
        if ch in ("\t", "\n"):
            continue
        if ch in _EXCLUDED:
            return False
        if not (" " <= ch <= "~" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000"):
            return False
    return True


@functools.cache
def _dumper() -> type:
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            # Indent list items under their key ("turns:\n  - user: ..."), as people write YAML.
            super().increase_indent(flow, False)

        def analyze_scalar(self, scalar: str):  # type: ignore[no-untyped-def]
            # PyYAML refuses a block scalar for text with trailing spaces or tabs, although a
            # literal block keeps both exactly; allowing it keeps such goldens readable.
            analysis = super().analyze_scalar(scalar)
            if not analysis.allow_block and _block_safe(scalar):
                analysis.allow_block = True
            if any(ch in _EXCLUDED for ch in scalar):
                # PyYAML writes these raw (even in quotes) and reads them back changed:
                # only the double-quoted style escapes them.
                analysis.allow_block = analysis.allow_single_quoted = False
                analysis.allow_flow_plain = analysis.allow_block_plain = False
            return analysis

    def literal(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="|")

    def flow(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:  # type: ignore[type-arg]
        return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)

    Dumper.add_representer(_Literal, literal)
    Dumper.add_representer(_Flow, flow)
    return Dumper
