"""A failure in the middle of writing leaves the previous file intact and no temporary file behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from assistant import store
from assistant.api import Assistant
from assistant.errors import AssistantError
from assistant.store import write_atomic

OLD = "the previous content\n"
NEW = "the new content that never lands\n" * 10_000


def _disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


class _HalfWriter:
    """A file that writes half of what it is given, then fails like a full disk."""

    def __init__(self, handle) -> None:  # type: ignore[no-untyped-def]
        self._handle = handle

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        _disk_full()
        return 0

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._handle, name)


def _fail_halfway(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(store.os, "fdopen", lambda *a, **k: _HalfWriter(real_fdopen(*a, **k)))


def _fail_on_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store.os, "replace", _disk_full)


def _fail_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store.os, "fsync", _disk_full)


def _interrupt_on_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", interrupt)


FAILURES = {
    "write fails halfway": (_fail_halfway, OSError),
    "fsync fails": (_fail_on_fsync, OSError),
    "rename fails": (_fail_on_replace, OSError),
    "Ctrl-C before the rename": (_interrupt_on_replace, KeyboardInterrupt),
}


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("failure", list(FAILURES))
def test_write_atomic_keeps_the_previous_file(tmp_path: Path, failure: str) -> None:
    target = tmp_path / "corpus.jsonl"
    target.write_text(OLD, encoding="utf-8")
    arrange, error = FAILURES[failure]
    with pytest.MonkeyPatch.context() as patch, pytest.raises(error):
        arrange(patch)
        write_atomic(target, NEW)
    assert target.read_text(encoding="utf-8") == OLD
    assert _only(tmp_path) == ["corpus.jsonl"], "a temporary file was left behind"


@pytest.mark.parametrize("failure", list(FAILURES))
def test_write_atomic_creates_nothing_when_it_fails(tmp_path: Path, failure: str) -> None:
    arrange, error = FAILURES[failure]
    with pytest.MonkeyPatch.context() as patch, pytest.raises(error):
        arrange(patch)
        write_atomic(tmp_path / "new.jsonl", NEW)
    assert _only(tmp_path) == []


def test_write_atomic_writes_everything_when_nothing_fails(tmp_path: Path) -> None:
    target = tmp_path / "corpus.jsonl"
    target.write_text(OLD, encoding="utf-8")
    write_atomic(target, NEW)
    assert target.read_text(encoding="utf-8") == NEW
    assert _only(tmp_path) == ["corpus.jsonl"]


@pytest.mark.parametrize("failure", ["write fails halfway", "rename fails"])
def test_building_the_corpus_keeps_the_previous_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], failure: str
) -> None:
    """`licensing-assistant build --out FILE` on a full disk: the old file stays, one line is printed."""
    from assistant.cli import main

    if not store.REPO_CORPUS_DIR.is_dir():
        pytest.skip("the corpus sources are only in a checkout of the repository")
    target = tmp_path / "clauses.jsonl"
    target.write_text(OLD, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        FAILURES[failure][0](patch)
        status = main(["build", "--out", str(target)])
    assert status != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert target.read_text(encoding="utf-8") == OLD
    assert _only(tmp_path) == ["clauses.jsonl"]


@pytest.fixture(scope="module")
def transcripts():  # type: ignore[no-untyped-def]
    return pytest.importorskip(
        "assistant.transcripts", reason="the transcript saver (assistant.transcripts) is not in this checkout yet"
    )


@pytest.mark.parametrize("failure", ["write fails halfway", "fsync fails", "rename fails"])
def test_saving_a_transcript_keeps_the_previous_file(
    transcripts,  # type: ignore[no-untyped-def]
    assistant: Assistant,
    tmp_path: Path,
    failure: str,
) -> None:
    chat = assistant.conversation()
    chat.ask("Can I give a departed employee's CAL to the new hire?")
    target = tmp_path / "saved.yaml"
    target.write_text(OLD, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch, pytest.raises(AssistantError) as caught:
        FAILURES[failure][0](patch)
        transcripts.save_conversation(target, chat.turns, "a title")
    assert caught.value.file == str(target)
    assert target.read_text(encoding="utf-8") == OLD
    assert _only(tmp_path) == ["saved.yaml"]
