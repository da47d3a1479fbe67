"""`--index` and `--no-cache` on the commands that read a corpus, and what a build prints."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.progress import TerminalProgress

NOTES = Path(__file__).resolve().parent.parent / "fixtures" / "notes" / "office-cal-notes.md"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LICENSING_ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(NOTES, notes / NOTES.name)
    return notes


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("corpus", [None, "folder"])
def test_both_indexes_print_the_same_search(capsys, folder: Path, corpus: str | None) -> None:  # type: ignore[no-untyped-def]
    where = ["--corpus", str(folder)] if corpus else []
    outputs = {run(capsys, "search", "user CAL", "--json", *where, "--index", i) for i in ("rank-bm25", "sparse")}
    outputs.add(run(capsys, "search", "user CAL", "--json", *where, "--no-cache"))
    assert len(outputs) == 1
    ((code, out, err),) = outputs
    assert code == 0 and err == "" and out.startswith("[")


@pytest.mark.parametrize("command", [["ask", "2 servers x 5 CALs, how many users?"], ["show", "q.1"], ["tags"]])
def test_every_corpus_command_takes_the_options(capsys, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, *command, "--index", "sparse", "--no-cache")
    assert (code, err) == (0, "") and out


def test_an_unknown_index_is_a_usage_error(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "search", "cal", "--index", "tantivy")
    assert code == 2 and "invalid choice" in err


def test_an_unusable_cache_is_one_line_on_stderr(capsys, folder: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("LICENSING_ASSISTANT_CACHE_DIR", str(blocker / "cache"))
    code, out, err = run(capsys, "search", "user CAL", "--corpus", str(folder))
    assert code == 0 and out
    assert err.count("\n") == 1 and err.startswith("licensing-assistant: note: search cache not kept:")


def test_no_progress_bar_off_a_terminal(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "search", "user CAL", "--corpus", str(folder))[2] == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import progress

    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.0)
    monkeypatch.setattr(progress, "REDRAW_EVERY_S", 0.0)
    stream = Terminal()
    with TerminalProgress(stream) as bar:
        bar("reading", 5, 10)
        bar("indexing", 100, 100)
    text = stream.getvalue()
    assert "reading notes 5/10" in text and "indexing clauses 100/100" in text and "#" * 15 in text
    assert text.endswith("\r\x1b[K")  # the line is erased when the build ends
    quiet = io.StringIO()
    with TerminalProgress(quiet) as bar:
        bar("reading", 1, 2)
    assert quiet.getvalue() == ""


def test_every_transcript_replays_the_same_on_the_sparse_index(capsys) -> None:  # type: ignore[no-untyped-def]
    """The dialogue (passages, coverage) sees no difference between the backends."""
    code, out, _ = run(capsys, "replay", "--index", "sparse")
    assert code == 0, out
    assert " 0 failed" in out
