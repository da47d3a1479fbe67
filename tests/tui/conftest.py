"""Fixtures of the chat tests (helpers: tui_helpers.py; scripted replies: tui_scripted.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tui_scripted import load_scripted

from assistant.api import Assistant
from assistant.tui.app import ChatApp


@pytest.fixture
def scripted_app() -> Callable[[], ChatApp]:
    """An app whose replies come from tests/tui/tui_scripted.py (every part a reply can have)."""
    return lambda: ChatApp(cursor_blink=False, loader=load_scripted)


@pytest.fixture(scope="session")
def bundled() -> Assistant:
    return Assistant.load()
