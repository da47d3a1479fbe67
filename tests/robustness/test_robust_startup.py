"""Start-up guards, untimed: what a one-shot command must not import (bench/run.py times it).

Each check runs the command in a fresh interpreter and lists the modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from robust_helpers import REPO

PROBE = """
import contextlib, io, json, sys
from assistant.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def _modules_after(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["status"] == 0
    return {name.split(".")[0] for name in result["modules"]}


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "2 servers x 5 CALs, how many users?"],
        ["ask", "How many Exchange CALs do I need?"],
        ["search", "reassign a CAL"],
        ["show", "a2.4"],
        ["tags"],
    ],
    ids=["ask-number", "ask-not-covered", "search", "show", "tags"],
)
def test_one_shot_commands_do_not_import_the_tui(args: list[str]) -> None:
    loaded = _modules_after(*args)
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_a_question_the_rules_answer_does_not_import_numpy() -> None:
    """rank_bm25 (and numpy with it) loads on the first search only: about half of `ask`'s start-up."""
    loaded = _modules_after("ask", "2 servers x 5 CALs, how many users?")
    assert "numpy" not in loaded
    assert "rank_bm25" not in loaded


def test_a_search_still_loads_the_index() -> None:
    assert "rank_bm25" in _modules_after("search", "reassign a CAL")
