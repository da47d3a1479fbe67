"""Every regular expression applied to notes or user text runs in linear time.

Each case runs in a child process with a timeout, so a pattern that backtracks fails the test
in seconds instead of hanging the suite. The timeout is generous (the cases take milliseconds);
it catches blow-ups, it does not benchmark. The property tests check that the linear
replacements read ordinary text exactly as the patterns they replaced.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from robust_helpers import REPO, check_one_line_error, run_cli

from assistant.ingest import notes, thread

LIMIT_S = 10.0
SPACES = 4000  # the heading regex took 10 s at 2,000 spaces and over 30 s at 4,000


def _finishes(code: str) -> None:
    """Run `code` in a fresh interpreter; fail if it takes over LIMIT_S or raises."""
    try:
        proc = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=LIMIT_S,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {LIMIT_S} s: catastrophic backtracking?")
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_a_heading_with_thousands_of_spaces_builds_quickly(tmp_path: Path) -> None:
    """The case from the issue, through the CLI: a notes folder whose heading is mostly spaces."""
    folder = tmp_path / "notes"
    folder.mkdir()
    heading = "# a" + " " * SPACES + "x"
    (folder / "notes.md").write_text(f"{heading}\n\nUser CALs cover any number of servers.\n", encoding="utf-8")
    try:
        proc = run_cli("search", "servers", "--corpus", str(folder), "--json", timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"building a corpus with a {SPACES}-space heading took over {LIMIT_S} s")
    assert proc.returncode == 0, proc.stderr
    assert '"notes.a-x.1"' in proc.stdout  # the heading's words still make the section id


@pytest.mark.parametrize(
    "line",
    [
        "# a" + " " * SPACES + "x",
        "## a" + " #" * SPACES + " x",
        "#" + " \t" * SPACES + "x #",
        "- " + " " * SPACES + "x",
        "-" + " -" * SPACES + " x",
        "=" * SPACES + "x",
        " " * SPACES + "1.x",
    ],
    ids=["atx-spaces", "atx-hashes", "atx-tabs", "item", "rule", "setext", "numbered"],
)
def test_notes_lines_parse_quickly(line: str) -> None:
    _finishes(f"from assistant.ingest.notes import parse_notes; parse_notes({line!r} + '\\n\\nprose\\n')")


@pytest.mark.parametrize(
    "body",
    [
        "x -" + " " * SPACES + "y",  # a dash, then a run of spaces that is not a signature
        "x - " * SPACES,
        "x \u2013 Name" + " " * SPACES + "Jul 13",
        "x \u2013 " + "Jul 13 " * SPACES + "x",
    ],
    ids=["dash-spaces", "dashes", "name-spaces", "dates"],
)
def test_comment_signatures_are_read_quickly(body: str) -> None:
    _finishes(f"from assistant.ingest.thread import _signature; _signature({body!r})")


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("_ANSWERS_HEADER", "'5 Answers' + ' ' * 20_000 + 'x'"),
        ("_ACCEPTED", "'I accepted ' * 20_000"),
    ],
    ids=["answers-header", "accepted"],
)
def test_thread_patterns_are_linear(pattern: str, text: str) -> None:
    _finishes(f"import assistant.ingest.thread as t; t.{pattern}.search({text})")


def test_a_paragraph_of_many_short_sentences_is_cut_quickly() -> None:
    """Checking each sentence end against the whole text before it was quadratic."""
    _finishes(
        """
        from assistant.ingest.spans import Span, sentence_spans
        text = "One CAL. Two CALs! " * 50_000
        assert len(sentence_spans(text, Span(0, len(text)))) == 100_000
        """
    )


def test_a_thread_with_a_pathological_comment_builds_quickly(tmp_path: Path) -> None:
    """Through the CLI: a copied thread whose comment holds a dash and thousands of spaces."""
    folder = tmp_path / "thread"
    (folder / "sources").mkdir(parents=True)
    (folder / "tags.yaml").write_text("topic:cal:\n  description: CALs\n  patterns: ['\\bCALs?\\b']\n", "utf-8")
    source = (REPO / "corpus" / "sources" / "serverfault-cal-thread.txt").read_text(encoding="utf-8")
    signature = re.search(r"\s\u2013\sRichard Gadsden Jul 13 '09 at 15:42", source)
    assert signature is not None
    bad = source.replace(signature.group(0), " -" + " " * SPACES + "x" + signature.group(0), 1)
    (folder / "sources" / "thread.txt").write_text(bad, encoding="utf-8")
    (folder / "sources" / "thread.meta.yaml").write_text("format: stackexchange-thread\n", encoding="utf-8")
    try:
        proc = run_cli("tags", "--corpus", str(folder), timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"building the thread took over {LIMIT_S} s")
    assert proc.returncode == 0, check_one_line_error(proc)


# --- the linear code reads what the patterns it replaced read ---------------------------------

_OLD_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_OLD_SIGNATURE = re.compile(
    r"\s+[\u2013\u2014-]\s*(?P<name>[^\u2013\u2014]+?)\s+"
    rf"(?P<date>(?:{thread._MONTHS})[a-z]* \d{{1,2}}(?: '\d{{2}}|, \d{{4}})?(?: at \d{{1,2}}:\d{{2}})?)\s*$"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="# \tx\u2003", max_size=14))
@example("## Title ##")
@example("# foo#  #")
@example("#   ")
def test_heading_titles_are_read_as_before(line: str) -> None:
    old = _OLD_ATX.match(line)
    new = notes._ATX.match(line)
    assert (old is None) == (new is None)
    if old and new:
        assert notes._heading_title(new.group("rest")) == (old.group("title") or None)


_SIG_BITS = [" ", "  ", "-", "\u2013", "\u2014", "x", "Bob", "Ann Lee", "Jul", " 13", " '09", ", 2009", " at 15:42"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_SIG_BITS), max_size=12).map("".join))
@example("Thanks for that. \u2013 Richard Gadsden Jul 13 '09 at 15:42")
@example("a - b \u2013 Jay Michaud May 20 '09")
@example("a - b - Jay Jun 1, 2009 ")
@example("x \u2013 Jul 13 '09")
def test_signatures_are_read_as_before(body: str) -> None:
    old = _OLD_SIGNATURE.search(body)
    if old is not None and not old.group("name").strip():
        old = None  # the pattern also took a run of spaces as a name; no name is no signature
    new = thread._signature(body)
    assert (old is None) == (new is None), (old, new)
    if old and new:
        assert (new.start, new.name, new.date) == (old.start(), old.group("name").strip(), old.group("date"))
