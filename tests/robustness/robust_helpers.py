"""Helpers of the robustness tests (a module of its own so test files can import it)."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

from assistant.models.corpus import Corpus
from assistant.models.reply import Reply, ReplyKind

REPO = Path(__file__).resolve().parents[2]


@functools.cache
def _figure_names() -> frozenset[str]:
    """Every figure a pack bundled or shipped as an example declares."""
    from assistant.api import Assistant

    names = set(Assistant.load().packs.figure_names())
    for folder in sorted((REPO / "examples").glob("*/notes")):
        names |= set(Assistant.load(folder, cache=False).packs.figure_names())
    return frozenset(names)


def check_reply(reply: Reply, corpus: Corpus) -> None:
    """What every reply promises, whatever was asked."""
    assert isinstance(reply, Reply)
    assert reply.kind in (ReplyKind.answer, ReplyKind.clarify, ReplyKind.not_covered)
    assert reply.text.strip(), "a reply always says something"
    clauses = corpus.clause_by_id
    for citation in reply.citations:
        assert citation.clause in clauses, f"citation of an unknown clause {citation.clause}"
        assert citation.quote.strip(), f"empty quote of {citation.clause}"
        assert citation.quote in clauses[citation.clause].text, f"quote not verbatim in {citation.clause}"
    known = _figure_names()
    for figure in reply.figures:
        assert figure.name in known, f"figure {figure.name} is not a known figure name"
    referenced = [c for step in reply.steps for c in step.clauses]
    referenced += [c for a in reply.assumptions for c in a.clauses]
    referenced += [c for d in reply.disputes for side in d.sides for c in side.clauses]
    referenced += reply.related
    unknown = sorted(set(referenced) - set(clauses))
    assert not unknown, f"reply names clauses not in the corpus: {unknown}"


def run_cli(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """`python -m assistant ARGS` in a fresh process, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def check_one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """A failed command says what went wrong on exactly one line of stderr, with no traceback."""
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode not in (0,), f"expected a failure, got exit 0: {proc.stdout[:300]}"
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {proc.stderr[:500]}"
    return lines[0]
