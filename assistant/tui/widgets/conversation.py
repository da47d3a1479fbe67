"""The conversation pane: the person's turns, the replies and the app's notes, in one widget.

It draws the blocks of blocks.py and reply_block.py a line at a time (Textual's line API):
only the lines on screen become strips, and adding a reply adds its own lines rather than a
widget to lay out with all the others. A reply appears in the frame after Enter, and Home in
a long conversation is a change of scroll position, nothing more.

It keeps the latest exchange in view — the question at the top, its reply reading down from
there — unless the person has scrolled up to read earlier turns.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Literal

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style

from assistant.tui.blocks import Block, NoteBlock, NoteKind, TurnBlock
from assistant.tui.text import clause_from_href

if TYPE_CHECKING:
    from assistant.tui.reply_block import ReplyBlock

# Where to keep the view: the top of a block, or the end.
Pin = tuple[Literal["top"], Block] | tuple[Literal["end"], None]


class ConversationView(ScrollView, can_focus=True):
    class ReplySelected(Message):
        def __init__(self, block: ReplyBlock) -> None:
            super().__init__()
            self.block = block

    class ClauseClicked(Message):
        """A `[a2.4]` reference in a reply was clicked."""

        def __init__(self, block: ReplyBlock, clause_id: str) -> None:
            super().__init__()
            self.block = block
            self.clause_id = clause_id

    class Following(Message):
        """The person is (again) reading the latest exchange, or has scrolled away from it."""

        def __init__(self, following: bool) -> None:
            super().__init__()
            self.following = following

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[Block] = []
        self._tops: list[int] = []  # first line of each block
        self._width = 0
        self._strips: dict[int, Strip] = {}  # line -> strip, for the lines drawn so far
        # The block that starts the latest exchange (the question, or a new conversation's marker).
        self._latest: Block | None = None
        # Where the view was last put to show a new exchange: at or below it, the person is
        # following along; above it, they are reading earlier turns.
        self._floor = 0
        # Kept in place (the top of the latest question, or the end) until the person scrolls.
        self._pin: Pin | None = None
        self._pinned_y: int | None = None
        self._was_following = True

    # --- what it holds ------------------------------------------------------------------------

    @property
    def replies(self) -> list[ReplyBlock]:
        from assistant.tui.reply_block import ReplyBlock

        return [b for b in self.blocks if isinstance(b, ReplyBlock)]

    @property
    def turns(self) -> list[TurnBlock]:
        return [b for b in self.blocks if isinstance(b, TurnBlock)]

    @property
    def notes(self) -> list[NoteBlock]:
        return [b for b in self.blocks if isinstance(b, NoteBlock)]

    @property
    def following(self) -> bool:
        return self._pin is not None or self.scroll_y >= min(self._floor, self.max_scroll_y) - 1

    @property
    def line_width(self) -> int:
        return self.scrollable_content_region.width

    # --- adding to the conversation -----------------------------------------------------------

    def add_turn(self, text: str) -> TurnBlock:
        """The person's question: always shown (at the top of the view), wherever they had scrolled."""
        turn = TurnBlock(text)
        self._insert([turn])
        self._latest = turn
        self.scroll_to_latest()
        return turn

    def add_exchange(self, text: str, reply: ReplyBlock) -> TurnBlock:
        """A question and its reply, put on screen together."""
        turn = TurnBlock(text)
        self._insert([turn, reply])
        self._latest = turn
        self.scroll_to_latest()
        return turn

    def add_reply(self, reply: ReplyBlock, turn: TurnBlock | None = None) -> ReplyBlock:
        """The reply to `turn`, placed right after that exchange (questions typed ahead may
        already stand below it). Followed if the person is following along."""
        follow = self.following
        self._insert([reply], before=self._next_turn_after(turn))
        if follow:
            self._latest = turn if turn is not None else self._latest
            self.scroll_to_latest()
        return reply

    def add_note(self, text: str, kind: NoteKind = "info") -> NoteBlock:
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, NoteBlock) and last.text == text and last.kind == kind:
            # The same note again (Enter on an empty input…): point at it rather than stack a copy.
            self._flash(last)
            self._keep(("end", None))
            return last
        follow = self.following
        note = NoteBlock(text, kind)
        self._insert([note])
        if follow:
            self._keep(("end", None))
        return note

    def start_over(self, text: str) -> NoteBlock:
        """Mark where a new conversation begins and bring it to the top of the view."""
        note = NoteBlock(text, "reset")
        self._insert([note])
        self._latest = note
        self.scroll_to_latest()
        return note

    def _next_turn_after(self, turn: TurnBlock | None) -> Block | None:
        """The first question asked after `turn` (its exchange ends there), or None."""
        if turn is None or turn not in self.blocks:
            return None
        later = self.blocks[self.blocks.index(turn) + 1 :]
        return next((b for b in later if isinstance(b, TurnBlock)), None)

    def _insert(self, blocks: list[Block], before: Block | None = None) -> None:
        at = self.blocks.index(before) if before is not None else len(self.blocks)
        self.blocks[at:at] = blocks
        self._layout(from_block=at)

    def changed(self, block: Block) -> None:
        """`block` shows something else now (folds opened, selected…): draw it again."""
        block.changed()
        if block not in self.blocks:
            return
        if self._width and len(block.lines(self._width)) == block.height:
            # Same height (a new border when selected…): only its own lines are drawn again.
            for line in range(block.top, block.top + block.height):
                self._strips.pop(line, None)
            self.refresh()
        else:
            self._layout(from_block=self.blocks.index(block))

    def _flash(self, note: NoteBlock) -> None:
        note.flashing = True
        self.changed(note)

        def done() -> None:
            note.flashing = False
            self.changed(note)

        self.set_timer(0.6, done)

    # --- layout ---------------------------------------------------------------------------------

    def _layout(self, from_block: int = 0) -> None:
        """Place the blocks from `from_block` on (those before it stay where they are)."""
        width = self.line_width
        if width <= 0:
            return  # not laid out yet: on_resize does it
        if width != self._width:
            self._width, from_block = width, 0
        del self._tops[from_block:]
        line = 0
        if from_block:
            previous = self.blocks[from_block - 1]
            line = previous.top + previous.height
        for block in self.blocks[from_block:]:
            block.top, block.width = line, width
            block.height = len(block.lines(width))
            self._tops.append(line)
            line += block.height
        # Lines from the first changed block on are drawn again.
        first = self._tops[from_block] if from_block < len(self._tops) else line
        for y in [y for y in self._strips if y >= first]:
            del self._strips[y]
        self.virtual_size = Size(width, line)
        if self._pin is not None:
            self._reach(self._pin)
        self.refresh()
        self._draw_ahead()

    def _draw_ahead(self) -> None:
        """Turn the lines about to be shown into strips now, while the screen waits for its
        next frame (up to 1/120 s), so that the frame itself has less to do."""
        if self.text_selection is not None or not self._width:
            return
        first = round(self.scroll_y)
        for line in range(first, min(first + self.scrollable_content_region.height, self.virtual_size.height)):
            if line not in self._strips:
                block = self.block_at(line)
                if block is not None:
                    self._strips[line] = self._strip(block.lines(self._width)[line - block.top], line, self._width)

    def on_resize(self, event: events.Resize) -> None:
        at_floor = self._latest is not None and abs(self.scroll_y - min(self._floor, self.max_scroll_y)) < 1
        if self.line_width != self._width:
            self._layout()
            # Text reflows at a new width: if the person was where the view last put them, keep
            # the latest exchange in view rather than whatever now sits at the old offset.
            if at_floor:
                self.scroll_to_latest()
        elif self._pin is not None:
            self._reach(self._pin)  # taller or shorter: as far as the new height allows

    # --- scrolling ------------------------------------------------------------------------------

    def scroll_to_latest(self) -> None:
        """Show the latest exchange from its start."""
        self._keep(("top", self._latest) if self._latest is not None else ("end", None))

    def scroll_to_block(self, block: Block) -> None:
        if block in self.blocks:
            self._release()
            self.scroll_to(y=block.top, animate=False, immediate=True)

    def _keep(self, pin: Pin) -> None:
        self._pin = pin
        self._reach(pin)

    def _reach(self, pin: Pin) -> None:
        kind, block = pin
        height = self.virtual_size.height
        y = block.top if kind == "top" and block is not None else height
        y = max(0, min(y, height - self.scrollable_content_region.height))
        self._pinned_y = self._floor = y
        if self.scroll_y != y:
            self.set_reactive(ScrollView.scroll_y, y)
            self.set_reactive(ScrollView.scroll_target_y, y)
            if self.show_vertical_scrollbar:
                self.vertical_scrollbar.position = y
            self.refresh()
        self._tell_following()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._tell_following()

    def _release(self) -> None:
        """The person scrolls themselves (a key, the wheel, the scrollbar): stop keeping the view
        in place. (Not on every change of position: Textual also moves it when the content
        or the size changes, and then the view should stay where it was pinned.)"""
        self._pin = self._pinned_y = None

    def on_mouse_scroll_up(self) -> None:
        self._release()

    def on_mouse_scroll_down(self) -> None:
        self._release()

    def on_scroll_to(self) -> None:  # the scrollbar dragged
        self._release()

    def on_scroll_up(self) -> None:  # the scrollbar clicked
        self._release()

    def on_scroll_down(self) -> None:
        self._release()

    def move(self, where: str) -> None:
        """The person's own scrolling: "up", "down", "page_up", "page_down", "home" or "end"."""
        self._release()
        if where == "up":
            self.scroll_up(animate=False)
        elif where == "down":
            self.scroll_down(animate=False)
        elif where == "page_up":
            self.scroll_page_up(animate=False)
        elif where == "page_down":
            self.scroll_page_down(animate=False)
        elif where == "home":
            self.scroll_home(animate=False)
        elif where == "end":
            self.scroll_end(animate=False)

    def _tell_following(self) -> None:
        following = self.following
        if following != self._was_following:
            self._was_following = following
            self.post_message(self.Following(following))

    # Its own keys (when it has the focus) jump without animating: an animated scroll over a
    # long conversation redraws it dozens of times.
    def action_scroll_up(self) -> None:
        self.move("up")

    def action_scroll_down(self) -> None:
        self.move("down")

    def action_scroll_home(self) -> None:
        self.move("home")

    def action_scroll_end(self) -> None:
        self.move("end")

    def action_page_up(self) -> None:
        self.move("page_up")

    def action_page_down(self) -> None:
        self.move("page_down")

    # --- drawing --------------------------------------------------------------------------------

    def block_at(self, line: int) -> Block | None:
        at = bisect_right(self._tops, line) - 1
        if 0 <= at < len(self._tops):
            block = self.blocks[at]
            if line < block.top + block.height:
                return block
        return None

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.line_width
        if width != self._width:
            self._layout()
        selection = self.text_selection
        if selection is None and (strip := self._strips.get(line)) is not None:
            return strip
        block = self.block_at(line)
        content = block.lines(width)[line - block.top] if block is not None else Content("")
        if selection is not None and (span := selection.get_span(line)) is not None:
            start, end = span
            selected = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            content = content.stylize(selected, start, None if end == -1 else end)
        strip = self._strip(content, line, width)
        if selection is None:
            self._strips[line] = strip
        return strip

    def _strip(self, content: Content, y: int, width: int) -> Strip:
        # The offsets (x, y) on each piece are what text selection reads back. One Strip per
        # line, padded here: each Strip Textual makes carries a handful of caches.
        base = self.visual_style
        segments: list[Segment] = []
        x = 0
        for text, style in content.render(base, end="", parse_style=self._get_style):
            segments.append(Segment(text, (base + style).rich_style_with_offset(x, y)))
            x += len(text)
        length = content.cell_length
        if length < width:
            segments.append(Segment(" " * (width - length), base.rich_style))
        strip = Strip(segments, max(length, width))
        return strip.crop(0, width) if length > width else strip

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        text = "\n".join(line.plain for block in self.blocks for line in block.lines(self._width or 80))
        return selection.extract(text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: the strips carry the old colours

    # --- the mouse ------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        from assistant.tui.reply_block import ReplyBlock

        offset = event.get_content_offset(self)
        if offset is None:
            return
        block = self.block_at(self.scroll_offset.y + offset.y)
        if isinstance(block, ReplyBlock):
            self.post_message(self.ReplySelected(block))

    def _reply(self, number: int) -> ReplyBlock | None:
        return next((r for r in self.replies if r.number == number), None)

    def action_link(self, number: int, href: str) -> None:
        reply, clause_id = self._reply(number), clause_from_href(href)
        if reply is not None and clause_id is not None:
            self.post_message(self.ClauseClicked(reply, clause_id))

    def action_toggle(self, number: int, part: str) -> None:
        reply = self._reply(number)
        if reply is not None:
            reply.toggle(part)
            self.changed(reply)
