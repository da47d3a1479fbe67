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

    def compose(self) -> ComposeResult:
        yield Static(Content(STAGES["reading"]), id="loading-stage")
        yield ProgressBar(show_eta=False, id="loading-bar")

    def show(self, stage: str, done: int, total: int) -> None:
        self.query_one("#loading-stage", Static).update(Content(f"{STAGES.get(stage, stage)}…"))
        self.query_one("#loading-bar", ProgressBar).update(total=max(total, 1), progress=done)
