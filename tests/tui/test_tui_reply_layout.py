"""Replies laid out from their fields: short enough for a terminal, long parts folded, every
text shown exactly as written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.style import Style
from tui_helpers import ask, reply_text, reply_words, wait_until
from tui_scripted import NOT_COVERED_QUESTION, NUMERIC_QUESTION, clarify_reply, numeric_reply

from assistant.api import Assistant
from assistant.models.reply import Reply, ReplyKind
from assistant.tui.app import ChatApp
from assistant.tui.reply_block import ReplyBlock, build_parts, layout
from assistant.tui.text import leftover_paragraphs

SMALL, WIDE = (80, 24), (120, 40)


def lines_of(view: ReplyBlock, part: str) -> list[str]:
    width = view.width
    return [line.plain for line, owner in zip(view.body_lines(width), view.owners(width), strict=True) if owner == part]


async def test_at_80x24_a_numeric_reply_shows_its_headline_and_derivation_on_one_screen() -> None:
    app = ChatApp(cursor_blink=False)  # the real dialogue, the bundled notes
    async with app.run_test(size=SMALL) as pilot:
        view = await ask(pilot, NUMERIC_QUESTION)
        await pilot.pause()
        pane = app.chat.conversation_view
        assert not app.chat.sources.display  # no room for the panel beside it
        owners = view.owners(view.width)
        last_step = max(n for n, owner in enumerate(owners) if owner == "steps")
        # Where the question, the headline and the last step line sit in the conversation.
        question = pane.turns[-1]
        top = view.virtual_region.y + 1  # the box's top line
        assert pane.scroll_y <= question.virtual_region.y
        assert top + last_step < pane.scroll_y + pane.scrollable_content_region.height
        # Folded, it is a screenful, not 89 lines: assumptions and sources one line each.
        assert view.height <= 24
        assert view.folded == ["assumptions", "sources"]
        assert len(lines_of(view, "assumptions")) == 1 and len(lines_of(view, "sources")) == 1


async def test_one_key_opens_and_closes_the_folded_parts(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SMALL) as pilot:
        view = await ask(pilot, NUMERIC_QUESTION)
        folded = view.height
        assert "If not: In per server mode" not in reply_text(view)
        await pilot.press("ctrl+o")
        assert view.folded == []
        text = reply_words(view)
        assert "If not: In per server mode it is 5 concurrent connections per server. [a2.14]" in text
        assert "“You are also always allowed to have up to 2 administrators" in text
        await pilot.press("ctrl+o")  # and again: all closed
        assert view.folded == ["assumptions", "disputes", "sources"]
        assert view.height < folded
        # A click on a folded line opens that part only.
        await pilot.pause()
        width, height = app.size
        spot = next(
            (x, y)
            for y in range(height)
            for x in range(width)
            if "'assumptions')" in str(app.screen.get_style_at(x, y).meta.get("@click", ""))
        )
        await pilot.click(offset=spot)
        await pilot.pause()
        assert view.folded == ["disputes", "sources"]


async def test_a_dispute_is_shown_in_full_once_then_referred_to(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=SMALL) as pilot:
        first = await ask(pilot, NUMERIC_QUESTION)
        second = await ask(pilot, NUMERIC_QUESTION)
        sides = ("Up to 2 administrators need no CAL at all.", "5 CALs are 4 users plus the administrator.")
        assert all(side in reply_text(first) for side in sides)
        (line,) = lines_of(second, "disputes")
        assert "in full in reply 1" in line and "One of the 5 CALs" in line
        assert not any(side in reply_text(second) for side in sides)
        # A new conversation shows it in full again.
        app.chat.prompt.value = "/reset"
        await pilot.press("enter")
        await app.chat.settled()
        third = await ask(pilot, NUMERIC_QUESTION)
        assert all(side in reply_text(third) for side in sides)


async def test_sources_are_listed_in_the_reply_only_while_the_panel_is_hidden(
    scripted_app: Callable[[], ChatApp],
) -> None:
    app = scripted_app()
    async with app.run_test(size=WIDE) as pilot:
        assert app.chat.sources.display  # wide enough: the panel shows
        view = await ask(pilot, NUMERIC_QUESTION)
        assert "sources" not in view.part_names
        await pilot.press("f2")
        assert "sources" in view.part_names and lines_of(view, "sources")[0].startswith("│ ▸ Sources (5)")
        await pilot.press("f2")
        assert "sources" not in view.part_names
    app = scripted_app()
    async with app.run_test(size=SMALL) as pilot:
        view = await ask(pilot, NUMERIC_QUESTION)
        assert not app.chat.sources.display and "sources" in view.part_names
        await pilot.resize_terminal(*WIDE)  # the panel follows the width until F2 is pressed
        await wait_until(pilot, lambda: app.chat.sources.display, "the panel shown")
        assert "sources" not in view.part_names


async def test_notes_text_is_shown_exactly_as_written(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    written = "When someone leaves, reassign the **user CAL** to the new hire; see [x](clause:q.1) and `code`."
    (notes / "desk.md").write_text(f"# Reassignment\n\n{written}\n", encoding="utf-8")
    app = ChatApp(notes, cursor_blink=False)
    async with app.run_test(size=SMALL) as pilot:
        view = await ask(pilot, NOT_COVERED_QUESTION)  # the nearest passage quotes the note
        assert view.reply.kind == ReplyKind.not_covered
        shown = reply_words(view)
        assert f"“{written}”" in shown
        # Nothing in it is a link: only the app's own clause references are.
        actions = [
            str(span.style.meta.get("@click"))
            for line in view.body_lines(view.width)
            for span in line.spans
            if isinstance(span.style, Style) and span.style.meta.get("@click")
        ]
        assert not any("q.1" in a for a in actions)
        assert any("desk.reassignment.1" in a for a in actions)  # its own reference


def test_what_the_text_says_beyond_the_fields_is_kept(bundled: Assistant) -> None:
    numeric = bundled.conversation().ask(NUMERIC_QUESTION)
    assert leftover_paragraphs(numeric) == []  # all of it is in the fields
    not_covered = bundled.conversation().ask(NOT_COVERED_QUESTION)
    (kept,) = leftover_paragraphs(not_covered)
    assert kept.startswith("What the notes are about:")
    reply = Reply(
        kind=ReplyKind.clarify,
        text="You said 2 servers.\n\nHow many users?\n\nSo far: 2 servers, 5 CALs each.",
        headline="You said 2 servers.",
        question="How many users?",
    )
    assert leftover_paragraphs(reply) == ["So far: 2 servers, 5 CALs each."]


def test_parts_come_from_the_fields_not_the_wording(bundled: Assistant) -> None:
    reply = numeric_reply(bundled.corpus)
    reworded = reply.model_copy(update={"text": "Totally different wording.\n\n" + reply.text.upper()})
    parts = build_parts(reworded, lambda _: True, earlier_disputes={}, sources_inline=True)
    assert [p.name for p in parts] == ["headline", "extra", "steps", "assumptions", "disputes", "sources"]
    lines, _ = layout(parts, {"disputes"}, 60)
    plain = "\n".join(line.plain for line in lines)
    assert plain.startswith("10 users, each of whom may use both servers")
    assert "Totally different wording." in plain
    assert all(len(line.plain) <= 60 for line in lines)
    question = build_parts(clarify_reply(), lambda _: True, earlier_disputes={}, sources_inline=True)
    assert [p.name for p in question] == ["question"]
