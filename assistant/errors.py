"""The project's one error type: every expected failure is reported through it."""

from __future__ import annotations


class AssistantError(Exception):
    """A failure the user can act on, printed as one line (never a traceback).

    `file` and `line` locate the problem when it comes from a file.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return where + " ".join(self.message.split())


class UsageError(AssistantError):
    """Bad command-line usage (exit status 2)."""
