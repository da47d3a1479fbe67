"""Shared fixtures for the corpus-layer tests: the repository's sources and their build."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.build import build_corpus
from assistant.models.corpus import Corpus
from assistant.store import REPO_CORPUS_DIR

THREAD = REPO_CORPUS_DIR / "sources" / "serverfault-cal-thread.txt"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="session")
def thread_text() -> str:
    return THREAD.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built() -> Corpus:
    """A fresh build of the repository's corpus folder (not the committed file)."""
    return build_corpus(REPO_CORPUS_DIR)
