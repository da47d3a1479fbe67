"""The built corpus file: round trip, stable ids, `build --check`, load errors, atomic writes."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from assistant import files
from assistant.cli import main
from assistant.errors import AssistantError
from assistant.files import write_atomic
from assistant.ingest.build import build_corpus
from assistant.models.corpus import Corpus
from assistant.store import BUNDLED_CORPUS, REPO_CORPUS_DIR, dump_corpus, load_corpus, parse_corpus


def test_dump_then_parse_round_trips(built: Corpus) -> None:
    text = dump_corpus(built)
    again = parse_corpus(text, "x.jsonl")
    assert again == built
    assert dump_corpus(again) == text
    assert again.clause_by_id["a2.4"].text.startswith("If you buy two Server licenses")


def test_one_record_per_line(built: Corpus) -> None:
    lines = dump_corpus(built).splitlines()
    assert built.packs, "the thread's rule pack travels with the corpus"
    records = 1 + len(built.sources) + len(built.tags) + len(built.posts) + len(built.clauses) + len(built.packs)
    assert len(lines) == records
    assert json.loads(lines[0])["record"] == "corpus"
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_ids_are_stable_across_rebuilds(built: Corpus) -> None:
    again = build_corpus(REPO_CORPUS_DIR)
    assert dump_corpus(again) == dump_corpus(built)
    assert [c.id for c in load_corpus().clauses] == [c.id for c in built.clauses]


def test_bundled_corpus_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    """CI relies on this: the committed corpus must match a fresh build of corpus/."""
    assert main(["build", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_build_check_fails_on_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "corpus.jsonl"
    text = BUNDLED_CORPUS.read_text(encoding="utf-8")
    stale.write_text(text.replace("You get 5 with Standard", "You get 6 with Standard"), encoding="utf-8")
    assert main(["build", "--check", "--out", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["build", "--check", "--out", str(tmp_path / "missing.jsonl")]) == 1
    assert not (tmp_path / "missing.jsonl").exists()


def test_build_writes_then_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "built.jsonl"
    assert main(["build", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == BUNDLED_CORPUS.read_text(encoding="utf-8")
    assert main(["build", "--check", "--out", str(out)]) == 0
    capsys.readouterr()


def test_build_of_a_changed_source_is_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS_DIR, folder)
    thread = folder / "sources" / "serverfault-cal-thread.txt"
    thread.write_text(thread.read_text(encoding="utf-8").replace("Much appreciated.", "Many thanks."), "utf-8")
    assert main(["build", "--check", "--corpus", str(folder)]) == 1
    capsys.readouterr()


def _bundled_lines() -> list[str]:
    return BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()


def _load_error(tmp_path: Path, lines: list[str]) -> AssistantError:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AssistantError) as err:
        load_corpus(path)
    assert err.value.file == str(path)
    assert "\n" not in err.value.one_line()
    return err.value


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AssistantError) as err:
        load_corpus(tmp_path / "nope.jsonl")
    assert err.value.file == str(tmp_path / "nope.jsonl")
    assert "build" in err.value.message


def test_bad_json_on_line_n(tmp_path: Path) -> None:
    lines = _bundled_lines()
    lines[9] = lines[9][:-5]
    err = _load_error(tmp_path, lines)
    assert err.line == 10
    assert "JSON" in err.message


def test_bad_record_on_line_n(tmp_path: Path) -> None:
    lines = _bundled_lines()
    n = next(i for i, line in enumerate(lines) if '"record": "clause"' in line)
    record = json.loads(lines[n])
    record["start"] = "not a number"
    lines[n] = json.dumps(record)
    err = _load_error(tmp_path, lines)
    assert err.line == n + 1
    assert "start" in err.message


def test_unknown_record_type_on_line_n(tmp_path: Path) -> None:
    lines = _bundled_lines()
    lines.insert(3, json.dumps({"record": "mystery"}))
    err = _load_error(tmp_path, lines)
    assert err.line == 4
    assert "mystery" in err.message


def test_a_record_that_is_not_an_object(tmp_path: Path) -> None:
    lines = _bundled_lines()
    lines.insert(2, "[1, 2, 3]")
    assert _load_error(tmp_path, lines).line == 3


def test_an_unknown_field_is_a_bad_record(tmp_path: Path) -> None:
    lines = _bundled_lines()
    record = json.loads(lines[-1])
    record["surprise"] = 1
    lines[-1] = json.dumps(record)
    err = _load_error(tmp_path, lines)
    assert err.line == len(lines)
    assert "surprise" in err.message


def test_no_header(tmp_path: Path) -> None:
    err = _load_error(tmp_path, _bundled_lines()[1:])
    assert err.line == 1


def _last_clause(lines: list[str]) -> int:
    return max(i for i, line in enumerate(lines) if json.loads(line)["record"] == "clause")


def test_clause_of_an_unknown_post_names_its_line(tmp_path: Path) -> None:
    lines = _bundled_lines()
    n = _last_clause(lines)
    record = json.loads(lines[n])
    record["post"] = "a99"
    lines[n] = json.dumps(record)
    err = _load_error(tmp_path, lines)
    assert err.line == n + 1
    assert "a99" in err.message


def test_duplicate_clause_id_names_its_line(tmp_path: Path) -> None:
    lines = _bundled_lines()
    lines.append(lines[_last_clause(lines)])
    err = _load_error(tmp_path, lines)
    assert err.line == len(lines)


def test_clause_with_a_tag_not_in_the_vocabulary_names_its_line(tmp_path: Path) -> None:
    lines = _bundled_lines()
    record = json.loads(lines[-2])
    record["tags"] = [*record["tags"], "topic:made-up"]
    lines[-2] = json.dumps(record)
    err = _load_error(tmp_path, lines)
    assert err.line == len(lines) - 1
    assert "topic:made-up" in err.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b'{"record": "corpus", "name": "x"}\n\xff\xfe\n')
    with pytest.raises(AssistantError) as err:
        load_corpus(path)
    assert err.value.file == str(path)
    assert err.value.line == 2


def test_blank_lines_are_ignored(built: Corpus) -> None:
    text = dump_corpus(built).replace("\n", "\n\n", 3)
    assert parse_corpus(text, "x.jsonl") == built


# --- write_atomic -----------------------------------------------------------------------


def test_write_atomic_writes_text_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    write_atomic(path, "héllo\n")
    assert path.read_bytes() == "héllo\n".encode()
    write_atomic(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


@pytest.mark.parametrize("fail", ["replace", "write", "fsync"])
def test_write_atomic_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: str
) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("old contents\n", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if fail == "replace":
        monkeypatch.setattr(files.os, "replace", boom)
    elif fail == "fsync":
        monkeypatch.setattr(files.os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, handle):  # type: ignore[no-untyped-def]
                self.handle = handle

            def __enter__(self):  # type: ignore[no-untyped-def]
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")

            def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
                return getattr(self.handle, name)

        monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))

    with pytest.raises(OSError):
        write_atomic(path, "new contents that never fully arrive\n" * 100)
    assert path.read_text(encoding="utf-8") == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"], "no temporary file left behind"


def test_write_atomic_gives_a_new_file_the_usual_permissions(tmp_path: Path) -> None:
    """A temporary file is private (0600); the file it becomes should not be."""
    path = tmp_path / "new.jsonl"
    write_atomic(path, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_write_atomic_keeps_an_existing_files_permissions(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_build_into_a_missing_folder_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--out", str(tmp_path / "no" / "such" / "corpus.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_build_that_cannot_write_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "corpus.jsonl"
    out.write_text("old\n", encoding="utf-8")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    assert main(["build", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"licensing-assistant: error: {out}: cannot write: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]
