"""What the conversation pane shows, as blocks of styled lines: the person's turns, the app's
notes (replies: reply_block.py).

The pane (widgets/conversation.py) draws these lines itself, a screenful at a time, rather than
making a widget of every turn and reply: a new reply then costs its own lines, not a layout of
the whole conversation, and a long conversation scrolls as fast as a short one. So their looks
live here as styles (theme variables, as in the .tcss files), not in a stylesheet.
"""

from __future__ import annotations

from typing import Literal

from textual.content import Content
from textual.geometry import Region

from assistant.tui.text import visible

NoteKind = Literal["info", "error", "welcome", "reset"]

# A turn longer than this is shown cut (the whole text is still what was asked): a pasted
# 100 KB turn would otherwise be thousands of lines to lay out.
MAX_TURN_SHOWN = 2000

TURN_STYLE = "$text on $boost"
NOTE_STYLES: dict[str, str] = {
    "info": "$text-muted",
    "error": "$text-error",
    "welcome": "$text-secondary",
    "reset": "bold $text-primary",
}
FLASH_STYLE = "$text on $boost"


def shown_turn(text: str) -> str:
    if len(text) <= MAX_TURN_SHOWN:
        return text
    return f"{text[:MAX_TURN_SHOWN]}… ({len(text):,} characters in all)"


def wrapped(content: Content, width: int) -> list[Content]:
    """`content` wrapped to `width` cells (at least 1 line)."""
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        lines.extend(line.wrap(max(1, width)) or [Content("")])
    return lines


class Block:
    """A run of lines in the conversation. `margin` blank lines come first."""

    margin = 1

    def __init__(self) -> None:
        self._cache: tuple[int, list[Content]] | None = None
        # Where the pane has placed it: first line (its margin included) and height.
        self.top = 0
        self.height = 0
        self.width = 0

    def build(self, width: int) -> list[Content]:
        raise NotImplementedError

    def lines(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, [Content("")] * self.margin + self.build(width))
        return self._cache[1]

    def changed(self) -> None:
        """Its lines must be built again."""
        self._cache = None

    @property
    def virtual_region(self) -> Region:
        """Where it is in the conversation, without its margin."""
        return Region(0, self.top + self.margin, self.width, max(0, self.height - self.margin))

    @property
    def text_lines(self) -> list[str]:
        return [line.plain for line in self.lines(self.width or 80)[self.margin :]]


class TurnBlock(Block):
    """What the person typed, shown literally (never as Markdown or markup)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def build(self, width: int) -> list[Content]:
        body = Content.assemble(("› ", "bold"), visible(shown_turn(self.text)))
        return [
            Content.assemble(" ", line, " ").pad_right(max(0, width - line.cell_length - 2)).stylize_before(TURN_STYLE)
            for line in wrapped(body, width - 2)
        ]


class NoteBlock(Block):
    """A line from the app itself (saved to…, unknown command…), shown literally."""

    def __init__(self, text: str, kind: NoteKind = "info") -> None:
        super().__init__()
        self.text = text
        self.kind = kind
        self.flashing = False
        if kind == "reset":
            self.margin = 1

    def build(self, width: int) -> list[Content]:
        style = FLASH_STYLE if self.flashing else NOTE_STYLES.get(self.kind, "")
        body = Content(visible(self.text))
        if self.kind == "reset":
            rule = Content("─" * width).stylize("$primary 50%")
            lines = [line.center(width) for line in wrapped(body, width - 4)]
            return [rule, *(line.stylize_before(style) for line in lines), Content("")]
        return [
            Content.assemble(" ", line).pad_right(max(0, width - line.cell_length - 1)).stylize_before(style)
            for line in wrapped(body, width - 2)
        ]
