"""A progress bar on stderr for long corpus builds, drawn only when stderr is a terminal."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TextIO

STAGES = {"reading": "reading notes", "indexing": "indexing clauses"}
# A build that ends sooner than this shows no bar at all (the bundled corpus, a cache hit).
SHOW_AFTER_S = 0.3
REDRAW_EVERY_S = 0.1
WIDTH = 30


class TerminalProgress:
    """Callable as `progress(stage, done, total)`; erases its line when the build ends."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = _is_terminal(stream)
        self._started = time.monotonic()
        self._drawn_at = 0.0
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._started < SHOW_AFTER_S or (now - self._drawn_at < REDRAW_EVERY_S and done < total):
            return
        self._drawn_at = now
        filled = WIDTH * done // total if total else WIDTH
        label = STAGES.get(stage, stage)
        line = f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {label} {done:,}/{total:,}"
        self.stream.write(line + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
