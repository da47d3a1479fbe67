"""Keyword search over the clauses: a query, a tag filter, ranked results as you type."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from assistant.errors import AssistantError
from assistant.tui.keys import bindings
from assistant.tui.text import visible

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.models.search import SearchHit
    from assistant.tui.app import ChatApp

# Wait this long after a key press before searching, so typing a word runs one search, not five.
DEBOUNCE_SECONDS = 0.15
LIMIT = 25
SNIPPET_CHARS = 160


def hit_content(rank: int, clause_id: str, who: str, text: str, tags: list[str], score: float | None) -> Content:
    """One result: rank, id, source and score on a line, then the start of the clause, then its tags."""
    snippet = " ".join(visible(text).split())
    if len(snippet) > SNIPPET_CHARS:
        snippet = snippet[: SNIPPET_CHARS - 1].rstrip() + "…"
    score_part = f"  score {score:.2f}" if score is not None else ""
    return Content.assemble(
        (f"{rank:>2}. ", "$text-muted"),
        (f"[{clause_id}]", "bold $text-primary"),
        " ",
        (visible(who), "bold"),
        (score_part, "$text-muted"),
        "\n",
        snippet,
        "\n",
        (visible(", ".join(tags)), "$text-muted italic"),
    )


class SearchScreen(Screen):
    CSS_PATH = "search.tcss"
    BINDINGS = [  # noqa: RUF012 (Textual's declaration style)
        *bindings("back"),
        Binding("ctrl+t", "focus_tags", "Tag filter"),
        Binding("ctrl+l", "focus_query", "Query"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.hits: list[SearchHit] = []
        # The (query, tag) whose results are on screen; a stale search never gets here.
        self.shown_for: tuple[str, str | None] | None = None

    @property
    def chat_app(self) -> ChatApp:
        return cast("ChatApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(Content("Search the clauses"), id="title")
        with Horizontal(id="controls"):
            yield Input(self.initial_query, placeholder="Words to search for", id="query", select_on_focus=False)
            yield Select[str]([], prompt="Any tag", id="tag")
        yield Static(Content("Loading the notes…"), id="status")
        yield OptionList(id="results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        query = self.query_one("#query", Input)
        query.cursor_blink = self.chat_app.cursor_blink
        query.focus()
        self._fill_tags()

    @work(group="tags", exit_on_error=False)
    async def _fill_tags(self) -> None:
        assistant = await self.chat_app.wait_assistant()
        if assistant is None:
            self._status(f"Could not load the notes: {self.chat_app.load_error}")
            return
        options = [(Content(visible(t.name)), t.name) for t in assistant.corpus.tags]
        self.query_one("#tag", Select).set_options(options)
        self.search()

    @property
    def tag(self) -> str | None:
        value = self.query_one("#tag", Select).value
        return value if isinstance(value, str) else None

    @on(Input.Changed, "#query")
    @on(Select.Changed, "#tag")
    def _criteria_changed(self) -> None:
        self.search()

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search(self) -> None:
        """Run the search for the current query and tag; a newer search cancels this one."""
        await asyncio.sleep(DEBOUNCE_SECONDS)
        assistant = await self.chat_app.wait_assistant()
        if assistant is None:
            return
        query = self.query_one("#query", Input).value
        tag = self.tag
        try:
            hits = await asyncio.to_thread(self._run, assistant, query, tag)
        except AssistantError as exc:
            self._status(exc.one_line())
            return
        self._show(hits, query, tag, assistant)

    @staticmethod
    def _run(assistant: Assistant, query: str, tag: str | None) -> list[SearchHit]:
        if not query.strip() and not tag:
            return []
        return assistant.search(query, tags=[tag] if tag else [], limit=LIMIT)

    def _show(self, hits: list[SearchHit], query: str, tag: str | None, assistant: Assistant) -> None:
        from assistant.render import describe_source

        self.hits = hits
        self.shown_for = (query, tag)
        results = self.query_one("#results", OptionList)
        ranked = bool(query.strip())
        results.set_options(
            Option(
                hit_content(
                    h.rank,
                    h.clause,
                    describe_source(h.author, h.kind, h.authority, assistant.corpus.clause_by_id[h.clause].quotes),
                    h.text,
                    h.tags,
                    h.score if ranked else None,
                ),
                id=h.clause,
            )
            for h in hits
        )
        if hits:
            results.highlighted = 0
        within = f" tagged {tag}" if tag else ""
        if not query.strip() and not tag:
            self._status("Type words to search for, and pick a tag to narrow the results.")
        elif not hits:
            self._status(f"No matching clauses{within}.")
        else:
            what = "clause" if len(hits) == 1 else "clauses"
            self._status(f"{len(hits)} {what}{within} — Enter opens the highlighted one with its post.")

    def _status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(visible(text)))

    @on(Input.Submitted, "#query")
    async def _query_submitted(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.highlighted is not None and results.option_count:
            await self._open(results.get_option_at_index(results.highlighted).id)

    @on(OptionList.OptionSelected, "#results")
    async def _result_selected(self, event: OptionList.OptionSelected) -> None:
        await self._open(event.option.id)

    async def _open(self, clause_id: str | None) -> None:
        from assistant.tui.screens.clause import ClauseScreen

        assistant = self.chat_app.assistant
        if clause_id is None or assistant is None:
            return
        await self.app.push_screen(ClauseScreen(assistant.clause_context(clause_id), assistant.corpus))

    def action_close(self) -> None:
        self.dismiss()

    def action_focus_tags(self) -> None:
        self.query_one("#tag", Select).focus()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def key_down(self) -> None:
        # From the query field, down goes to the results.
        if self.focused is self.query_one("#query", Input):
            self.query_one("#results", OptionList).focus()
