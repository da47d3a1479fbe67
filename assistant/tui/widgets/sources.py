"""The sources panel: the clauses a reply rests on, each with who said it and the quoted words marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from assistant.tui.text import clause_ids_of, find_quote, visible

if TYPE_CHECKING:  # pydantic stays out of the start-up path
    from assistant.models.corpus import Clause, Corpus
    from assistant.models.reply import Reply

# How the quoted words stand out inside the clause text.
QUOTE_STYLE = "bold $text-accent on $accent 20%"
SOURCES_PLACEHOLDER = "Ask a question: the clauses its answer rests on show here."
# Tag groups the header line already says in words (author, kind, authority).
HEADER_TAG_GROUPS = ("kind:", "authority:")


def topical_tags(clause: Clause) -> list[str]:
    return [t for t in clause.tags if not t.startswith(HEADER_TAG_GROUPS)]


def clause_content(clause: Clause, quote: str | None, *, note: str = "") -> Content:
    """A clause as the panel shows it: id, source, tags, then its full text with the quote marked."""
    from assistant.render import describe_clause

    text = visible(clause.text)
    body = Content(text)
    if quote:
        where = find_quote(text, visible(quote))
        if where is not None:
            body = body.stylize(QUOTE_STYLE, *where)
    tags = ", ".join(topical_tags(clause)) or "none"
    header: list[str | tuple[str, str]] = [
        (f"[{clause.id}]", "bold $text-primary"),
        " ",
        (visible(describe_clause(clause)), "bold"),
    ]
    if note:
        header += ["  ", (note, "italic $text-muted")]
    return Content.assemble(*header, "\n", (visible(f"tags: {tags}"), "$text-muted"), "\n", body)


class SourceCard(Static, can_focus=True):
    """One clause; Enter or a click opens it with its post around it."""

    BINDINGS = [Binding("enter", "open", "Open clause", show=False)]  # noqa: RUF012

    class Open(Message):
        def __init__(self, clause_id: str, quote: str | None) -> None:
            super().__init__()
            self.clause_id = clause_id
            self.quote = quote

    def __init__(self, clause: Clause, quote: str | None, *, note: str = "") -> None:
        super().__init__(clause_content(clause, quote, note=note), classes="source")
        self.clause_id = clause.id
        self.quote = quote

    def show(self, clause: Clause, quote: str | None, *, note: str = "") -> None:
        """Show another clause in this card (cheaper than a new card)."""
        self.clause_id = clause.id
        self.quote = quote
        self.remove_class("-marked")
        self.update(clause_content(clause, quote, note=note))

    def action_open(self) -> None:
        self.post_message(self.Open(self.clause_id, self.quote))

    def on_click(self, event: events.Click) -> None:
        self.action_open()


class SourcesPanel(VerticalScroll):
    """Lists the sources of the selected reply; a clicked reference is marked and scrolled to."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Sources"
        self.reply_number: int | None = None

    @property
    def cards(self) -> list[SourceCard]:
        return list(self.query(SourceCard))

    def card(self, clause_id: str) -> SourceCard | None:
        return next((c for c in self.query(SourceCard) if c.clause_id == clause_id), None)

    async def show_reply(self, number: int, reply: Reply, corpus: Corpus) -> None:
        """The clauses `reply` cites (with the quoted words marked), then any others it names."""
        self.reply_number = number
        nearest = reply.kind.value == "not_covered"  # its clauses are only the nearest passages
        self.border_title = f"Nearest passages · reply {number}" if nearest else f"Sources · reply {number}"
        quotes = {c.clause: c.quote for c in reply.citations}
        wanted = [
            (corpus.clause_by_id[clause_id], quotes.get(clause_id))
            for clause_id in clause_ids_of(reply)
            if clause_id in corpus.clause_by_id
        ]
        # The cards there already show the new clauses (one layout, not a remove and a mount).
        cards = self.cards
        with self.app.batch_update():
            for card, (clause, quote) in zip(cards, wanted, strict=False):
                card.show(clause, quote)
            if len(cards) > len(wanted):
                await self.remove_children(cards[len(wanted) :])
            await self.remove_children(".empty")
            more: list[Static] = [SourceCard(clause, quote) for clause, quote in wanted[len(cards) :]]
            if not wanted:
                more.append(Static(Content("This reply cites no clauses."), classes="empty"))
            if more:
                await self.mount_all(more)
        self.scroll_home(animate=False)

    async def show_clause(self, clause_id: str, corpus: Corpus) -> SourceCard | None:
        """Mark the card of `clause_id` (adding it if the reply does not list it) and scroll to it."""
        clause = corpus.clause_by_id.get(clause_id)
        if clause is None:
            return None
        card = self.card(clause_id)
        if card is None:
            card = SourceCard(clause, None, note="referenced")
            await self.mount(card)
        for other in self.query(SourceCard):
            other.set_class(other is card, "-marked")
        self.call_after_refresh(self.scroll_to_widget, card, animate=False, top=True)
        return card

    async def clear(self, message: str = SOURCES_PLACEHOLDER) -> None:
        self.reply_number = None
        self.border_title = "Sources"
        await self.remove_children()
        await self.mount(Static(Content(message), classes="empty"))
