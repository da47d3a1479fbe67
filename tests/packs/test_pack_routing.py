"""Routing whole conversations between the bundled thread's pack and the RDS example pack: each
question goes to the pack whose subject it names, both answer when it names both, and without a
pack a question gets the notes' passages and no figure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pack_helpers import RDS_NOTES, REPO, THREAD, quiet_load

from assistant.api import Assistant
from assistant.models.reply import Reply, ReplyKind

RDS_QUESTION = "How many RDS CALs do I need for 20 users?"
THREAD_QUESTION = "2 servers with 5 CALs each, how many users?"
BOTH_QUESTION = "20 users need RDS: how many RDS CALs and Windows CALs?"


def ask(assistant: Assistant, *turns: str) -> Reply:
    conversation = assistant.conversation()
    for turn in turns:
        reply = conversation.ask(turn)
    return reply


def sources_cited(assistant: Assistant, reply: Reply) -> set[str]:
    clauses = assistant.corpus.clause_by_id
    return {clauses[c.clause].source for c in reply.citations}


@pytest.fixture(scope="module")
def figure_names(thread_and_rds: Assistant) -> tuple[set[str], set[str]]:
    """The figures only the thread's pack declares, and those only the RDS pack declares."""
    thread = thread_and_rds.packs.by_id("windows-server-cals")
    rds = thread_and_rds.packs.by_id("rds-cals")
    assert thread is not None and rds is not None
    thread_names, rds_names = set(thread.figure_names()), set(rds.figure_names())
    assert {"users_licensed", "cals_owned"} <= thread_names - rds_names
    return thread_names - rds_names, rds_names - thread_names


def test_both_packs_load_together(thread_and_rds: Assistant) -> None:
    assert sorted(p.id for p in thread_and_rds.packs.loaded) == ["rds-cals", "windows-server-cals"]
    assert thread_and_rds.packs.skipped == ()
    assert thread_and_rds.packs.default is thread_and_rds.packs.by_id("windows-server-cals")


def test_an_rds_question_goes_to_the_rds_pack_only(
    thread_and_rds: Assistant, figure_names: tuple[set[str], set[str]]
) -> None:
    thread_only, _ = figure_names
    reply = ask(thread_and_rds, RDS_QUESTION)
    assert reply.kind is ReplyKind.answer
    assert reply.figure("rds_cals_needed") == 20
    assert not {f.name for f in reply.figures} & thread_only, reply.figures
    assert sources_cited(thread_and_rds, reply) == {"rds-cals"}


def test_a_thread_question_still_gets_the_threads_answer(
    thread_and_rds: Assistant, figure_names: tuple[set[str], set[str]]
) -> None:
    _, rds_only = figure_names
    reply = ask(thread_and_rds, THREAD_QUESTION)
    assert reply.kind is ReplyKind.answer
    assert reply.figure("users_licensed") == 10
    assert not {f.name for f in reply.figures} & rds_only, reply.figures
    assert sources_cited(thread_and_rds, reply) == {"serverfault-cal-thread"}


def test_a_question_naming_both_gets_both(thread_and_rds: Assistant) -> None:
    reply = ask(thread_and_rds, BOTH_QUESTION)
    assert reply.kind is ReplyKind.answer
    assert reply.figure("rds_cals_needed") == 20
    assert reply.figure("cals_needed") == 20
    cited = {c.clause for c in reply.citations}
    assert any(c.startswith("a") and c[1:2].isdigit() for c in cited), cited  # the thread's a1.4, a2.11, …
    assert any(c.startswith("rds-cals.") for c in cited), cited
    assert sources_cited(thread_and_rds, reply) == {"serverfault-cal-thread", "rds-cals"}


def test_switching_topics_in_one_conversation(thread_and_rds: Assistant) -> None:
    conversation = thread_and_rds.conversation()
    assert conversation.ask(RDS_QUESTION).figure("rds_cals_needed") == 20
    assert conversation.ask("make it 15").figure("rds_cals_needed") == 15  # a follow-up stays with RDS
    reply = conversation.ask(THREAD_QUESTION)
    assert reply.figure("users_licensed") == 10
    assert reply.figure("rds_cals_needed") is None


def test_rds_subject_not_covered_beside_the_thread(thread_and_rds: Assistant) -> None:
    reply = ask(thread_and_rds, "How much do RDS CALs cost?")
    assert reply.kind is ReplyKind.not_covered
    assert reply.figures == []


# --- notes without their packs ----------------------------------------------------------------


@pytest.fixture(scope="module")
def thread_and_rds_notes_no_rds_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("thread-and-rds-notes")
    for path in (THREAD / "sources").glob("serverfault-cal-thread.*"):
        shutil.copy(path, folder)
    shutil.copy(RDS_NOTES / "rds-cals.md", folder)
    shutil.copy(RDS_NOTES / "rds-cals.meta.yaml", folder)
    assert (folder / "serverfault-cal-thread.pack.yaml").exists()
    return folder


@pytest.fixture(scope="module")
def rds_notes_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rds-notes-only")
    shutil.copy(RDS_NOTES / "rds-cals.md", folder)
    return folder


def test_rds_notes_without_their_pack_give_no_figure(thread_and_rds_notes_no_rds_pack: Path) -> None:
    assistant, notices = quiet_load(thread_and_rds_notes_no_rds_pack)
    assert [p.id for p in assistant.packs.loaded] == ["windows-server-cals"]
    assert notices == []
    reply = ask(assistant, RDS_QUESTION)
    assert reply.kind in (ReplyKind.answer, ReplyKind.not_covered)
    assert reply.figures == []
    assert reply.citations  # what the notes say, quoted
    assert ask(assistant, THREAD_QUESTION).figure("users_licensed") == 10


def test_cli_on_notes_without_their_pack(thread_and_rds_notes_no_rds_pack: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "ask",
            "--no-cache",
            "--corpus",
            str(thread_and_rds_notes_no_rds_pack),
            RDS_QUESTION,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "no figure" in proc.stdout  # the passages of the notes, and no number


def test_notes_with_no_packs_at_all(rds_notes_only: Path) -> None:
    assistant, notices = quiet_load(rds_notes_only)
    assert assistant.packs.loaded == () and assistant.packs.skipped == ()
    assert notices == []
    reply = ask(assistant, THREAD_QUESTION)
    assert reply.figures == []
    assert ask(assistant, RDS_QUESTION).figures == []
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "rules", "--corpus", str(rds_notes_only)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert "No rule packs" in proc.stdout
    assert "Traceback" not in proc.stderr
