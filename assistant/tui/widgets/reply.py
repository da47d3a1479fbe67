"""One reply of the assistant, rendered as Markdown, with its kind visible and disputes set apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from assistant.tui.text import clause_from_href, link_clause_refs, md_escape, visible

if TYPE_CHECKING:  # pydantic stays out of the start-up path
    from markdown_it import MarkdownIt

    from assistant.models.reply import Dispute, Reply

# What the border of a reply says, per kind (ReplyKind values).
KIND_LABELS: dict[str, str] = {
    "answer": "Answer",
    "clarify": "Needs one more detail",
    "not_covered": "Not covered by the notes",
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


def literal_markdown_parser() -> MarkdownIt:
    """CommonMark with tables, without raw HTML or auto-linked URLs: `<b>` in a reply is two
    characters and a bracket, and the only links are the clause references the app makes."""
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like", {"html": False, "linkify": False})


def mark_blocks(markdown: Markdown, needles: list[str], css_class: str) -> bool:
    """Add `css_class` to the top-level blocks whose source mentions any of `needles`, and to
    the short lead-in line ending in ':' just before them ("Assumptions:"). True if any matched."""
    wanted = [" ".join(n.split()) for n in needles if n.strip()]
    if not wanted:
        return False
    blocks = [b for b in markdown.children if isinstance(b, MarkdownBlock)]
    matched = False
    for i, block in enumerate(blocks):
        source = " ".join((block.source or "").split())
        if any(n in source for n in wanted):
            matched = True
            block.add_class(css_class)
            if i > 0 and blocks[i - 1].name == "paragraph_open":
                lead_in = (blocks[i - 1].source or "").strip()
                if lead_in.endswith(":") and "\n" not in lead_in:
                    blocks[i - 1].add_class(css_class, "-lead-in")
    return matched


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
        self._is_known = is_known
        label = KIND_LABELS.get(reply.kind.value, reply.kind.value)
        self.border_title = f"{label} · {number}"

    def compose(self) -> ComposeResult:
        # Filled by `fill()`, so the caller knows when the reply has its full height.
        yield Markdown(open_links=False, classes="body", parser_factory=literal_markdown_parser)

    async def fill(self) -> None:
        """Render the reply's Markdown (after mounting), then set its parts apart."""
        body = self.query_one(".body", Markdown)
        # visible() first: an ESC in the text must not reach the terminal; the Markdown widget
        # builds its own Content from tokens, so Rich/Textual markup in the text stays literal.
        await body.update(link_clause_refs(visible(self.reply.text), self._is_known))
        reply = self.reply
        mark_blocks(body, [s.text for s in reply.steps], "-steps")
        mark_blocks(body, [a.assumption for a in reply.assumptions], "-assumptions")
        mark_blocks(body, [reply.question] if reply.question else [], "-question")
        claims = [d.claim for d in reply.disputes]
        if claims and not mark_blocks(body, claims, "-disputes"):
            # The text does not state the disputes: show them in a block of their own.
            disputes = Markdown(open_links=False, classes="disputes", parser_factory=literal_markdown_parser)
            disputes.border_title = "Disputed — the sources disagree"
            await self.mount(disputes)
            await disputes.update(disputes_markdown(reply.disputes, self._is_known))

    def on_focus(self, event: events.Focus) -> None:
        self.post_message(self.Selected(self))

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Selected(self))

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()  # never open a URL from corpus or reply text
        clause_id = clause_from_href(event.href)
        if clause_id is not None:
            self.post_message(self.ClauseClicked(self, clause_id))
