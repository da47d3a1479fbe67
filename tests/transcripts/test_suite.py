"""Every transcript in the repository's `transcripts/` folder is one test case: CI replays them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models.reply import ReplyKind
from assistant.transcripts import REPO_TRANSCRIPTS_DIR, find_transcripts, format_report, load_transcript, replay_files

SUITE: list[Path] = find_transcripts([REPO_TRANSCRIPTS_DIR]) if REPO_TRANSCRIPTS_DIR.is_dir() else []

# Transcripts that fail because the dialogue is still wrong or incomplete: file name -> why.
# strict xfail, so a fix turns the test red until its line here is removed.
# Their goldens are recorded (`replay --update FILE`) once the dialogue answers them correctly.
KNOWN_FAILING: dict[str, str] = {}


def _case(path: Path) -> pytest.ParameterSet:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[path.name])] if path.name in KNOWN_FAILING else []
    return pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("path", [_case(p) for p in SUITE])
def test_transcript_replays(path: Path, assistant) -> None:
    report = replay_files([path], assistant)
    assert report.failed == 0, "\n" + format_report(report)


def test_the_suite_is_big_enough_and_covers_every_reply_kind(clause_ids) -> None:
    assert len(SUITE) >= 25
    kinds = set()
    for path in SUITE:
        transcript = load_transcript(path, clause_ids)
        for turn in transcript.turns:
            # Every turn states what must hold, beyond the golden wording.
            assert turn.expect is not None and not turn.expect.is_empty(), f"{path.name}: {turn.user!r} has no expect"
            kinds.add(turn.expect.kind)
            if path.name not in KNOWN_FAILING:
                assert turn.reply is not None, f"{path.name}: {turn.user!r} has no golden (run replay --update)"
    assert set(ReplyKind) <= kinds


def test_known_failures_name_real_files() -> None:
    names = {p.name for p in SUITE}
    assert set(KNOWN_FAILING) <= names


MODEL_ANSWER = REPO_TRANSCRIPTS_DIR / "two-servers-five-cals-each.yaml"


@pytest.mark.skipif(not MODEL_ANSWER.is_file(), reason="no repository suite")
@pytest.mark.parametrize(
    ("old", "new", "failure"),
    [
        ("users_licensed: 10", "users_licensed: 11", "figure users_licensed: expected 11, got 10"),
        ("cites: [a2.4, a1.4]", "cites: [a2.4, a1.6]", "cites: a1.6 is not among the citations"),
        ("      10 users, each of whom", "      11 users, each of whom", None),
    ],
)
def test_a_tampered_copy_of_a_suite_transcript_fails(tmp_path: Path, assistant, old: str, new: str, failure) -> None:
    text = MODEL_ANSWER.read_text(encoding="utf-8")
    assert text.count(old) == 1
    copy = tmp_path / MODEL_ANSWER.name
    copy.write_text(text.replace(old, new), encoding="utf-8")
    assert replay_files([MODEL_ANSWER], assistant).failed == 0
    report = replay_files([copy], assistant)
    assert report.failed == 1
    [turn] = report.transcripts[0].turns
    if failure is None:
        assert turn.failures == []
        assert (
            turn.diff is not None and "-11 users, each of whom" in turn.diff and "+10 users, each of whom" in turn.diff
        )
        assert "--- golden" in format_report(report)
    else:
        assert any(f.startswith(failure) for f in turn.failures), turn.failures
        assert turn.diff is None
