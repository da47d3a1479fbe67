"""A failure in the middle of writing leaves the previous file intact and no temporary file behind."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from assistant import files, store
from assistant.api import Assistant
from assistant.errors import AssistantError
from assistant.files import write_atomic

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
    monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: _HalfWriter(real_fdopen(*a, **k)))


def _fail_on_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files.os, "replace", _disk_full)


def _fail_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files.os, "fsync", _disk_full)


def _interrupt_on_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupt)


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


# --- what the atomic write must not replace (issue 12, item 17) ---------------------------------


def _build_out(target: Path) -> tuple[int, str]:
    from robust_helpers import run_cli

    proc = run_cli("build", "--out", str(target))
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_build_out_on_a_named_pipe_is_refused(tmp_path: Path) -> None:
    """It replaced the pipe with a regular file."""
    if not store.REPO_CORPUS_DIR.is_dir():
        pytest.skip("the corpus sources are only in a checkout of the repository")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, err = _build_out(fifo)
    assert code == 1
    assert err == f"licensing-assistant: error: {fifo}: a named pipe (FIFO), not a file; refusing to replace it\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _only(tmp_path) == ["pipe"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root")
def test_build_out_on_a_character_device_is_refused(tmp_path: Path) -> None:
    """A copy of /dev/null made in the test folder (never the real one)."""
    if not store.REPO_CORPUS_DIR.is_dir():
        pytest.skip("the corpus sources are only in a checkout of the repository")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    code, err = _build_out(device)
    assert code == 1 and "a character device, not a file; refusing to replace it" in err
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_write_atomic_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(AssistantError, match="a folder, not a file; refusing to replace it"):
        write_atomic(tmp_path, "x")


def test_write_atomic_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real" / "corpus.jsonl"
    real.parent.mkdir()
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert write_atomic(link, NEW) == real.resolve()
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == NEW
    assert _only(real.parent) == ["corpus.jsonl"]


def test_write_atomic_exclusive_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "saved.yaml"
    write_atomic(target, "first", exclusive=True)
    with pytest.raises(FileExistsError):
        write_atomic(target, "second", exclusive=True)
    assert target.read_text(encoding="utf-8") == "first"
    assert _only(tmp_path) == ["saved.yaml"]


def test_write_atomic_exclusive_loses_a_race_without_overwriting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process creates the name between the check and the rename: its file is kept."""
    target = tmp_path / "saved.yaml"
    real_link = os.link

    def someone_else_first(src: str, dst: Path) -> None:
        Path(dst).write_text("theirs", encoding="utf-8")
        real_link(src, dst)

    monkeypatch.setattr(files.os, "link", someone_else_first)
    with pytest.raises(FileExistsError):
        write_atomic(target, "mine", exclusive=True)
    assert target.read_text(encoding="utf-8") == "theirs"
    assert _only(tmp_path) == ["saved.yaml"]


def test_write_atomic_syncs_the_folder_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def record(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", record)
    write_atomic(tmp_path / "f.txt", "x")
    assert synced == [False, True]  # the file, then its folder


SIGTERM_DURING_WRITE = """
import os, signal, sys
from pathlib import Path
from assistant import files

target = Path(sys.argv[1])
real_fsync = os.fsync
def terminated_while_syncing(fd):
    os.kill(os.getpid(), signal.SIGTERM)  # as `kill PID` would, in the middle of the write
    real_fsync(fd)
files.os.fsync = terminated_while_syncing
files.write_atomic(target, "new content\\n")
print("not reached: SIGTERM ends the process once the write is done")
"""


@pytest.mark.skipif(not hasattr(os, "kill") or os.name != "posix", reason="POSIX signals")
def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """It died between creating the temporary file and renaming it, and left it behind."""
    import subprocess
    import sys

    from robust_helpers import REPO

    target = tmp_path / "corpus.jsonl"
    target.write_text(OLD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", SIGTERM_DURING_WRITE, str(target)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == -15, proc.stderr  # still ended by SIGTERM, as the sender meant
    assert "not reached" not in proc.stdout
    assert _only(tmp_path) == ["corpus.jsonl"]
    assert target.read_text(encoding="utf-8") in (OLD, "new content\n")


# --- replay --update on a read-only or full disk (item 18) ---------------------------------------

UPDATE_WITH_ONE_FILE_READ_ONLY = """
import errno, os, sys
from assistant.cli import main

real_replace = os.replace
def replace(src, dst):
    if os.path.basename(dst) == "b.yaml":
        raise OSError(errno.EROFS, "Read-only file system")
    real_replace(src, dst)
os.replace = replace
raise SystemExit(main(["replay", "--update", *sys.argv[1:]]))
"""


def test_replay_update_says_which_files_it_could_not_write(tmp_path: Path) -> None:
    """It printed a traceback and left some files changed without saying which."""
    import subprocess
    import sys

    from robust_helpers import REPO

    stale = "title: {title}\nturns:\n  - user: 2 servers x 5 CALs, how many users?\n    reply: stale\n"
    paths = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(stale.format(title=name.upper()), encoding="utf-8")
        paths.append(path)
    proc = subprocess.run(
        [sys.executable, "-c", UPDATE_WITH_ONE_FILE_READ_ONLY, *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    a, b, c = (p.read_text(encoding="utf-8") for p in paths)
    assert "reply: stale" not in a and "reply: stale" not in c  # the others were still updated
    assert b == stale.format(title="B")  # unchanged
    lines = proc.stdout.splitlines()
    assert any(line.startswith("PASS") and "a.yaml (A) [goldens updated]" in line for line in lines)
    assert any(
        line.startswith("FAIL")
        and "b.yaml (B) [goldens NOT updated, the file is unchanged: cannot write: Read-only file system]" in line
        for line in lines
    )
    assert lines[-1].startswith("2 passed, 1 failed; goldens updated in 2 file(s), NOT updated in 1 (unchanged): ")
    assert lines[-1].endswith("b.yaml")
    assert _only(tmp_path) == ["a.yaml", "b.yaml", "c.yaml"]


def test_replay_update_through_a_symlink_keeps_the_link(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """`replay --update` replaced the link with a regular file (item 17)."""
    from assistant.cli import main

    real = tmp_path / "suite" / "real.yaml"
    real.parent.mkdir()
    real.write_text("title: R\nturns:\n  - user: 2 servers x 5 CALs, how many users?\n    reply: stale\n", "utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert main(["replay", "--update", str(link)]) == 0
    assert "[goldens updated]" in capsys.readouterr().out
    assert link.is_symlink()
    assert "reply: stale" not in real.read_text(encoding="utf-8")
