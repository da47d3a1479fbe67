"""The question bank (eval/): its files are valid, and the dev part stays above its floor.

The dev part is a benchmark with a floor, run in CI; the holdout is never run here (it is scored only
to report, with `python eval/score.py holdout`). Each holdout, once scored and then worked on, became a
tuning bank; the holdout now is holdout-5.yaml, written by someone who had seen no bank and no code.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "eval"
# The dev part passes at this rate or better, with no confident wrong figure at all.
DEV_FLOOR = 0.95


def _module(name: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(EVAL))
    try:
        spec = importlib.util.spec_from_file_location(f"eval_{name}", EVAL / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # pydantic resolves the models' annotations through it
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(EVAL))


@pytest.fixture(scope="module")
def score():  # type: ignore[no-untyped-def]
    return _module("score")


_FILES = [
    *sorted(p.relative_to(EVAL).as_posix() for p in EVAL.glob("*.yaml")),
    *sorted(p.relative_to(EVAL).as_posix() for p in (EVAL / "bank").glob("*.yaml")),
    *sorted(p.relative_to(EVAL).as_posix() for p in (EVAL / "tune").glob("*.yaml")),
]


@pytest.mark.parametrize("name", _FILES)
def test_bank_files_are_valid(name: str) -> None:
    bank = _module("bank")
    path = EVAL / name
    cases = bank.load(path)
    assert cases, name
    assert all(c.turns for c in cases)


def test_split_is_the_whole_bank_once() -> None:
    bank = _module("bank")
    written = {c.id for p in (EVAL / "bank").glob("*.yaml") for c in bank.load(p)}
    dev = {c.id for c in bank.load(EVAL / "dev.yaml")}
    holdout = {c.id for c in bank.load(EVAL / "dev-2.yaml")}
    assert not dev & holdout
    assert dev | holdout == written
    assert len(holdout) >= 80
    fresh = {c.id for c in bank.load(EVAL / "holdout-2.yaml")}
    assert len(fresh) >= 50 and not fresh & written
    # The holdout shares no conversation with any bank worked on.
    holdout_now = {c.id for c in bank.load(EVAL / "holdout-5.yaml")}
    worked_on = {c.id for p in _FILES if p != "holdout-5.yaml" for c in bank.load(EVAL / p)}
    assert len(holdout_now) >= 50 and not holdout_now & worked_on


def test_dev_part_stays_above_its_floor(score) -> None:  # type: ignore[no-untyped-def]
    from assistant.api import Assistant

    cases = score.load(EVAL / "dev.yaml")
    summary = score.summary(cases, score.run(cases, Assistant.load()))
    assert summary["confident_wrong"] == 0, summary["wrong_turns"]
    assert summary["pass_rate"] >= DEV_FLOOR, summary
