"""Property tests: whatever text arrives, `ask` gives a valid reply (or the project's own error),
`search` never raises, and the transcript loader fails only with AssistantError naming file and line."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from robust_helpers import check_reply

from assistant.api import Assistant
from assistant.errors import AssistantError

# CI has two cores: enough examples to find the odd crash, few enough to stay quick.
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DOMAIN = [
    "servers", "server", "srv", "copies", "copy", "licences", "licenses", "boxes", "CALs", "CAL", "cals",
    "user", "users", "ppl", "staff", "employees", "device", "devices", "PCs", "workstations", "thin clients",
    "OEM", "retail", "FPP", "box", "volume", "Open", "Select", "Enterprise agreement", "Standard", "Enterprise",
    "Server 2003", "Server 2008", "2012", "per server", "per user", "per device", "per seat", "mode",
    "concurrent", "simultaneous", "at once", "how many", "?", "x", "×", "*", "each", "apiece", "per copy",
    "a 10-pack of", "a dozen", "twelve", "two", "five", "zero", "none", "half", "make it", "actually",
    "what about", "what if it was", "and if they were", "why?", "reset", "start over", "admins",
    "administrator", "reassign", "loaner", "new hire", "change back", "Exchange", "price", "SQL Server",
    "w/", "&", "/", "-", "+", "=", ",", ".", ";", ":", "!", "'", '"',
]  # fmt: skip
MARKUP = [
    "[b]", "[/b]", "[red]", "[/]", "[link=https://x]", "[@click=app.quit]", "[on red]", "[[", "]]",
    "<b>", "</b>", "<script>", "**", "__", "`", "```", "# ", "> ", "|", "\x1b[31m", "\x1b[2J", "${x}",
    "{0}", "{}", "%s", "%(x)s", "\\", "\\n", "&amp;", "![x](y)",
]  # fmt: skip
CONTROL = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Co"])

numbers = st.one_of(
    st.integers(min_value=0, max_value=120).map(str),
    st.sampled_from(["two", "five", "twelve", "a dozen", "twenty-five", "zero", "a hundred", "1,000"]),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"-?[0-9]{1,3}(,[0-9]{3}){0,6}(\.[0-9]{1,4})?", fullmatch=True),
    st.text("0123456789", min_size=30, max_size=6000),  # past int()'s 4300-digit limit
    st.sampled_from(["10^30", "1e308", "1e-9", "0x1F", "½", "٣", "５", "Ⅻ", "2×5", "2x5", "5x", "-0", "∞"]),
)
token = st.one_of(
    st.sampled_from(DOMAIN),
    numbers,
    st.sampled_from(MARKUP),
    st.text(max_size=8),  # any Unicode (no lone surrogates: str from a terminal never has them)
    st.text(CONTROL, min_size=1, max_size=4),
)
TEMPLATES = [
    "{a} servers x {b} CALs, how many users?",
    "{a} OEM copies of Server 2008 {e} with {b} CALs each: how many {u} can use all of them?",
    "{a} {u}, {b} servers, per user mode: CALs needed?",
    "{a} staff sharing {b} PCs: user or device CALs, which needs fewer?",
    "{a} CALs, per server mode, split over {b} servers: concurrent connections per server?",
    "{a} users, {b} retail copies with 5 CALs each: how many more CALs?",
    "make it {a} servers",
    "what if it was {e}?",
    "and {a} {u}?",
]
question_like = st.builds(
    lambda template, a, b, e, u: template.format(a=a, b=b, e=e, u=u),
    st.sampled_from(TEMPLATES),
    numbers,
    numbers,
    st.sampled_from(["Standard", "Enterprise", "volume licensing", "Open", "Datacenter", "[b]Enterprise[/b]"]),
    st.sampled_from(["users", "devices", "ppl", "PCs", "thin clients", "connections", "admins", "servers"]),
)
turn_text = st.one_of(
    question_like,
    st.lists(token, max_size=14).map(" ".join),
    st.lists(token, max_size=14).map("".join),
    st.text(max_size=300),
    st.sampled_from(["", " ", "\n", "\t\r\n", "\x00", "\u200b", "\ufeff", "?"]),
)


@PROPS
@given(text=turn_text)
@example(text="1e-400^2 servers x 5 CALs, how many users?")  # float(1e-400) is 0.0: log10 raised (issue 12)
def test_one_turn_gives_a_valid_reply(assistant: Assistant, text: str) -> None:
    try:
        reply = assistant.conversation().ask(text)
    except AssistantError:
        return
    check_reply(reply, assistant.corpus)


@PROPS
@given(turns=st.lists(turn_text, min_size=2, max_size=5))
def test_every_turn_of_a_conversation_gives_a_valid_reply(assistant: Assistant, turns: list[str]) -> None:
    chat = assistant.conversation()
    for text in turns:
        try:
            reply = chat.ask(text)
        except AssistantError:
            continue
        check_reply(reply, assistant.corpus)


@settings(PROPS, max_examples=100)
@given(turns=st.lists(turn_text, min_size=1, max_size=3))
def test_the_same_turns_give_the_same_replies(assistant: Assistant, turns: list[str]) -> None:
    def replies() -> list[object]:
        chat = assistant.conversation()
        out: list[object] = []
        for text in turns:
            try:
                out.append(chat.ask(text).model_dump(mode="json"))
            except AssistantError as exc:
                out.append(exc.one_line())
        return out

    assert replies() == replies()


@PROPS
@given(query=turn_text, limit=st.integers(min_value=-3, max_value=50))
def test_search_never_raises(assistant: Assistant, query: str, limit: int) -> None:
    hits = assistant.search(query, limit=limit)
    assert len(hits) <= max(limit, 0)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    for hit in hits:
        assert hit.score > 0
        assert hit.text == assistant.corpus.clause_by_id[hit.clause].text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


# --- the transcript loader ----------------------------------------------------------------------

YAML_BITS = [
    "title:", "turns:", "- user:", "  - user:", "    reply:", "    expect:", "      kind:", "      figures:",
    "      cites:", "answer", "clarify", "not_covered", "users_licensed: 10", "cals_included:", "[a1.6, q.2]",
    "a1.6", "q.2", "zz.9", "|", "|-", ">", "'", '"', "- ", ": ", "---", "...", "%YAML 1.2", "%TAG ! x",
    "&a", "*a", "<<: *a", "!!python/object:os.system", "!!binary", "!x", "? ", "{", "}", "[", "]", ",", "#",
    "\t", "  ", "\n", "\n  ", "\r\n", "~", "null", "yes", "no", "1e3", "0o17", "2001-12-14", "=", "@", "`",
]  # fmt: skip
printable = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=6)
yaml_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(YAML_BITS), printable), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(YAML_BITS), printable), max_size=20).map("\n".join),
    st.text(max_size=200),  # anything, control characters included
)
VALID_TRANSCRIPT = """\
title: two servers
turns:
  - user: 2 servers x 5 CALs, how many users?
    expect:
      kind: answer
"""


def _mutations() -> st.SearchStrategy[str]:
    """A valid transcript with a few characters replaced, inserted or deleted."""
    edit = st.tuples(
        st.sampled_from(["replace", "insert", "delete"]),
        st.integers(min_value=0, max_value=len(VALID_TRANSCRIPT) - 1),
        st.one_of(st.sampled_from(YAML_BITS), st.text(min_size=1, max_size=3), printable.filter(bool)),
    )

    def apply(edits: list[tuple[str, int, str]]) -> str:
        text = VALID_TRANSCRIPT
        for op, at, bit in edits:
            at = min(at, len(text))
            if op == "replace":
                text = text[:at] + bit + text[at + len(bit) :]
            elif op == "insert":
                text = text[:at] + bit + text[at:]
            else:
                text = text[:at] + text[at + len(bit) :]
        return text

    return st.lists(edit, min_size=1, max_size=4).map(apply)


@pytest.fixture(scope="module")
def transcripts():  # type: ignore[no-untyped-def]
    return pytest.importorskip(
        "assistant.transcripts", reason="the transcript loader (assistant.transcripts) is not in this checkout yet"
    )


@PROPS
@given(text=st.one_of(yaml_text, _mutations()))
def test_transcript_loader_fails_only_with_file_and_line(transcripts, assistant: Assistant, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        transcripts.parse_transcript(text, "bad.yaml", assistant.corpus.clause_by_id)
    except AssistantError as exc:
        assert exc.file == "bad.yaml", exc.one_line()
        assert isinstance(exc.line, int), f"no line number: {exc.one_line()}"
        assert 1 <= exc.line <= len(text.splitlines()) + 2, f"line {exc.line} is outside the file: {exc.one_line()}"
        assert "\n" not in exc.one_line()


@settings(PROPS, max_examples=100)
@given(data=st.one_of(st.binary(max_size=300), yaml_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_loading_a_transcript_file_fails_only_with_file_and_line(
    transcripts, assistant: Assistant, data: bytes
) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bad.yaml"
        path.write_bytes(data)
        try:
            transcripts.load_transcript(path, assistant.corpus.clause_by_id)
        except AssistantError as exc:
            assert exc.file == str(path), exc.one_line()
            assert isinstance(exc.line, int) and exc.line >= 1, f"no line number: {exc.one_line()}"
