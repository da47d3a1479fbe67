"""The chat on the real assistant: what it shows is what the API answers, follow-ups carry
context, and a saved conversation replays green."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import ask, notes, wait_until

from assistant.api import Assistant
from assistant.cli import main as cli_main
from assistant.tui.app import ChatApp
from assistant.tui.widgets.sources import QUOTE_STYLE

SIZE = (100, 30)


def api_replies(assistant: Assistant, *turns: str):  # type: ignore[no-untyped-def]
    chat = assistant.conversation()
    return [chat.ask(t) for t in turns]


async def test_question_answer_and_citations(bundled: Assistant) -> None:
    question = "2 servers x 5 CALs, how many users?"
    app = ChatApp(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        view = await ask(pilot, question)
        (expected,) = api_replies(bundled, question)
        assert view.reply == expected  # the UI shows what the API answers, nothing of its own
        assert view.reply.kind == "answer" and view.reply.citations
        cards = app.chat.sources.cards
        cited = list(dict.fromkeys(c.clause for c in view.reply.citations))
        assert [c.clause_id for c in cards][: len(cited)] == cited
        for card in cards[: len(cited)]:
            # Every cited clause shows the quoted words marked within its full text.
            marked = [s for s in card.visual.spans if s.style == QUOTE_STYLE]
            assert marked, f"no quote marked in {card.clause_id}"
        assert not notes(app, "error")


async def test_follow_up_reuses_the_context(bundled: Assistant) -> None:
    turns = ("3 OEM copies with 5 CALs each", "how many users can use all of them?")
    app = ChatApp(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, turns[0])
        follow_up = await ask(pilot, turns[1])
    in_conversation = api_replies(bundled, *turns)[1]
    on_its_own = api_replies(bundled, turns[1])[0]
    assert follow_up.reply == in_conversation
    assert follow_up.reply != on_its_own  # the first turn changed the answer
    assert follow_up.reply.figure("users_licensed") == 15


async def test_saved_conversation_replays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = ChatApp(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "3 OEM copies with 5 CALs each")
        await ask(pilot, "how many users can use all of them?")
        await ask(pilot, "what about per server mode?")
        app.chat.prompt.value = "/save"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.chat.saved_path is not None, "the transcript saved")
        saved = app.chat.saved_path
        assert saved is not None and saved.parent == tmp_path / "transcripts" and saved.is_file()
        assert f"Saved 3 turns to transcripts/{saved.name}" in notes(app)[-1]
        # A path of one's own, then a folder that cannot be written: a polite error, no traceback.
        app.chat.prompt.value = "/save mine"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.chat.saved_path == tmp_path / "mine.yaml", "the second save")
        app.chat.prompt.value = "/save no/such/folder/x.yaml"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(notes(app, "error")), "an error note")
        assert "Could not save the conversation" in notes(app, "error")[-1]
    assert cli_main(["replay", str(saved), str(tmp_path / "mine.yaml")]) == 0
