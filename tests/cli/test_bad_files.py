"""Files that are not what they should be: each case from issue 12 (item 14) is one line on
stderr naming the file (and line), a non-zero exit, and no traceback. Run as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import REPO, cli, one_line_error

from assistant.store import BUNDLED_CORPUS, REPO_CORPUS_DIR

QUESTION = "2 servers x 5 CALs, how many users?"
FAST_S = 20.0  # a hang shows as a timeout, not as a stuck suite


def _corpus_lines() -> list[str]:
    return BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS_DIR, target)
    return target


# --- files that are not files ------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [["search", "CAL"], ["tags"], ["ask", QUESTION]])
def test_a_named_pipe_as_corpus_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    """It hung forever (nothing ever writes to the pipe); the chat could not even quit."""
    fifo = tmp_path / "corpus.jsonl"
    os.mkfifo(fifo)
    line = one_line_error(cli(*command, "--corpus", str(fifo), timeout=FAST_S))
    assert f"{fifo}: a named pipe (FIFO), not a file" in line


def test_the_api_refuses_a_named_pipe_too(tmp_path: Path) -> None:
    """What the chat calls to load its corpus (the chat needs a terminal, so it is tried here)."""
    fifo = tmp_path / "corpus.jsonl"
    os.mkfifo(fifo)
    code = f"from assistant.api import Assistant\ntry:\n    Assistant.load({str(fifo)!r})\nexcept Exception as e:\n    print(e)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=FAST_S, cwd=REPO)
    assert "named pipe" in proc.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_as_corpus_is_refused_before_reading() -> None:
    """It was read until memory ran out (MemoryError)."""
    line = one_line_error(cli("search", "CAL", "--corpus", "/dev/zero", timeout=FAST_S))
    assert "/dev/zero: a character device, not a file" in line


def test_build_out_on_a_folder_is_refused(tmp_path: Path) -> None:
    line = one_line_error(cli("build", "--out", str(tmp_path)))
    assert "a folder, not a file; refusing to replace it" in line


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    from assistant import files
    from assistant.errors import AssistantError

    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(AssistantError, match=r"too large \(0\.0 MB; the limit is 0 MB\)"):
        files.read_file(big, limit=1000)


# --- nesting, long numbers, long names -----------------------------------------------------------


def test_json_nested_thousands_deep(tmp_path: Path) -> None:
    """It raised RecursionError."""
    lines = _corpus_lines()
    lines.insert(3, "[" * 100_000 + "]" * 100_000)
    bad = _write_lines(tmp_path / "deep.jsonl", lines)
    assert one_line_error(cli("search", "CAL", "--corpus", str(bad))).endswith(
        f"{bad}:4: not valid JSON (nested too deeply)"
    )


def test_yaml_nested_thousands_deep_in_a_transcript(tmp_path: Path) -> None:
    bad = tmp_path / "deep.yaml"
    bad.write_text("title: x\nturns: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    line = one_line_error(cli("replay", str(bad)))
    assert f"{bad}:2: malformed YAML: nested too deeply" in line


def test_yaml_nested_thousands_deep_in_the_tag_vocabulary(corpus_dir: Path) -> None:
    tags = corpus_dir / "tags.yaml"
    tags.write_text("topic:x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", encoding="utf-8")
    line = one_line_error(cli("tags", "--corpus", str(corpus_dir)))
    assert f"{tags}: malformed YAML: nested too deeply" in line


def test_a_figure_of_more_than_4300_digits_in_a_transcript(tmp_path: Path) -> None:
    """PyYAML's int() refused it with a ValueError and a traceback."""
    bad = tmp_path / "digits.yaml"
    bad.write_text(
        f"title: x\nturns:\n  - user: {QUESTION}\n    expect:\n      figures:\n        users_licensed: {'9' * 5000}\n",
        encoding="utf-8",
    )
    assert f"{bad}:6: a number with too many digits" in one_line_error(cli("replay", str(bad)))


def test_a_number_of_more_than_4300_digits_in_a_built_corpus(tmp_path: Path) -> None:
    lines = _corpus_lines()
    i = next(n for n, line in enumerate(lines) if '"record": "clause"' in line)
    record = json.loads(lines[i])
    lines[i] = lines[i].replace(f'"start": {record["start"]}', '"start": ' + "9" * 5000, 1)
    bad = _write_lines(tmp_path / "digits.jsonl", lines)
    line = one_line_error(cli("show", "a1.6", "--corpus", str(bad)))
    assert line.endswith(f"{bad}:{i + 1}: not valid JSON (a number with too many digits)")


@pytest.mark.parametrize(
    "command",
    [["search", "CAL", "--corpus"], ["replay"], ["build", "--out"]],
    ids=["corpus", "replay", "build-out"],
)
def test_a_file_name_over_255_bytes(command: list[str]) -> None:
    """It raised OSError (File name too long)."""
    line = one_line_error(cli(*command, "x" * 300 + ".yaml"))
    assert "xxxx" in line


def test_a_meta_file_with_a_number_as_author(tmp_path: Path) -> None:
    """The number reached a pydantic model three steps later, with a traceback."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.md").write_text("# Reassignment\n\nA CAL can be reassigned.\n", encoding="utf-8")
    (folder / "mine.meta.yaml").write_text("title: My notes\nauthor: 42\n", encoding="utf-8")
    line = one_line_error(cli("search", "reassign", "--corpus", str(folder)))
    assert line.endswith(f"{folder / 'mine.meta.yaml'}:2: 'author' must be a name, not 42")


def test_a_post_naming_a_missing_clause_is_found_on_loading(tmp_path: Path) -> None:
    """`show` of a clause in that post failed later with a KeyError."""
    lines = _corpus_lines()
    i = next(n for n, line in enumerate(lines) if '"record": "post"' in line and '"id": "a1"' in line)
    record = json.loads(lines[i])
    record["clauses"].append("a1.99")
    lines[i] = json.dumps(record)
    bad = _write_lines(tmp_path / "post.jsonl", lines)
    line = one_line_error(cli("show", "a1.6", "--corpus", str(bad)))
    assert line.endswith(f"{bad}:{i + 1}: post a1 names clauses that are not in the corpus: ['a1.99']")


def test_an_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """A folder one may not list (simulated: the tests may run as root, who may read anything)."""
    from assistant.cli import main

    folder = tmp_path / "private"
    folder.mkdir()
    real_iterdir = Path.iterdir

    def refuse(self: Path):  # type: ignore[no-untyped-def]
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert main(["search", "CAL", "--corpus", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err == f"licensing-assistant: error: {folder}: cannot list the folder: Permission denied\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may read any folder")
def test_an_unreadable_folder_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "notes.md").write_text("# A\n\ntext\n", encoding="utf-8")
    folder.chmod(0)
    try:
        assert "Permission denied" in one_line_error(cli("search", "CAL", "--corpus", str(folder)))
    finally:
        folder.chmod(0o755)
