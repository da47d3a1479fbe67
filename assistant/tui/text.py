"""Plain-text helpers for the chat UI: no Textual here, so they are cheap to import and test.

Everything the UI shows from the corpus or from the person passes through `visible()` first and
is then shown as plain `Content` (never parsed as Markdown or markup), so brackets, markup-like
`[red]x[/]`, `**stars**` and ANSI escape sequences are shown as the characters they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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


def clause_ref_pattern() -> re.Pattern[str]:
    """`[a2.4]` as replies write a clause reference (group 1: the id)."""
    return _CLAUSE_REF


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


# Markdown a reply's text may wrap around its parts: emphasis, code and escapes.
_MD_NOISE = re.compile(r"[*_`\\]")
# A list item in a reply's text: "- x", "* x", "12. x".
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")


def _normal(text: str) -> str:
    return " ".join(_MD_NOISE.sub("", text).split()).casefold()


def reply_parts_texts(reply: Reply) -> list[str]:
    """Every text the chat shows from a reply's fields (headline, steps, assumptions…)."""
    texts = [reply.headline, reply.question or ""]
    texts += [s.text for s in reply.steps]
    texts += [t for a in reply.assumptions for t in (a.assumption, a.if_wrong)]
    texts += [t for d in reply.disputes for t in (d.claim, *(s.position for s in d.sides))]
    texts += [c.quote for c in reply.citations]
    return [t for t in texts if t.strip()]


def _items(block: str) -> list[str]:
    """A block of lines as its list items (each with its continuation lines), or itself."""
    lines = block.splitlines()
    if not lines or not _LIST_ITEM.match(lines[0]):
        return [block]
    items: list[str] = []
    for line in lines:
        if (_LIST_ITEM.match(line) and not line.startswith("  ")) or not items:
            items.append(line)
        else:
            items[-1] += "\n" + line
    return items


def leftover_paragraphs(reply: Reply) -> list[str]:
    """What `reply.text` says beyond the fields the chat lays out itself, as paragraphs and list
    items of plain text ("What the notes are about: …", "So far: …").

    The chat builds a reply from its fields (headline, steps, assumptions, disputes, citations),
    not from the wording of its text; a paragraph or list item of the text that contains one of
    those fields is shown by them already, and a short lead-in line ending in ":" goes with what
    it introduced. Whatever is left is shown as well, as written, so nothing is lost."""
    known = [_normal(t) for t in reply_parts_texts(reply)]
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", reply.text.replace("\r\n", "\n")) if b.strip()]
    kept: list[tuple[str, bool]] = []  # (text, is a lead-in)
    for block in blocks:
        lead_in = "\n" not in block and block.rstrip().endswith(":") and len(block) <= 80
        for item in _items(block):
            plain = _normal(item)
            if not plain or (not lead_in and any(k and k in plain for k in known)):
                continue
            if not lead_in and not _CLAUSE_REF.sub("", _LIST_ITEM.sub("", item)).strip(" ;,.—-"):
                continue  # only clause references
            kept.append((item, lead_in))
    # A lead-in stays only if what follows it stayed too.
    out = []
    for n, (text, lead_in) in enumerate(kept):
        if lead_in and (n + 1 == len(kept) or kept[n + 1][1]):
            continue
        out.append(text)
    return out


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
