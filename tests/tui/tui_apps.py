"""App factories and the steps before a snapshot: the snapshot tests (and anyone reproducing
a snapshot by hand) point here. Fixed size, no cursor blink, no clock: the same every run."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Select
from tui_helpers import ask, wait_until

from assistant.tui.app import ChatApp
from assistant.tui.screens.search import SearchScreen

QUESTION = "2 servers x 5 CALs, how many users?"
SEARCH_QUERY = "CALs included"
SEARCH_TAG = "authority:vendor"


def chat_app() -> ChatApp:
    """The chat on the bundled corpus, as `licensing-assistant chat` opens it."""
    return ChatApp(cursor_blink=False)


async def after_answer(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, ChatApp)
    await app.wait_assistant()  # as a person would: no "Loading the notes…" in the picture
    await ask(pilot, QUESTION)


async def search_with_tag(pilot: Pilot) -> None:
    app = pilot.app
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await wait_until(pilot, lambda: screen.shown_for is not None, "the notes loaded")
    await pilot.press(*SEARCH_QUERY)
    screen.query_one("#tag", Select).value = SEARCH_TAG
    await wait_until(pilot, lambda: screen.shown_for == (SEARCH_QUERY, SEARCH_TAG), "the results")
