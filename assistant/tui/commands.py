"""The chat's slash commands: their names, help lines and parsing (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.suggest import nearest

# name -> (arguments, what it does); the order is the order /help lists them.
SLASH_COMMANDS: dict[str, tuple[str, str]] = {
    "why": ("", "explain the last answer step by step"),
    "search": ("[QUERY]", "search the clauses by keyword (also ctrl+f)"),
    "show": ("CLAUSE", "open a clause with its post, e.g. /show a2.4"),
    "save": ("[PATH]", "save the conversation as a transcript (default: ./transcripts/)"),
    "copy": ("", "copy the last answer with its citations (also F3)"),
    "sources": ("", "show or hide the sources panel (also F2)"),
    "reset": ("", "start a new conversation"),
    "help": ("", "list the commands and keys (also F1)"),
    "quit": ("", "leave the chat (also ctrl+q)"),
}

# What the input completes: commands that take an argument end in a space.
COMPLETIONS: list[str] = [f"/{name} " if args else f"/{name}" for name, (args, _) in SLASH_COMMANDS.items()]


@dataclass(frozen=True)
class SlashCommand:
    name: str
    argument: str = ""


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


def help_markdown() -> str:
    """The /help text (Markdown; every line is our own text, nothing from the corpus)."""
    rows = "\n".join(
        f"| `/{name}{' ' + args if args else ''}` | {what} |" for name, (args, what) in SLASH_COMMANDS.items()
    )
    return f"""\
# Licensing assistant

Ask about Windows Server 2003/2008 Client Access Licences (CALs) in your own words, e.g.
*2 servers x 5 CALs, how many users?* — then follow up (*what about per server mode?*).
Every answer cites the clauses of the notes it rests on: click a reference such as `[a2.4]`
to see it in the sources panel, and select a source to open it with its post.

| Command | What it does |
|---|---|
{rows}

| Key | What it does |
|---|---|
| `up` / `down` | previous / next line you typed |
| `tab` or `right` | accept the suggested command |
| `ctrl+f` | search the clauses |
| `F2` | show or hide the sources panel |
| `F3` | copy the last answer with its citations |
| `F4` | why? — the derivation of the last answer |
| `ctrl+s` | save the conversation |
| `ctrl+r` | start over (asks first) |
| `alt+up` / `alt+down` | select the previous / next reply |
| `ctrl+p` | the command palette |
| `escape` | close a search, clause or help screen |
| `ctrl+q` | quit |
"""
