"""Escape sequences never reach the terminal raw: text from notes, questions, transcripts and
file names may carry ESC, OSC 52 (write the clipboard), title sequences, C1 controls or bidi
overrides; every CLI output shows them as visible escapes instead (JSON keeps them as exact
\\u escapes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import RAW_CONTROL, cli, one_line_error

from assistant.store import REPO_CORPUS_DIR
from assistant.terminal import SafeStream, encodable, json_escaped, visible

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # sets the clipboard to "rm -rf ~"
TITLE = "\x1b]0;pwned\x07"
CSI = "\x9b31m"  # a one-byte CSI on some terminals
RLO = "\u202e"  # right-to-left override
HOSTILE = OSC52 + TITLE + CSI + RLO
SHOWN = "\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;pwned\\x07\\x9b31m\\u202e"
SENTENCE = "Don't need a CAL for administrative access as far as I know."


def _clean(*texts: str) -> None:
    for text in texts:
        found = RAW_CONTROL.search(text)
        assert found is None, (
            f"raw {found.group(0)!r} in output: {text[max(0, found.start() - 60) : found.end() + 20]!r}"
        )


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for item in data for s in _strings(item)] if isinstance(data, list) else []


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sources, with escape sequences inside a comment and in the source title."""
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    shutil.copytree(REPO_CORPUS_DIR, folder)
    thread = folder / "sources" / "serverfault-cal-thread.txt"
    text = thread.read_text(encoding="utf-8")
    assert SENTENCE in text
    thread.write_text(text.replace("a CAL for", f"a CAL {HOSTILE}for", 1), encoding="utf-8")
    meta = folder / "sources" / "serverfault-cal-thread.meta.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    lines = [
        'title: "Windows Server CALs \\e]0;pwned\\a\\x9b2J"' if line.startswith("title:") else line for line in lines
    ]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_search_shows_escapes_in_notes_text(hostile_corpus: Path) -> None:
    proc = cli("search", "administrative access as far as I know", "--corpus", str(hostile_corpus), "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    _clean(proc.stdout, proc.stderr)
    assert "\\x1b]52;c;" in proc.stdout


def test_show_shows_escapes_in_notes_text_and_the_title(hostile_corpus: Path) -> None:
    proc = cli("show", "a5.c3.1", "--corpus", str(hostile_corpus))
    assert proc.returncode == 0, proc.stderr
    _clean(proc.stdout)
    assert "\\x1b]0;pwned\\x07" in proc.stdout
    assert "Windows Server CALs \\x1b]0;pwned\\x07\\x9b2J" in proc.stdout  # the source title


def test_ask_shows_escapes_in_quoted_notes(hostile_corpus: Path) -> None:
    proc = cli("ask", "How many Exchange CALs do I need?", "--corpus", str(hostile_corpus))
    assert proc.returncode == 0, proc.stderr
    _clean(proc.stdout)
    assert "[a5.c3.1]" in proc.stdout and SHOWN in proc.stdout


def test_ask_echoes_turns_without_their_escapes() -> None:
    proc = cli("ask", f"{TITLE}2 servers x 5 CALs", "how many users?")
    assert proc.returncode == 0, proc.stderr
    _clean(proc.stdout)
    assert proc.stdout.startswith("> \\x1b]0;pwned\\x072 servers x 5 CALs\n")


@pytest.mark.parametrize("command", [["search", "--json", "administrative access"], ["show", "--json", "a5.c3.1"]])
def test_json_keeps_the_text_exact_but_escaped(hostile_corpus: Path, command: list[str]) -> None:
    proc = cli(*command, "--corpus", str(hostile_corpus))
    assert proc.returncode == 0, proc.stderr
    _clean(proc.stdout)
    assert any(HOSTILE in text for text in _strings(json.loads(proc.stdout)))


def test_tags_shows_escapes_in_descriptions(hostile_corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(hostile_corpus, folder)
    tags = folder / "tags.yaml"
    tags.write_text(
        tags.read_text(encoding="utf-8") + '\ntopic:evil:\n  description: "x\\e]0;pwned\\a"\n  patterns: [zzz]\n',
        encoding="utf-8",
    )
    proc = cli("tags", "--corpus", str(folder))
    assert proc.returncode == 0, proc.stderr
    _clean(proc.stdout)
    assert "x\\x1b]0;pwned\\x07" in proc.stdout


@pytest.mark.parametrize(
    "command",
    [["show", f"a1{TITLE}"], ["search", "CAL", "--tag", f"mode:{OSC52}"], ["search", "CAL", "--corpus", f"x{TITLE}"]],
    ids=["clause-id", "tag", "corpus-path"],
)
def test_error_messages_show_escapes_in_user_text(command: list[str]) -> None:
    proc = cli(*command)
    line = one_line_error(proc)
    _clean(proc.stderr)
    assert "\\x1b]" in line


def test_usage_errors_show_escapes_too() -> None:
    proc = cli("search", "CAL", "--limit", f"1{TITLE}")
    line = one_line_error(proc, status=2)
    _clean(proc.stderr)
    assert "\\x1b]0;pwned" in line


def test_replay_shows_escapes_in_titles_and_turns(tmp_path: Path) -> None:
    transcript = tmp_path / "evil.yaml"
    transcript.write_text(
        'title: "Two servers \\e]0;pwned\\a"\nturns:\n  - user: "2 servers x 5 CALs \\e[2J how many users?"\n'
        "    reply: wrong on purpose\n",
        encoding="utf-8",
    )
    proc = cli("replay", str(transcript))
    assert proc.returncode == 1  # the golden is wrong on purpose: the turn is echoed in the diff
    _clean(proc.stdout, proc.stderr)
    assert "Two servers \\x1b]0;pwned\\x07" in proc.stdout
    assert "\\x1b[2J" in proc.stdout


# --- the sanitiser itself ----------------------------------------------------------------------


def test_visible_keeps_ordinary_text_and_line_ends() -> None:
    text = "Tabs\tand newlines\nstay; so do é, ×, → and emoji 🙂; CR LF is a line end\r\n"
    assert visible(text) == text.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31m", "\\x1b[31m"),
        ("\x07", "\\x07"),
        ("a\rb", "a\\x0db"),
        ("\x00", "\\x00"),
        ("\x7f", "\\x7f"),
        ("\x9b", "\\x9b"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2028", "\\u2028"),
        ("\udcff", "\\udcff"),
    ],
)
def test_visible_escapes_controls(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_escaped_json_round_trips_and_has_no_raw_controls() -> None:
    data = {"text": HOSTILE + "\x7f\x85\udcff é"}
    text = json_escaped(json.dumps(data, ensure_ascii=False))
    _clean(text)
    assert json.loads(text) == data


def test_encodable_falls_back_to_plain_stand_ins() -> None:
    assert encodable("2 × 5 → 10 — ok… “é”", "ascii") == '2 x 5 -> 10 -- ok... "e"'
    assert encodable("文", "ascii") == "?"
    assert encodable("2 × 5 → 10", "cp1252") == "2 × 5 -> 10"


def test_safe_stream_sanitises_every_write() -> None:
    import io

    raw = io.StringIO()
    stream = SafeStream(raw)  # type: ignore[arg-type]
    print(TITLE, "x", file=stream)  # type: ignore[arg-type]
    assert raw.getvalue() == "\\x1b]0;pwned\\x07 x\n"
