"""A corrupted built corpus or source file: one line on stderr naming the file and the line,
a non-zero exit, no traceback (`python -m assistant search x --corpus BAD`)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from robust_helpers import check_one_line_error, run_cli

from assistant.store import BUNDLED_CORPUS, REPO_CORPUS_DIR

Lines = list[str]


def _first_clause(lines: Lines) -> int:
    """Index (0-based) of the first clause record."""
    return next(i for i, line in enumerate(lines) if json.loads(line).get("record") == "clause")


def _edit_clause(change: Callable[[dict], None]) -> Callable[[Lines], int]:
    def corrupt(lines: Lines) -> int:
        i = _first_clause(lines) + 3
        record = json.loads(lines[i])
        change(record)
        lines[i] = json.dumps(record)
        return i + 1

    return corrupt


def _replace_line(text: str) -> Callable[[Lines], int]:
    def corrupt(lines: Lines) -> int:
        i = _first_clause(lines) + 1
        lines[i] = text
        return i + 1

    return corrupt


def _truncate(lines: Lines) -> int:
    lines[-1] = lines[-1][: len(lines[-1]) // 2]
    return len(lines)


def _second_header(lines: Lines) -> int:
    lines.insert(5, lines[0])
    return 6


def _drop_header(lines: Lines) -> int:
    del lines[0]
    return 1


def _empty(lines: Lines) -> int:
    lines.clear()
    return 1


def _duplicate_clause(lines: Lines) -> int:
    i = _first_clause(lines) + 2
    lines.insert(i + 1, lines[i])
    return i + 2


def _drop(key: str) -> Callable[[dict], None]:
    return lambda record: record.pop(key)


def _set(key: str, value: object) -> Callable[[dict], None]:
    return lambda record: record.__setitem__(key, value)


CORRUPTIONS: dict[str, Callable[[Lines], int]] = {
    "garbage line": _replace_line("{not json at all"),
    "truncated file": _truncate,
    "NUL bytes": _replace_line("\x00\x00\x00"),
    "not an object": _replace_line("[1, 2, 3]"),
    "unknown record type": _edit_clause(_set("record", "clayse")),
    "missing field": _edit_clause(_drop("text")),
    "wrong type": _edit_clause(_set("start", "ten")),
    "extra field": _edit_clause(_set("colour", "red")),
    "no header": _drop_header,
    "second header": _second_header,
    "empty file": _empty,
    # Noticed only once every line is read, and still reported at the record's line.
    "unknown post": _edit_clause(_set("post", "zz")),
    "unknown tag": _edit_clause(_set("tags", ["nope:nothing"])),
    "duplicate clause id": _duplicate_clause,
}


def _write_corrupt(tmp_path: Path, corrupt: Callable[[Lines], int]) -> tuple[Path, int]:
    lines = BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()
    line = corrupt(lines)
    bad = tmp_path / "bad corpus.jsonl"
    bad.write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
    return bad, line


def _check(bad: Path, line: int | None) -> None:
    proc = run_cli("search", "x", "--corpus", str(bad))
    message = check_one_line_error(proc)
    assert proc.returncode == 1, message
    assert str(bad) in message, message
    if line is not None:
        assert f"{bad}:{line}: " in message, f"expected line {line}: {message}"
    else:
        assert re.search(rf"{re.escape(str(bad))}:\d+: ", message), f"no line number: {message}"


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_a_corrupt_built_corpus_names_file_and_line(tmp_path: Path, corruption: str) -> None:
    bad, line = _write_corrupt(tmp_path, CORRUPTIONS[corruption])
    _check(bad, line)


def test_a_built_corpus_that_is_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    lines = BUNDLED_CORPUS.read_bytes().splitlines(keepends=True)
    lines[7] = b'{"record": "cl\xff\xfeause"}\n'
    bad = tmp_path / "latin.jsonl"
    bad.write_bytes(b"".join(lines))
    _check(bad, 8)


# --- corrupt sources (a folder: sources/ and tags.yaml, built in memory) -----------------------


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    if not REPO_CORPUS_DIR.is_dir():
        pytest.skip("the corpus sources are only in a checkout of the repository")
    target = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS_DIR, target)
    return target


def _insert_line(path: Path, at: int, text: bytes) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    lines.insert(at - 1, text)
    path.write_bytes(b"".join(lines))


def test_malformed_tag_vocabulary_names_file_and_line(corpus_dir: Path) -> None:
    tags = corpus_dir / "tags.yaml"
    _insert_line(tags, 4, b"  patterns: [unclosed, \n")
    _check(tags, None)


def test_a_source_that_is_not_utf8_names_file_and_line(corpus_dir: Path) -> None:
    source = next((corpus_dir / "sources").glob("*.txt"))
    _insert_line(source, 12, b"caf\xe9 au lait\n")
    _check(source, 12)


def test_malformed_source_metadata_names_file_and_line(corpus_dir: Path) -> None:
    meta = next((corpus_dir / "sources").glob("*.meta.yaml"))
    _insert_line(meta, 3, b"title: [oops\n")
    _check(meta, None)


def test_an_empty_notes_file_names_file_and_line(corpus_dir: Path) -> None:
    notes = corpus_dir / "sources" / "my-notes.md"
    notes.write_text("\n\n", encoding="utf-8")
    _check(notes, 1)
