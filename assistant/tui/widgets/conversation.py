"""The conversation pane: the person's turns, the replies, and the app's own short notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.layout import DockArrangeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from assistant.tui.text import visible

if TYPE_CHECKING:
    from textual import events

    from assistant.tui.widgets.reply import ReplyView

NoteKind = Literal["info", "error", "welcome", "reset"]

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

    def flash(self) -> None:
        """Stand out for a moment (the note was asked for again)."""
        self.add_class("-again")
        self.set_timer(0.6, lambda: self.remove_class("-again"))


class NewBelow(Static):
    """Says a reply arrived below while the person reads further up; a click goes to it."""

    class Jump(Message):
        """Take me to the latest exchange."""

    def __init__(self) -> None:
        super().__init__(Content("▼ New reply below — End or click to go there"), id="new-below")
        self.display = False

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Jump())


# Where to scroll once the next layout has placed the widgets: the top of a widget, or the end.
Goal = tuple[Literal["top"], Widget] | tuple[Literal["end"], None]


class ConversationView(VerticalScroll, can_focus=True):
    """Keeps the latest exchange in view — the question at the top, its reply reading down from
    there — unless the person has scrolled up to read earlier turns.

    The view is pinned to a place (the top of a question, or the end) while it is laid out (in
    `arrange`, as Textual's own anchoring does), so the frame that first shows a reply is already
    scrolled right — no extra frame, no jump — and it stays right through later layouts (a
    scrollbar appearing rewraps the text, a screen over the chat closes, the terminal is
    resized) until the person scrolls away themselves."""

    class Following(Message):
        """The person is (again) reading the latest exchange, or has scrolled away from it."""

        def __init__(self, following: bool) -> None:
            super().__init__()
            self.following = following

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # The widget that starts the latest exchange (the question, or a new conversation's marker).
        self._latest: Widget | None = None
        # Where the view was last scrolled to show a new exchange: while the person stays at or
        # below it they are following along; above it, they are reading earlier turns.
        self._floor = 0.0
        self._pin: Goal | None = None
        self._pinned_y: float | None = None
        self._was_following = True

    @property
    def replies(self) -> list[ReplyView]:
        return list(self.query("ReplyView"))  # type: ignore[arg-type]

    @property
    def following(self) -> bool:
        return self._pin is not None or self.scroll_y >= min(self._floor, self.max_scroll_y) - 1

    # --- adding to the conversation ----------------------------------------------------------

    async def add_turn(self, text: str) -> TurnView:
        """The person's question: always shown (at the top of the view), wherever they had scrolled."""
        turn = TurnView(text)
        await self.mount(turn)
        self._latest = turn
        self.scroll_to_latest()
        return turn

    async def add_reply(self, view: ReplyView, turn: TurnView | None = None) -> ReplyView:
        """The reply to `turn`, placed right after that exchange (questions typed ahead may
        already stand below it). Followed if the person is following along."""
        follow = self.following
        await self.mount(view, before=self._next_turn_after(turn))
        if follow:
            # Its question at the top; the reply reads down from there.
            self._latest = turn if turn is not None else self._latest
            self.scroll_to_latest()
        return view

    def _next_turn_after(self, turn: TurnView | None) -> Widget | None:
        """The first question asked after `turn` (its exchange ends there), or None."""
        if turn is None or turn.parent is not self:
            return None
        children = list(self.children)
        later = children[children.index(turn) + 1 :]
        return next((w for w in later if isinstance(w, TurnView)), None)

    async def add_note(self, text: str, kind: NoteKind = "info") -> NoteView:
        last = self.children[-1] if self.children else None
        if isinstance(last, NoteView) and last.text == text and last.has_class(f"-{kind}"):
            # The same note again (Enter on an empty input…): point at it rather than stack a copy.
            last.flash()
            self._scroll_later(("end", None))
            return last
        follow = self.following
        note = NoteView(text, kind)
        await self.mount(note)
        if follow:
            self._scroll_later(("end", None))
        return note

    async def start_over(self, text: str) -> NoteView:
        """Mark where a new conversation begins and bring it to the top of the view."""
        note = NoteView(text, "reset")
        await self.mount(note)
        self._latest = note
        self.scroll_to_latest()
        return note

    # --- scrolling ---------------------------------------------------------------------------

    def scroll_to_latest(self) -> None:
        """Show the latest exchange from its start, as soon as it is laid out."""
        if self._latest is not None:
            self._scroll_later(("top", self._latest))
        else:
            self._scroll_later(("end", None))

    def _scroll_later(self, goal: Goal) -> None:
        self._pin = goal
        self._pinned_y = None
        self.refresh(layout=True)

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        result = super().arrange(size, optimal)
        if self._pin is not None:
            self._reach(self._pin, result, size)
        return result

    def _reach(self, goal: Goal, result: DockArrangeResult, size: Size) -> None:
        kind, widget = goal
        bottom = result.total_region.bottom
        if kind == "top":
            placement = next((p for p in result.placements if p.widget is widget), None)
            if placement is None:
                return  # not laid out yet: try again at the next layout
            y = placement.region.y - placement.margin.top
        else:
            y = bottom
        y = max(0, min(y, bottom - size.height))
        self._pinned_y = y
        self._floor = y
        # As Textual's own anchoring does during layout: set the position without a new
        # scroll request, so this very frame is drawn from there.
        self.set_reactive(Widget.scroll_y, y)
        self.set_reactive(Widget.scroll_target_y, y)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar._reactive_position = y
        self._tell_following()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # The pin sets the position without this watcher; any other move is the person's own
        # (a key, the wheel, the scrollbar, a focused widget brought into view): unpin.
        if self._pinned_y is not None and abs(new_value - self._pinned_y) >= 0.5:
            self._pin = self._pinned_y = None
        self._tell_following()

    def _tell_following(self) -> None:
        following = self.following
        if following != self._was_following:
            self._was_following = following
            self.post_message(self.Following(following))

    # Its own keys (when it has the focus) jump without animating: an animated scroll over a
    # long conversation redraws it dozens of times.
    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def on_resize(self) -> None:
        # Text reflows at a new width: if the person was where the view last put them, keep the
        # latest exchange in view rather than whatever now sits at the old offset.
        if self._latest is not None and abs(self.scroll_y - min(self._floor, self.max_scroll_y)) < 1:
            self.scroll_to_latest()
