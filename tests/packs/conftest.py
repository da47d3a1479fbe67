"""Fixtures of the rule-pack tests: the example corpora, loaded once."""

from __future__ import annotations

import pytest
from pack_helpers import CORES_NOTES, RDS_NOTES, THREAD

from assistant.api import Assistant


@pytest.fixture(scope="session")
def rds() -> Assistant:
    return Assistant.load(RDS_NOTES, cache=False)


@pytest.fixture(scope="session")
def cores() -> Assistant:
    return Assistant.load(CORES_NOTES, cache=False)


@pytest.fixture(scope="session")
def thread_and_rds() -> Assistant:
    return Assistant.load([THREAD, RDS_NOTES], cache=False)
