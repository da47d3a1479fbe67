"""Plain-text helpers for the chat UI: no Textual here, so they are cheap to import and test.

Everything the UI shows from the corpus or from the person passes through `visible()` first,
and Markdown built around such text escapes it with `md_escape()`, so brackets, markup-like
`[red]x[/]` and ANSI escape sequences are shown as the characters they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.models.corpus import Clause
    from assistant.models.reply import Reply

# C0 controls (except newline), DEL and C1 controls: a terminal would act on them (ESC starts
# an escape sequence), so they are shown as Unicode "control pictures" instead.
_CONTROL = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x0A}
_CONTROL[0x09] = "    "  # a tab: spaces, so columns line up the same everywhere
_CONTROL[0x7F] = "\u2421"  # ␡
_CONTROL.update({code: "\ufffd" for code in range(0x80, 0xA0)})

# Characters Markdown may give a meaning to; escaping all of them keeps text literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&=:\"'$^@%;/])")

# A clause reference as replies write it: "[a2.4]", "[q.1]", "[a2.c3.2]". Not one already
# escaped, nor a Markdown link's text "[a2.4](...)" or a reference link "[a2.4][x]".
_CLAUSE_REF = re.compile(r"(?<!\\)\[([A-Za-z][\w.-]*?)\](?![(\[:])")

CLAUSE_LINK_SCHEME = "clause:"

# For a one-line field: the same stand-ins, but one character each (tabs and newlines become
# spaces) so the cursor position is unchanged.
_CONTROL_LINE = {**_CONTROL, 0x09: " ", 0x0A: " ", 0x0D: " "}


def visible(text: str) -> str:
    """`text` with every control character replaced by a visible stand-in (ESC becomes ␛)."""
    return text.replace("\r\n", "\n").translate(_CONTROL)


def visible_line(text: str) -> str:
    """`visible` for a one-line field: every control character is replaced one for one."""
    return text.translate(_CONTROL_LINE)


def md_escape(text: str) -> str:
    """`text` as Markdown that renders to exactly these characters (after `visible`)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", visible(text))
    # Line breaks inside one block would be soft breaks; keep each line as its own line.
    return escaped.replace("\n", "  \n")


def link_clause_refs(markdown: str, known: Mapping[str, object] | Callable[[str], bool]) -> str:
    """Turn `[a2.4]` references to known clauses into links the app intercepts (`clause:a2.4`)."""
    is_known = known if callable(known) else known.__contains__

    def replace(match: re.Match[str]) -> str:
        clause_id = match.group(1)
        if not is_known(clause_id):
            return match.group(0)
        return f"[\\[{clause_id}\\]]({CLAUSE_LINK_SCHEME}{clause_id})"

    return _CLAUSE_REF.sub(replace, markdown)


def clause_from_href(href: str) -> str | None:
    """The clause id of a link made by `link_clause_refs`, or None for any other link."""
    if href.startswith(CLAUSE_LINK_SCHEME):
        return href[len(CLAUSE_LINK_SCHEME) :] or None
    return None


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` sits in `text` as (start, end), tolerating differences in whitespace and case."""
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    # Same words, other spacing or case: match word by word.
    words = [re.escape(w) for w in quote.split()]
    match = re.search(r"\s+".join(words), text, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def quoted_clause(clause: Clause, quote: str | None) -> str:
    """A one-line source description for copying: `[a2.4] Oskar Duveborn, accepted answer: "..."`."""
    from assistant.render import describe_clause

    words = quote if quote else clause.text
    return f'[{clause.id}] {describe_clause(clause)}: "{words}"'


def reply_as_plain_text(question: str, reply: Reply, clauses: Mapping[str, Clause]) -> str:
    """The reply with its citations, as copied to the clipboard."""
    lines = [f"Q: {question}", "", reply.text.strip()]
    if reply.citations:
        lines += ["", "Sources:"]
        for citation in reply.citations:
            clause = clauses.get(citation.clause)
            if clause is not None:
                lines.append(f"- {quoted_clause(clause, citation.quote)}")
            else:
                lines.append(f'- [{citation.clause}] "{citation.quote}"')
    return "\n".join(lines) + "\n"


def clause_ids_of(reply: Reply) -> list[str]:
    """Every clause the reply rests on, citations first, each once, in order of appearance."""
    seen: dict[str, None] = {}
    for citation in reply.citations:
        seen.setdefault(citation.clause, None)
    for step in reply.steps:
        for clause_id in step.clauses:
            seen.setdefault(clause_id, None)
    for assumption in reply.assumptions:
        for clause_id in assumption.clauses:
            seen.setdefault(clause_id, None)
    for dispute in reply.disputes:
        for side in dispute.sides:
            for clause_id in side.clauses:
                seen.setdefault(clause_id, None)
    return list(seen)


def save_target(argument: str, cwd: Path, suffix: str = ".yaml") -> tuple[Path, bool]:
    """Where `/save [PATH]` writes, and whether that is a folder (the saver names the file).

    No argument: the `transcripts` folder in the current one. A folder (existing, or typed with
    a trailing slash): that folder. Anything else: that file, with `suffix` added if it has none.
    Raises ValueError for `~name/...` when there is no user `name`, OSError when the path
    cannot be looked at (a name too long, a folder one may not read).
    """
    argument = argument.strip()
    if not argument:
        return cwd / "transcripts", True
    try:
        target = Path(argument).expanduser()
    except RuntimeError:  # "~nosuchuser": Python cannot find that home folder
        user = re.split(r"[/\\]", argument, maxsplit=1)[0][1:]
        raise ValueError(f"there is no user called {user!r} (for ~{user})") from None
    if not target.is_absolute():
        target = cwd / target
    if argument.endswith(("/", "\\")) or target.is_dir():
        return target, True
    return (target if target.suffix else target.with_suffix(suffix)), False
