"""Reply Markdown as styled lines: markdown-it parses, this lays the blocks out as Content.

Textual's Markdown widget makes a widget of every block (about a hundred for a long answer),
and mounting and styling them took half a second per reply. Replies only use a small part of
Markdown (paragraphs, lists, emphasis, links, the odd heading, quote, code or table), so a
reply is laid out here as lines of one widget: lists keep a hanging indent, clause links carry
a click action, and whole top-level blocks can be marked (steps, assumptions, disputes…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content, Span
from textual.style import Style

BULLETS = ("•", "◦", "▪")
LINK_STYLE = "underline $text-accent"
CODE_STYLE = "$text-warning"


@cache
def parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough; no raw HTML (shown as text) and no auto-linked URLs."""
    return MarkdownIt("gfm-like", {"html": False, "linkify": False})


@dataclass
class Block:
    """A run of inline text laid out as one or more lines."""

    content: Content
    first: str = ""  # prefix of its first line, e.g. "1. "
    rest: str = ""  # prefix of the lines after it (same width, blank)
    gap: bool = False  # a blank line before it
    top: int = 0  # which top-level block it belongs to
    style: str = ""  # applied to the whole block (headings, code)


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # Markdown source of each top-level block
    kinds: list[str] = field(default_factory=list)  # token type of each top-level block

    @property
    def plain(self) -> str:
        return "\n".join(b.first + b.content.plain for b in self.blocks)


def inline_content(token: Token, on_link: Callable[[str], Style | None]) -> Content:
    """An inline token as Content: emphasis, code and links styled, everything else literal."""
    parts: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[str | tuple[Style, str] | None, int]] = []
    position = 0

    def add(text: str) -> None:
        nonlocal position
        parts.append(text)
        position += len(text)

    for child in token.children or []:
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            spans.append(Span(position, position + len(child.content), CODE_STYLE))
            add(child.content)
        elif kind == "image":
            add(child.content or str(child.attrs.get("alt", "")))
        elif kind in ("em_open", "strong_open", "s_open"):
            stack.append(({"em_open": "italic", "strong_open": "bold", "s_open": "strike"}[kind], position))
        elif kind == "link_open":
            # Only the links `on_link` accepts are clickable and look like links; others are text.
            action = on_link(str(child.attrs.get("href", "")))
            stack.append(((action, LINK_STYLE) if action is not None else None, position))
        elif kind.endswith("_close") and stack:
            styles, start = stack.pop()
            if styles and position > start:
                for style in styles if isinstance(styles, tuple) else (styles,):
                    spans.append(Span(start, position, style))
        elif kind == "html_inline":  # not produced with html off; kept literal if it ever is
            add(child.content)
    return Content("".join(parts), spans=spans, strip_control_codes=False)


def parse(markdown: str, on_link: Callable[[str], Style | None]) -> Document:
    """Blocks of `markdown` with their prefixes (list markers, quote bars) and top-level groups."""
    doc = Document()
    lines = markdown.splitlines()
    # One entry per open list: [ordered, item number, width of the current item's marker].
    lists: list[list] = []
    marker: str | None = None  # the marker of a list item, until its first block takes it
    quote = 0
    heading = ""
    row: list[Content] = []
    in_cell = False
    loose = False
    top = -1

    def prefixes() -> tuple[str, str]:
        nonlocal marker
        bar = "▌ " * quote
        if not lists:
            return bar, bar
        indent = bar + "".join(" " * entry[2] for entry in lists)
        if marker is None:
            return indent, indent
        first = bar + "".join(" " * entry[2] for entry in lists[:-1]) + marker
        marker = None
        return first, indent

    def emit(content: Content, style: str = "") -> None:
        starts_item = marker is not None
        first, rest = prefixes()
        gap = bool(doc.blocks) and (
            doc.blocks[-1].top != top or (bool(lists) and loose and not (starts_item and lists[-1][1] == 1))
        )
        doc.blocks.append(Block(content, first, rest, gap, top, style))

    for token in tokens_of(markdown):
        kind = token.type
        if token.level == 0 and token.nesting >= 0:
            top += 1
            start, end = token.map or (0, 0)
            doc.sources.append("\n".join(lines[start:end]))
            doc.kinds.append(kind)
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            lists.append([ordered, int(token.attrs.get("start", 1) or 1) - 1, 0])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            entry = lists[-1]
            entry[1] += 1
            label = f"{entry[1]}." if entry[0] else BULLETS[(len(lists) - 1) % len(BULLETS)]
            marker = label + " "
            entry[2] = len(marker)
        elif kind == "paragraph_open":
            loose = not token.hidden
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = token.tag
        elif kind == "heading_close":
            heading = ""
        elif kind in ("fence", "code_block"):
            emit(Content(token.content.rstrip("\n"), strip_control_codes=False), CODE_STYLE)
        elif kind == "hr":
            emit(Content("───"), "$text-muted")
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            emit(Content(" │ ").join(row))
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "inline":
            content = inline_content(token, on_link)
            if in_cell:
                row.append(content)
            else:
                emit(content, "bold underline" if heading == "h1" else "bold" if heading else "")
    return doc


def tokens_of(markdown: str) -> Iterable[Token]:
    return parser().parse(markdown)


@dataclass(frozen=True)
class MarkStyle:
    """How a marked top-level block looks: a gutter before each of its lines, and a text style."""

    gutter: str = ""
    gutter_style: str = ""
    style: str = ""


def layout(doc: Document, width: int, marks: dict[int, str], styles: dict[str, MarkStyle]) -> list[Content]:
    """The document as lines of at most `width` cells, list items with a hanging indent;
    `marks` maps a top-level block to the name of its MarkStyle."""
    out: list[Content] = []
    for block in doc.blocks:
        mark = styles.get(marks.get(block.top, ""), MarkStyle())
        if block.gap:
            out.append(Content(""))
        text_width = max(4, width - len(mark.gutter) - len(block.first))
        content = block.content.stylize_before(block.style) if block.style else block.content
        if mark.style:
            content = content.stylize_before(mark.style)
        wrapped: list[Content] = []
        for line in content.split("\n", allow_blank=True):
            wrapped.extend(line.wrap(text_width) or [Content("")])
        for n, line in enumerate(wrapped):
            prefix = block.first if n == 0 else block.rest
            parts: list[Content | str | tuple[str, str]] = []
            if mark.gutter:
                parts.append((mark.gutter, mark.gutter_style))
            parts.append((prefix, mark.style or "$text-muted") if prefix.strip() else prefix)
            parts.append(line.rstrip())
            out.append(Content.assemble(*parts, strip_control_codes=False))
    return out
