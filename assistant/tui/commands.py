"""The chat's slash commands and help text, from the actions table (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.suggest import nearest
from assistant.tui.actions import ACTIONS, SLASH_COMMANDS, Action, keys_label

# What the input completes: commands that take an argument end in a space.
COMPLETIONS: list[str] = [f"/{name} " if a.takes_argument else f"/{name}" for name, a in SLASH_COMMANDS.items()]


@dataclass(frozen=True)
class SlashCommand:
    name: str
    argument: str = ""

    @property
    def action(self) -> Action:
        return SLASH_COMMANDS[self.name]

    @property
    def action_string(self) -> str:
        """The Textual action to run, with the argument (any text) as a Python string literal."""
        action = self.action
        if action.takes_argument:
            return f"{action.command_action}({self.argument!r})"
        return action.command_action


class UnknownCommand(ValueError):
    """A slash command that does not exist; the message suggests the nearest ones."""


def parse(text: str) -> SlashCommand | None:
    """The command in `text`, or None when `text` is a question rather than a command.

    A command is a slash followed by a letter ("/save x.yaml"); "/ 2" or "/" alone are text.
    Raises UnknownCommand for "/frobnicate".
    """
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] != "/" or not stripped[1].isalpha():
        return None
    name, _, argument = stripped[1:].partition(" ")
    name = name.lower()
    if name not in SLASH_COMMANDS:
        hint = nearest(name, SLASH_COMMANDS).replace(", ", ", /").replace(": ", ": /", 1)
        raise UnknownCommand(f"There is no /{name} command; {hint}. Type /help for the list.")
    return SlashCommand(name, argument.strip())


def slash_usage(action: Action) -> str:
    return f"/{action.slash}" + (f" {action.argument}" if action.argument else "")


def commands_table() -> str:
    """The slash commands as a Markdown table (help and README)."""
    rows = [f"| `{slash_usage(a)}` | {a.help} |" for a in SLASH_COMMANDS.values()]
    return "\n".join(["| command | what it does |", "|---|---|", *rows])


def keys_table() -> str:
    """Every key, as a Markdown table (help and README)."""
    rows = [f"| {keys_label(a)} | {a.help} |" for a in ACTIONS if a.keys]
    return "\n".join(["| key | what it does |", "|---|---|", *rows])


def help_markdown() -> str:
    """The /help text (Markdown; every line is our own text, nothing from the corpus)."""
    return f"""\
# Licensing assistant

Ask about Windows Server 2003/2008 Client Access Licences (CALs) in your own words, e.g.
*2 servers x 5 CALs, how many users?* — then follow up (*what about per server mode?*).
Every answer cites the clauses of the notes it rests on: click a reference such as `[a2.4]`
to see it in the sources panel, and select a source to open it with its post.

{commands_table()}

{keys_table()}
"""
