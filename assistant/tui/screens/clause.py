"""One clause with the post around it: who wrote it, where, and the clauses before and after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from assistant.tui.keys import bindings
from assistant.tui.text import find_quote, visible
from assistant.tui.widgets.sources import QUOTE_STYLE

if TYPE_CHECKING:
    from assistant.models.corpus import Clause, ClauseContext, Corpus


def header_content(context: ClauseContext, corpus: Corpus) -> Content:
    from assistant.render import describe_clause, describe_post

    clause = context.clause
    source = next((s for s in corpus.sources if s.id == clause.source), None)
    lines: list[str | tuple[str, str]] = [
        (f"[{clause.id}] ", "bold $text-primary"),
        (visible(describe_clause(clause)), "bold"),
        "\n",
        (visible(f"tags: {', '.join(clause.tags) or 'none'}"), "$text-muted"),
        "\n",
        visible(f"Post {describe_post(context.post)}"),
    ]
    if context.parent is not None:
        lines += ["\n", visible(f"Comment on {describe_post(context.parent)}")]
    if source is not None:
        where = f"{source.title} — {source.site}" if source.site else source.title
        lines += [
            "\n",
            (visible(f"Source: {where} ({source.license})" if source.license else f"Source: {where}"), "$text-muted"),
        ]
    return Content.assemble(*lines)


def context_clause_content(clause: Clause, *, target: bool, quote: str | None) -> Content:
    text = visible(clause.text)
    body = Content(text)
    if target and quote:
        where = find_quote(text, visible(quote))
        if where is not None:
            body = body.stylize(QUOTE_STYLE, *where)
    marker = "▶ " if target else "  "
    return Content.assemble((f"{marker}[{clause.id}]", "bold $text-primary" if target else "$text-muted"), "\n", body)


class ClauseScreen(Screen):
    CSS_PATH = "clause.tcss"
    BINDINGS = [*bindings("back"), Binding("q", "close", "Back", show=False)]  # noqa: RUF012

    def __init__(self, context: ClauseContext, corpus: Corpus, quote: str | None = None) -> None:
        super().__init__()
        self.context = context
        self.corpus = corpus
        self.quote = quote

    @property
    def clause_id(self) -> str:
        return self.context.clause.id

    def compose(self) -> ComposeResult:
        yield Static(header_content(self.context, self.corpus), id="header")
        with VerticalScroll(id="post"):
            for clause in self.context.context:
                target = clause.id == self.context.clause.id
                yield Static(
                    context_clause_content(clause, target=target, quote=self.quote),
                    classes="clause -target" if target else "clause",
                )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        post = self.query_one("#post", VerticalScroll)
        post.focus()
        target = self.query_one(".-target", Static)
        self.call_after_refresh(post.scroll_to_widget, target, animate=False, center=True)

    def action_close(self) -> None:
        self.dismiss()
