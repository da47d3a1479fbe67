"""Parse a person's own notes (plain text or Markdown) into sections and paragraphs.

Headings (ATX "# Title" or underlined with === / ---) start sections; blank
lines and horizontal rules separate paragraphs; each list item is a paragraph
of its own. Fenced code blocks and YAML front matter are skipped: they are not
prose to cite.
"""

from __future__ import annotations

import re

from assistant.ingest.spans import Line, RawPost, Span, split_lines, trimmed

# The closing "###" of a heading is stripped in Python (`_heading_title`): a pattern such as
# `\s+(.*?)\s*#*\s*$` backtracks cubically on a heading with a long run of spaces.
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(?P<rest>.*)$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A horizontal rule ("---", "* * *", "===" on its own): a separator, not prose.
_RULE = re.compile(r"^\s{0,3}([-*_=])(?:\s*\1){2,}\s*$")


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:40].strip("-") or "section"


def _heading_title(rest: str) -> str | None:
    """The title of an ATX heading from the text after its opening hashes, without the
    optional closing sequence ("## Title ##" -> "Title"); None for an empty heading."""
    return rest.rstrip().rstrip("#").rstrip() or None


def _front_matter_end(lines: list[Line]) -> int:
    """Index of the first line after a YAML front-matter block ("---" ... "---"), else 0.

    Note-taking apps put metadata there; it is not prose to cite.
    """
    if not lines or lines[0].text.strip() != "---":
        return 0
    for i, line in enumerate(lines[1:], start=1):
        if line.text.strip() in ("---", "..."):
            return i + 1
    return 0


def parse_notes(source: str) -> list[RawPost]:
    lines = split_lines(source)
    posts: list[RawPost] = []
    used: dict[str, int] = {}

    def new_section(title: str | None) -> RawPost:
        key = slug(title) if title else "intro"
        used[key] = used.get(key, 0) + 1
        if used[key] > 1:
            key = f"{key}-{used[key]}"
        post = RawPost(key=key, kind="section", title=title)
        posts.append(post)
        return post

    post: RawPost | None = None
    para: list[tuple[int, int]] = []

    def close() -> None:
        nonlocal post
        if para:
            span = trimmed(source, para[0][0], para[-1][1])
            if span:
                if post is None:
                    post = new_section(None)
                post.paragraphs.append(span)
            para.clear()

    in_fence = False
    i = _front_matter_end(lines)
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line.text):
            close()
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            i += 1
            continue
        atx = _ATX.match(line.text)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if atx:
            close()
            post = new_section(_heading_title(atx.group("rest")))
            i += 1
            continue
        if not line.blank and not para and nxt is not None and _SETEXT.match(nxt.text) and not _ITEM.match(line.text):
            close()
            post = new_section(line.text.strip())
            i += 2
            continue
        if line.blank or _RULE.match(line.text):
            close()
            i += 1
            continue
        item = _ITEM.match(line.text)
        if item:
            close()
            para.append((line.start + item.end(), line.end))
            i += 1
            continue
        para.append((line.start, line.end))
        i += 1
    close()
    return [p for p in posts if p.paragraphs]


__all__ = ["Span", "parse_notes", "slug"]
