"""Saving a conversation as a transcript (the chat's /save)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import AssistantError
from assistant.models.reply import Reply
from assistant.models.transcript import Expect, Transcript, Turn

MAX_TITLE = 72
MAX_SLUG = 60


def save_conversation(path: Path, turns: Sequence[tuple[str, Reply]], title: str | None = None) -> Path:
    """Write `turns` as a transcript whose goldens are the replies as given and whose
    expectations (kind, figures, cited clauses) are read off them, so replaying it at once
    passes. `path` is a file (replaced) or a folder (a new file named after the title, created
    exclusively: two chats saving at once never overwrite each other). Returns the path written."""
    from assistant.files import write_atomic
    from assistant.transcripts.fileformat import dump_transcript

    if not turns:
        raise AssistantError("nothing to save: the conversation has no turns yet")
    title = title.strip() if title and title.strip() else title_from(turns[0][0])
    transcript = Transcript(
        title=title,
        turns=[Turn(user=user, reply=reply.text, expect=expect_from(reply)) for user, reply in turns],
    )
    path = Path(path)
    text = dump_transcript(transcript)
    try:
        if path.is_dir():
            return _save_new(path, slug(title), text)
        if not path.parent.is_dir():
            raise AssistantError("cannot save: the folder does not exist", file=str(path.parent))
        write_atomic(path, text)
    except OSError as exc:
        raise AssistantError(f"cannot save: {exc.strerror}", file=str(path)) from None
    return path


def _save_new(folder: Path, stem: str, text: str) -> Path:
    """Write `text` to `folder/stem.yaml`, or `stem-2.yaml`, `stem-3.yaml`… : the first name no
    file has, taken atomically (checking first and writing after would let two savers pick the
    same name and one overwrite the other)."""
    from assistant.files import write_atomic

    candidate = folder / f"{stem}.yaml"
    number = 2
    while True:
        try:
            write_atomic(candidate, text, exclusive=True)
            return candidate
        except FileExistsError:
            candidate = folder / f"{stem}-{number}.yaml"
            number += 1


def expect_from(reply: Reply) -> Expect:
    """The expectations a reply meets by construction: its kind, figures and citations."""
    cites = list(dict.fromkeys(c.clause for c in reply.citations))
    figures = {f.name: f.value for f in reply.figures}
    return Expect(
        kind=reply.kind,
        intent=reply.intent,
        verdict=reply.verdict.value if reply.verdict else None,
        asks=reply.asks,
        figures=figures,
        cites=cites,
    )


def title_from(user: str) -> str:
    """A one-line title from the first turn."""
    words = " ".join(user.split())
    if not words:
        return "Conversation"
    if len(words) <= MAX_TITLE:
        return words
    return words[: MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def slug(title: str) -> str:
    """'2 servers × 5 CALs, how many users?' -> '2-servers-5-cals-how-many-users'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > MAX_SLUG:
        words = words[:MAX_SLUG].rsplit("-", 1)[0] if "-" in words[:MAX_SLUG] else words[:MAX_SLUG]
    return words or "conversation"
