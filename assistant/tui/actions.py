"""Everything the chat can be asked to do, declared once (as Harlequin does with its actions).

The key bindings, the footer, the command palette, the slash commands, the /help screen and
the README's table of keys all come from `ACTIONS`. No Textual here: the tables are plain
data, cheap to import and to test.

Each action is a Textual action string run on the chat screen ("copy", "select_reply(-1)",
"app.quit", "screen.scroll_conversation('end')"...). `where` says which node's BINDINGS
carry its keys: the chat screen, its input line (keys that must act while typing, before
the input's own meaning of the key), the app (works on every screen), or the screens shown
over the chat ("back": search, clause and help); "textual" marks a key Textual binds itself,
listed here so that help names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Where = Literal["screen", "prompt", "app", "back", "textual"]


@dataclass(frozen=True)
class Action:
    action: str  # Textual action string, run on the chat screen (or on `where`'s node)
    title: str  # the command palette's title, and the help's name for it
    help: str  # what it does, in a few words
    keys: tuple[str, ...] = ()  # Textual key names; the first one is the one shown
    where: Where = "screen"
    footer: str = ""  # label in the footer; "" keeps it out (the footer holds a few)
    slash: str = ""  # the slash command ("" for none)
    argument: str = ""  # the slash command's argument, as help shows it: "[PATH]", "CLAUSE"
    slash_action: str = ""  # the action the slash command runs, if not `action`
    palette: bool = True  # offered in the command palette

    @property
    def takes_argument(self) -> bool:
        return bool(self.argument)

    @property
    def command_action(self) -> str:
        return self.slash_action or self.action


ACTIONS: tuple[Action, ...] = (
    Action(
        "submit",
        "Ask",
        "ask; questions typed ahead wait their turn",
        ("enter", "ctrl+j"),
        where="prompt",
        palette=False,
    ),
    Action("help", "Help", "help: the commands and keys", ("f1",), footer="Help", slash="help"),
    Action(
        "toggle_sources", "Sources panel", "show or hide the sources panel", ("f2",), footer="Sources", slash="sources"
    ),
    Action(
        "copy",
        "Copy reply",
        "copy the selected reply with its citations (OSC 52: some terminals ignore it)",
        ("f3",),
        slash="copy",
    ),
    Action("why", "Why?", "why? — ask how the last answer was reached", ("f4",), footer="Why?", slash="why"),
    Action(
        "toggle_details",
        "Details",
        "open or close the assumptions, disputes and sources of the selected reply",
        ("ctrl+o",),
        footer="Details",
        slash="details",
    ),
    Action(
        "search",
        "Search clauses",
        "search the clauses: words and a tag filter, results as you type, Enter opens one",
        ("ctrl+f",),
        footer="Search",
        slash="search",
        argument="[QUERY]",
    ),
    Action(
        "show",
        "Show clause",
        "open a clause with its post, e.g. /show a2.4",
        slash="show",
        argument="CLAUSE",
        palette=False,
    ),
    Action(
        "save",
        "Save conversation",
        "save the conversation as a transcript (default: a new file in ./transcripts/)",
        ("ctrl+s",),
        footer="Save",
        slash="save",
        argument="[PATH]",
    ),
    Action(
        "reset",
        "New conversation",
        "start a new conversation (the key asks first)",
        ("ctrl+r",),
        slash="reset",
        slash_action="reset(False)",
    ),
    Action("select_reply(-1)", "Previous reply", "select the reply before (the panel shows its sources)", ("alt+up",)),
    Action("select_reply(1)", "Next reply", "select the reply after", ("alt+down",)),
    Action(
        "screen.scroll_conversation('page_up')",
        "Page up",
        "scroll the conversation up a page, also while typing",
        ("pageup",),
        where="prompt",
        palette=False,
    ),
    Action(
        "screen.scroll_conversation('page_down')",
        "Page down",
        "scroll the conversation down a page",
        ("pagedown",),
        where="prompt",
        palette=False,
    ),
    Action(
        "screen.scroll_conversation('home')",
        "Top of the conversation",
        "go to the start of the conversation (ctrl+a: start of the line)",
        ("home",),
        where="prompt",
    ),
    Action(
        "screen.scroll_conversation('end')",
        "Latest exchange",
        "go to the latest question and its reply (ctrl+e: end of the line)",
        ("end",),
        where="prompt",
    ),
    Action("history(-1)", "Previous line", "the line you typed before", ("up",), where="prompt", palette=False),
    Action("history(1)", "Next line", "the next line you typed", ("down",), where="prompt", palette=False),
    Action("complete", "Complete", "accept the suggested command", ("tab",), where="prompt", palette=False),
    Action(
        "close",
        "Back",
        "close the search, clause or help screen",
        ("escape",),
        where="back",
        footer="Back",
        palette=False,
    ),
    Action(
        "app.command_palette",
        "Command palette",
        "the command palette: every action by name",
        ("ctrl+p",),
        where="textual",
        palette=False,
    ),
    Action("app.quit", "Quit", "quit", ("ctrl+q",), where="app", footer="Quit", slash="quit"),
)

SLASH_COMMANDS: dict[str, Action] = {a.slash: a for a in ACTIONS if a.slash}


def actions_for(where: Where) -> list[Action]:
    return [a for a in ACTIONS if a.where == where and a.keys]


def key_label(key: str) -> str:
    """How help and the README write a key: "ctrl+f", "F1", "PageUp"…"""
    names = {
        "pageup": "PageUp",
        "pagedown": "PageDown",
        "home": "Home",
        "end": "End",
        "escape": "Escape",
        "enter": "Enter",
    }
    names |= {"tab": "Tab", "up": "up", "down": "down"}
    if key in names:
        return names[key]
    if len(key) in (2, 3) and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return key


def keys_label(action: Action) -> str:
    return " / ".join(key_label(k) for k in action.keys)
