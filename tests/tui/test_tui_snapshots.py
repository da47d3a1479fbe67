"""SVG snapshots of the main screen after an answer and of the search screen.

The replies come from the real rules, so a change in their wording changes these pictures:
review the new ones and accept them with

    pytest tests/tui/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tui_apps import after_answer, chat_app, search_with_tag


def test_main_screen_after_an_answer(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(chat_app(), terminal_size=(100, 30), run_before=after_answer)


def test_main_screen_after_an_answer_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(chat_app(), terminal_size=(80, 24), run_before=after_answer)


def test_search_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(chat_app(), terminal_size=(100, 30), run_before=search_with_tag)
