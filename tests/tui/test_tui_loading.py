"""A long corpus build shows its progress above the input, and a cache problem as a note."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import ProgressBar
from tui_helpers import ask, notes, wait_until

from assistant.api import Assistant
from assistant.tui import app as app_module
from assistant.tui.app import ChatApp
from assistant.tui.widgets.loading import LoadingProgress

NOTES = Path(__file__).resolve().parent.parent / "fixtures" / "notes" / "office-cal-notes.md"


async def test_progress_while_loading_then_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that reports progress shows a bar until the notes are loaded."""
    monkeypatch.setenv("LICENSING_ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    release = threading.Event()
    real_load = Assistant.load

    def slow_load(corpus=None, *, progress=None, **options):  # type: ignore[no-untyped-def]
        assert progress is not None
        progress("reading", 1, 4)
        release.wait(10)
        return real_load(corpus, progress=progress, **options)

    monkeypatch.setattr(Assistant, "load", staticmethod(slow_load))
    monkeypatch.setattr(app_module, "PROGRESS_AFTER_S", 0.0)
    app = ChatApp(cursor_blink=False, load_options={"index": "sparse", "cache": False})
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: bool(app.chat.query(LoadingProgress)), "the progress bar")
        bar = app.chat.query_one(LoadingProgress).query_one(ProgressBar)
        await wait_until(pilot, lambda: bar.progress == 1 and bar.total == 4, "1 of 4")
        release.set()
        await app.wait_assistant()
        await pilot.pause()
        assert not app.chat.query(LoadingProgress)
        assert app.assistant is not None and app.assistant.backend == "sparse"
        await ask(pilot, "2 servers x 5 CALs, how many users?")


async def test_a_cache_problem_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("LICENSING_ASSISTANT_CACHE_DIR", str(blocker / "cache"))
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / NOTES.name).write_bytes(NOTES.read_bytes())
    app = ChatApp(folder, cursor_blink=False)
    async with app.run_test() as pilot:
        await app.wait_assistant()
        await wait_until(pilot, lambda: any("search cache not kept" in n for n in notes(app)), "the note")
        assert sum("search cache not kept" in n for n in notes(app)) == 1
