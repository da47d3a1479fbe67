"""Helpers of the CLI tests: the real program in a child process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# What must never reach a terminal raw (tab and newline are fine).
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def cli(
    *args: str,
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    encoding: str = "utf-8",
) -> subprocess.CompletedProcess[str]:
    """`python -m assistant ARGS` in a fresh process; stdout decoded with `encoding`."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "COLUMNS")}
    environ.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(encoding), proc.stderr.decode(encoding, "replace")
    )


def one_line_error(proc: subprocess.CompletedProcess[str], status: int = 1) -> str:
    """The failure is one line on stderr, no traceback, and the expected exit status."""
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {proc.stderr[:800]}"
    assert lines[0].startswith("licensing-assistant: error: "), lines[0]
    assert proc.returncode == status, (proc.returncode, lines[0])
    return lines[0]
