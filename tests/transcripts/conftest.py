from __future__ import annotations

import pytest

from assistant.api import Assistant


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    """One loaded Assistant shared by every test (each conversation is still fresh)."""
    return Assistant.load()


@pytest.fixture(scope="session")
def clause_ids(assistant: Assistant) -> dict:
    return assistant.corpus.clause_by_id
