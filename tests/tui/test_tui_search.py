"""The search screen: query, tag filter, ranked results as you type, Enter opens the clause."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, OptionList, Select
from tui_helpers import flat, wait_until, widget_text

from assistant.tui.app import ChatApp
from assistant.tui.screens.clause import ClauseScreen
from assistant.tui.screens.search import SearchScreen

SIZE = (100, 30)


async def open_search(pilot, app: ChatApp) -> SearchScreen:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await wait_until(pilot, lambda: screen.shown_for is not None, "the notes loaded")
    return screen


async def settle(pilot, screen: SearchScreen, query: str, tag: str | None) -> None:  # type: ignore[no-untyped-def]
    """Wait until the results shown are those of `query` and `tag` (stale searches never land)."""
    await wait_until(
        pilot,
        lambda: screen.shown_for == (query, tag),
        f"results for {query!r} tagged {tag}",
    )


async def test_search_as_you_type_with_a_tag_filter(scripted_app: Callable[[], ChatApp], bundled) -> None:  # type: ignore[no-untyped-def]
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(pilot, app)
        assert app.focused is screen.query_one("#query", Input)
        await pilot.press(*"CALs")
        await settle(pilot, screen, "CALs", None)
        expected = [h.clause for h in bundled.search("CALs", limit=25)]
        assert [h.clause for h in screen.hits] == expected
        assert len(expected) > 5
        results = screen.query_one("#results", OptionList)
        assert results.option_count == len(expected)
        # Narrow by a tag: every result carries it, in the retriever's order.
        screen.query_one("#tag", Select).value = "authority:vendor"
        await settle(pilot, screen, "CALs", "authority:vendor")
        tagged = [h.clause for h in bundled.search("CALs", tags=["authority:vendor"], limit=25)]
        assert [h.clause for h in screen.hits] == tagged
        assert all("authority:vendor" in h.tags for h in screen.hits)
        assert 0 < len(tagged) < len(expected)
        # Keep typing: the results follow the last query only.
        await pilot.press(*" included")
        await settle(pilot, screen, "CALs included", "authority:vendor")
        assert [h.clause for h in screen.hits] == [
            h.clause for h in bundled.search("CALs included", tags=["authority:vendor"], limit=25)
        ]
        status = flat(widget_text(screen.query_one("#status")))
        assert status.startswith(f"{len(screen.hits)} clause") and "tagged authority:vendor" in status
        # Enter opens the highlighted result with its post.
        first = screen.hits[0].clause
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseScreen), "the clause screen")
        assert app.screen.clause_id == first  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.chat


async def test_search_command_with_a_query_and_no_matches(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        app.chat.prompt.value = "/search per seat"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await settle(pilot, screen, "per seat", None)
        assert screen.hits
        query = screen.query_one("#query", Input)
        query.value = "[red]zzzqqq[/]"
        await settle(pilot, screen, "[red]zzzqqq[/]", None)
        assert screen.hits == []
        assert "No matching clauses" in flat(widget_text(screen.query_one("#status")))
        # A tag and no words: the clauses with that tag, in the order of the notes.
        query.value = ""
        screen.query_one("#tag", Select).value = "topic:reassignment"
        await settle(pilot, screen, "", "topic:reassignment")
        assert screen.hits and all("topic:reassignment" in h.tags for h in screen.hits)
        # Down arrow from the query goes to the results, Enter there opens one.
        query.focus()
        await pilot.press("down")
        assert app.focused is screen.query_one("#results", OptionList)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseScreen), "the clause screen")


async def test_corpus_text_is_shown_literally(tmp_path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes"
    notes.mkdir()
    hostile = "A [red]hostile[/] clause with [link=http://x]a link[/link] and \x1b[31mescapes\x1b[0m [/] about CALs."
    others = ["Per user CALs cover every server.", "Device CALs suit shared PCs.", "Reassign a CAL permanently."]
    (notes / "odd.md").write_text("# Odd notes\n\n" + "\n\n".join([hostile, *others]) + "\n", encoding="utf-8")
    app = ChatApp(notes, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_search(pilot, app)
        await pilot.press(*"hostile")
        await settle(pilot, screen, "hostile", None)
        assert len(screen.hits) == 1
        option = screen.query_one("#results", OptionList).get_option_at_index(0)
        shown = flat(str(option.prompt))  # the Content the list draws
        literal = "A [red]hostile[/] clause with [link=http://x]a link[/link] and ␛[31mescapes␛[0m [/] about CALs."
        assert literal in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseScreen), "the clause screen")
        target = flat(widget_text(app.screen.query_one(".-target")))
        assert literal in target and "\x1b" not in target
