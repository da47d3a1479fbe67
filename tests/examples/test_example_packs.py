"""The example packs under examples/: each teaches the assistant a topic with no Python, and proves it.

Each example is a notes folder with its pack, a question bank (questions.yaml) and
transcripts that replay against those notes; examples/mixed/ replays questions over
the bundled thread and the example packs together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.packs.examples import run_examples
from assistant.transcripts import find_transcripts, format_report, load_transcript, replay_files
from assistant.transcripts.fileformat import AnyClause

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
PACKS = [EXAMPLES / "rds-cals", EXAMPLES / "per-core-licensing"]
TRANSCRIPTS = find_transcripts(sorted(EXAMPLES.glob("*/transcripts")))


@pytest.fixture(scope="module")
def bundled() -> Assistant:
    return Assistant.load()


def test_examples_add_no_python() -> None:
    """A topic is taught with notes and one pack file: nothing under examples/ is code."""
    code = [p for p in EXAMPLES.rglob("*") if p.suffix in (".py", ".pyc", ".pyx", ".so") or p.name == "__pycache__"]
    assert code == []
    for example in PACKS:
        packs = sorted(p.name for p in (example / "notes").iterdir() if p.name.endswith(".pack.yaml"))
        assert len(packs) == 1, f"{example.name}: one pack beside its notes"


@pytest.mark.parametrize("example", PACKS, ids=lambda p: p.name)
def test_each_example_has_enough_transcripts_of_every_kind(example: Path) -> None:
    found = find_transcripts([example / "transcripts"])
    assert len(found) >= 15
    kinds = {turn.expect.kind.value for p in found for turn in load_transcript(p, AnyClause()).turns if turn.expect}
    assert {"answer", "clarify", "not_covered"} <= kinds


@pytest.mark.parametrize("example", PACKS, ids=lambda p: p.name)
def test_worked_examples_hold(example: Path) -> None:
    assistant = Assistant.load(example / "notes", cache=False)
    (pack,) = assistant.packs.loaded
    assert pack.data.examples
    assert run_examples(assistant, pack) == []


def test_the_bundled_packs_worked_examples_hold(bundled: Assistant) -> None:
    (pack,) = bundled.packs.loaded
    assert len(pack.data.examples) >= 5
    assert run_examples(bundled, pack) == []


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_example_transcript_replays(path: Path, bundled: Assistant) -> None:
    report = replay_files([path], bundled)
    assert report.failed == 0, "\n" + format_report(report)


def _thread_clause_ids(bundled: Assistant) -> set[str]:
    return {c.id for c in bundled.corpus.clauses}


def test_no_python_in_the_package_names_a_clause_of_the_thread(bundled: Assistant) -> None:
    """Knowledge lives in the pack beside the notes: code names rules and quote keys, never a clause id."""
    ids = _thread_clause_ids(bundled)
    found = []
    for path in sorted((REPO / "assistant").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    assert found == []


def test_the_engines_quote_keys_are_all_in_its_pack(bundled: Assistant) -> None:
    """Every quote key the engine's Python cites (`RULE.step(text, "key", …)`) is one its pack declares."""
    pack = bundled.packs.default
    assert pack is not None
    keys = set(pack.data.quotes)
    cited = []
    for path in [*sorted((REPO / "assistant" / "rules").glob("*.py")), REPO / "assistant/dialogue/answers.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("step", "assume", "side")
            ):
                first = 1 if node.func.attr in ("step", "side") else 2
                cited += [(path.name, a.value) for a in node.args[first:] if isinstance(a, ast.Constant)]
    assert cited, "the scan found the engine's citations"
    assert [c for c in cited if c[1] not in keys] == []
