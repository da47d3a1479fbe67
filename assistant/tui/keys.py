"""The actions table (assistant/tui/actions.py) as Textual bindings and palette commands."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.binding import Binding

from assistant.tui.actions import ACTIONS, Where, actions_for, keys_label

if TYPE_CHECKING:
    from textual.app import SystemCommand
    from textual.screen import Screen


def bindings(where: Where) -> list[Binding]:
    """The BINDINGS of the node `where` names; the footer shows those with a footer label."""
    return [
        Binding(
            ",".join(a.keys),
            a.action,
            a.footer or a.title,
            show=bool(a.footer),
            priority=a.where == "app",
            tooltip=a.help,
        )
        for a in actions_for(where)
    ]


def palette_commands(screen: Screen) -> Iterator[SystemCommand]:
    """The command palette's entries for the chat screen: title, what it does, its key."""
    from textual.app import SystemCommand

    for action in ACTIONS:
        if not action.palette:
            continue
        ways = [keys_label(action)] if action.keys else []
        if action.slash:
            ways.append(f"/{action.slash}")
        help_line = f"{action.help[0].upper()}{action.help[1:]}" + (f" ({', '.join(ways)})" if ways else "")

        async def run(action_string: str = action.action) -> None:
            await screen.run_action(action_string)

        yield SystemCommand(action.title, help_line, run)
