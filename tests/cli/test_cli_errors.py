"""No tracebacks, ever: whatever goes wrong is one line on stderr and a non-zero exit (with
--debug, the traceback too), including writing to stdout. Cases from issue 12, item 14, run as
a real process (files that are not what they should be: test_bad_files.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import REPO, cli

from assistant.store import BUNDLED_CORPUS

QUESTION = "2 servers x 5 CALs, how many users?"  # the README's first example


def _corpus_lines() -> list[str]:
    return BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


# --- standard output ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_stdout_that_is_not_utf8_gets_plain_stand_ins(encoding: str) -> None:
    """The README's first example failed under cp1252 (UnicodeEncodeError on '→')."""
    proc = cli("ask", QUESTION, env={"PYTHONIOENCODING": encoding}, encoding=encoding)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("10 users, each of whom may use both servers")
    times = "×" if encoding == "cp1252" else "x"  # cp1252 has "×" but no "→"
    assert f"2 copies {times} 5 CALs = 10 CALs" in proc.stdout
    assert "10 CALs -> 10 users" in proc.stdout


def test_json_on_a_non_utf8_stdout_keeps_the_data_exact() -> None:
    proc = cli("ask", "--json", QUESTION, env={"PYTHONIOENCODING": "ascii"}, encoding="ascii")
    assert proc.returncode == 0, proc.stderr
    same = cli("ask", "--json", QUESTION)
    assert json.loads(proc.stdout) == json.loads(same.stdout)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_stdout_on_a_full_disk_fails_in_one_line() -> None:
    """It printed a traceback (and, before that, exited 1 only by accident)."""
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "assistant", "rules"],
            cwd=REPO,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert proc.returncode == 1
    assert proc.stderr == "licensing-assistant: error: cannot write to standard output: No space left on device\n"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to close stdout")
@pytest.mark.parametrize("command", [["tags"], ["ask", QUESTION], ["--help"]])
def test_a_closed_stdout_is_an_error(command: list[str]) -> None:
    """It exited 0 although nothing could be printed."""
    proc = subprocess.run(
        ["bash", "-c", 'exec "$@" >&-', "bash", sys.executable, "-m", "assistant", *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr == "licensing-assistant: error: standard output is closed; nothing can be printed\n"


def test_a_reader_that_goes_away_ends_the_program_quietly_and_non_zero() -> None:
    """`licensing-assistant ... | head`: no error message, the status of a program killed by SIGPIPE."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "--json", *[QUESTION] * 40],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert err == ""


# --- the handler itself ------------------------------------------------------------------------


def test_debug_shows_the_traceback_then_the_line(tmp_path: Path) -> None:
    lines = _corpus_lines()
    lines.insert(3, "[" * 100_000 + "]" * 100_000)
    bad = _write_lines(tmp_path / "deep.jsonl", lines)
    proc = cli("search", "CAL", "--corpus", str(bad), "--debug")
    assert proc.returncode == 1
    assert proc.stderr.startswith("Traceback (most recent call last):")
    assert proc.stderr.splitlines()[-1] == f"licensing-assistant: error: {bad}:4: not valid JSON (nested too deeply)"


def test_an_unexpected_error_is_one_line_naming_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from assistant.api import Assistant
    from assistant.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("something nobody foresaw")

    monkeypatch.setattr(Assistant, "search", broken)
    assert main(["search", "CAL"]) == 1
    assert capsys.readouterr().err == (
        "licensing-assistant: error: unexpected error, please report it: ValueError: something nobody foresaw "
        "(--debug shows the traceback)\n"
    )
    assert main(["search", "CAL", "--debug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and 'raise ValueError("something nobody foresaw")' in err


def test_debug_is_listed_in_help() -> None:
    proc = cli("search", "--help")
    assert proc.returncode == 0 and "--debug" in proc.stdout
