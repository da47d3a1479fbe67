"""The question bank (eval/): its files are valid, and the dev part stays above its floor.

The dev part is a benchmark with a floor, run in CI; the holdout part is never run here (it is scored
only to report, with `python eval/score.py holdout`). The first holdout (scored once) became dev-2.yaml;
holdout-2.yaml was written afterwards by someone who had seen neither.
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


@pytest.mark.parametrize(
    "name", ["dev.yaml", "dev-2.yaml", "holdout-2.yaml", *sorted(p.name for p in (EVAL / "bank").glob("*.yaml"))]
)
def test_bank_files_are_valid(name: str) -> None:
    bank = _module("bank")
    path = EVAL / name if (EVAL / name).exists() else EVAL / "bank" / name
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


def test_dev_part_stays_above_its_floor(score) -> None:  # type: ignore[no-untyped-def]
    from assistant.api import Assistant

    cases = score.load(EVAL / "dev.yaml")
    summary = score.summary(cases, score.run(cases, Assistant.load()))
    assert summary["confident_wrong"] == 0, summary["wrong_turns"]
    assert summary["pass_rate"] >= DEV_FLOOR, summary
