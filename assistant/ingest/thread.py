"""Parse a Stack Exchange thread that was copied from its web page as text.

The copy keeps the prose but flattens the page: user cards become runs of
bullet numbers (reputation and badges), comment scores become bare bullet
numbers, comments end with " – Name Date", and images leave "enter image
description here". This module finds the posts and their paragraphs and drops
that debris, never the prose. It knows nothing about licensing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.ingest.spans import Line, RawPost, Span, split_lines, trimmed

_BULLET = re.compile(r"^(?P<indent>\s*)\u2022\s+(?P<body>.*)$")
_NUMBER = re.compile(r"^\d[\d,]*$")
# "(?:\s*\d+)?\s*$", not "\s*\d*\s*$": two runs of spaces around an optional number split a
# long run of spaces in quadratically many ways.
_ANSWERS_HEADER = re.compile(r"^\s*(\d+)\s+Answers?(?:\s*\d+)?\s*$")
_IMAGE_DEBRIS = re.compile(r"^\s*enter image description here\s*$", re.IGNORECASE)
_DUPLICATE_BANNER = re.compile(r"^\s*Possible Duplicate:\s*$")
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# A comment ends with " – Name Date": the date is found at the end of the text, then the dash
# before the name by string search (`_signature`). One regex for the whole signature, with a
# lazy name between runs of spaces, took minutes on a comment with a few thousand spaces.
_DATE_AT_END = re.compile(rf"(?:{_MONTHS})[a-z]{{0,6}} \d{{1,2}}(?: '\d{{2}}|, \d{{4}})?(?: at \d{{1,2}}:\d{{2}})?$")
_DATE_REACH = 32  # the longest date _DATE_AT_END matches ("September 30, 2009 at 23:59" is 27)
_SEPARATORS = "\u2013\u2014-"
# A name is a few words: bounding it keeps the search linear on a paragraph that repeats
# "I accepted " thousands of times.
_ACCEPTED = re.compile(r"\bI(?:'ve| have)? accepted (?P<who>[\w .'-]{1,80}?)(?:'s|s)? answer\b")


@dataclass
class ParsedThread:
    posts: list[RawPost]
    dropped: list[str]  # a description of each kind of debris removed
    accepted: str | None  # key of the accepted answer


class _Cursor:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.i = 0

    def peek(self, ahead: int = 0) -> Line | None:
        j = self.i + ahead
        return self.lines[j] if j < len(self.lines) else None


def _bullet(line: Line | None) -> tuple[int, str] | None:
    """(offset of the bullet's text, text) if the line is a bullet item."""
    if line is None:
        return None
    m = _BULLET.match(line.text)
    if not m:
        return None
    return line.start + m.start("body"), m.group("body")


def _is_number_bullet(line: Line | None) -> bool:
    b = _bullet(line)
    return b is not None and bool(_NUMBER.match(b[1].strip()))


def parse_thread(source: str, file: str) -> ParsedThread:
    lines = split_lines(source)
    cur = _Cursor(lines)
    dropped: set[str] = set()
    posts: list[RawPost] = []
    answers = 0
    header: tuple[int, int] | None = None  # (answers the page says it has, line of that header)
    post = RawPost(key="q", kind="question")
    paragraph: list[Line] = []

    def close_paragraph() -> None:
        if paragraph:
            span = trimmed(source, paragraph[0].start, paragraph[-1].end)
            if span:
                post.paragraphs.append(span)
            paragraph.clear()

    def new_answer() -> RawPost:
        nonlocal answers
        answers += 1
        return RawPost(key=f"a{answers}", kind="answer")

    while (line := cur.peek()) is not None:
        if line.blank:
            close_paragraph()
            cur.i += 1
            continue
        if _DUPLICATE_BANNER.match(line.text) and not posts and not post.paragraphs:
            # Site notice linking another question: page chrome, not the asker's words.
            dropped.add("'Possible Duplicate' banner")
            cur.i += 2 if cur.peek(1) is not None and not cur.peek(1).blank else 1
            continue
        if header_match := _ANSWERS_HEADER.match(line.text):
            dropped.add("answer-count header")
            close_paragraph()
            if not posts and post.paragraphs:
                # The question's user card is missing; the header still ends the question.
                posts.append(post)
                post = new_answer()
            header = (int(header_match.group(1)), cur.i + 1)
            cur.i += 1
            continue
        if _IMAGE_DEBRIS.match(line.text):
            dropped.add("image placeholder 'enter image description here'")
            cur.i += 1
            continue
        name_then_card = not _bullet(line) and not paragraph and _is_number_bullet(cur.peek(1))
        if _is_number_bullet(line) or name_then_card:
            close_paragraph()
            if name_then_card:
                post.author = line.text.strip()
                cur.i += 1
            if not post.paragraphs:
                raise AssistantError("a user card follows no post text", file=file, line=_line_no(lines, cur.i))
            comments = _read_footer(cur, source, post, dropped)
            posts.append(post)
            posts.extend(comments)
            post = new_answer()
            continue
        bullet = _bullet(line)
        if bullet:
            # A list item inside a post is a paragraph of its own.
            close_paragraph()
            span = trimmed(source, bullet[0], line.end)
            if span:
                post.paragraphs.append(span)
            cur.i += 1
            continue
        paragraph.append(line)
        cur.i += 1
    close_paragraph()
    if post.paragraphs:
        raise AssistantError(
            f"post '{post.key}' has no user card after it; is the copy cut short?",
            file=file,
            line=len(lines),
        )
    if not posts or posts[0].kind != "question":
        raise AssistantError("no question found", file=file, line=1)
    found = sum(1 for p in posts if p.kind == "answer")
    if header and header[0] != found:
        # Two posts run together when a user card between them is missing: the text would be
        # credited to the wrong author, so refuse rather than guess.
        raise AssistantError(
            f"the page says {header[0]} answers but {found} were found; is a user card "
            "(name and reputation/badge numbers) missing after one of them?",
            file=file,
            line=header[1],
        )
    _infer_authors(posts)
    return ParsedThread(posts=posts, dropped=sorted(dropped), accepted=_accepted_answer(source, posts))


def _line_no(lines: list[Line], index: int) -> int:
    return min(index, len(lines) - 1) + 1 if lines else 1


def _read_footer(cur: _Cursor, source: str, post: RawPost, dropped: set[str]) -> list[RawPost]:
    """Read the user card(s) and the comments that follow a post, up to a blank line."""
    numbers: list[str] = []
    comments: list[RawPost] = []
    while (line := cur.peek()) is not None and not line.blank:
        bullet = _bullet(line)
        nxt = cur.peek(1)
        if bullet and _NUMBER.match(bullet[1].strip()):
            if comments or (nxt is not None and not nxt.blank and not _bullet(nxt)):
                # A bare number before a comment is the comment's score.
                dropped.add("comment vote counts")
            else:
                numbers.append(bullet[1].strip())
                dropped.add("reputation and badge counts")
            cur.i += 1
            continue
        if bullet:
            body_start, body = bullet[0], bullet[1]
        else:
            # The text of a comment whose score bullet came on the line before.
            body_start, body = line.start, line.text
        comment = RawPost(key=f"{post.key}.c{len(comments) + 1}", kind="comment", parent=post.key)
        sig = _signature(body)
        end = body_start + (sig.start if sig else len(body))
        if sig:
            comment.author = sig.name
            comment.date = sig.date
        span = trimmed(source, body_start, end)
        if span:
            comment.paragraphs.append(span)
        comments.append(comment)
        cur.i += 1
    # Reputation and three badge counts make one user card.
    post.cards = frozenset(tuple(numbers[i : i + 4]) for i in range(0, len(numbers) - 3, 4))
    return comments


@dataclass(frozen=True)
class _Signature:
    start: int  # where the comment's own text ends
    name: str
    date: str


def _signature(body: str) -> _Signature | None:
    """The " – Name Date" a copied comment ends with, in linear time.

    The same as the pattern `\\s+[–—-]\\s*(?P<name>[^–—]+?)\\s+(?P<date>DATE)\\s*$` searched in
    `body`: the leftmost dash after white space with no en or em dash between it and the date.
    """
    text = body.rstrip()
    date = _DATE_AT_END.search(text, max(0, len(text) - _DATE_REACH))
    if date is None or date.start() == 0 or not text[date.start() - 1].isspace():
        return None
    before = text[: date.start()].rstrip()
    last_dash = max(before.rfind("\u2013"), before.rfind("\u2014"))
    for i in range(max(last_dash, 0), len(before)):
        if before[i] in _SEPARATORS and i > 0 and before[i - 1].isspace():
            name = before[i + 1 :].strip()
            if not name:
                return None
            return _Signature(start=len(before[:i].rstrip()), name=name, date=date.group(0))
    return None


def _infer_authors(posts: list[RawPost]) -> None:
    """Name the authors the page does not print next to their posts.

    Two posts showing the same user card are the same account. An unnamed post's
    author is the one commenter in its own thread who wrote no other post.
    """
    changed = True
    while changed:
        changed = False
        for post in posts:
            if post.author or post.kind == "comment":
                continue
            twin = next((p for p in posts if p is not post and p.author and p.cards & post.cards), None)
            if twin:
                post.author = twin.author
                changed = True
                continue
            known = {p.author for p in posts if p.author and p.kind != "comment"}
            candidates = sorted(
                {p.author for p in posts if p.parent == post.key and p.author and p.author not in known}
            )
            if len(candidates) == 1:
                post.author = candidates[0]
                changed = True


def _accepted_answer(source: str, posts: list[RawPost]) -> str | None:
    """The answer the asker says they accepted, matched by author name (typos allowed)."""
    asker = posts[0].author
    answers = {p.author: p.key for p in posts if p.kind == "answer" and p.author and p.author != asker}
    for post in posts:
        # Only the asker can accept an answer; if the question shows no author, whoever says
        # they accepted one is the asker.
        if asker is not None and post.author != asker:
            continue
        for para in post.paragraphs:
            m = _ACCEPTED.search(para.text(source))
            if not m:
                continue
            who = m.group("who").strip()
            close = difflib.get_close_matches(who, list(answers), n=1, cutoff=0.6)
            if close:
                return answers[close[0]]
    return None


__all__ = ["ParsedThread", "Span", "parse_thread"]
