"""One reply of the assistant, laid out from its fields, with the long parts folded.

A reply is built from the structured `Reply` (headline, steps, assumptions, disputes,
citations), never from the wording of its Markdown text: whatever the text says beyond those
fields is shown too, as written (see `leftover_paragraphs`). Every text is shown literally —
notes and questions are never read as Markdown or markup — and clause references are links.

To keep a reply short enough for a terminal, the assumptions, the disputes and the sources
are folded to one line each (a click on that line, or ctrl+o for all of them, opens them). A
dispute is shown in full the first time it comes up in a conversation and as a one-line
reference afterwards. The sources are left out while the sources panel shows them.

The reply is one widget drawing its own lines (Textual's line API): only the lines on screen
are turned into strips, and they are kept until the width or what is open changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from assistant.tui.text import (
    CLAUSE_LINK_SCHEME,
    clause_from_href,
    clause_ref_pattern,
    leftover_paragraphs,
    visible,
)

if TYPE_CHECKING:  # pydantic stays out of the start-up path
    from assistant.models.reply import Citation, Dispute, Reply

# What the border of a reply says, per kind (ReplyKind values).
KIND_LABELS: dict[str, str] = {
    "answer": "Answer",
    "clarify": "Needs one more detail",
    "not_covered": "Not covered by the notes",
}
LINK_STYLE = "underline $text-accent"
OPEN, CLOSED = "▾ ", "▸ "


@dataclass(frozen=True)
class Look:
    """How a part of a reply looks: a gutter before each of its lines, and a text style."""

    gutter: str = ""
    gutter_style: str = ""
    style: str = ""


LOOKS: dict[str, Look] = {
    "headline": Look(style="bold $text-primary"),
    "question": Look(gutter="▌ ", gutter_style="$warning", style="bold $text-warning"),
    "extra": Look(),
    "steps": Look(),
    "assumptions": Look(gutter="┆ ", gutter_style="$text-secondary", style="$text-secondary"),
    "disputes": Look(gutter="▌ ", gutter_style="$warning", style="$text-warning"),
    "sources": Look(gutter="│ ", gutter_style="$text-muted", style=""),
}


def dispute_key(dispute: Dispute) -> str:
    """The same dispute in two replies has the same claim (whatever the spacing or case)."""
    return " ".join(dispute.claim.split()).casefold()


@dataclass
class Block:
    """A paragraph or list item: wrapped to the width, later lines indented like the first's text."""

    content: Content
    first: str = ""  # before its first line, e.g. "1. " or "• "
    gap: bool = False  # a blank line before it


@dataclass
class Part:
    """A part of a reply. A foldable part has a title and, folded, shows one line: its summary."""

    name: str  # a key of LOOKS
    blocks: list[Block] = field(default_factory=list)
    title: str = ""  # foldable parts only
    summary: Content | None = None
    opened: bool = True  # how it starts

    @property
    def foldable(self) -> bool:
        return bool(self.title)


def link(clause_id: str) -> Style:
    return Style.from_meta({"@click": f"link({CLAUSE_LINK_SCHEME + clause_id!r})"})


def refs(clauses: Iterable[str], is_known: Callable[[str], bool], *, lead: str = " ") -> Content:
    """' [a2.4] [a4.4]' with the known clauses as links (`lead`: before the first one)."""
    parts: list[Content | str] = []
    for n, clause_id in enumerate(dict.fromkeys(clauses)):
        label = f"[{visible(clause_id)}]"
        parts += [
            " " if n else lead,
            Content(label).stylize(link(clause_id)).stylize(LINK_STYLE) if is_known(clause_id) else label,
        ]
    return Content.assemble(*parts)


def literal(text: str, is_known: Callable[[str], bool] | None = None) -> Content:
    """`text` exactly as written (no Markdown, no markup), its `[a2.4]` references as links."""
    text = visible(text)
    content = Content(text, strip_control_codes=False)
    if is_known is not None:
        for match in clause_ref_pattern().finditer(text):
            if is_known(match.group(1)):
                content = content.stylize(link(match.group(1)), *match.span()).stylize(LINK_STYLE, *match.span())
    return content


def _list_item(text: str) -> tuple[str, str]:
    """("• ", the item's text) for a Markdown-like list item, else ("", text)."""
    match = re.match(r"^\s{0,3}(?:([-*+])|(\d{1,3})[.)])\s+", text)
    if not match:
        return "", text
    marker = "• " if match.group(1) else f"{match.group(2)}. "
    rest = "\n".join(line.strip() for line in text[match.end() :].splitlines())
    return marker, rest


def _quoted(citations: list[Citation], is_known: Callable[[str], bool]) -> Content:
    """'[a2.4] Oskar Duveborn, accepted answer: “…” … “…”' — the quotes exactly as written."""
    from assistant.render import describe_source

    first = citations[0]
    who = describe_source(first.author, first.kind, first.authority, first.quotes)
    quotes = Content(" … ").join(Content.assemble("“", literal(c.quote), "”") for c in citations)
    return Content.assemble(refs([first.clause], is_known, lead=""), " ", (visible(who), "bold"), ": ", quotes)


def build_parts(
    reply: Reply,
    is_known: Callable[[str], bool],
    *,
    earlier_disputes: dict[str, int],
    sources_inline: bool,
) -> list[Part]:
    """The parts of `reply`, in order. `earlier_disputes`: dispute key -> the reply that showed it
    in full; `sources_inline`: list the sources in the reply (the panel is hidden)."""
    parts: list[Part] = []
    question = (reply.question or "").strip()
    headline = reply.headline.strip()
    if headline and headline != question:
        parts.append(Part("headline", [Block(literal(headline, is_known))]))
    extra = [Block(literal(text, is_known), first) for first, text in map(_list_item, leftover_paragraphs(reply))]
    for n, block in enumerate(extra):
        block.gap = n > 0 and not (block.first and extra[n - 1].first)
    if extra:
        parts.append(Part("extra", extra))
    if question:
        parts.append(Part("question", [Block(literal(question, is_known))]))
    if reply.steps:
        steps = [Block(Content("How I got it:", strip_control_codes=False))]
        steps += [
            Block(literal(step.text) + refs(step.clauses, is_known), f"{n}. ")
            for n, step in enumerate(reply.steps, start=1)
        ]
        parts.append(Part("steps", steps))
    if reply.assumptions:
        blocks = [
            Block(
                Content.assemble(literal(a.assumption), " If not: ", literal(a.if_wrong), refs(a.clauses, is_known)),
                "• ",
            )
            for a in reply.assumptions
        ]
        summary = literal("; ".join(" ".join(a.assumption.split()) for a in reply.assumptions))
        parts.append(Part("assumptions", blocks, f"Assumptions ({len(blocks)})", summary, opened=False))
    if reply.disputes:
        blocks = []
        for dispute in reply.disputes:
            blocks.append(Block(Content.assemble(("Claim: ", "bold"), literal(dispute.claim)), gap=bool(blocks)))
            blocks += [Block(literal(side.position) + refs(side.clauses, is_known), "• ") for side in dispute.sides]
        seen = [earlier_disputes.get(dispute_key(d)) for d in reply.disputes]
        new = any(number is None for number in seen)
        where = sorted({n for n in seen if n is not None})
        count = f" ({len(reply.disputes)})" if len(reply.disputes) > 1 else ""
        # Seen before: a one-line reference, first saying where it was shown in full.
        shown_in = f" — in full in reply {', '.join(map(str, where))}" if where and not new else ""
        summary = literal("; ".join(d.claim for d in reply.disputes))
        parts.append(Part("disputes", blocks, f"Disputed in the sources{count}{shown_in}", summary, opened=new))
    if reply.citations and sources_inline:
        by_clause: dict[str, list[Citation]] = {}
        for citation in reply.citations:
            by_clause.setdefault(citation.clause, []).append(citation)
        blocks = [Block(_quoted(citations, is_known), "• ") for citations in by_clause.values()]
        if reply.steps:
            title = "Sources"
        elif reply.kind.value == "not_covered":
            title = "Nearest passages (possibly not applicable)"
        else:
            title = "From the notes"
        summary = refs(by_clause, is_known, lead="")
        # Without a derivation the quotes are the answer itself: open; with one, folded.
        parts.append(Part("sources", blocks, f"{title} ({len(blocks)})", summary, opened=not reply.steps))
    return parts


def layout(parts: list[Part], opened: set[str], width: int) -> tuple[list[Content], list[str]]:
    """The lines of a reply at `width` cells, and the part each line belongs to."""
    lines: list[Content] = []
    owners: list[str] = []

    def add(line: Content, owner: str) -> None:
        lines.append(line)
        owners.append(owner)

    for n, part in enumerate(parts):
        look = LOOKS[part.name]
        if n > 0:
            add(Content(""), "")  # between parts
        is_open = part.name in opened or not part.foldable
        if part.foldable:
            toggle = Style.from_meta({"@click": f"toggle({part.name!r})"})
            head = Content.assemble(
                ((OPEN if is_open else CLOSED) + part.title, f"bold {look.style}".strip()),
                *(
                    [(": ", look.style), part.summary.stylize_before(look.style)]
                    if not is_open and part.summary
                    else []
                ),
            )
            gutter = Content.styled(look.gutter, look.gutter_style) if look.gutter else Content("")
            head = (gutter + head).truncate(width, ellipsis=True).stylize_before(toggle)
            add(head, part.name)
            if not is_open:
                continue
        for block in part.blocks:
            if block.gap:
                add(Content(""), part.name)
            for line in _wrap(block, look, width):
                add(line, part.name)
    return lines, owners


def _wrap(block: Block, look: Look, width: int) -> list[Content]:
    text_width = max(4, width - len(look.gutter) - len(block.first))
    content = block.content.stylize_before(look.style) if look.style else block.content
    wrapped: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        wrapped.extend(line.wrap(text_width) or [Content("")])
    out = []
    for n, line in enumerate(wrapped):
        prefix = block.first if n == 0 else " " * len(block.first)
        parts: list[Content | str | tuple[str, str]] = []
        if look.gutter:
            parts.append((look.gutter, look.gutter_style))
        parts.append((prefix, look.style or "$text-muted") if prefix.strip() else prefix)
        parts.append(line.rstrip())
        out.append(Content.assemble(*parts, strip_control_codes=False))
    return out


class ReplyView(Widget, can_focus=True):
    """A reply; focusing or clicking it selects it (its sources show in the panel)."""

    BINDINGS = [  # noqa: RUF012 (Textual's declaration style)
        Binding("enter,space", "toggle_all", "Details", show=False),
    ]

    class Selected(Message):
        def __init__(self, view: ReplyView) -> None:
            super().__init__()
            self.view = view

    class ClauseClicked(Message):
        """A `[a2.4]` reference in the reply was clicked."""

        def __init__(self, view: ReplyView, clause_id: str) -> None:
            super().__init__()
            self.view = view
            self.clause_id = clause_id

    def __init__(
        self,
        number: int,
        question: str,
        reply: Reply,
        is_known: Callable[[str], bool],
        *,
        earlier_disputes: dict[str, int] | None = None,
        sources_inline: bool = True,
    ) -> None:
        kind = reply.kind.value.replace("_", "-")
        super().__init__(classes=f"reply -{kind}")
        self.number = number
        self.question = question
        self.reply = reply
        self._is_known = is_known
        self._earlier = dict(earlier_disputes or {})
        self._sources_inline = sources_inline
        self._selected = False
        self.border_title = f"{KIND_LABELS.get(reply.kind.value, reply.kind.value)} · {number}"
        self.parts = build_parts(reply, is_known, earlier_disputes=self._earlier, sources_inline=sources_inline)
        self.opened: set[str] = {p.name for p in self.parts if p.foldable and p.opened}
        self._lines: tuple[int, list[Content], list[str]] | None = None
        self._strips: dict[int, Strip] = {}

    # --- what it shows ---------------------------------------------------------------------

    @property
    def part_names(self) -> list[str]:
        return [p.name for p in self.parts]

    @property
    def folded(self) -> list[str]:
        """The foldable parts now closed."""
        return [p.name for p in self.parts if p.foldable and p.name not in self.opened]

    @property
    def new_disputes(self) -> list[str]:
        """The dispute keys this reply shows for the first time in the conversation."""
        return [dispute_key(d) for d in self.reply.disputes if dispute_key(d) not in self._earlier]

    def lines(self, width: int) -> list[Content]:
        return self._layout(width)[1]

    def owners(self, width: int) -> list[str]:
        return self._layout(width)[2]

    def _layout(self, width: int) -> tuple[int, list[Content], list[str]]:
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, *layout(self.parts, self.opened, width))
            self._strips.clear()
        return self._lines

    @property
    def text_lines(self) -> list[str]:
        """What the reply shows, as plain lines at its current width."""
        return [line.plain for line in self.lines(self.content_size.width or 76)]

    def _changed(self) -> None:
        self._lines = None
        self._strips.clear()
        self.refresh(layout=True)

    def set_sources_inline(self, inline: bool) -> None:
        """List the sources in the reply (the panel is hidden) or not (the panel shows them)."""
        if inline != self._sources_inline:
            self._sources_inline = inline
            opened = set(self.opened)
            self.parts = build_parts(self.reply, self._is_known, earlier_disputes=self._earlier, sources_inline=inline)
            self.opened = {
                p.name for p in self.parts if p.foldable and (p.name in opened or (p.opened and p.name == "sources"))
            }
            self._changed()

    def toggle(self, name: str | None = None) -> None:
        """Open or close one folded part; with no name, open all (or close all if all are open)."""
        foldable = [p.name for p in self.parts if p.foldable]
        if name is None:
            self.opened = set() if set(foldable) <= self.opened else set(foldable)
        elif name in foldable:
            self.opened ^= {name}
        self._changed()

    # --- selection -------------------------------------------------------------------------

    @property
    def selected(self) -> bool:
        """Whether this is the reply whose sources the panel shows."""
        return self._selected

    @selected.setter
    def selected(self, value: bool) -> None:
        if value == self._selected:
            return
        self._selected = value
        # An inline style rather than a CSS class: a class change restyles the widget.
        _, color = self.styles.border_top
        self.styles.border = ("heavy" if value else "round", color)

    # --- drawing (Textual's line API) -------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        # What text selection reads (render_line draws the same lines).
        return Content("\n").join(self.lines(self.content_size.width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self.lines(width)
        selection = self.text_selection
        if selection is None and y in self._strips:
            return self._strips[y]
        line = lines[y] if y < len(lines) else Content("")
        if selection is not None and (span := selection.get_span(y)) is not None:
            start, end = span
            selected = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            line = line.stylize(selected, start, end if end != -1 else None)
        strip = self._strip(line, y, width)
        if selection is None:
            self._strips[y] = strip
        return strip

    def _strip(self, line: Content, y: int, width: int) -> Strip:
        base = self.visual_style
        segments = [
            Segment(text, (base + style).rich_style_with_offset(x, y))
            for x, (text, style) in _with_offsets(line.render(base, end="", parse_style=self._get_style))
        ]
        return Strip(segments, line.cell_length).extend_cell_length(width, base.rich_style).crop(0, width)

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme or colour: the strips carry the old ones

    def on_resize(self) -> None:
        self._strips.clear()

    # --- input ---------------------------------------------------------------------------

    def on_focus(self, event: events.Focus) -> None:
        self.post_message(self.Selected(self))

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Selected(self))

    def action_link(self, href: str) -> None:
        clause_id = clause_from_href(href)
        if clause_id is not None:
            self.post_message(self.ClauseClicked(self, clause_id))

    def action_toggle(self, name: str) -> None:
        self.toggle(name)

    def action_toggle_all(self) -> None:
        self.toggle()


def _with_offsets(pieces: Iterable[tuple[str, Style]]) -> Iterable[tuple[int, tuple[str, Style]]]:
    x = 0
    for text, style in pieces:
        yield x, (text, style)
        x += len(text)
