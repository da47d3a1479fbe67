"""Replaying transcripts: expectations, golden diffs, --update, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import AssistantError
from assistant.models.reply import Citation, Figure, Reply, ReplyKind
from assistant.models.transcript import Expect, Transcript, Turn
from assistant.transcripts import (
    check_expect,
    find_transcripts,
    golden_diff,
    load_transcript,
    replay_files,
    replay_transcript,
    save_conversation,
)
from assistant.transcripts import replay as replay_module


def make_reply(text: str, kind: str = "answer", figures: dict[str, int] | None = None, cites: tuple = ()) -> Reply:
    return Reply(
        kind=ReplyKind(kind),
        text=text,
        headline=text.splitlines()[0] if text else "",
        figures=[Figure(name=n, value=v, unit="x") for n, v in (figures or {}).items()],
        citations=[Citation(clause=c, quote="q", author=None, authority="answer", kind="answer") for c in cites],
    )


class Scripted:
    """A conversation that answers from a script, to test replay without the real dialogue."""

    def __init__(self, replies: dict[str, Reply]) -> None:
        self.replies = replies
        self.asked: list[str] = []

    def ask(self, text: str) -> Reply:
        self.asked.append(text)
        return self.replies[text]


TEN = make_reply(
    "10 users, each may use both servers.\n\n2 × 5 = 10 CALs [a2.4]",
    figures={"users_licensed": 10},
    cites=("a2.4", "a4.3"),
)


def test_check_expect_passes_when_everything_holds() -> None:
    expect = Expect(
        kind="answer",
        figures={"users_licensed": 10},
        cites=["a4.3"],
        text_matches=[r"\b10 users\b"],
        not_text=["per server"],
    )
    assert check_expect(expect, TEN) == []


@pytest.mark.parametrize(
    ("expect", "words"),
    [
        (Expect(kind="clarify"), "kind: expected clarify, got answer"),
        (Expect(figures={"users_licensed": 15}), "figure users_licensed: expected 15, got 10"),
        (
            Expect(figures={"servers": 2}),
            "figure servers: expected 2, but the reply has no such figure (figures: users_licensed=10)",
        ),
        (Expect(cites=["a1.6"]), "cites: a1.6 is not among the citations (a2.4, a4.3)"),
        (Expect(text_matches=["15 users"]), "text_matches: /15 users/ does not match the reply"),
        (Expect(not_text=[r"\d+ CALs"]), "not_text: /\\d+ CALs/ matches the reply at '10 CALs'"),
    ],
)
def test_check_expect_says_what_failed_and_why(expect: Expect, words: str) -> None:
    assert check_expect(expect, TEN) == [words]


def test_golden_diff() -> None:
    assert golden_diff("a\nb", "a\nb") is None
    diff = golden_diff("10 users\nline", "15 users\nline")
    assert diff is not None
    assert diff.splitlines()[:2] == ["--- golden", "+++ actual"]
    assert "-10 users" in diff and "+15 users" in diff
    hidden = golden_diff("a \nb", "a\nb")
    assert hidden is not None and "whitespace" in hidden and "-'a \\n'" in hidden


def test_replay_checks_every_turn_in_one_conversation() -> None:
    chat = Scripted({"q1": TEN, "q2": make_reply("Which?", kind="clarify")})
    transcript = Transcript(
        title="t",
        turns=[
            Turn(user="q1", reply=TEN.text, expect=Expect(figures={"users_licensed": 10})),
            Turn(user="q2", reply="Which one?", expect=Expect(kind="answer")),
        ],
    )
    result = replay_transcript(transcript, chat, "t.yaml")
    assert chat.asked == ["q1", "q2"]
    assert not result.ok
    first, second = result.turns
    assert first.ok
    assert second.failures == ["kind: expected answer, got clarify"]
    assert second.diff is not None and "-Which one?" in second.diff and "+Which?" in second.diff


def test_a_turn_without_golden_fails_until_recorded() -> None:
    transcript = Transcript(title="t", turns=[Turn(user="q1")])
    result = replay_transcript(transcript, Scripted({"q1": TEN}), "t.yaml")
    assert not result.ok
    assert "no golden reply recorded" in result.turns[0].failures[0]


def test_a_crash_fails_the_transcript_not_the_replay() -> None:
    class Crashing:
        def ask(self, text: str) -> Reply:
            raise RuntimeError("boom")

    result = replay_transcript(Transcript(title="t", turns=[Turn(user="q", reply="r")]), Crashing(), "t.yaml")
    assert not result.ok and result.error == "turn 1: asking raised RuntimeError: boom"


# ---------------------------------------------------------------- with the real Assistant

QUESTIONS = [
    "2 servers x 5 CALs, how many users?",
    "make it 3 servers",
    "why?",
    "How many Exchange CALs do I need?",
    "  [red]x[/] tabs\tand trailing spaces   ",
]


@pytest.fixture
def saved(tmp_path: Path, assistant) -> Path:
    chat = assistant.conversation()
    for q in QUESTIONS:
        chat.ask(q)
    return save_conversation(tmp_path / "saved.yaml", chat.turns, title="A saved chat")


def test_a_saved_conversation_replays_green(saved: Path, assistant) -> None:
    report = replay_files([saved], assistant)
    assert report.passed == 1 and report.failed == 0, report
    transcript = load_transcript(saved, assistant.corpus.clause_by_id)
    assert [t.user for t in transcript.turns] == QUESTIONS
    assert all(t.expect is not None and t.expect.kind is not None for t in transcript.turns)


def test_a_tampered_golden_fails_with_a_diff(saved: Path, assistant, tmp_path: Path) -> None:
    transcript = load_transcript(saved, assistant.corpus.clause_by_id)
    golden = transcript.turns[0].reply
    assert golden
    tampered = tmp_path / "tampered.yaml"
    first_line = golden.splitlines()[0]
    text = saved.read_text(encoding="utf-8")
    assert text.count(first_line) >= 1
    tampered.write_text(text.replace(first_line, first_line + " (edited)", 1), encoding="utf-8")
    report = replay_files([tampered], assistant)
    assert report.failed == 1
    turn = report.transcripts[0].turns[0]
    assert turn.diff is not None
    assert f"-{first_line} (edited)" in turn.diff and f"+{first_line}" in turn.diff


def test_a_tampered_expectation_fails(saved: Path, assistant, tmp_path: Path) -> None:
    transcript = load_transcript(saved, assistant.corpus.clause_by_id)
    first = transcript.turns[0]
    assert first.expect is not None
    # Alter an expected figure when the reply has one, else expect one it lacks.
    figures = dict(first.expect.figures)
    name = next(iter(figures), "users_licensed")
    figures[name] = figures.get(name, 0) + 1
    changed = transcript.model_copy(
        update={
            "turns": [
                first.model_copy(update={"expect": first.expect.model_copy(update={"figures": figures})}),
                *transcript.turns[1:],
            ]
        }
    )
    from assistant.transcripts import dump_transcript

    tampered = tmp_path / "tampered.yaml"
    tampered.write_text(dump_transcript(changed), encoding="utf-8")
    report = replay_files([tampered], assistant)
    assert report.failed == 1
    assert report.transcripts[0].turns[0].failures[0].startswith(f"figure {name}: expected {figures[name]}")


def test_update_rewrites_only_the_goldens(saved: Path, assistant, tmp_path: Path) -> None:
    clause_ids = assistant.corpus.clause_by_id
    original = load_transcript(saved, clause_ids)
    stale = tmp_path / "stale.yaml"
    text = "# keep this comment\n" + saved.read_text(encoding="utf-8")
    first_line = original.turns[0].reply.splitlines()[0]
    stale.write_text(text.replace(first_line, "stale golden", 1), encoding="utf-8")
    report = replay_files([stale], assistant, update=True)
    assert report.updated == [report.transcripts[0].file]
    assert report.failed == 0
    assert load_transcript(stale, clause_ids) == original
    assert stale.read_text(encoding="utf-8").startswith("# keep this comment\n")
    # Nothing changed the second time.
    assert replay_files([stale], assistant, update=True).updated == []


def _empty(folder: Path) -> Path:
    folder.mkdir()
    return folder


def test_find_transcripts(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["b.yaml", "a.yml", "sub/c.yaml", ".hidden/d.yaml", "notes.txt", ".e.yaml.tmp"]:
        (tmp_path / name).write_text("x")
    found = find_transcripts([tmp_path, tmp_path / "b.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.yml", "b.yaml", "sub/c.yaml"]
    with pytest.raises(AssistantError, match="no such transcript file or folder"):
        find_transcripts([tmp_path / "missing.yaml"])
    with pytest.raises(AssistantError, match="no transcript files"):
        find_transcripts([_empty(tmp_path / "empty")])


# ---------------------------------------------------------------- the command


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["replay", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_passes_and_fails(saved: Path, tmp_path: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, str(saved))
    assert code == 0 and out.splitlines()[-1] == "1 passed, 0 failed"
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        saved.read_text(encoding="utf-8").replace("title: A saved chat", "title: Broken"), encoding="utf-8"
    )
    transcript_text = broken.read_text(encoding="utf-8")
    golden_line = next(line for line in transcript_text.splitlines() if line.startswith("      ") and line.strip())
    broken.write_text(transcript_text.replace(golden_line, golden_line + " X", 1), encoding="utf-8")
    code, out, _ = run_cli(capsys, str(saved), str(broken))
    assert code == 1
    assert out.splitlines()[-1] == "1 passed, 1 failed"
    assert "FAIL" in out and "broken.yaml (Broken)" in out and "turn 1: '2 servers x 5 CALs, how many users?'" in out
    assert "--- golden" in out and "+++ actual" in out


def test_cli_json(saved: Path, capsys) -> None:
    code, out, _ = run_cli(capsys, "--json", str(saved))
    data = json.loads(out)
    assert code == 0
    assert data["passed"] == 1 and data["failed"] == 0 and data["updated"] == []
    [result] = data["transcripts"]
    assert result["ok"] is True and result["title"] == "A saved chat"
    assert [t["user"] for t in result["turns"]] == QUESTIONS


def test_cli_errors_are_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    code, out, err = run_cli(capsys, str(tmp_path / "missing.yaml"))
    assert code == 1 and out == "" and len(err.splitlines()) == 1 and "no such transcript file or folder" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nturns:\n  - user: hi\n    expect: {cites: [a9.9]}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, str(bad))
    assert code == 1 and out == ""
    assert f"{bad}:4: turn 1: expect.cites[0]: unknown clause id 'a9.9'" in err
    assert len(err.splitlines()) == 1
    monkeypatch.setattr(replay_module, "REPO_TRANSCRIPTS_DIR", tmp_path / "nowhere")
    monkeypatch.chdir(tmp_path)  # no ./transcripts/ either
    code, out, err = run_cli(capsys)
    assert code == 1 and len(err.splitlines()) == 1 and "no transcripts folder" in err
    code, out, err = run_cli(capsys, "--bogus")
    assert code == 2


def test_cli_update(saved: Path, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "copy.yaml"
    text = saved.read_text(encoding="utf-8")
    assert "    reply: |" in text
    copy.write_text(text.replace("    reply: |", "    reply: |\n      stale first line", 1), encoding="utf-8")
    code, out, _ = run_cli(capsys, str(copy))
    assert code == 1 and "-stale first line" in out
    code, out, _ = run_cli(capsys, "--update", str(copy))
    assert code == 0 and "[goldens updated]" in out and out.splitlines()[-1] == "1 passed, 0 failed"
    assert copy.read_text(encoding="utf-8") == text


def test_default_folder_is_the_repository_suite() -> None:
    assert Path(__file__).resolve().parents[2] / "transcripts" == replay_module.REPO_TRANSCRIPTS_DIR


def test_without_paths_replay_looks_in_the_working_folder_first(saved: Path, tmp_path: Path) -> None:
    """`replay` with no arguments replays ./transcripts/, where the chat's /save writes, before the
    repository's suite (issue 12, item 20). Run as a real process from another folder."""
    import os
    import subprocess
    import sys

    (tmp_path / "transcripts").mkdir()
    (tmp_path / "transcripts" / "mine.yaml").write_bytes(saved.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    repo = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(repo)
    command = [sys.executable, "-m", "assistant", "replay"]
    proc = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"PASS {Path('transcripts', 'mine.yaml')} (A saved chat)", "1 passed, 0 failed"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "two-servers-five-cals-each.yaml" in proc.stdout  # the repository's suite
