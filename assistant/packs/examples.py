"""A pack's worked examples, run as tests (`build --check`, and the test suite).

An example is either a conversation in words (`ask:`), replayed in a fresh chat
over the corpus with the last reply checked, or facts put to one question
(`question:` + `facts:`), worked out by the pack alone — inputs in, figures out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.models.packs import ExampleDef
from assistant.models.reply import Reply

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.packs.pack import Pack


def run_examples(assistant: Assistant, pack: Pack) -> list[str]:
    """What went wrong in each of the pack's examples (empty: they all hold)."""
    failures = []
    for number, example in enumerate(pack.data.examples, start=1):
        for problem in _run(assistant, pack, example):
            failures.append(f"{pack.file}: example {number}: {problem}")
    return failures


def _run(assistant: Assistant, pack: Pack, example: ExampleDef) -> list[str]:
    if example.ask:
        chat = assistant.conversation()
        reply: Reply | None = None
        for turn in example.ask:
            reply = chat.ask(turn)
        assert reply is not None
        got_kind, figures = reply.kind.value, {f.name: f.value for f in reply.figures}
        verdict, asks = (reply.verdict.value if reply.verdict else None), reply.asks
        said = f"{example.ask[-1]!r}"
    else:
        got_kind, figures, verdict, asks = _facts(pack, example)
        said = f"{example.question} with {example.facts}"
    problems = []
    if example.kind is not None and got_kind != example.kind:
        problems.append(f"{said}: expected a reply of kind {example.kind}, got {got_kind}")
    for name, value in example.figures.items():
        if figures.get(name) != value:
            problems.append(f"{said}: expected {name} = {value}, got {figures.get(name, 'no such figure')}")
    if example.verdict is not None and verdict != example.verdict:
        problems.append(f"{said}: expected the verdict {example.verdict}, got {verdict or 'none'}")
    if example.asks is not None and asks != example.asks:
        problems.append(f"{said}: expected a question asking for {example.asks}, got {asks or 'none'}")
    return problems


def _facts(pack: Pack, example: ExampleDef) -> tuple[str, dict[str, int], str | None, str | None]:
    from assistant.packs.engine import derive

    question = next(q for q in pack.data.questions if q.id == example.question)
    outcome = derive(pack, question, dict(example.facts), yes_no=example.verdict is not None)
    if isinstance(outcome, str):
        return "clarify", {}, None, outcome
    figures = {f.name: f.value for f in outcome.figures}
    return "answer", figures, outcome.verdict.value if outcome.verdict else None, None


__all__ = ["run_examples"]
