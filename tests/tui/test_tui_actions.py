"""One table of actions (assistant/tui/actions.py) feeds the key bindings, the footer, the command
palette, the slash commands, /help and the README: these tests hold them to it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from textual.widgets._footer import FooterKey
from tui_helpers import wait_until

from assistant.tui import commands
from assistant.tui.actions import ACTIONS, SLASH_COMMANDS, Action, keys_label
from assistant.tui.app import ChatApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.clause import ClauseScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.search import SearchScreen
from assistant.tui.widgets.prompt import Prompt

README = Path(__file__).resolve().parents[2] / "README.md"
NODES = {"screen": [ChatScreen], "prompt": [Prompt], "app": [ChatApp], "back": [SearchScreen, ClauseScreen, HelpScreen]}


def bound(cls: type) -> dict[str, str]:
    """key -> action of a class's own bindings (as Textual merges them)."""
    return {key: b[0].action for key, b in cls._merge_bindings().key_to_bindings.items()}


def method_name(action_string: str) -> tuple[str, str]:
    namespace, _, call = action_string.rpartition(".")
    return namespace, call.partition("(")[0]


def test_every_key_of_the_table_is_bound_where_it_says() -> None:
    for action in ACTIONS:
        for cls in NODES.get(action.where, []):
            for key in action.keys:
                assert bound(cls).get(key) == action.action, (cls.__name__, key)


def test_every_action_and_slash_command_exists() -> None:
    targets = {"": ChatScreen, "screen": ChatScreen, "app": ChatApp}
    for action in ACTIONS:
        strings = [action.action, action.command_action]
        for string in strings:
            namespace, name = method_name(string)
            target = Prompt if action.where == "prompt" and not namespace else targets.get(namespace, ChatScreen)
            if action.where == "back":
                assert all(hasattr(cls, f"action_{name}") for cls in NODES["back"]), string
            elif action.where != "textual":
                assert hasattr(target, f"action_{name}"), string
    for name, action in SLASH_COMMANDS.items():
        parsed = commands.parse(f"/{name} x" if action.takes_argument else f"/{name}")
        assert parsed is not None and parsed.action is action


def test_help_lists_every_command_and_key() -> None:
    text = commands.help_markdown()
    for action in ACTIONS:
        if action.slash:
            assert f"`{commands.slash_usage(action)}`" in text
        if action.keys:
            assert f"| {keys_label(action)} | {action.help} |" in text


def test_the_readme_shows_the_same_keys_and_commands() -> None:
    readme = README.read_text(encoding="utf-8")
    assert commands.keys_table() in readme
    assert commands.commands_table() in readme


def test_a_slash_argument_is_passed_as_text_not_code() -> None:
    parsed = commands.parse("/save x'); app.exit() #")
    assert parsed is not None
    assert parsed.action_string == 'save("x\'); app.exit() #")'


async def test_palette_and_footer_come_from_the_table(scripted_app: Callable[[], ChatApp]) -> None:
    app = scripted_app()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.chat)]
        for action in ACTIONS:
            assert titles.count(action.title) == (1 if action.palette else 0), action.title
        await pilot.pause()
        shown = {k.description: k for k in app.screen.query(FooterKey)}
        footer = [a.footer for a in ACTIONS if a.footer and a.where in ("screen", "app", "prompt")]
        assert set(footer) <= set(shown)
        # Quit is in the footer, and all of the footer fits in 80 columns.
        assert "Quit" in shown
        for key in shown.values():
            assert key.region.right <= 80 and key.region.width > 0, key.description
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"new conversation", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", "the palette's action")


def test_no_action_is_declared_twice() -> None:
    seen: dict[str, Action] = {}
    for action in ACTIONS:
        for key in action.keys:
            other = seen.get(f"{action.where}:{key}")
            assert other is None, f"{key} bound to {other} and {action}"
            seen[f"{action.where}:{key}"] = action
    assert len({a.title for a in ACTIONS}) == len(ACTIONS)
    assert re.fullmatch(r"[a-z/]+", "".join(SLASH_COMMANDS))
