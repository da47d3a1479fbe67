"""Boundaries of the chat: the domain layers never load Textual, and the `chat` command
fails politely where it cannot run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

DOMAIN_MODULES = [
    "assistant.api",
    "assistant.dialogue",
    "assistant.dialogue.conversation",
    "assistant.rules",
    "assistant.retrieval",
    "assistant.retrieval.bm25",
    "assistant.ingest",
    "assistant.store",
    "assistant.models",
    "assistant.models.reply",
    "assistant.models.corpus",
    "assistant.transcripts",
    "assistant.cli",
    "assistant.commands.chat",  # the command module itself imports Textual only when run
]


def test_domain_layers_do_not_import_textual() -> None:
    # A fresh interpreter: other tests have long since imported Textual into this one.
    code = (
        "import importlib, sys\n"
        f"for name in {DOMAIN_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "from assistant.api import Assistant\n"
        "chat = Assistant.load().conversation()\n"
        "chat.ask('2 servers x 5 CALs, how many users?')\n"
        "import assistant.cli\n"
        "assistant.cli.build_parser()\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_chat_without_a_terminal_says_so_in_one_line() -> None:
    result = run_cli("chat")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "the chat needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_with_a_missing_corpus_says_so_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = run_cli("--corpus", str(missing))  # no subcommand: the chat
    assert result.returncode == 1
    assert result.stderr.strip() == f"licensing-assistant: error: {missing}: no such file or folder"
