"""The reply Markdown layout: structure kept, text literal, only clause links clickable."""

from __future__ import annotations

from textual.style import Style

from assistant.tui.markdown import MarkStyle, layout, parse
from assistant.tui.text import link_clause_refs


def clickable(href: str) -> Style | None:
    return Style.from_meta({"@click": f"link({href!r})"}) if href.startswith("clause:") else None


def lines(markdown: str, width: int = 40, marks: dict[int, str] | None = None) -> list[str]:
    styles = {"m": MarkStyle(gutter="▌ ", gutter_style="red", style="bold")}
    return [line.plain for line in layout(parse(markdown, clickable), width, marks or {}, styles)]


def test_lists_wrap_with_a_hanging_indent() -> None:
    text = "Intro.\n\n1. A first step that is long enough to wrap onto a second line.\n2. Short.\n   - nested item\n"
    assert lines(text, 30) == [
        "Intro.",
        "",
        "1. A first step that is long",
        "   enough to wrap onto a",
        "   second line.",
        "2. Short.",
        "   ◦ nested item",
    ]
    assert all(len(line) <= 30 for line in lines(text, 30))


def test_text_stays_literal() -> None:
    text = "[red]x[/] [/] [link=http://x]y[/link] <b>html</b> &lt; *em* `code`"
    assert lines(text, 80) == ["[red]x[/] [/] [link=http://x]y[/link] <b>html</b> < em code"]


def test_only_clause_links_are_clickable() -> None:
    markdown = link_clause_refs("See [a2.4] and [web](https://example.com).", {"a2.4"})
    (line,) = layout(parse(markdown, clickable), 80, {}, {})
    assert line.plain == "See [a2.4] and web."
    actions = [(line.plain[s.start : s.end], s.style.meta) for s in line.spans if isinstance(s.style, Style)]
    assert actions == [("[a2.4]", {"@click": "link('clause:a2.4')"})]


def test_marked_blocks_get_a_gutter_on_every_line() -> None:
    text = "Head.\n\nDisputed:\n\n- one side of it, long enough to wrap around\n- the other\n"
    out = lines(text, 24, marks={1: "m", 2: "m"})
    assert out[0] == "Head."
    assert all(line.startswith("▌ ") for line in out[2:] if line)
    assert "▌ • one side of it, long" in out


def test_quotes_code_tables_and_headings() -> None:
    text = "# Title\n\n> quoted\n\n```\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert lines(text) == ["Title", "", "▌ quoted", "", "x = 1", "", "a │ b", "1 │ 2"]
