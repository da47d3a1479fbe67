"""The progress of a long corpus build, shown above the input while the notes load."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

STAGES = {"reading": "Reading the notes", "indexing": "Indexing the clauses"}


class LoadingProgress(Horizontal):
    DEFAULT_CSS = """
    LoadingProgress {
        height: 1;
        padding: 0 1;
    }
    LoadingProgress > Static {
        width: auto;
        padding-right: 1;
    }
    """

    def __init__(self, stage: str, done: int, total: int) -> None:
        super().__init__()
        self._state = (stage, done, total)

    def compose(self) -> ComposeResult:
        stage, _, total = self._state
        yield Static(Content(self._label(stage)), id="loading-stage")
        yield ProgressBar(total=max(total, 1), show_eta=False, id="loading-bar")

    def on_mount(self) -> None:
        self.show(*self._state)

    @staticmethod
    def _label(stage: str) -> str:
        return f"{STAGES.get(stage, stage)}…"

    def show(self, stage: str, done: int, total: int) -> None:
        self._state = (stage, done, total)
        for label in self.query("#loading-stage").results(Static):
            label.update(Content(self._label(stage)))
        for bar in self.query("#loading-bar").results(ProgressBar):
            bar.update(total=max(total, 1), progress=done)
