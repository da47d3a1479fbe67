"""Text bound for a terminal: control characters made visible, and a fallback for output
encodings that cannot show every character.

Notes, questions, transcript titles and file names are untrusted: an ESC in them could move
the cursor, retitle the window or (OSC 52) write the clipboard. The CLI wraps stdout and stderr
in `SafeStream`, so every line it prints goes through `visible()`; JSON output is escaped by
`json_escaped()` instead, which keeps the data exact.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Any, TextIO

# What must not reach a terminal raw: C0 controls but tab and newline (ESC, BEL, CR, backspace...),
# DEL and the C1 controls (0x9b is a one-byte CSI to some terminals), the bidirectional
# overrides and isolates that reorder what is shown ("Trojan source"), the Unicode line and
# paragraph separators, and lone surrogates (bytes of a non-UTF-8 argument or file name).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with each unsafe character written as an escape ("\\x1b", "\\u202e"), so it is
    shown, not obeyed. A CR LF pair is a line end and becomes a newline."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _escape(m.group(0)), text.replace("\r\n", "\n"))


def json_escaped(text: str) -> str:
    """JSON text (from json.dumps) that is safe to print: json.dumps escapes C0 controls but
    writes DEL, C1 controls, bidi overrides and lone surrogates raw; here they become \\u
    escapes too (they can only occur inside strings), so the text still parses to the same data."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


# Stand-ins when the output encoding lacks a character (a Windows console in cp1252, LANG=C
# with an old Python): the replies use these often.
_FALLBACK = {
    "×": "x",
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "—": "--",
    "–": "-",
    "‑": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "•": "*",
    "·": ".",
    "½": "1/2",
    "¼": "1/4",
    "¾": "3/4",
    "\u00a0": " ",
    "®": "(R)",
    "©": "(C)",
    "™": "(TM)",
}


def is_unicode(encoding: str | None) -> bool:
    """Whether text in this encoding can hold every character."""
    try:
        name = codecs.lookup(encoding or "ascii").name
    except LookupError:
        return False
    return name.startswith(("utf-8", "utf-16", "utf-32"))


def encodable(text: str, encoding: str) -> str:
    """`text` with every character `encoding` cannot hold replaced by a plain stand-in
    ("×" -> "x", "é" -> "e"), or "?" when there is none."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        encoding = "ascii"
    out: list[str] = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        stand_in = _FALLBACK.get(char)
        if stand_in is None:
            stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            stand_in = stripped if stripped and stripped.isascii() else "?"
        out.append(stand_in)
    return "".join(out)


class OutputError(Exception):
    """Writing to stdout or stderr failed (a full disk, a closed pipe): `cause` says how."""

    def __init__(self, cause: OSError) -> None:
        self.cause = cause
        super().__init__(cause.strerror or str(cause))


class SafeStream:
    """A text stream that makes control characters visible, falls back to stand-ins for what
    its encoding cannot hold, and reports a failed write as OutputError. Everything else is
    the wrapped stream's (isatty, fileno, encoding...)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        encoding = getattr(stream, "encoding", None) or "utf-8"
        self._encoding = None if is_unicode(encoding) else encoding

    def write(self, text: str) -> int:
        text = visible(text)
        if self._encoding is not None:
            text = encodable(text, self._encoding)
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc) from exc

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
