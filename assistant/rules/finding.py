"""What a rule function returns: a value with the steps and assumptions behind it."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.models.reply import Assumption, Dispute, Step
from assistant.rules.registry import Rule


@dataclass(frozen=True)
class Finding:
    value: int
    steps: tuple[Step, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def plus(self, *others: Finding, value: int | None = None) -> Finding:
        """This finding followed by others (their steps after this one's), with a new value."""
        steps, assumptions, disputes, rules = (
            list(self.steps),
            list(self.assumptions),
            list(self.disputes),
            list(self.rules),
        )
        for other in others:
            steps += [s for s in other.steps if s not in steps]
            assumptions += [a for a in other.assumptions if a not in assumptions]
            disputes += [d for d in other.disputes if d not in disputes]
            rules += [r for r in other.rules if r not in rules]
        return Finding(
            value=self.value if value is None else value,
            steps=tuple(steps),
            assumptions=tuple(assumptions),
            disputes=tuple(disputes),
            rules=tuple(rules),
        )


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
