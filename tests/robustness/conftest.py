"""Fixtures of the robustness tests."""

from __future__ import annotations

import pytest

from assistant.api import Assistant


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load()
