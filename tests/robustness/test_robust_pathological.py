"""Pathological inputs finish fast: no regex backtracking, no quadratic loops, no giant numbers.

Each case is asserted generously (under 5 s) although it should take well under a second;
the guard is there to catch blow-ups, not to benchmark (that is bench/run.py's job).
"""

from __future__ import annotations

import time

import pytest
from robust_helpers import check_reply, run_cli

from assistant.api import Assistant
from assistant.errors import AssistantError

LIMIT_S = 5.0
MB = 1_000_000
PROSE = "I bought two copies of Windows Server 2008 Standard with 5 CALs each; can 10 users reach both servers? "

INPUTS: dict[str, str] = {
    "1 MB of prose": (PROSE * (MB // len(PROSE) + 1))[:MB],
    "1 MB single word": "a" * MB,
    "100 000 digits": "9" * 100_000,
    "100 000 digits in a question": "2 servers x " + "9" * 100_000 + " CALs each, how many users?",
    "x-space x 50 000": "x " * 50_000,
    "( x 100 000": "(((((" * 20_000,
    "[ x 100 000": "[[[[" * 25_000,
    "[b] x 20 000": "[b]" * 20_000,
    "5 CALs x 20 000": "5 CALs " * 20_000,
    "2 x 2 x ... 25 000": "2 x " * 25_000,
    "thousands separators": "1," * 50_000 + "000 users",
    "number words": "twenty two " * 20_000,
    "punctuation run": "?!.,;:-" * 20_000,
    "dots and digits": "1." * 50_000,
    "newlines": "\n" * 100_000,
    "NUL and controls": "\x00\x1b[\x07" * 25_000,
    "non-ASCII letters": "é" * 500_000,
    "per per per": "per " * 25_000,
    "what about x": "what about per server mode " * 10_000,
    "1 MB of unknown words": " ".join(f"zq{i:06d}" for i in range(MB // 9)),
}


def _timed(fn, *args):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    try:
        result = fn(*args)
    except AssistantError as exc:
        result = exc
    return result, time.perf_counter() - t


@pytest.mark.parametrize("name", list(INPUTS))
def test_ask_is_fast_on(assistant: Assistant, name: str) -> None:
    reply, seconds = _timed(assistant.conversation().ask, INPUTS[name])
    assert seconds < LIMIT_S, f"ask took {seconds:.2f} s on {name}"
    if not isinstance(reply, AssistantError):
        check_reply(reply, assistant.corpus)


@pytest.mark.parametrize("name", list(INPUTS))
def test_search_is_fast_on(assistant: Assistant, name: str) -> None:
    hits, seconds = _timed(assistant.search, INPUTS[name])
    assert seconds < LIMIT_S, f"search took {seconds:.2f} s on {name}"
    assert isinstance(hits, list)


def test_a_follow_up_after_a_huge_turn_is_fast(assistant: Assistant) -> None:
    chat = assistant.conversation()
    _, first = _timed(chat.ask, INPUTS["1 MB of prose"])
    reply, second = _timed(chat.ask, "make it " + "9" * 100_000 + " servers")
    assert first + second < LIMIT_S
    if not isinstance(reply, AssistantError):
        check_reply(reply, assistant.corpus)


# A command-line argument is at most 128 KiB on Linux, so the CLI cases are 100 KB turns.
@pytest.mark.parametrize("turn", ["x " * 50_000, "9" * 100_000], ids=["x-space", "digits"])
def test_cli_ask_is_fast_and_clean_on(turn: str) -> None:
    t = time.perf_counter()
    proc = run_cli("ask", turn)
    seconds = time.perf_counter() - t
    assert seconds < LIMIT_S, f"the CLI took {seconds:.2f} s"
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stdout.strip() or len(proc.stderr.strip().splitlines()) == 1
