"""The benchmark runs end to end in its quick mode on tiny sizes (a smoke test: nothing is timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from robust_helpers import REPO

BENCH = REPO / "bench" / "run.py"


@pytest.mark.slow  # starts a dozen processes: about 15 s
def test_the_benchmark_runs_and_writes_its_table(tmp_path: Path) -> None:
    out = tmp_path / "results" / "smoke.json"
    args = ["--quick", "--runs", "1", "--chat-runs", "1", "--passes", "1", "--sizes", "60,120", "--queries", "10"]
    proc = subprocess.run(
        [sys.executable, str(BENCH), *args, "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [p.name for p in out.parent.iterdir()] == ["smoke.json"], "a temporary file was left behind"

    cold = report["cold_ask"]
    assert cold["baseline_median_ms"] > 0 and cold["ratio"] > 0
    latency = report["latency"]
    assert latency["turns"] > 0 and 0 < latency["p50_ms"] <= latency["p99_ms"]
    chat = report["chat"]
    assert chat["available"] is False or (chat["ratio"] > 0 and chat["input_took_keys"])
    rows = report["scale"]["rows"]
    assert [r["size"] for r in rows] == [60, 120]
    assert all(r["queries"] == 10 and r["build_s"] >= 0 and r["peak_rss_mb"] > 0 for r in rows)
    assert len(report["figures"]) >= 4
    for heading in ("1. cold ask", "2. turn latency", "3. chat start-up", "4. retrieval"):
        assert heading in proc.stdout


@pytest.mark.slow  # a short chat, headless: about 10 s
def test_the_reply_painting_benchmark_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "reply_paint.py"), "--turns", "2", "--samples", "3", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["paint"]["n"] == 3 and report["paint"]["p50_ms"] > 0
    assert report["home"].get("n", 0) >= 1 and "error" not in report["home"]
