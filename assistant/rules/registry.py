"""The built-in engine's handles on the rules of its pack.

The rules themselves — title, statement, the quotes they rest on — are data in the
pack that binds this engine (`corpus/sources/serverfault-cal-thread.pack.yaml`).
The Python here names a rule by its id and a citation by the key of a quote, and
the pack active for the turn (`using(pack)`) turns keys into clause ids: no
clause id of the notes appears in code, and a step may only cite clauses its
rule rests on, so every citation traces to a quote a test checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from assistant.models.reply import Assumption, DisputeSide, Step
from assistant.models.rules import RuleInfo, RuleSource

if TYPE_CHECKING:
    from assistant.packs.pack import Pack

ENGINE = "windows-server-cals"
T = TypeVar("T", Step, Assumption, DisputeSide)
_ACTIVE: ContextVar[Pack | None] = ContextVar("active_pack", default=None)


@contextmanager
def using(pack: Pack | None) -> Iterator[None]:
    """Make `pack` the one whose rules and quotes the engine's rules use, for this block
    (None: no pack, as for a corpus of one's own notes only)."""
    token = _ACTIVE.set(pack)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def current() -> Pack | None:
    """The active pack, or None outside `using(...)`."""
    return _ACTIVE.get()


def active() -> Pack:
    pack = _ACTIVE.get()
    if pack is None:
        raise RuntimeError(f"no pack for the engine '{ENGINE}' is active (wrap the call in `using(pack)`)")
    return pack


def parameter(name: str) -> int:
    """A parameter of the active pack (the value rests on a quote of its notes)."""
    return active().parameter(name)


@dataclass(frozen=True)
class Rule:
    id: str

    @property
    def info(self) -> RuleInfo:
        return active().rules[self.id]

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def statement(self) -> str:
        return self.info.statement

    @property
    def sources(self) -> list[RuleSource]:
        return self.info.sources

    def cites(self, *keys: str) -> list[str]:
        """The clause ids of the quotes named by `keys`, checked against what this rule rests on."""
        pack = active()
        declared = {s.clause for s in self.sources}
        clauses = []
        for key in keys:
            clause = pack.clause_of(key)
            if clause not in declared:
                raise KeyError(f"rule {self.id} does not rest on the quote '{key}' ({clause})")
            clauses.append(clause)
        return list(dict.fromkeys(clauses))

    def step(self, text: str, *keys: str) -> Step:
        return self._made(Step(text=text, clauses=self.cites(*keys)))

    def assume(self, assumption: str, if_wrong: str, *keys: str) -> Assumption:
        return self._made(Assumption(assumption=assumption, if_wrong=if_wrong, clauses=self.cites(*keys)))

    def side(self, position: str, *keys: str) -> DisputeSide:
        return self._made(DisputeSide(position=position, clauses=self.cites(*keys)))

    def _made(self, item: T) -> T:
        item._rule = self.id  # which rule's quotes a citation of these clauses uses
        return item

    def quotes(self, clause: str) -> list[RuleSource]:
        """This rule's quotes of a clause, leaving out any quote inside another one."""
        own = [s for s in self.sources if s.clause == clause]
        return [s for s in own if not any(s.quote in o.quote and s != o for o in own)]


RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Rule:
    """The engine's handle on a rule of its pack (the pack must declare it: checked on load)."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} declared twice")
    RULES[rule_id] = Rule(rule_id)
    return RULES[rule_id]
