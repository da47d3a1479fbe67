"""Rules are declared next to the clauses they implement, and registered here.

A `Rule` names its sources (clause id + verbatim words). Steps, assumptions and
disputes may only cite clauses their rule declares, so every citation in a
reply can be traced to a quote that a test checks against the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from assistant.models.reply import Assumption, DisputeSide, Step
from assistant.models.rules import RuleInfo, RuleSource

RULES: dict[str, Rule] = {}
T = TypeVar("T", Step, Assumption, DisputeSide)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    statement: str
    sources: tuple[RuleSource, ...] = field(default_factory=tuple)

    def cites(self, *clauses: str) -> list[str]:
        """The given clause ids, checked against what this rule declares."""
        known = {s.clause for s in self.sources}
        for clause in clauses:
            if clause not in known:
                raise KeyError(f"rule {self.id} does not declare clause {clause}")
        return list(clauses)

    def step(self, text: str, *clauses: str) -> Step:
        return self._made(Step(text=text, clauses=self.cites(*clauses)))

    def assume(self, assumption: str, if_wrong: str, *clauses: str) -> Assumption:
        return self._made(Assumption(assumption=assumption, if_wrong=if_wrong, clauses=self.cites(*clauses)))

    def side(self, position: str, *clauses: str) -> DisputeSide:
        return self._made(DisputeSide(position=position, clauses=self.cites(*clauses)))

    def _made(self, item: T) -> T:
        item._rule = self.id  # which rule's quotes a citation of these clauses uses
        return item

    def quotes(self, clause: str) -> list[RuleSource]:
        """This rule's quotes of a clause, leaving out any quote inside another one."""
        own = [s for s in self.sources if s.clause == clause]
        return [s for s in own if not any(s.quote in o.quote and s != o for o in own)]

    def info(self) -> RuleInfo:
        return RuleInfo(id=self.id, title=self.title, statement=self.statement, sources=list(self.sources))


def rule(rule_id: str, title: str, statement: str, *sources: tuple[str, str]) -> Rule:
    """Declare and register a rule: `sources` are (clause id, verbatim quote) pairs."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} declared twice")
    declared = Rule(rule_id, title, statement, tuple(RuleSource(clause=c, quote=q) for c, q in sources))
    RULES[rule_id] = declared
    return declared


def all_rules() -> list[Rule]:
    """Every rule, in declaration order (importing the modules that declare them)."""
    from assistant.rules import cals, definitions, modes, policies  # noqa: F401  (registers the rules)

    return list(RULES.values())
