"""Helpers for driving the chat with Textual's Pilot (imported by the tests and tui_apps.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.geometry import Region
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget

from assistant.tui.app import ChatApp
from assistant.tui.blocks import Block
from assistant.tui.reply_block import ReplyBlock
from assistant.tui.widgets.conversation import ConversationView

# Generous: a reply normally takes milliseconds; this only stops a broken test from hanging.
WAIT_SECONDS = 10.0


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)


async def ask(pilot: Pilot, text: str) -> ReplyBlock:
    """Type `text` into the prompt, press Enter, and return the reply view that appears."""
    app = pilot.app
    assert isinstance(app, ChatApp)
    before = len(app.chat.conversation_view.replies)
    errors = len(notes(app, "error"))
    app.chat.prompt.value = text
    await pilot.press("enter")
    await wait_until(
        pilot,
        lambda: len(app.chat.conversation_view.replies) > before or len(notes(app, "error")) > errors,
        f"a reply to {text!r}",
    )
    await app.chat.settled()
    await pilot.pause()
    # Asking must never end in the chat's "something went wrong" (a bug caught politely).
    assert notes(app, "error")[errors:] == []
    return app.chat.conversation_view.replies[-1]


def notes(app: ChatApp, kind: str | None = None) -> list[str]:
    return [n.text for n in app.chat.conversation_view.notes if kind is None or n.kind == kind]


def turns(app: ChatApp) -> list[str]:
    return [t.text for t in app.chat.conversation_view.turns]


def in_view(pane: ConversationView, block: Block) -> bool:
    """Whether all of `block` (its margin aside) is inside the scrolled-to part of the conversation."""
    region = block.virtual_region
    return pane.scroll_y <= region.y and region.bottom <= pane.scroll_y + pane.scrollable_content_region.height


def at_top(pane: ConversationView, block: Block) -> bool:
    """Whether the view starts at `block` (or as near as the end of the conversation allows)."""
    return pane.scroll_y == min(block.top, pane.max_scroll_y)


async def click_block(pilot: Pilot, pane: ConversationView, block: Block, line: int = 1) -> None:
    """Click the `line`-th line of `block` (it must be in view)."""
    region = pane.content_region
    await pilot.click(offset=(region.x + 2, region.y + block.top + line - round(pane.scroll_y)))


def widget_text(widget: Widget) -> str:
    """What a widget draws (not its children), as plain text, one line per row."""
    width, height = widget.outer_size
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height)))


def reply_text(view: ReplyBlock) -> str:
    """What a reply shows (inside its box), as plain text."""
    return "\n".join(view.text_lines)


def reply_words(view: ReplyBlock) -> str:
    """What a reply says, its lines joined and without the gutters that set parts apart."""
    gutters = ("┆ ", "▌ ", "│ ")
    return flat(" ".join(line[2:] if line.startswith(gutters) else line for line in view.text_lines))


def flat(text: str) -> str:
    """`text` with every run of whitespace (line wrapping included) as one space."""
    return " ".join(text.split())


def key_event(character: str) -> events.Key:
    """The key event a terminal sends for one typed character ("\n": Enter, "\b": Backspace)."""
    if character == "\n":
        return events.Key("enter", "\r")
    if character == "\b":
        return events.Key("backspace", "\x7f")
    return events.Key(character if character.isalnum() else _character_to_key(character), character)


def type_in_a_burst(app: App, text: str) -> None:
    """Send every key of `text` at once, as a fast typist or a terminal's buffer delivers them
    (Pilot's press() waits for the app to settle after each key, which hides races)."""
    for character in text:
        app.post_message(key_event(character))
