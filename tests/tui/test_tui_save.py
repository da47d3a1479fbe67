"""/save in the chat: whatever goes wrong, the app stays open, the conversation stays, a note says why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tui_helpers import ask, notes, wait_until
from tui_scripted import NUMERIC_QUESTION

from assistant.tui.app import ChatApp

SIZE = (100, 30)


async def save(pilot, app: ChatApp, argument: str) -> str:  # type: ignore[no-untyped-def]
    """Run `/save ARGUMENT` and return the note it ends with."""
    before = len(notes(app))
    app.chat.prompt.value = f"/save {argument}"
    await pilot.press("enter")
    await wait_until(pilot, lambda: len(notes(app)) > before or not app.is_running, "the save's note")
    assert app.is_running, "the app closed"
    return notes(app)[-1]


@pytest.mark.parametrize(
    ("argument", "says"),
    [
        ("~nosuchuser/x.yaml", "no user called 'nosuchuser'"),
        ("x" * 300, "File name too long"),
        ("x" * 300 + "/", "File name too long"),
        ("a-file.txt/inside.yaml", "folder does not exist"),
        ("a-file.txt/", "a-file.txt"),
    ],
    ids=["unknown-user", "long-name", "long-folder", "under-a-file", "file-as-folder"],
)
async def test_a_save_that_fails_keeps_the_app_and_the_conversation(
    scripted_app: Callable[[], ChatApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argument: str,
    says: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file.txt").write_text("not a folder\n", encoding="utf-8")
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        note = await save(pilot, app, argument)
        assert note.startswith("Could not save"), note
        assert says in note
        assert "still here" in note  # the person knows nothing is lost
        assert app.conversation is not None and len(app.conversation.turns) == 1
        # The same conversation saves fine somewhere else.
        note = await save(pilot, app, "good.yaml")
        assert note == "Saved 1 turn to good.yaml"
        assert (tmp_path / "good.yaml").is_file()


async def test_an_unreadable_folder_is_reported(
    scripted_app: Callable[[], ChatApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root every folder is readable, so the refusal is simulated where the saver asks.
    monkeypatch.chdir(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_is_dir = Path.is_dir

    def is_dir(self: Path) -> bool:
        if self == locked or locked in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        note = await save(pilot, app, "locked/x.yaml")
        assert note.startswith("Could not save") and "Permission denied" in note


async def test_an_unexpected_error_in_a_worker_does_not_close_the_app(
    scripted_app: Callable[[], ChatApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    from assistant import transcripts

    def broken(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(transcripts, "save_conversation", broken)
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        note = await save(pilot, app, "")
        assert "disk on fire" in note
        # Still answering.
        view = await ask(pilot, NUMERIC_QUESTION)
        assert view.number == 2


async def test_a_failing_worker_leaves_a_note_and_the_app_open(
    scripted_app: Callable[[], ChatApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.api import Assistant

    def broken(self: Assistant, clause_id: str) -> None:
        raise RuntimeError("index gone")

    monkeypatch.setattr(Assistant, "clause_context", broken)
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        app.chat.prompt.value = "/show a2.4"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(notes(app, "error")) or not app.is_running, "an error note")
        assert app.is_running
        assert "index gone" in notes(app, "error")[-1]
        view = await ask(pilot, NUMERIC_QUESTION)
        assert view.number == 2
