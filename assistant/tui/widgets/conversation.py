"""The conversation pane: the person's turns, the replies, and the app's own short notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from assistant.tui.text import visible

if TYPE_CHECKING:
    from assistant.models.reply import Reply
    from assistant.tui.widgets.reply import ReplyView

NoteKind = Literal["info", "error", "welcome"]

# A turn longer than this is shown cut (the whole text is still what was asked): a pasted
# 100 KB turn would otherwise be thousands of lines to lay out on every refresh.
MAX_TURN_SHOWN = 2000


def shown_turn(text: str) -> str:
    if len(text) <= MAX_TURN_SHOWN:
        return text
    return f"{text[:MAX_TURN_SHOWN]}… ({len(text):,} characters in all)"


class TurnView(Static):
    """What the person typed, shown literally (never as Markdown or markup)."""

    def __init__(self, text: str) -> None:
        super().__init__(Content.assemble(("› ", "bold"), visible(shown_turn(text))), classes="turn")
        self.text = text


class NoteView(Static):
    """A line from the app itself (saved to…, unknown command…), shown literally."""

    def __init__(self, text: str, kind: NoteKind = "info") -> None:
        super().__init__(Content(visible(text)), classes=f"note -{kind}")
        self.text = text


class ConversationView(VerticalScroll, can_focus=True):
    """Scrolls with the conversation unless the person has scrolled up to read earlier turns."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # The widget that starts the latest exchange (the question).
        self._latest: Widget | None = None
        # Where the view was last scrolled to show a new exchange: while the person stays at
        # or below it they are following along; above it, they are reading earlier turns.
        self._floor = 0.0

    @property
    def replies(self) -> list[ReplyView]:
        return list(self.query("ReplyView"))  # type: ignore[arg-type]

    @property
    def following(self) -> bool:
        return self.scroll_y >= min(self._floor, self.max_scroll_y) - 1

    async def add_turn(self, text: str) -> TurnView:
        follow = self.following
        turn = TurnView(text)
        await self.mount(turn)
        self._latest = turn
        if follow:
            self._show_from(turn)
        return turn

    async def add_reply(self, number: int, question: str, reply: Reply, is_known: Callable[[str], bool]) -> ReplyView:
        follow = self.following
        from assistant.tui.widgets.reply import ReplyView  # Markdown is loaded with the first reply

        view = ReplyView(number, question, reply, is_known)
        await self.mount(view)
        if follow and self._latest is not None:
            # The question and the headline at the top; a long reply reads down from there.
            self._show_from(self._latest)
        elif not follow:
            self.notify("A new reply is below.", timeout=3, markup=False)
        return view

    async def add_note(self, text: str, kind: NoteKind = "info") -> NoteView:
        follow = self.following
        note = NoteView(text, kind)
        await self.mount(note)
        if follow:
            self.call_after_refresh(self._scroll_to_end)
        return note

    def on_resize(self) -> None:
        # Text reflows at a new width: if the person was where the view last put them, keep the
        # latest exchange in view rather than whatever now sits at the old offset.
        if self._latest is not None and abs(self.scroll_y - min(self._floor, self.max_scroll_y)) < 1:
            # After the layout at the new size (the reply heights change with the width).
            latest = self._latest
            self.call_after_refresh(self.call_after_refresh, self._scroll_to_top_of, latest)

    def _scroll_to_end(self) -> None:
        self.scroll_end(animate=False, immediate=True)
        self._floor = self.scroll_y

    def _show_from(self, widget: Widget) -> None:
        # After the next layout, when the new widget has its place and size.
        self.call_after_refresh(self._scroll_to_top_of, widget)

    def _scroll_to_top_of(self, widget: Widget) -> None:
        self.scroll_to_widget(widget, animate=False, top=True, immediate=True)
        self._floor = self.scroll_y
