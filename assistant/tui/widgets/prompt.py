"""The input line: history on up/down, completion of the slash commands."""

from __future__ import annotations

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input

from assistant.tui.commands import COMPLETIONS
from assistant.tui.text import visible_line

# Enough history to scroll back through a long session without growing without bound.
MAX_HISTORY = 500


class Prompt(Input):
    """An Input that remembers what was typed and suggests the slash commands."""

    BINDINGS = [  # noqa: RUF012 (Textual's own declaration style)
        Binding("up", "history(-1)", "Previous", show=False),
        Binding("down", "history(1)", "Next", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            placeholder=placeholder,
            id=id,
            suggester=SuggestFromList(COMPLETIONS, case_sensitive=False),
            select_on_focus=False,
        )
        self.history: list[str] = []
        # Position in the history while browsing it; len(history) means "the line being typed".
        self._position = 0
        self._draft = ""

    def validate_value(self, value: str) -> str:
        # A pasted ANSI escape or other control character would reach the terminal: show a stand-in.
        return visible_line(value)

    def remember(self, text: str) -> None:
        """Add a submitted line to the history (not a repeat of the line before it)."""
        if text.strip() and (not self.history or self.history[-1] != text):
            self.history.append(text)
            del self.history[:-MAX_HISTORY]
        self._position = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value  # keep what was being typed, to come back to it
        position = max(0, min(len(self.history), self._position + step))
        if position == self._position:
            return
        self._position = position
        self.value = self._draft if position == len(self.history) else self.history[position]
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        """Accept the suggested completion; with none, Tab moves the focus on as usual."""
        if self._suggestion and self._suggestion != self.value and self.cursor_at_end:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()
