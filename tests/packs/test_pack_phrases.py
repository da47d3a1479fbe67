"""Phrases: the words a pack says name a fact, a question or its scope, matched over a turn's tokens."""

from __future__ import annotations

import time
from collections.abc import Mapping

import pytest

from assistant.packs import phrases
from assistant.packs.phrases import PhraseError, compile_phrase, read_tokens

DUAL = {"dual": 2, "single": 1}


def values(phrase: str, text: str, numbers: Mapping[str, int] = {}) -> list[int]:
    """The number each match of the phrase in the text captures (0 for a match capturing none)."""
    tokens = read_tokens(text, numbers)
    return [m.value(tokens) if m.captures else 0 for m in compile_phrase(phrase).find(tokens)]


def matches(phrase: str, text: str, numbers: Mapping[str, int] = {}) -> bool:
    return bool(values(phrase, text, numbers))


# --- numbers and words as the turn is read ----------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("{n} (...) user|people|agent", "45 agents", [45]),
        ("{n} (...) user|people", "27 remote users", [27]),
        ("{n} (...) user|people", "27 people", [27]),
        ("{n} (...) user|people", "forty-five agents over three shifts and twelve remote users", [12]),
        ("{n} user", "forty-five users", [45]),
        ("{n} user", "twenty one users", [21]),
        ("{n} user", "a dozen users", [12]),
        ("{n} user", "1,200 users", [1200]),
        ("{k} {n} core pack", "three 16-core packs", [48]),
        ("{n} {_} core processor|xeon*", "Dual 12-core Xeons", []),  # "dual" is a number only for the pack
    ],
)
def test_captured_numbers(phrase: str, text: str, expected: list[int]) -> None:
    assert values(phrase, text) == expected


def test_user_people_does_not_match_agents() -> None:
    assert values("{n} (...) user|people", "45 agents") == []


def test_pack_number_words() -> None:
    assert values("{n} {_} core processor|xeon*", "Dual 12-core Xeons", DUAL) == [2]
    assert values("{n} {_} core processor", "Dual 12-core processors", DUAL) == [2]
    assert values("{n} core!", "Dual 12-core Xeons", DUAL) == [12]
    assert values("{n} {_} core processor", "single 8-core CPU", DUAL) == []  # cpu is not processor


def test_a_alone_is_an_article_not_one() -> None:
    assert values("{n} user", "a user") == []
    assert values("{n} user", "an user") == []
    assert [t.kind for t in read_tokens("a 20-pack")] == ["w", "n", "w"]
    assert read_tokens("a dozen")[0].value == 12


def test_2012_r2_is_one_release_not_two_numbers() -> None:
    tokens = read_tokens("Windows Server 2012 R2 with 5 users")
    assert [t.value for t in tokens if t.kind == "n"] == [2012, 5]
    assert "r2" in [t.text for t in tokens if t.kind == "w"]
    assert values("{n} (r2) rds cal", "2012 R2 RDS CALs") == [2012]
    assert values("{n} (r2) rds cal", "2012 RDS CALs") == [2012]
    assert values("{n} (...) user", "2012 R2 users") == [2012]


def test_spellings_and_hyphens_fold() -> None:
    assert matches("licence", "licenses")
    assert matches("licence", "Licence")
    assert matches("{n} core", "6-core")
    assert values("{n} (...) user", "3 remote-desktop users") == [3]


# --- the pieces of a phrase -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("{n} user", "8 users", True),
        ("{n} box", "8 boxes", True),
        ("{n} user", "8 usersx", False),
        ("{n} core", "8 cores", True),
        ("{n} core!", "8 core", True),
        ("{n} core!", "8 cores", False),
        ("{n} cores!", "8 cores", True),
        ("{n} cores!", "8 core", False),
        ("remote desktop*", "Remote Desktops", True),
        ("remote desktop*", "remote desktopservices", True),
        ("remote desktop*", "remote desk", False),
        ("xeon*", "Xeons", True),
        ("per user|device", "per device", True),
        ("per user|device", "per server", False),
        ("per user!|device!", "per users", False),
        ("windows (server) (user|device) cal", "Windows CALs", True),
        ("windows (server) (user|device) cal", "Windows Server user CALs", True),
        ("windows (server) (user|device) cal", "Windows Server server CALs", False),
        ("how many", "How many CALs?", True),
        ("how many", "how much", False),
    ],
)
def test_words(phrase: str, text: str, expected: bool) -> None:
    assert matches(phrase, text) is expected


def test_optional_parts_take_the_longest_reading() -> None:
    tokens = read_tokens("27 remote users")
    (match,) = compile_phrase("{n} (...) user").find(tokens)
    assert (match.start, match.end) == (0, 3)


def test_gap_is_up_to_three_words() -> None:
    assert values("{n} ... user", "5 users") == [5]
    assert values("{n} ... user", "5 very remote happy users") == [5]
    assert values("{n} ... user", "5 very very remote happy users") == []


@pytest.mark.parametrize(
    "text",
    [
        "3 servers. users",
        "3 servers, users",
        "3 servers; users",
        "3 servers - users",
        "3 servers: users",
        "3 servers (users",
    ],
)
def test_gap_never_crosses_a_break(text: str) -> None:
    assert values("{n} (...) user", text) == []


def test_gap_never_crosses_a_number() -> None:
    # "3 servers 5 users": 5 users, never 3 users with "servers 5" skipped.
    assert values("{n} (...) user", "3 servers 5 users") == [5]
    assert values("{n} ... user", "3 servers and 5 users") == [5]
    assert values("server ... user", "server 5 user") == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("(a b", "unbalanced"),
        ("a b)", "unbalanced"),
        ("a (b) (c", "unbalanced"),
        (")a b(", "unbalanced"),  # as many of each, in the wrong order
        ("a ) ( b", "unbalanced"),
        ("((a) b)", "( ) inside ( )"),
        ("(a (b) c)", "( ) inside ( )"),
        ("{m} users", "unknown placeholder"),
        ("{n}users", "unknown placeholder"),
        ("{ n } users", "unknown placeholder"),
        ("{n users", "unknown placeholder"),
        ("a||b", "empty alternative"),
        ("|a", "empty alternative"),
        ("a|", "empty alternative"),
        ("a|*", "empty alternative"),
        ("()", "empty ( )"),
        ("", "empty phrase"),
        ("   ", "empty phrase"),
        ("(...)", "not optional"),
        ("(user)", "not optional"),
        ("{n} {n} user", "same number twice"),
        ("{n} ({n}) user", "same number twice"),
    ],
)
def test_compile_errors(text: str, says: str) -> None:
    with pytest.raises(PhraseError) as caught:
        compile_phrase(text)
    assert says in str(caught.value)


# --- linear in the length of a turn -----------------------------------------------------------

GAPPY = ["{n} ... ... ... user", "{n} (...) (a) (a) (a) (a) user", "(...) {n} (...) {_} (...) user|people"]


def _steps(phrase: str, text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many times the matcher steps (calls of its one recursive function) over the turn."""
    calls = 0
    real = phrases._match

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    tokens = read_tokens(text)
    monkeypatch.setattr(phrases, "_match", counting)
    try:
        list(compile_phrase(phrase).find(tokens))
    finally:
        monkeypatch.setattr(phrases, "_match", real)
    return calls


@pytest.mark.parametrize("phrase", GAPPY)
@pytest.mark.parametrize("unit", ["1 a a a ", "a a a a ", "one two three four ", "5 remote happy very "])
def test_matching_steps_grow_linearly(phrase: str, unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    short = _steps(phrase, unit * 25, monkeypatch)
    long = _steps(phrase, unit * 100, monkeypatch)
    assert short > 0
    assert long <= 4 * short * 1.1, (short, long)  # four times the words: at most about four times the steps


def test_a_4000_character_turn_is_quick() -> None:
    text = ("45 very remote happy users share 15 old grey PCs and a dozen tele workers " * 60)[:4000]
    started = time.perf_counter()
    tokens = read_tokens(text, DUAL)
    found = [m for p in GAPPY for m in compile_phrase(p).find(tokens)]
    assert time.perf_counter() - started < 2.0
    assert found  # it did match something, so the work was done
