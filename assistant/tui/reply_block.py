"""One reply of the assistant, laid out from its fields, with the long parts folded.

A reply is built from the structured `Reply` (headline, steps, assumptions, disputes,
citations), never from the wording of its Markdown text: whatever the text says beyond those
fields is shown too, as written (see `leftover_paragraphs`). Every text is shown literally —
notes and questions are never read as Markdown or markup — and clause references are links.

To keep a reply short enough for a terminal, the assumptions, the disputes and the sources
are folded to one line each (a click on that line, or ctrl+o for all of them, opens them). A
dispute is shown in full the first time it comes up in a conversation and as a one-line
reference afterwards. The sources are left out while the sources panel shows them.

A reply is a block of lines the conversation pane draws (see blocks.py); a click on a
reference or a folded line runs the pane's `link`/`toggle` action with the reply's number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from textual.content import Content
from textual.style import Style

from assistant.tui.blocks import Block
from assistant.tui.text import CLAUSE_LINK_SCHEME, clause_ref_pattern, leftover_paragraphs, visible

if TYPE_CHECKING:  # pydantic stays out of the start-up path
    from assistant.models.reply import Citation, Dispute, Reply

# What the border of a reply says, per kind (ReplyKind values).
KIND_LABELS: dict[str, str] = {
    "answer": "Answer",
    "clarify": "Needs one more detail",
    "not_covered": "Not covered by the notes",
}
LINK_STYLE = "underline $text-accent"
OPEN, CLOSED = "▾ ", "▸ "


@dataclass(frozen=True)
class Look:
    """How a part of a reply looks: a gutter before each of its lines, and a text style."""

    gutter: str = ""
    gutter_style: str = ""
    style: str = ""


LOOKS: dict[str, Look] = {
    "headline": Look(style="bold $text-primary"),
    "question": Look(gutter="▌ ", gutter_style="$warning", style="bold $text-warning"),
    "extra": Look(),
    "steps": Look(),
    "assumptions": Look(gutter="┆ ", gutter_style="$text-secondary", style="$text-secondary"),
    "disputes": Look(gutter="▌ ", gutter_style="$warning", style="$text-warning"),
    "sources": Look(gutter="│ ", gutter_style="$text-muted", style=""),
}


def dispute_key(dispute: Dispute) -> str:
    """The same dispute in two replies has the same claim (whatever the spacing or case)."""
    return " ".join(dispute.claim.split()).casefold()


@dataclass
class Para:
    """A paragraph or list item: wrapped to the width, later lines indented like the first's text."""

    content: Content
    first: str = ""  # before its first line, e.g. "1. " or "• "
    gap: bool = False  # a blank line before it


@dataclass
class Part:
    """A part of a reply. A foldable part has a title and, folded, shows one line: its summary."""

    name: str  # a key of LOOKS
    paras: list[Para] = field(default_factory=list)
    title: str = ""  # foldable parts only
    summary: Content | None = None
    opened: bool = True  # how it starts

    @property
    def foldable(self) -> bool:
        return bool(self.title)


def link(clause_id: str, number: int = 0) -> Style:
    """A click on it runs the pane's `link` action: reply `number`, this clause."""
    return Style.from_meta({"@click": f"link({number}, {CLAUSE_LINK_SCHEME + clause_id!r})"})


def refs(clauses: Iterable[str], is_known: Callable[[str], bool], *, lead: str = " ", number: int = 0) -> Content:
    """' [a2.4] [a4.4]' with the known clauses as links (`lead`: before the first one)."""
    parts: list[Content | str] = []
    for n, clause_id in enumerate(dict.fromkeys(clauses)):
        label = f"[{visible(clause_id)}]"
        clickable = Content(label).stylize(link(clause_id, number)).stylize(LINK_STYLE)
        parts += [" " if n else lead, clickable if is_known(clause_id) else label]
    return Content.assemble(*parts)


def literal(text: str, is_known: Callable[[str], bool] | None = None, *, number: int = 0) -> Content:
    """`text` exactly as written (no Markdown, no markup), its `[a2.4]` references as links."""
    text = visible(text)
    content = Content(text, strip_control_codes=False)
    if is_known is not None:
        for match in clause_ref_pattern().finditer(text):
            if is_known(match.group(1)):
                span = match.span()
                content = content.stylize(link(match.group(1), number), *span).stylize(LINK_STYLE, *span)
    return content


def _list_item(text: str) -> tuple[str, str]:
    """("• ", the item's text) for a Markdown-like list item, else ("", text)."""
    match = re.match(r"^\s{0,3}(?:([-*+])|(\d{1,3})[.)])\s+", text)
    if not match:
        return "", text
    marker = "• " if match.group(1) else f"{match.group(2)}. "
    rest = "\n".join(line.strip() for line in text[match.end() :].splitlines())
    return marker, rest


def _quoted(citations: list[Citation], is_known: Callable[[str], bool], number: int) -> Content:
    """'[a2.4] Oskar Duveborn, accepted answer: “…” … “…”' — the quotes exactly as written."""
    from assistant.render import describe_source

    first = citations[0]
    who = describe_source(first.author, first.kind, first.authority, first.quotes)
    quotes = Content(" … ").join(Content.assemble("“", literal(c.quote), "”") for c in citations)
    head = refs([first.clause], is_known, lead="", number=number)
    return Content.assemble(head, " ", (visible(who), "bold"), ": ", quotes)


def build_parts(
    reply: Reply,
    is_known: Callable[[str], bool],
    *,
    earlier_disputes: dict[str, int],
    sources_inline: bool,
    number: int = 0,
) -> list[Part]:
    """The parts of `reply`, in order. `earlier_disputes`: dispute key -> the reply that showed it
    in full; `sources_inline`: list the sources in the reply (the panel is hidden)."""
    # Clicks on its references and folded lines say which reply they are in.
    refs_ = partial(refs, number=number)
    literal_ = partial(literal, number=number)
    parts: list[Part] = []
    question = (reply.question or "").strip()
    headline = reply.headline.strip()
    if headline and headline != question:
        parts.append(Part("headline", [Para(literal_(headline, is_known))]))
    extra = [Para(literal_(text, is_known), first) for first, text in map(_list_item, leftover_paragraphs(reply))]
    for n, para in enumerate(extra):
        para.gap = n > 0 and not (para.first and extra[n - 1].first)
    if extra:
        parts.append(Part("extra", extra))
    if question:
        parts.append(Part("question", [Para(literal_(question, is_known))]))
    if reply.steps:
        steps = [Para(Content("How I got it:", strip_control_codes=False))]
        steps += [
            Para(literal_(step.text) + refs_(step.clauses, is_known), f"{n}. ")
            for n, step in enumerate(reply.steps, start=1)
        ]
        parts.append(Part("steps", steps))
    if reply.assumptions:
        paras = [
            Para(
                Content.assemble(literal_(a.assumption), " If not: ", literal_(a.if_wrong), refs_(a.clauses, is_known)),
                "• ",
            )
            for a in reply.assumptions
        ]
        summary = literal_("; ".join(" ".join(a.assumption.split()) for a in reply.assumptions))
        parts.append(Part("assumptions", paras, f"Assumptions ({len(paras)})", summary, opened=False))
    if reply.disputes:
        paras = []
        for dispute in reply.disputes:
            paras.append(Para(Content.assemble(("Claim: ", "bold"), literal_(dispute.claim)), gap=bool(paras)))
            paras += [Para(literal_(side.position) + refs_(side.clauses, is_known), "• ") for side in dispute.sides]
        seen = [earlier_disputes.get(dispute_key(d)) for d in reply.disputes]
        new = any(shown is None for shown in seen)
        where = sorted({n for n in seen if n is not None})
        count = f" ({len(reply.disputes)})" if len(reply.disputes) > 1 else ""
        # Seen before: a one-line reference, first saying where it was shown in full.
        shown_in = f" — in full in reply {', '.join(map(str, where))}" if where and not new else ""
        summary = literal_("; ".join(d.claim for d in reply.disputes))
        parts.append(Part("disputes", paras, f"Disputed in the sources{count}{shown_in}", summary, opened=new))
    if reply.citations and sources_inline:
        by_clause: dict[str, list[Citation]] = {}
        for citation in reply.citations:
            by_clause.setdefault(citation.clause, []).append(citation)
        paras = [Para(_quoted(citations, is_known, number), "• ") for citations in by_clause.values()]
        if reply.steps:
            title = "Sources"
        elif reply.kind.value == "not_covered":
            title = "Nearest passages, possibly not applicable"
        else:
            title = "From the notes"
        summary = refs_(by_clause, is_known, lead="")
        # Without a derivation the quotes are the answer itself: open; with one, folded.
        parts.append(Part("sources", paras, f"{title} ({len(paras)})", summary, opened=not reply.steps))
    return parts


def layout(parts: list[Part], opened: set[str], width: int, number: int = 0) -> tuple[list[Content], list[str]]:
    """The lines of a reply at `width` cells, and the part each line belongs to."""
    lines: list[Content] = []
    owners: list[str] = []

    def add(line: Content, owner: str) -> None:
        lines.append(line)
        owners.append(owner)

    for n, part in enumerate(parts):
        look = LOOKS[part.name]
        if n > 0:
            add(Content(""), "")  # between parts
        is_open = part.name in opened or not part.foldable
        if part.foldable:
            toggle = Style.from_meta({"@click": f"toggle({number}, {part.name!r})"})
            head = Content.assemble(
                ((OPEN if is_open else CLOSED) + part.title, f"bold {look.style}".strip()),
                *(
                    [(": ", look.style), part.summary.stylize_before(look.style)]
                    if not is_open and part.summary
                    else []
                ),
            )
            gutter = Content.styled(look.gutter, look.gutter_style) if look.gutter else Content("")
            head = (gutter + head).truncate(width, ellipsis=True).stylize_before(toggle)
            add(head, part.name)
            if not is_open:
                continue
        for para in part.paras:
            if para.gap:
                add(Content(""), part.name)
            for line in _wrap(para, look, width):
                add(line, part.name)
    return lines, owners


def _wrap(para: Para, look: Look, width: int) -> list[Content]:
    text_width = max(4, width - len(look.gutter) - len(para.first))
    content = para.content.stylize_before(look.style) if look.style else para.content
    wrapped: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        wrapped.extend(line.wrap(text_width) or [Content("")])
    out = []
    for n, line in enumerate(wrapped):
        prefix = para.first if n == 0 else " " * len(para.first)
        parts: list[Content | str | tuple[str, str]] = []
        if look.gutter:
            parts.append((look.gutter, look.gutter_style))
        parts.append((prefix, look.style or "$text-muted") if prefix.strip() else prefix)
        parts.append(line.rstrip())
        out.append(Content.assemble(*parts, strip_control_codes=False))
    return out


# The box around a reply: its kind says the colours; the selected reply (its sources are in the
# panel) has a heavy line.
BOX_STYLES: dict[str, tuple[str, str, str]] = {  # kind -> (line, title, text)
    "answer": ("$success 60%", "$text-success", ""),
    "clarify": ("$warning 70%", "$text-warning", ""),
    "not_covered": ("$error 60%", "$text-error", "$text-muted"),
}
ROUND = "╭─╮│╰─╯"
HEAVY = "┏━┓┃┗━┛"


class ReplyBlock(Block):
    """A reply, boxed, its kind in the box's title; the long parts folded."""

    def __init__(
        self,
        number: int,
        question: str,
        reply: Reply,
        is_known: Callable[[str], bool],
        *,
        earlier_disputes: dict[str, int] | None = None,
        sources_inline: bool = True,
    ) -> None:
        super().__init__()
        self.margin = 0  # right under its question
        self.number = number
        self.question = question
        self.reply = reply
        self.kind = reply.kind.value
        self._is_known = is_known
        self._earlier = dict(earlier_disputes or {})
        self._sources_inline = sources_inline
        self.selected = False
        self.border_title = f"{KIND_LABELS.get(self.kind, self.kind)} · {number}"
        self.parts = self._build_parts()
        self.opened: set[str] = {p.name for p in self.parts if p.foldable and p.opened}
        self._inner: tuple[int, list[Content], list[str]] | None = None

    def _build_parts(self) -> list[Part]:
        return build_parts(
            self.reply,
            self._is_known,
            earlier_disputes=self._earlier,
            sources_inline=self._sources_inline,
            number=self.number,
        )

    # --- what it shows ---------------------------------------------------------------------

    @property
    def part_names(self) -> list[str]:
        return [p.name for p in self.parts]

    @property
    def folded(self) -> list[str]:
        """The foldable parts now closed."""
        return [p.name for p in self.parts if p.foldable and p.name not in self.opened]

    @property
    def new_disputes(self) -> list[str]:
        """The dispute keys this reply shows for the first time in the conversation."""
        return [dispute_key(d) for d in self.reply.disputes if dispute_key(d) not in self._earlier]

    @staticmethod
    def inner_width(width: int) -> int:
        """The width of its text inside the box (a line and a space either side)."""
        return max(8, width - 4)

    def _layout(self, inner: int) -> tuple[int, list[Content], list[str]]:
        if self._inner is None or self._inner[0] != inner:
            self._inner = (inner, *layout(self.parts, self.opened, inner, self.number))
        return self._inner

    def body_lines(self, width: int) -> list[Content]:
        """Its text, without the box, at the pane's `width`."""
        return self._layout(self.inner_width(width))[1]

    def owners(self, width: int) -> list[str]:
        """The part each line of `body_lines` belongs to ("" between parts)."""
        return self._layout(self.inner_width(width))[2]

    @property
    def text_lines(self) -> list[str]:
        """What the reply says, as plain lines (without the box)."""
        return [line.plain for line in self.body_lines(self.width or 80)]

    def build(self, width: int) -> list[Content]:
        line_style, title_style, text_style = BOX_STYLES.get(self.kind, BOX_STYLES["answer"])
        tl, h, tr, v, bl, bh, br = HEAVY if self.selected else ROUND
        inner = self.inner_width(width)
        title = Content(f" {self.border_title} ").stylize(title_style)
        fill = max(0, width - 3 - title.cell_length)
        top = Content.assemble((tl + h, line_style), title, (h * fill + tr, line_style))
        side = Content.styled(v, line_style)
        body = [
            Content.assemble(side, " ", line.pad_right(max(0, inner - line.cell_length)), " ", side)
            for line in self.body_lines(width)
        ]
        if text_style:
            body = [line.stylize_before(text_style) for line in body]
        bottom = Content.styled(bl + bh * max(0, width - 2) + br, line_style)
        return [top, *body, bottom]

    def changed(self) -> None:
        super().changed()
        self._inner = None

    def set_sources_inline(self, inline: bool) -> bool:
        """List the sources in the reply (the panel is hidden) or not (the panel shows them).
        True if that changed what it shows."""
        if inline == self._sources_inline:
            return False
        self._sources_inline = inline
        opened = set(self.opened)
        self.parts = self._build_parts()
        self.opened = {
            p.name for p in self.parts if p.foldable and (p.name in opened or (p.opened and p.name == "sources"))
        }
        self.changed()
        return True

    def toggle(self, name: str | None = None) -> None:
        """Open or close one folded part; with no name, open all (or close all if all are open)."""
        foldable = [p.name for p in self.parts if p.foldable]
        if name is None:
            self.opened = set() if set(foldable) <= self.opened else set(foldable)
        elif name in foldable:
            self.opened ^= {name}
        self.changed()
