"""The transcript file format: strict validation with file:line errors, exact round trips."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import AssistantError
from assistant.models.reply import ReplyKind
from assistant.models.transcript import Expect, Transcript, Turn
from assistant.transcripts import dump_transcript, load_transcript, parse_transcript, replace_goldens

GOOD = textwrap.dedent(
    """\
    title: Two OEM servers
    notes: the thread's own question
    turns:
      - user: 2 servers x 5 CALs, how many users?
        reply: |
          10 users.
        expect:
          kind: answer
          figures:
            users_licensed: 10
          cites: [a2.4, a4.3]
          text_matches: ['\\b10 users\\b']
          not_text: ['per server']
      - user: why?
    """
)


# The names the bundled pack knows (a transcript's names are checked against the loaded packs').
FIGURES = ["users_licensed", "cals_owned", "cals_needed"]


def parse(text: str, clause_ids) -> Transcript:
    return parse_transcript(text, "t.yaml", clause_ids, figures=FIGURES, intents=["users_licensed"])


def error_of(text: str, clause_ids) -> AssistantError:
    with pytest.raises(AssistantError) as info:
        parse(text, clause_ids)
    return info.value


def test_a_good_transcript_loads(clause_ids) -> None:
    t = parse(GOOD, clause_ids)
    assert t.title == "Two OEM servers"
    assert t.notes == "the thread's own question"
    assert [turn.user for turn in t.turns] == ["2 servers x 5 CALs, how many users?", "why?"]
    assert t.turns[0].reply == "10 users.\n"
    assert t.turns[0].expect == Expect(
        kind=ReplyKind.answer,
        figures={"users_licensed": 10},
        cites=["a2.4", "a4.3"],
        text_matches=[r"\b10 users\b"],
        not_text=["per server"],
    )
    assert t.turns[1].reply is None and t.turns[1].expect is None


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("      kind: answer\n", "      kinds: answer\n", 8, "turn 1: expect.kinds: unknown key"),
        ("  - user: why?\n", "  - user: why?\n    golden: x\n", 15, "turn 2: golden: unknown key"),
        ("notes:", "note:", 2, "note: unknown key"),
        (
            "users_licensed: 10",
            "users_licenced: 10",
            10,
            "no loaded rule pack has a figure 'users_licenced'; did you mean: users_licensed",
        ),
        ("users_licensed: 10", "users_licensed: ten", 10, "turn 1: expect.figures.users_licensed"),
        ("users_licensed: 10", "users_licensed: true", 10, "expect.figures.users_licensed"),
        ("cites: [a2.4, a4.3]", "cites: [a2.4, a9.9]", 11, "turn 1: expect.cites[1]: unknown clause id 'a9.9'"),
        ("cites: [a2.4, a4.3]", "cites:\n        - a2.4\n        - a2.c9.1", 13, "unknown clause id 'a2.c9.1'"),
        ("['\\b10 users\\b']", "['(10 users']", 12, "bad regular expression '(10 users'"),
        ("not_text: ['per server']", "not_text: ['  ']", 13, "empty regular expression"),
        ("      kind: answer\n", "      kind: maybe\n", 8, "turn 1: expect.kind"),
        ("  - user: why?\n", "  - user: yes\n", 14, "turn 2: user"),
        ("  - user: why?\n", "  - reply: x\n", 14, "turn 2: user: required key missing"),
        ("title: Two OEM servers\n", "", 1, "title: required key missing"),
        ("title: Two OEM servers\n", "title: '  '\n", 1, "title: must not be empty"),
        ("    reply: |\n      10 users.\n", "    reply: 10\n", 5, "turn 1: reply"),
        ("      kind: answer\n", "      kind: answer\n      kind: clarify\n", 9, "duplicate key 'kind'"),
        ("  - user: why?\n", "  - user: [why?\n", 14, "malformed YAML"),
        ("notes:", "\tnotes:", 2, "malformed YAML"),
    ],
)
def test_errors_name_the_file_line_and_problem(clause_ids, old, new, line, words) -> None:
    assert old in GOOD
    err = error_of(GOOD.replace(old, new, 1), clause_ids)
    assert err.file == "t.yaml"
    assert err.line == line, err.one_line()
    assert words in err.one_line()
    assert err.one_line().startswith(f"t.yaml:{line}: ")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty transcript file"),
        ("# only a comment\n", "empty transcript file"),
        ("- user: hi\n", "a transcript is a mapping"),
        ("just text\n", "a transcript is a mapping"),
        ("title: x\nturns: []\n", "turns: List should have at least 1 item"),
        ("title: x\n", "turns: required key missing"),
        ("title: x\nturns:\n  - user: hi\n---\ntitle: y\n", "malformed YAML"),
        ("title: x\nturns:\n  - user: \x07\n", "malformed YAML"),
    ],
)
def test_malformed_files(clause_ids, text, words) -> None:
    err = error_of(text, clause_ids)
    assert words in err.one_line()
    assert err.line is not None


def test_load_reports_missing_and_undecodable_files(tmp_path: Path, clause_ids) -> None:
    with pytest.raises(AssistantError, match="no such transcript file"):
        load_transcript(tmp_path / "nope.yaml", clause_ids)
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"title: x\nturns:\n  - user: caf\xe9\n")
    with pytest.raises(AssistantError, match="not UTF-8") as info:
        load_transcript(bad, clause_ids)
    assert info.value.line == 3


def test_model_rejects_bad_expectations_built_in_code() -> None:
    with pytest.raises(ValueError, match="is not a name"):
        Expect(figures={"Users Licensed": 1})
    with pytest.raises(ValueError, match="bad regular expression"):
        Expect(text_matches=["[unclosed"])
    with pytest.raises(ValueError):
        Transcript(title="x", turns=[])


ODD_TEXTS = [
    "plain",
    "",
    " leading space",
    "  two leading\nlines",
    "trailing space \nand more  \n",
    "tab\there\n\tand a tab-led line",
    "unicode: 2 × 5 — “quotes” é 中文 🙂",
    "[red]x[/] [bold]markup[/bold] and [link=http://x]y[/link]",
    "ends with newlines\n\n\n",
    "\nstarts with a newline",
    "\n\n",
    "   ",
    "# not a comment\n- not a list\nkey: not a mapping\n---\n...",
    "'single' \"double\" \\backslash\\ {flow} [seq] &anchor *alias !tag %directive @at `tick`",
    "carriage\r\nreturn and \x85 NEL and \u2028 LS",
    "bell \x07 escape \x1b[31m null \x00",
    "bom \ufeff inside",
    "| looks like a block\n> and folded",
    "- user: looks like a turn\n  - user: indented",
]


def transcript_of(text: str) -> Transcript:
    return Transcript(
        title=text if text.strip() else "t",
        notes=text,
        turns=[Turn(user=text, reply=text, expect=Expect(text_matches=["x"])), Turn(user="next", reply=text)],
    )


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_round_trips_exactly(text: str) -> None:
    t = transcript_of(text)
    assert parse_transcript(dump_transcript(t), "t.yaml", {}) == t


# Characters YAML treats specially, mixed with arbitrary text (no lone surrogates: not UTF-8).
TRICKY = st.sampled_from(list(" \t\n\r\x85\u2028\u2029\ufeff\x00\x07\x1b#:-|>'\"[]{}!&*?,%@`\\ab\xa0\u3000🙂é"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=30) | st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_any_text_round_trips_exactly(text: str) -> None:
    t = transcript_of(text)
    assert parse_transcript(dump_transcript(t), "t.yaml", {}) == t


def test_goldens_are_written_as_readable_blocks() -> None:
    reply = "10 users, each of whom may use both servers.\n\n- 2 × 5 = 10 CALs  \n\t[a2.4] [red]x[/]"
    t = Transcript(title="t", turns=[Turn(user="2 × 5?", reply=reply)])
    text = dump_transcript(t)
    assert "    reply: |-\n      10 users, each of whom may use both servers.\n\n      - 2 × 5 = 10 CALs  \n" in text
    assert "\t[a2.4] [red]x[/]" in text


def test_dump_is_deterministic_and_keeps_key_order() -> None:
    t = Transcript(
        title="t",
        notes="n",
        turns=[
            Turn(
                user="u",
                reply="r",
                expect=Expect(kind="answer", figures={"servers": 2, "copies": 2}, cites=["a2.4"], not_text=["z"]),
            )
        ],
    )
    text = dump_transcript(t)
    assert text == dump_transcript(t)
    keys = [line.strip().split(":")[0] for line in text.splitlines() if ":" in line]
    assert keys == [
        "title",
        "notes",
        "turns",
        "- user",
        "reply",
        "expect",
        "kind",
        "figures",
        "servers",
        "copies",
        "cites",
        "not_text",
    ]
    assert "cites: [a2.4]" in text


EDITABLE = textwrap.dedent(
    """\
    # A hand-written transcript: comments and layout survive --update.
    title: Edited in place
    notes: |
      Keep me.
    turns:
      - user: first   # why this turn
        expect:
          kind: answer   # must stay an answer

      - user: "second"
        reply: "old golden"  # stale
        expect: {kind: clarify}

      - user: third
        reply: |
          old
          golden

      # the last turn
      - user: fourth
        reply: unchanged
    """
)


def test_replace_goldens_edits_only_the_goldens(clause_ids) -> None:
    goldens = ["new one\nline two", "new two", "a  \n\ttabbed\n", "unchanged"]
    out = replace_goldens(EDITABLE, "t.yaml", goldens, clause_ids)
    t = parse(out, clause_ids)
    assert [turn.reply for turn in t.turns] == goldens
    before = parse(EDITABLE, clause_ids)
    assert t.title == before.title and t.notes == before.notes
    assert [turn.expect for turn in t.turns] == [turn.expect for turn in before.turns]
    for kept in [
        "# A hand-written",
        "# why this turn",
        "# must stay an answer",
        "# the last turn",
        "\n\n  - user: third",
    ]:
        assert kept in out
    assert "reply: unchanged" in out  # untouched goldens are not rewritten


def test_replace_goldens_falls_back_to_the_canonical_layout(clause_ids) -> None:
    text = "title: x\nturns: [{user: a, reply: b}, {user: c}]\n"
    out = replace_goldens(text, "t.yaml", ["B", "C\nD"], clause_ids)
    t = parse(out, clause_ids)
    assert [turn.reply for turn in t.turns] == ["B", "C\nD"]
    assert out == dump_transcript(t)
