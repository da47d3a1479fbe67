"""`pip install .` ships the built corpus as package data: it loads and searches from anywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Not part of a source distribution; copying them would only slow the build down.
_SKIP = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"
)

SCRIPT = """
import json, sys
import assistant, assistant.store as store
from assistant.api import Assistant
a = Assistant.load()
hits = a.search("reassign to another user", limit=3)
print(json.dumps({
    "package": assistant.__file__,
    "corpus": str(store.BUNDLED_CORPUS),
    "clauses": len(a.corpus.clauses),
    "hits": [h.clause for h in hits],
}))
"""


@pytest.mark.slow  # builds a wheel: takes several seconds
def test_pip_install_ships_the_corpus(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REPO, source, ignore=_SKIP)  # build from a copy: no build/ left in the checkout
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-input",
            "--quiet",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert (target / "assistant" / "data" / "corpus.jsonl").is_file()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    # The installed copy was used, not the checkout (which the test environment may also have installed).
    assert Path(result["package"]).is_relative_to(target)
    assert Path(result["corpus"]).is_relative_to(target)
    assert result["clauses"] == sum(
        1
        for line in (REPO / "assistant" / "data" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
        if '"record": "clause"' in line
    )
    assert result["hits"][0] == "a1.6"
