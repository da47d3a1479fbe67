"""save_conversation: what the chat's /save calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.models.reply import Citation, Figure, Reply, ReplyKind
from assistant.models.transcript import Expect
from assistant.transcripts import load_transcript, replay_transcript, save_conversation
from assistant.transcripts.save import slug, title_from


def reply(text: str, kind: str = "answer", figures: dict[str, int] | None = None, cites: tuple = ()) -> Reply:
    return Reply(
        kind=ReplyKind(kind),
        text=text,
        headline=text,
        figures=[Figure(name=n, value=v, unit="x") for n, v in (figures or {}).items()],
        citations=[Citation(clause=c, quote="q", author=None, authority="answer", kind="answer") for c in cites],
    )


TURNS = [
    (
        "3 OEM copies with 5 CALs each",
        reply("15 CALs.", figures={"cals_included": 15}, cites=("a2.c3.2", "a2.4", "a2.c3.2")),
    ),
    ("How many CALs do I need?", reply("How many users or devices?", kind="clarify")),
    ("Exchange CALs?", reply("Not covered.\n  [red]odd[/] text\t ", kind="not_covered")),
]


def test_saved_file_has_goldens_and_expectations(tmp_path: Path, clause_ids) -> None:
    path = save_conversation(tmp_path / "chat.yaml", TURNS, title="OEM copies")
    assert path == tmp_path / "chat.yaml"
    t = load_transcript(path, clause_ids)
    assert t.title == "OEM copies" and t.notes is None
    assert [(turn.user, turn.reply) for turn in t.turns] == [(u, r.text) for u, r in TURNS]
    assert t.turns[0].expect == Expect(kind="answer", figures={"cals_included": 15}, cites=["a2.c3.2", "a2.4"])
    assert t.turns[1].expect == Expect(kind="clarify")
    assert t.turns[2].expect == Expect(kind="not_covered")


def test_saved_file_replays_green_against_the_same_replies(tmp_path: Path, clause_ids) -> None:
    class Same:
        def __init__(self) -> None:
            self.replies = dict(TURNS)

        def ask(self, text: str) -> Reply:
            return self.replies[text]

    path = save_conversation(tmp_path, TURNS)
    result = replay_transcript(load_transcript(path, clause_ids), Same(), str(path))
    assert result.ok, result


def test_a_folder_gets_a_new_file_named_after_the_title(tmp_path: Path) -> None:
    first = save_conversation(tmp_path, TURNS)
    assert first == tmp_path / "3-oem-copies-with-5-cals-each.yaml"
    second = save_conversation(tmp_path, TURNS)
    third = save_conversation(tmp_path, TURNS)
    assert second.name == "3-oem-copies-with-5-cals-each-2.yaml" and third.name.endswith("-3.yaml")
    assert first.read_bytes() == second.read_bytes()  # deterministic
    named = save_conversation(tmp_path, TURNS, title="  Shortfall: 12 users × 2 OEM  ")
    assert named.name == "shortfall-12-users-2-oem.yaml"


def test_a_file_path_is_replaced_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("old")
    save_conversation(target, TURNS[:1])
    assert "old" not in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]


def test_bad_saves_are_errors(tmp_path: Path) -> None:
    with pytest.raises(AssistantError, match="nothing to save"):
        save_conversation(tmp_path, [])
    with pytest.raises(AssistantError, match="folder does not exist"):
        save_conversation(tmp_path / "no" / "such.yaml", TURNS)


def test_titles_and_slugs() -> None:
    assert title_from("  how many\n CALs?  ") == "how many CALs?"
    assert title_from("") == "Conversation"
    long = title_from("word " * 40)
    assert len(long) <= 72 and long.endswith("…")
    assert slug("2 servers × 5 CALs, how many users?") == "2-servers-5-cals-how-many-users"
    assert slug("Été à Zürich") == "ete-a-zurich"
    assert slug("???") == "conversation"
    assert len(slug("a" * 200)) == 60


def test_saves_at_the_same_moment_never_overwrite_each_other(tmp_path: Path) -> None:
    """Two chats saving into ./transcripts/ at once picked the same free name, and the second
    replaced the first (issue 12, item 20). Eight savers, same title, same folder."""
    import threading

    barrier = threading.Barrier(8)
    saved: list[Path] = []
    errors: list[BaseException] = []

    def save(n: int) -> None:
        turns = [(f"{TURNS[0][0]} (chat {n})", TURNS[0][1])]
        barrier.wait()
        try:
            saved.append(save_conversation(tmp_path, turns, title="same title"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(saved)) == 8
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["same-title.yaml"] + [f"same-title-{n}.yaml" for n in range(2, 9)])
    chats = sorted(p.read_text(encoding="utf-8").split("(chat ")[1][0] for p in tmp_path.iterdir())
    assert chats == [str(n) for n in range(8)]  # every conversation is there, none lost


def test_a_name_taken_while_saving_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process creates the chosen name between the check and the write: it keeps it."""
    import os

    from assistant import files

    real_link = os.link
    taken = tmp_path / "3-oem-copies-with-5-cals-each.yaml"

    def someone_else_first(src: str, dst: Path) -> None:
        if Path(dst) == taken and not taken.exists():
            taken.write_text("theirs", encoding="utf-8")
        real_link(src, dst)

    monkeypatch.setattr(files.os, "link", someone_else_first)
    path = save_conversation(tmp_path, TURNS)
    assert path.name == "3-oem-copies-with-5-cals-each-2.yaml"
    assert taken.read_text(encoding="utf-8") == "theirs"
