"""Feedback the chat gives: starting over, repeated notes, screens over the chat, following along."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from textual.widgets._toast import Toast
from tui_helpers import ask, at_top, in_view, notes, wait_until
from tui_scripted import NUMERIC_QUESTION, ScriptedConversation

from assistant.models.reply import Reply
from assistant.tui.app import ChatApp
from assistant.tui.screens.confirm import ConfirmScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.widgets.new_below import NewBelow

SMALL = (80, 24)


async def test_starting_over_shows_where_the_new_conversation_begins(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SMALL) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        await ask(pilot, NUMERIC_QUESTION)  # long replies: the end is well below the view
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        await pilot.press("y")
        pane = app.chat.conversation_view
        await wait_until(pilot, lambda: any("New conversation" in n for n in notes(app)), "the note")
        marker = [n for n in pane.notes if "New conversation" in n.text][-1]
        await wait_until(pilot, lambda: in_view(pane, marker), "the note in view")
        await pilot.pause(0.1)
        assert in_view(pane, marker)
        assert marker.kind == "reset"
        assert "New conversation" in str(app.chat.sources.query_one(".empty").render())
        # The next question follows the marker.
        view = await ask(pilot, NUMERIC_QUESTION)
        assert view.virtual_region.y > marker.virtual_region.y


async def test_enter_on_an_empty_input_does_not_stack_notes(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(4):
            await pilot.press("enter")
            await pilot.pause()
        assert len([n for n in notes(app) if n.startswith("Type a question")]) == 1
        await ask(pilot, NUMERIC_QUESTION)
        await pilot.press("enter")
        await pilot.pause()
        # After something else, the hint may show again (once).
        assert len([n for n in notes(app) if n.startswith("Type a question")]) == 2


async def test_asking_while_scrolled_up_follows_your_question(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SMALL) as pilot:
        pane = app.chat.conversation_view
        for _ in range(3):
            await ask(pilot, NUMERIC_QUESTION)
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0
        view = await ask(pilot, "What about Exchange?")
        await pilot.pause()
        turn = pane.turns[-1]
        assert turn.text == "What about Exchange?"
        assert at_top(pane, turn)
        assert in_view(pane, turn) and view.virtual_region.y > turn.virtual_region.y


async def test_a_reply_that_lands_below_while_reading_above_is_signalled_clear_of_the_input(
    scripted_app: Callable[[], ChatApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    scripted_ask = ScriptedConversation.ask

    def slow_ask(self: ScriptedConversation, text: str) -> Reply:
        release.wait(10)
        return scripted_ask(self, text)

    app = scripted_app()
    async with app.run_test(size=SMALL) as pilot:
        pane = app.chat.conversation_view
        for _ in range(3):
            await ask(pilot, NUMERIC_QUESTION)
        monkeypatch.setattr(ScriptedConversation, "ask", slow_ask)
        app.chat.prompt.value = NUMERIC_QUESTION
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("home")  # reading from the start while the reply is being made
        await pilot.pause()
        release.set()
        await wait_until(pilot, lambda: len(pane.replies) == 4, "the fourth reply")
        await pilot.pause()
        assert pane.scroll_y == 0  # the view stays where the person reads
        marker = app.chat.query_one(NewBelow)
        assert marker.display and "New reply below" in str(marker.render())
        assert not marker.region.overlaps(app.chat.prompt.region)
        assert not list(app.screen.query(Toast))  # no toast over the input
        await pilot.click(marker)
        await pilot.pause()
        assert at_top(pane, pane.turns[-1])
        assert not marker.display


@pytest.mark.parametrize("key", ["f1", "ctrl+r"], ids=["help", "confirm"])
async def test_screens_over_the_chat_let_it_show_through(scripted_app: Callable[[], ChatApp], key: str) -> None:
    app = scripted_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, (HelpScreen, ConfirmScreen)), "the screen over the chat")
        await pilot.pause()
        assert app.screen.styles.background.a < 1  # see-through, not the opaque app background
        # The chat is drawn behind it (the sources panel's title, on the top line).
        picture = app.export_screenshot().replace("&#160;", " ")
        assert "Sources · reply 1" in picture
