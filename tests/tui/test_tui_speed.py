"""What keeps the chat fast as a conversation grows (timings themselves: bench/reply_paint.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable

from tui_helpers import ask
from tui_scripted import NUMERIC_QUESTION, load_scripted

from assistant.tui.app import ChatApp
from assistant.tui.quiet_gc import QuietGC

QUESTIONS = [NUMERIC_QUESTION, "How many CALs do I need?", "How many Exchange CALs do I need?"]


async def test_a_long_conversation_adds_no_widgets(scripted_app: Callable[[], ChatApp]) -> None:
    # Every reply used to be widgets of its own, all laid out again for each new one.
    app = scripted_app()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.chat.conversation_view
        for n in range(13):
            await ask(pilot, QUESTIONS[n % len(QUESTIONS)])
        assert len(pane.replies) == 13 and len(pane.turns) == 13
        assert list(pane.walk_children()) == []  # the pane draws them; nothing more to lay out


async def test_home_and_end_jump_without_animating(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(8):
            await ask(pilot, QUESTIONS[n % len(QUESTIONS)])
        pane = app.chat.conversation_view
        for focus in (app.chat.prompt, pane):  # from the input, and in the conversation itself
            focus.focus()
            await pilot.pause()
            await pilot.press("home")
            assert pane.scroll_y == 0 and not app.animator.is_being_animated(pane, "scroll_y")
            await pilot.press("end")
            assert pane.scroll_y == pane.max_scroll_y and not app.animator.is_being_animated(pane, "scroll_y")


async def test_the_collector_waits_while_a_reply_is_drawn() -> None:
    app = ChatApp(cursor_blink=False, loader=load_scripted, quiet_gc=True)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await ask(pilot, NUMERIC_QUESTION)
            quiet = app.quiet_gc
            assert quiet is not None and quiet.replies == 1
            assert gc.isenabled() and not quiet.holding  # back on once the reply is on screen
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()
    assert gc.get_freeze_count() == 0  # given back when the app ends


def test_quiet_gc_holds_releases_and_collects_now_and_then() -> None:
    quiet = QuietGC(every=2)
    try:
        quiet.hold()
        assert not gc.isenabled() and quiet.holding
        quiet.release()
        assert gc.isenabled()
        quiet.reply_shown()
        assert quiet.full_collections == 0 and gc.get_freeze_count() > 0
        quiet.reply_shown()
        assert quiet.full_collections == 1
    finally:
        quiet.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0
