"""One reply of the assistant, rendered from its Markdown, with its kind visible and its parts set apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

from assistant.tui.markdown import Document, MarkStyle, layout, parse
from assistant.tui.text import clause_from_href, link_clause_refs, md_escape, visible

if TYPE_CHECKING:  # pydantic stays out of the start-up path
    from assistant.models.reply import Dispute, Reply

# What the border of a reply says, per kind (ReplyKind values).
KIND_LABELS: dict[str, str] = {
    "answer": "Answer",
    "clarify": "Needs one more detail",
    "not_covered": "Not covered by the notes",
}

# How the marked parts of a reply look (see ReplyView.mark).
MARK_STYLES: dict[str, MarkStyle] = {
    "headline": MarkStyle(style="bold $text-primary"),
    "steps": MarkStyle(),
    "assumptions": MarkStyle(gutter="┆ ", gutter_style="$text-secondary", style="$text-secondary"),
    "disputes": MarkStyle(gutter="▌ ", gutter_style="$warning", style="$text-warning"),
    "question": MarkStyle(gutter="▌ ", gutter_style="$warning", style="bold $text-warning"),
}


def disputes_markdown(disputes: list[Dispute], is_known: Callable[[str], bool]) -> str:
    """Every side of every dispute, each with its clause links; the claims are escaped text."""
    blocks = []
    for dispute in disputes:
        lines = [f"**Claim:** {md_escape(dispute.claim)}", ""]
        for side in dispute.sides:
            refs = ", ".join(f"[{c}]" for c in side.clauses)
            lines.append(f"- {md_escape(side.position)}" + (f" — {refs}" if refs else ""))
        blocks.append(link_clause_refs("\n".join(lines), is_known))
    return "\n\n".join(blocks)


class MarkdownText(Widget):
    """Markdown shown as the lines of one widget (see assistant/tui/markdown.py for why)."""

    class LinkClicked(Message):
        def __init__(self, text: MarkdownText, href: str) -> None:
            super().__init__()
            self.text = text
            self.href = href

    def __init__(self, markdown: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.document: Document = parse(markdown, self._link_action)
        self.marks: dict[int, str] = {}  # top-level block -> a name in MARK_STYLES
        self._lines: tuple[int, list[Content]] | None = None

    @staticmethod
    def _link_action(href: str) -> Style | None:
        # Only the app's own clause links do something; any other link is plain text.
        return Style.from_meta({"@click": f"link({href!r})"}) if clause_from_href(href) else None

    def mark(self, needles: list[str], name: str) -> bool:
        """Mark the top-level blocks whose source mentions any of `needles` (and a short lead-in
        line ending in ':' just before them, like "Assumptions:"). True if any block matched."""
        wanted = [" ".join(n.split()) for n in needles if n.strip()]
        matched = False
        sources = self.document.sources
        for top, source in enumerate(sources):
            if wanted and any(n in " ".join(source.split()) for n in wanted):
                matched = True
                self.marks[top] = name
                before = sources[top - 1].strip() if top > 0 else ""
                if before.endswith(":") and "\n" not in before and self.document.kinds[top - 1] == "paragraph_open":
                    self.marks[top - 1] = name
        self._lines = None
        if self.is_mounted:
            self.refresh(layout=True)
        return matched

    def lines(self, width: int) -> list[Content]:
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, layout(self.document, width, self.marks, MARK_STYLES))
        return self._lines[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))

    def on_resize(self) -> None:
        self.refresh()  # lay the lines out again for the new width

    def action_link(self, href: str) -> None:
        self.post_message(self.LinkClicked(self, href))


class ReplyView(Vertical, can_focus=True):
    """A reply; focusing or clicking it selects it (its sources show in the panel)."""

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

    def __init__(self, number: int, question: str, reply: Reply, is_known: Callable[[str], bool]) -> None:
        kind = reply.kind.value.replace("_", "-")
        super().__init__(classes=f"reply -{kind}")
        self.number = number
        self.question = question
        self.reply = reply
        self._selected = False
        label = KIND_LABELS.get(reply.kind.value, reply.kind.value)
        self.border_title = f"{label} · {number}"
        # visible() first: an ESC in the text must not reach the terminal. The text is parsed as
        # Markdown into Content, never as Rich or Textual markup, so "[red]" stays as typed.
        self.body = MarkdownText(link_clause_refs(visible(reply.text), is_known), classes="body")
        if self.body.document.kinds[:1] == ["paragraph_open"]:
            self.body.marks[0] = "headline"  # the headline reads first
        self.body.mark([s.text for s in reply.steps], "steps")
        self.body.mark([a.assumption for a in reply.assumptions], "assumptions")
        self.body.mark([reply.question] if reply.question else [], "question")
        self.disputes: MarkdownText | None = None
        if reply.disputes and not self.body.mark([d.claim for d in reply.disputes], "disputes"):
            # The text does not state the disputes: show them in a block of their own.
            self.disputes = MarkdownText(disputes_markdown(reply.disputes, is_known), classes="disputes")
            self.disputes.border_title = "Disputed — the sources disagree"

    @property
    def selected(self) -> bool:
        """Whether this is the reply whose sources the panel shows."""
        return self._selected

    @selected.setter
    def selected(self, value: bool) -> None:
        if value == self._selected:
            return
        self._selected = value
        # An inline style rather than a CSS class: a class change restyles every child.
        _, color = self.styles.border_top
        self.styles.border = ("heavy" if value else "round", color)

    @property
    def text_lines(self) -> list[str]:
        """What the reply shows, as plain lines at its current width."""
        parts = [self.body] + ([self.disputes] if self.disputes else [])
        return [line.plain for part in parts for line in part.lines(part.content_size.width or 80)]

    def compose(self) -> ComposeResult:
        yield self.body
        if self.disputes is not None:
            yield self.disputes

    def on_focus(self, event: events.Focus) -> None:
        self.post_message(self.Selected(self))

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Selected(self))

    @on(MarkdownText.LinkClicked)
    def _link_clicked(self, event: MarkdownText.LinkClicked) -> None:
        event.stop()
        clause_id = clause_from_href(event.href)
        if clause_id is not None:
            self.post_message(self.ClauseClicked(self, clause_id))
