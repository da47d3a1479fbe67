"""The chat screen, driven with Pilot, on scripted replies (every part a reply can have)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList
from tui_helpers import ask, at_top, click_block, flat, notes, reply_text, turns, wait_until, widget_text
from tui_scripted import CLARIFY_QUESTION, NOT_COVERED_QUESTION, NUMERIC_QUESTION

from assistant.tui.app import ChatApp
from assistant.tui.screens.clause import ClauseScreen
from assistant.tui.screens.confirm import ConfirmScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.search import SearchScreen
from assistant.tui.widgets.sources import QUOTE_STYLE

SIZE = (100, 30)


async def test_answer_shows_with_its_sources(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is app.chat.prompt
        view = await ask(pilot, NUMERIC_QUESTION)
        reply = view.reply
        assert view.kind == "answer" and view.selected and view.lines(80)[0].plain.startswith("┏━ Answer · 1 ")
        assert view.border_title == "Answer · 1"
        shown = reply_text(view)
        assert shown.splitlines()[0].startswith("10 users")  # the headline first
        assert "How I got it:" in shown and "[a2.4]" in shown
        # Steps, assumptions and disputes are each set apart.
        assert {"headline", "steps", "assumptions", "disputes"} <= set(view.part_names)
        # The sources panel lists every cited clause, in order, with who said it and the quote marked.
        cards = app.chat.sources.cards
        assert [c.clause_id for c in cards][: len(reply.citations)] == [c.clause for c in reply.citations]
        first = cards[0]
        text = flat(widget_text(first))
        assert "[a2.4] Oskar Duveborn, accepted answer" in text
        assert "topic:pooling" in text
        content = first.visual
        quote = reply.citations[0].quote
        marked_spans = [content.plain[s.start : s.end] for s in content.spans if s.style == QUOTE_STYLE]
        assert marked_spans == [quote]
        assert app.chat.sources.border_title == "Sources · reply 1"


async def test_clicking_a_clause_reference_shows_it_in_the_sources(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        app.chat.action_toggle_sources()  # hidden: a click on a reference shows the panel again
        assert not app.chat.sources.display
        await pilot.pause()
        # Find the reference on screen by the link it carries, and click it as a person would.
        width, height = app.size
        spot = next(
            (
                (x, y)
                for y in range(height)
                for x in range(width)
                if "clause:a2.11" in str(app.screen.get_style_at(x, y).meta.get("@click", ""))
            ),
            None,
        )
        assert spot is not None, "the [a2.11] reference is not a link on screen"
        await pilot.click(offset=spot)
        await pilot.pause()
        assert app.chat.sources.display
        marked = [c.clause_id for c in app.chat.sources.cards if c.has_class("-marked")]
        assert marked == ["a2.11"]


async def test_opening_a_cited_clause_shows_its_post(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, NUMERIC_QUESTION)
        card = app.chat.sources.card("a4.4")
        assert card is not None
        card.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseScreen), "the clause screen")
        screen = app.screen
        assert isinstance(screen, ClauseScreen) and screen.clause_id == "a4.4"
        header = flat(widget_text(screen.query_one("#header")))
        assert "[a4.4] Martin, answer quoting Microsoft (vendor statement)" in header
        assert "Post a4" in header
        clauses = screen.query(".clause")
        assert len(clauses) == len(screen.context.context) > 1  # the whole post around it
        target = screen.query_one(".-target")
        assert "It doesn’t matter if you obtained the CALs separately" in flat(widget_text(target))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.chat


async def test_show_command_and_unknown_clause(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        app.chat.prompt.value = "/show a2.c3.2"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClauseScreen), "the clause screen")
        await pilot.press("escape")
        await pilot.pause()
        app.chat.prompt.value = "/show a9.9"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(notes(app, "error")), "an error note")
        assert "unknown clause id 'a9.9'" in notes(app, "error")[-1]
        assert app.screen is app.chat


async def test_reply_kinds_look_different(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        clarify = await ask(pilot, CLARIFY_QUESTION)
        assert clarify.kind == "clarify" and clarify.border_title.startswith("Needs one more detail")
        assert "question" in clarify.part_names
        not_covered = await ask(pilot, NOT_COVERED_QUESTION)
        assert not_covered.kind == "not_covered"
        assert not_covered.border_title.startswith("Not covered by the notes")
        top = [str(view.lines(80)[0].spans[0].style) for view in (clarify, not_covered)]
        assert top[0] != top[1]  # their boxes are drawn in different colours


async def test_markup_and_escapes_are_shown_literally(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    hostile = "[red]x[/] [/] [link=https://example.com]y[/link] [bold]z \x1b[31mred\x1b[0m *em* <b>"
    async with app.run_test(size=SIZE) as pilot:
        view = await ask(pilot, hostile)  # the scripted reply echoes it into its Markdown
        turn = app.chat.conversation_view.turns[-1]
        shown = flat("\n".join(turn.text_lines))
        assert "› [red]x[/] [/] [link=https://example.com]y[/link] [bold]z ␛[31mred␛[0m *em* <b>" in shown
        assert "\x1b" not in shown
        text = reply_text(view)
        assert "[red]x[/]" in text and "[link=https://example.com]y[/link]" in text and "<b>" in text
        assert "\x1b" not in text
        assert not notes(app, "error")
        # The app is still fine.
        again = await ask(pilot, NUMERIC_QUESTION)
        assert again.number == 2


async def test_empty_input_and_unknown_commands_get_polite_notes(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        app.chat.prompt.value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert not turns(app)
        assert "Type a question" in notes(app)[-1]
        app.chat.prompt.value = "/frobnicate"
        await pilot.press("enter")
        await pilot.pause()
        assert "There is no /frobnicate command" in notes(app, "error")[-1]
        app.chat.prompt.value = "/save"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Nothing to save" in notes(app)[-1], "a note")
        await pilot.press("f3")
        await wait_until(pilot, lambda: "Nothing to copy" in notes(app)[-1], "a note")


async def test_history_and_command_completion(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "first question")
        await ask(pilot, "second question")
        prompt = app.chat.prompt
        await pilot.press(*"draft")
        await pilot.press("up")
        assert prompt.value == "second question"
        await pilot.press("up", "up")
        assert prompt.value == "first question"
        await pilot.press("down", "down")
        assert prompt.value == "draft"  # back to what was being typed
        prompt.value = ""
        await pilot.press("/", "s", "a")
        await wait_until(pilot, lambda: prompt._suggestion == "/save ", "the completion")
        await pilot.press("tab")
        assert prompt.value == "/save "
        assert app.focused is prompt
        # With nothing to complete, Tab moves the focus on; typing brings it back to the input.
        prompt.value = ""
        await pilot.press("tab")
        assert app.focused is not prompt
        await pilot.press("h", "i")
        assert app.focused is prompt and prompt.value == "hi"


async def test_sources_toggle_copy_why_and_reset(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        first = await ask(pilot, NUMERIC_QUESTION)
        await pilot.press("f2")
        assert not app.chat.sources.display
        await pilot.press("f2")
        assert app.chat.sources.display
        await pilot.press("f3")
        await pilot.pause()
        copied = app.clipboard
        assert copied.startswith(f"Q: {NUMERIC_QUESTION}")
        assert all(c.quote in copied for c in first.reply.citations)
        assert "Copied reply 1 with its 5 citations" in notes(app)[-1]
        # /why asks the conversation "why?".
        app.chat.prompt.value = "/why"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.chat.conversation_view.replies) == 2, "the why reply")
        await app.chat.settled()
        assert app.conversation is not None
        assert [t for t, _ in app.conversation.turns] == [NUMERIC_QUESTION, "why?"]
        # ctrl+r asks first; "n" keeps the conversation, "y" starts a new one.
        old = app.conversation
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        await pilot.press("n")
        await pilot.pause()
        assert app.conversation is old
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.conversation is not old, "a new conversation")
        assert app.conversation.turns == []
        assert app.chat.selected is None and not app.chat.sources.cards
        # /reset does the same without asking (it was typed on purpose).
        await ask(pilot, NUMERIC_QUESTION)
        current = app.conversation
        app.chat.prompt.value = "/reset"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.conversation is not current, "a new conversation")


async def test_selecting_an_earlier_reply_shows_its_sources(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        first = await ask(pilot, NUMERIC_QUESTION)
        second = await ask(pilot, NOT_COVERED_QUESTION)
        assert app.chat.selected is second
        assert [c.clause_id for c in app.chat.sources.cards] == ["q.2"]
        await pilot.press("alt+up")
        await wait_until(pilot, lambda: app.chat.selected is first, "the first reply selected")
        await wait_until(pilot, lambda: len(app.chat.sources.cards) == 6, "its sources")
        assert app.chat.sources.border_title == "Sources · reply 1"
        await click_block(pilot, app.chat.conversation_view, second)
        await wait_until(pilot, lambda: app.chat.selected is second, "the second reply selected")


async def test_help_and_palette_commands(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await pilot.press("escape")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.chat)]
        for title in ("Search clauses", "Why?", "Save conversation", "Copy reply", "New conversation", "Help", "Quit"):
            assert titles.count(title) == 1
        # Run one from the palette, as a person would.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"search clauses")
        await wait_until(
            pilot,
            lambda: any(o.option_count and o.highlighted is not None for o in app.screen.query(OptionList)),
            "the palette's matches",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")


async def test_view_follows_new_replies(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.chat.conversation_view
        for _ in range(3):
            await ask(pilot, NUMERIC_QUESTION)
            await pilot.pause()
            # The new question is at the top of the view, its answer reading down from there.
            assert at_top(pane, pane.turns[-1])
        assert pane.max_scroll_y > 0


async def test_small_terminal_and_resizing(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await ask(pilot, NUMERIC_QUESTION)
        chat = app.chat
        for widget in (chat.prompt, chat.conversation_view):
            assert widget.region.width > 20 and widget.region.height > 0
            assert app.screen.region.contains_region(widget.region)
        assert not chat.sources.display  # below 100 columns the panel starts hidden
        assert view.width > 70
        await pilot.resize_terminal(60, 16)
        await pilot.pause()
        assert chat.prompt.region.bottom <= 16 and chat.prompt.region.height > 0
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert chat.sources.display and 28 <= chat.sources.region.width <= 64
        await ask(pilot, CLARIFY_QUESTION)
        assert not notes(app, "error")


async def test_a_broken_corpus_ends_the_chat_with_its_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"record": "corpus", "format_version": 1, "name": "x"}\nnot json\n', encoding="utf-8")
    app = ChatApp(broken, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.load_error is not None, "the load error")
    assert app.return_code == 1
    assert app.load_error == f"{broken}:2: not valid JSON (Expecting value)"


async def test_resizing_keeps_the_latest_exchange_in_view(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.chat.conversation_view
        for _ in range(3):
            await ask(pilot, NUMERIC_QUESTION)
        for size in ((120, 30), (70, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert at_top(pane, pane.turns[-1]), size
