"""The input line: typing ahead, pasting, keys typed at start-up, scrolling from the input."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from textual import events
from tui_helpers import ask, notes, turns, type_in_a_burst, wait_until
from tui_scripted import NUMERIC_QUESTION

from assistant.tui.app import ChatApp

SIZE = (100, 30)


async def test_questions_typed_ahead_are_each_asked_once_in_order(scripted_app: Callable[[], ChatApp]) -> None:
    questions = [
        "2 servers x 5 CALs, how many users?",
        "make it 3 servers",
        "what about per server mode?",
        "make it 4 servers",
        "why?",
    ]
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_assistant()
        # All five, Enter after each, delivered before the app has handled the first.
        type_in_a_burst(app, "".join(q + "\n" for q in questions))
        await wait_until(pilot, lambda: len(app.chat.conversation_view.replies) == 5, "five replies")
        await app.chat.settled()
        assert turns(app) == questions
        assert app.conversation is not None
        assert [t for t, _ in app.conversation.turns] == questions
        assert app.chat.prompt.value == ""
        assert not notes(app, "error")


async def test_editing_keys_typed_ahead_act_where_they_were_typed(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.wait_assistant()
        type_in_a_burst(app, "2 servx\bers\nnext")
        await wait_until(pilot, lambda: app.chat.prompt.value == "next", "the second line typed")
        # (The question goes on screen with its reply.)
        await wait_until(pilot, lambda: len(app.chat.conversation_view.replies) == 1, "the reply")
        assert turns(app) == ["2 servers"]


async def test_typing_while_a_reply_is_being_made_queues_the_question(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        # Before the notes are loaded every question waits in the queue: none is lost or merged.
        type_in_a_burst(app, "first\nsecond\n")
        await wait_until(pilot, lambda: len(app.chat.conversation_view.replies) == 2, "two replies")
        assert turns(app) == ["first", "second"]


async def test_a_pasted_question_keeps_all_its_lines(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        prompt = app.chat.prompt
        app.post_message(events.Paste("We bought 2 servers with 5 CALs each.\r\nHow many users\n  can use both?\n"))
        await wait_until(pilot, lambda: bool(prompt.value), "the paste")
        assert prompt.value == "We bought 2 servers with 5 CALs each. How many users can use both?"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.chat.conversation_view.replies) == 1, "the reply")
        assert turns(app) == ["We bought 2 servers with 5 CALs each. How many users can use both?"]


async def test_keys_typed_during_start_up_reach_the_input(
    scripted_app: Callable[[], ChatApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keys a terminal had buffered before the screen gave the input its focus: the app handles
    # them as soon as it runs, before any widget has the focus.
    # Enter typed while the terminal was still in line mode comes as a line feed (ctrl+j).
    early = "2 servers x 5 CALs, how many users?\nmake it 3 servers"
    on_mount = ChatApp.on_mount

    def on_mount_with_keys_waiting(self: ChatApp) -> None:
        type_in_a_burst(self, early)
        self.post_message(events.Key("ctrl+j", "\n"))
        type_in_a_burst(self, "why")
        on_mount(self)

    monkeypatch.setattr(ChatApp, "on_mount", on_mount_with_keys_waiting)
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: len(app.chat.conversation_view.replies) == 2, "the replies")
        assert turns(app) == ["2 servers x 5 CALs, how many users?", "make it 3 servers"]
        assert app.chat.prompt.value == "why"
        assert app.focused is app.chat.prompt


def test_the_terminal_does_not_echo_keys_while_the_chat_starts() -> None:
    # Keys typed while Python starts would be echoed onto the shell's screen (and show there
    # after quitting); the chat turns echo off first, and restores the terminal as it was.
    termios = pytest.importorskip("termios")
    from assistant.commands.chat import echo_off

    leader, follower = os.openpty()
    try:
        before = termios.tcgetattr(follower)
        assert before[3] & termios.ECHO
        with echo_off(follower):
            assert not termios.tcgetattr(follower)[3] & termios.ECHO
            # Enter stays a carriage return (the chat's Enter), not a line feed.
            assert not termios.tcgetattr(follower)[0] & termios.ICRNL
        assert termios.tcgetattr(follower) == before
        with echo_off(leader + 1000):  # not a terminal: nothing to do, no error
            pass
    finally:
        os.close(leader)
        os.close(follower)


async def test_page_keys_scroll_the_conversation_while_typing(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await ask(pilot, NUMERIC_QUESTION)
        pane, prompt = app.chat.conversation_view, app.chat.prompt
        await pilot.press(*"draft")
        latest = pane.scroll_y
        await pilot.press("pageup")
        assert pane.scroll_y < latest
        await pilot.press("pagedown")
        assert pane.scroll_y > latest - pane.scrollable_content_region.height
        await pilot.press("home")
        assert pane.scroll_y == 0
        await pilot.press("end")
        assert pane.scroll_y == pane.max_scroll_y
        # The line being typed is untouched, the input keeps the focus; ctrl+a / ctrl+e move in it.
        assert prompt.value == "draft" and app.focused is prompt and prompt.cursor_position == 5
        await pilot.press("ctrl+a")
        assert prompt.cursor_position == 0
