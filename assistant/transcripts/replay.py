"""Replaying transcripts: each file is one fresh conversation, checked turn by turn."""

from __future__ import annotations

import difflib
import re
from collections.abc import Container, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assistant.errors import AssistantError
from assistant.models.reply import Reply
from assistant.models.transcript import Expect, ReplayReport, Transcript, TranscriptResult, TurnResult

if TYPE_CHECKING:
    from assistant.api import Assistant

# The suite of a checkout of the repository (absent from an installed copy).
REPO_TRANSCRIPTS_DIR = Path(__file__).resolve().parent.parent.parent / "transcripts"
SUFFIXES = (".yaml", ".yml")


class Asker(Protocol):
    def ask(self, text: str) -> Reply: ...


def find_transcripts(paths: Sequence[Path]) -> list[Path]:
    """The transcript files named by `paths` (files, or folders searched recursively for
    *.yaml / *.yml), each once, in a stable order."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a name too long, a loop of links
            raise AssistantError(f"cannot open: {exc.strerror}", file=str(path)) from None
        if is_dir:
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                raise AssistantError("no transcript files (*.yaml) in this folder", file=str(path))
            found += inside
        elif exists:
            found.append(path)  # a file, or something else that loading will refuse by name
        else:
            raise AssistantError("no such transcript file or folder", file=str(path))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def default_paths() -> list[Path]:
    """What `replay` with no paths replays: `./transcripts/` (where the chat's /save writes),
    else the repository's suite beside the package."""
    here = Path("transcripts")
    if here.is_dir():
        return [here]
    if REPO_TRANSCRIPTS_DIR.is_dir():
        return [REPO_TRANSCRIPTS_DIR]
    raise AssistantError(
        "no transcripts folder here (./transcripts/, where the chat's /save writes) or next to the package; "
        "name the transcript files or folders to replay"
    )


def check_expect(expect: Expect, reply: Reply) -> list[str]:
    """Each expectation the reply does not meet, saying what was expected and what came."""
    failures: list[str] = []
    if expect.kind is not None and reply.kind != expect.kind:
        failures.append(f"kind: expected {expect.kind.value}, got {reply.kind.value}")
    if expect.intent is not None and reply.intent != expect.intent:
        failures.append(f"intent: expected {expect.intent}, got {reply.intent or 'none'}")
    if expect.verdict is not None and (reply.verdict.value if reply.verdict else None) != expect.verdict:
        failures.append(f"verdict: expected {expect.verdict}, got {reply.verdict.value if reply.verdict else 'none'}")
    if expect.asks is not None and reply.asks != expect.asks:
        failures.append(f"asks: expected a question asking for {expect.asks}, got {reply.asks or 'none'}")
    for name, value in expect.figures.items():
        got = reply.figure(name)
        if got is None:
            present = ", ".join(f"{f.name}={f.value}" for f in reply.figures) or "none"
            failures.append(f"figure {name}: expected {value}, but the reply has no such figure (figures: {present})")
        elif got != value:
            failures.append(f"figure {name}: expected {value}, got {got}")
    cited = [c.clause for c in reply.citations]
    for clause in expect.cites:
        if clause not in cited:
            failures.append(f"cites: {clause} is not among the citations ({', '.join(cited) or 'none'})")
    for pattern in expect.text_matches:
        if not re.search(pattern, reply.text):
            failures.append(f"text_matches: /{pattern}/ does not match the reply")
    for pattern in expect.not_text:
        found = re.search(pattern, reply.text)
        if found:
            failures.append(f"not_text: /{pattern}/ matches the reply at {found.group(0)!r}")
    return failures


def golden_diff(golden: str, actual: str) -> str | None:
    """A unified diff golden -> actual, or None when they are equal."""
    if golden == actual:
        return None
    lines_a, lines_b = golden.splitlines(), actual.splitlines()
    note = ""
    if [s.rstrip() for s in lines_a] == [s.rstrip() for s in lines_b]:
        # Invisible in a plain diff (trailing spaces, line ends): show the lines as literals.
        lines_a = [repr(s) for s in golden.splitlines(keepends=True)]
        lines_b = [repr(s) for s in actual.splitlines(keepends=True)]
        note = "(the texts differ only in whitespace; lines shown as Python literals)\n"
    diff = difflib.unified_diff(lines_a, lines_b, fromfile="golden", tofile="actual", lineterm="")
    return note + "\n".join(diff)


def replay_transcript(transcript: Transcript, chat: Asker, file: str) -> TranscriptResult:
    """Ask each turn of `transcript` in `chat` (a fresh conversation) and check the replies."""
    results: list[TurnResult] = []
    for number, turn in enumerate(transcript.turns, start=1):
        try:
            reply = chat.ask(turn.user)
        except Exception as exc:  # a crash is a failure of this transcript, not of the whole replay
            error = f"turn {number}: asking raised {type(exc).__name__}: {exc}"
            return TranscriptResult(file=file, title=transcript.title, turns=results, error=error)
        failures = check_expect(turn.expect, reply) if turn.expect else []
        if turn.reply is None:
            failures.append("no golden reply recorded yet (run `licensing-assistant replay --update`)")
            diff = None
        else:
            diff = golden_diff(turn.reply, reply.text)
        results.append(
            TurnResult(
                turn=number,
                user=turn.user,
                kind=reply.kind,
                golden=turn.reply,
                actual=reply.text,
                failures=failures,
                diff=diff,
            )
        )
    return TranscriptResult(file=file, title=transcript.title, turns=results)


def replay_files(
    files: Iterable[Path],
    assistant: Assistant,
    *,
    update: bool = False,
) -> ReplayReport:
    """Replay each file as one fresh conversation of `assistant`; with `update`, rewrite the
    goldens of files whose replies changed. All files are validated before any is replayed.
    Each file is rewritten atomically; one that cannot be (a read-only folder, a full disk) is
    left as it was and its result says why, and the others are still updated."""
    from assistant.transcripts.fileformat import AnyClause, load_transcript

    others: dict[tuple[Path, ...], Assistant] = {}
    loaded = []
    for path in files:
        # A transcript may name its own notes (`corpus:`): its names are checked against those.
        chosen = _assistant_for(path, load_transcript(path, AnyClause()), assistant, others)
        transcript = load_transcript(
            path, chosen.corpus.clause_by_id, figures=chosen.packs.figure_names(), intents=known_intents(chosen)
        )
        loaded.append((path, transcript, chosen))
    results: list[TranscriptResult] = []
    for path, transcript, chosen in loaded:
        clause_ids: Container[str] = chosen.corpus.clause_by_id
        result = replay_transcript(transcript, chosen.conversation(), _shown(path))
        if update and result.error is None and any(t.golden != t.actual for t in result.turns):
            problem = _write_goldens(path, [t.actual for t in result.turns], clause_ids)
            if problem is not None:
                results.append(result.model_copy(update={"update_error": problem}))
                continue
            turns = [
                t.model_copy(
                    update={
                        "golden": t.actual,
                        "diff": None,
                        "failures": [f for f in t.failures if not f.startswith("no golden reply")],
                    }
                )
                for t in result.turns
            ]
            result = result.model_copy(update={"turns": turns, "updated": True})
        results.append(result)
    return ReplayReport(transcripts=results)


def known_intents(assistant: Assistant) -> list[str]:
    """The intents a transcript may expect: the CAL engine's, and every loaded pack's question ids."""
    from assistant.models.understanding import Intent

    return [i.value for i in Intent] + assistant.packs.question_ids()


def _assistant_for(
    path: Path, transcript: Transcript, given: Assistant, others: dict[tuple[Path, ...], Assistant]
) -> Assistant:
    if transcript.corpus is None:
        return given
    from assistant.api import Assistant

    named = [transcript.corpus] if isinstance(transcript.corpus, str) else transcript.corpus
    locations = [(path.parent / name).resolve() for name in named]
    for name, location in zip(named, locations, strict=True):
        if not location.exists():
            raise AssistantError(f"corpus: no such notes folder or corpus file: {name}", file=str(path))
    key = tuple(locations)
    if key not in others:
        others[key] = Assistant.load(locations if len(locations) > 1 else locations[0])
    return others[key]


def _write_goldens(path: Path, goldens: list[str], clause_ids: Container[str]) -> str | None:
    """Rewrite the goldens of the transcript at `path`; None when done, else why not."""
    from assistant.files import MAX_TRANSCRIPT_BYTES, read_file, write_atomic
    from assistant.transcripts.fileformat import replace_goldens

    try:
        # Read again: the file is edited in place, keeping its comments and layout.
        text = read_file(path, limit=MAX_TRANSCRIPT_BYTES).decode("utf-8")
        write_atomic(path, replace_goldens(text, str(path), goldens, clause_ids))
    except AssistantError as exc:
        return exc.message
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot write: {reason}"
    return None


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_result(result: TranscriptResult) -> str:
    """A transcript's outcome for people: PASS/FAIL line, then each failing turn with why and the diff."""
    status = "PASS" if result.ok else "FAIL"
    head = f"{status} {result.file} ({result.title})"
    if result.updated:
        head += " [goldens updated]"
    elif result.update_error is not None:
        head += f" [goldens NOT updated, the file is unchanged: {result.update_error}]"
    lines = [head]
    if result.error:
        lines.append(f"  {result.error}")
    for turn in result.turns:
        if turn.ok:
            continue
        lines.append(f"  turn {turn.turn}: {turn.user!r}")
        lines += [f"    expectation failed: {f}" for f in turn.failures]
        if turn.diff is not None:
            lines.append("    reply differs from the golden:")
            lines += ["      " + line for line in turn.diff.splitlines()]
    return "\n".join(lines)


def format_report(report: ReplayReport) -> str:
    blocks = [format_result(r) for r in report.transcripts]
    summary = f"{report.passed} passed, {report.failed} failed"
    if report.not_updated:
        summary += (
            f"; goldens updated in {len(report.updated)} file(s), NOT updated in {len(report.not_updated)} "
            f"(unchanged): {', '.join(report.not_updated)}"
        )
    blocks.append(summary)
    return "\n".join(blocks)
