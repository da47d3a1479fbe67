"""Character spans over a source text, and splitting paragraphs into clauses.

Everything downstream cites by offsets into the untouched source, so the
parsers only ever produce (start, end) pairs, never rewritten text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A paragraph longer than this is cut into sentences: a clause should be a
# sentence or a short paragraph so that a citation points at one claim.
MAX_CLAUSE_CHARS = 300

# A sentence ends at . ! or ? followed by space and an opening character.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")
# Enumerators such as "1." and abbreviations such as "i.e." do not end sentences.
_NOT_AN_END = re.compile(r"(?:\b\d{1,2}|\b(?:i\.e|e\.g|etc|vs|approx|incl)|\[\.\.)\.$", re.IGNORECASE)
# _NOT_AN_END never matches more than this many characters: it is tried on that much text
# before each candidate end only (on the whole text before it, a paragraph of many short
# sentences took quadratic time).
_NOT_AN_END_REACH = 10


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass
class Line:
    start: int
    end: int  # excludes the newline
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class RawPost:
    """A post as the parser found it: paragraphs are spans of the source."""

    key: str
    kind: str
    paragraphs: list[Span] = field(default_factory=list)
    author: str | None = None
    date: str | None = None
    parent: str | None = None
    title: str | None = None
    cards: frozenset[tuple[str, ...]] = frozenset()  # user cards shown beside a post


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(pos, pos + len(body), body))
        pos += len(raw)
    return lines


def trimmed(source: str, start: int, end: int) -> Span | None:
    """The span without surrounding white space, or None if nothing is left."""
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def sentence_spans(source: str, span: Span) -> list[Span]:
    """Cut a span into sentences, keeping offsets into `source`."""
    text = span.text(source)
    cuts: list[int] = []
    for match in _SENTENCE_END.finditer(text):
        # With `pos`, \b still sees the character before it, so the window changes nothing.
        if _NOT_AN_END.search(text, max(0, match.start() - _NOT_AN_END_REACH), match.start()):
            continue
        cuts.append(match.start())
    spans: list[Span] = []
    begin = 0
    for cut in cuts:
        piece = text[begin:cut]
        # Keep a closing quote or bracket with its sentence.
        while cut < len(text) and text[cut] in "\"')]":
            cut += 1
            piece = text[begin:cut]
        part = trimmed(source, span.start + begin, span.start + begin + len(piece))
        if part:
            spans.append(part)
        begin = cut
    last = trimmed(source, span.start + begin, span.end)
    if last:
        spans.append(last)
    return spans


def clause_spans(source: str, paragraph: Span) -> list[Span]:
    """A short paragraph is one clause; a long one becomes its sentences."""
    if paragraph.end - paragraph.start <= MAX_CLAUSE_CHARS:
        return [paragraph]
    return sentence_spans(source, paragraph)
