"""The bar that says a reply arrived below while the person reads further up."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static


class NewBelow(Static):
    """Says a reply arrived below while the person reads further up; a click goes to it."""

    class Jump(Message):
        """Take me to the latest exchange."""

    def __init__(self) -> None:
        super().__init__(Content("▼ New reply below — End or click to go there"), id="new-below")
        self.display = False

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Jump())
