"""The chat's plain-text helpers: literal text, clause links, quotes, commands, save paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_scripted import numeric_reply

from assistant.tui import commands
from assistant.tui.text import (
    clause_from_href,
    clause_ids_of,
    find_quote,
    reply_as_plain_text,
    save_target,
    visible,
    visible_line,
)


def test_visible_replaces_control_characters_one_for_one() -> None:
    assert visible("\x1b[31mred\x1b[0m") == "␛[31mred␛[0m"
    assert visible("a\x00b\x07c\x7fd\x9be") == "a␀b␇c␡d\ufffde"
    assert visible("line one\r\nline two") == "line one\nline two"
    assert visible_line("a\tb\nc\x1b") == "a b c␛"
    assert len(visible_line("x\x1b\x1by")) == 4  # the cursor stays where it was


def test_clause_from_href() -> None:
    assert clause_from_href("clause:a2.4") == "a2.4"
    assert clause_from_href("https://example.com") is None
    assert clause_from_href("clause:") is None


def test_find_quote_exact_then_by_words() -> None:
    text = "If you buy two Server licenses which both explicitly includes 5 CALs, you've then got 10 CALs."
    assert find_quote(text, "you've then got 10 CALs") == (text.index("you've"), text.index("you've") + 23)
    start, end = find_quote(text, "which  both\nexplicitly") or (0, 0)
    assert text[start:end] == "which both explicitly"
    assert find_quote(text, "not in there") is None
    assert find_quote(text, "   ") is None


def test_clause_ids_of_lists_citations_then_other_references_once(bundled) -> None:
    reply = numeric_reply(bundled.corpus)
    ids = clause_ids_of(reply)
    assert ids[: len(reply.citations)] == [c.clause for c in reply.citations]
    assert "a2.14" in ids  # named by an assumption only
    assert len(ids) == len(set(ids))


def test_plain_text_copy_has_the_answer_and_every_citation(bundled) -> None:
    reply = numeric_reply(bundled.corpus)
    text = reply_as_plain_text("2 servers x 5 CALs?", reply, bundled.corpus.clause_by_id)
    assert text.startswith("Q: 2 servers x 5 CALs?\n\n**10 users**")
    for citation in reply.citations:
        assert f"[{citation.clause}]" in text
        assert citation.quote in text
    assert "Oskar Duveborn, accepted answer" in text


def test_slash_commands_parse() -> None:
    assert commands.parse("how many CALs?") is None
    assert commands.parse("/ 2") is None
    assert commands.parse("/") is None
    assert commands.parse("/save") == commands.SlashCommand("save", "")
    assert commands.parse("  /SAVE  my file.yaml ") == commands.SlashCommand("save", "my file.yaml")
    assert commands.parse("/search per seat") == commands.SlashCommand("search", "per seat")
    with pytest.raises(commands.UnknownCommand, match=r"/sve.*did you mean: /save"):
        commands.parse("/sve")


def test_every_command_is_completed_and_documented() -> None:
    help_text = commands.help_markdown()
    for name in commands.SLASH_COMMANDS:
        assert any(c.strip() == f"/{name}" for c in commands.COMPLETIONS)
        assert f"`/{name}" in help_text


def test_save_target(tmp_path: Path) -> None:
    (tmp_path / "existing").mkdir()
    assert save_target("", tmp_path) == (tmp_path / "transcripts", True)
    assert save_target("existing", tmp_path) == (tmp_path / "existing", True)
    assert save_target("new/", tmp_path) == (tmp_path / "new", True)
    assert save_target("chat", tmp_path) == (tmp_path / "chat.yaml", False)
    assert save_target("chat.yml", tmp_path) == (tmp_path / "chat.yml", False)
    assert save_target(str(tmp_path / "abs.yaml"), Path("/elsewhere")) == (tmp_path / "abs.yaml", False)
