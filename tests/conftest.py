"""Checks that hold for every test: every reply's citations quote their clause verbatim."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from citation_check import check_citations

from assistant.dialogue.conversation import Conversation
from assistant.models.reply import Reply

_original_ask = Conversation.ask


def pytest_configure(config: pytest.Config) -> None:
    # The suite's Hypothesis profile (derandomised in CI), before any test module makes settings.
    import hypothesis_profiles  # noqa: F401


@pytest.fixture(autouse=True)
def _every_reply_cites_verbatim(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrap Conversation.ask so every reply any test gets is checked (CLI, TUI and replay included)."""

    def ask(self: Conversation, text: str) -> Reply:
        reply = _original_ask(self, text)
        check_citations(self, reply)
        return reply

    monkeypatch.setattr(Conversation, "ask", ask)


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """No test writes to the real user cache: the search cache lives in a temporary folder
    (inherited by the CLI subprocesses the tests start)."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("LICENSING_ASSISTANT_CACHE_DIR")
    os.environ["LICENSING_ASSISTANT_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["LICENSING_ASSISTANT_CACHE_DIR"]
    else:
        os.environ["LICENSING_ASSISTANT_CACHE_DIR"] = before
