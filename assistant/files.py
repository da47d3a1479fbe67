"""Reading and writing the files a person names: checked reads and atomic writes.

read_file(path, limit=...)     # a regular file's bytes, refused before reading if it is not one
write_atomic(path, text)       # the old file or the new one, never half of either

Every file the program reads or writes goes through these two, so no command can hang on a
named pipe, read /dev/zero until memory runs out, or turn a device into a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from assistant.errors import AssistantError

MB = 1024 * 1024
# Size limits, far above anything real, so a mistaken path fails at once instead of eating
# memory: the built corpus (a 100,000-clause corpus is about 60 MB), one notes source, one
# transcript, and the small YAML files beside the sources (tags.yaml, *.meta.yaml).
MAX_CORPUS_BYTES = 256 * MB
MAX_SOURCE_BYTES = 32 * MB
MAX_TRANSCRIPT_BYTES = 8 * MB
MAX_META_BYTES = 1 * MB


def file_kind(mode: int) -> str:
    """What a non-regular file is, for messages: 'a folder', 'a named pipe (FIFO)'..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_file(path: Path, *, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    A folder, named pipe, device or socket, or a file over `limit` bytes, is refused with an
    AssistantError naming the file, before anything is read. The file is opened without
    blocking, so a named pipe with no writer cannot hang the program. OSError (not found, no
    permission, a name too long...) is left to the caller, which knows what the file is for.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise AssistantError(f"{file_kind(info.st_mode)}, not a file; refusing to read it", file=str(path))
        if info.st_size > limit:
            raise AssistantError(_too_large(info.st_size, limit), file=str(path))
        data = handle.read(limit + 1)  # the size may have changed since fstat
    if len(data) > limit:
        raise AssistantError(_too_large(len(data), limit), file=str(path))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / MB:.1f} MB; the limit is {limit // MB} MB)"


def write_atomic(path: Path, data: str | bytes, *, exclusive: bool = False) -> Path:
    """Write `data` to `path` so that a reader, a crash or a full disk sees the old file or
    the new one, never half of either. Returns the file written.

    A symbolic link is written through (the file it points to is replaced, the link kept);
    a folder, device or named pipe is refused (AssistantError) rather than replaced by a
    regular file. With `exclusive`, an existing file is never replaced: FileExistsError.
    The new file gets the old file's permissions (or a new file's usual ones); its folder is
    synced after the rename. A SIGTERM that arrives while writing (in the main thread) takes
    effect once the write is complete or undone, so no temporary file is left behind.
    OSError (a full disk, a read-only folder...) is left to the caller.
    """
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None:
        if exclusive:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise AssistantError(f"{file_kind(info.st_mode)}, not a file; refusing to replace it", file=str(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode()
    with _sigterm_deferred():
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            os.chmod(tmp, mode)  # mkstemp makes the file private (0600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            if exclusive:
                _link_exclusive(tmp, target)
            else:
                os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        _fsync_folder(target.parent)
    return target


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _link_exclusive(tmp: str, target: Path) -> None:
    """Give the written temporary file the name `target` only if no file has that name yet
    (an atomic test-and-set: two savers never overwrite each other), then drop the temp name."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT, some network shares): reserve the name
        # exclusively, then move the content onto the reservation.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(target)  # our own empty reservation
            raise
        return
    os.unlink(tmp)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable. Best effort: not every system can sync a folder."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _sigterm_deferred() -> Iterator[None]:
    """Hold a SIGTERM until the block is over, then deliver it as it would have been."""
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        if received:
            signal.raise_signal(signal.SIGTERM)
