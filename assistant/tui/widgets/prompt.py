"""The input line: history on up/down, completion of the slash commands."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input

from assistant.tui.commands import COMPLETIONS
from assistant.tui.keys import bindings
from assistant.tui.text import visible_line

# Enough history to scroll back through a long session without growing without bound.
MAX_HISTORY = 500


def one_line(text: str) -> str:
    """Pasted lines as one question: each line's words kept, the line breaks become spaces."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class Prompt(Input):
    """An Input that remembers what was typed and suggests the slash commands.

    Enter sends `Prompt.Sent` with the line and clears the input at once, in the input's own
    key handling: keys typed after the Enter (type-ahead) start the next line, never join this one.
    """

    # History, completion, and the keys that scroll the conversation while typing (the actions
    # table: assistant/tui/actions.py). They replace Input's own for the same keys.
    BINDINGS = bindings("prompt")

    class Sent(Message):
        """A line was entered (the input is already clear for the next one)."""

        def __init__(self, prompt: Prompt, text: str) -> None:
            super().__init__()
            self.prompt = prompt
            self.text = text

        @property
        def control(self) -> Prompt:
            return self.prompt

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

    async def _on_key(self, event: events.Key) -> None:
        # Textual runs a focused widget's key bindings only once the key has bubbled up to the
        # app, by which time keys typed after it have reached the input: a fast typist's Enter
        # or Backspace would act on text typed after it. The input's own keys act here, in order.
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if await self.app.run_action(binding.action, self):  # True once it has acted
                event.stop()
                event.prevent_default()  # not Input's handler (it inserts printable keys)
                return

    async def action_submit(self) -> None:
        text = self.value
        self.remember(text)
        self.value = ""
        self.post_message(self.Sent(self, text))

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps only the first line of a paste; a pasted question is all of its lines.
        event.stop()
        event.prevent_default()  # not Input's own handler as well
        text = one_line(event.text)
        if text:
            start, end = sorted(self.selection)
            self.replace(text, start, end)

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
