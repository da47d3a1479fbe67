"""A pack checked for consistency and compiled: every reference resolved, every phrase and
expression read once. Any problem is an `AssistantError` naming the file and line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.models.packs import NotCovered, PackFile
from assistant.packs.expressions import Expression, ExpressionError, parse
from assistant.packs.phrases import Phrase, PhraseError, compile_phrase

if TYPE_CHECKING:
    from assistant.packs.load import Located

# "{users}", "{users:user|users}" (the number, then the word for one or for many).
TEMPLATE_FIELD = re.compile(r"\{([A-Za-z_]\w*)(?::([^|{}]*)\|([^{}]*))?\}")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass
class Compiled:
    scope: tuple[Phrase, ...] = ()
    not_covered: list[tuple[NotCovered, tuple[Phrase, ...]]] = field(default_factory=list)
    said_as: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    choices: dict[str, dict[str, tuple[Phrase, ...]]] = field(default_factory=dict)
    counted: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    added_as: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    says: dict[str, list[tuple[Phrase, ...]]] = field(default_factory=dict)  # question id -> groups
    unless: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    terms: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    expressions: dict[str, Expression] = field(default_factory=dict)  # by source text


class _Checker:
    def __init__(self, pack: PackFile, located: Located, file: str) -> None:
        self.pack = pack
        self.located = located
        self.file = file
        self.out = Compiled()
        self.rules = {}
        for i, r in enumerate(pack.rules):
            if r.id in self.rules:
                self.fail(f"rule '{r.id}' is declared twice", ("rules", i, "id"))
            self.rules[r.id] = r
        self.values = set(pack.facts) | set(pack.parameters) | set(pack.figures)

    def fail(self, message: str, path: tuple[Any, ...]) -> None:
        raise AssistantError(message, file=self.file, line=self.located.line(path))

    # --- pieces ---

    def phrases(self, texts: Iterable[str], path: tuple[Any, ...], numbers: bool | None = None) -> tuple[Phrase, ...]:
        out = []
        for i, text in enumerate(texts):
            try:
                phrase = compile_phrase(text)
            except PhraseError as exc:
                self.fail(str(exc), (*path, i))
            has = "{n}" in text
            if numbers is True and not has:
                self.fail(f"phrase {text!r} must say where the number stands: {{n}}", (*path, i))
            if numbers is False and ("{n}" in text or "{k}" in text):
                self.fail(f"phrase {text!r} names no fact's number: use {{_}} for any number", (*path, i))
            out.append(phrase)
        return tuple(out)

    def expression(self, source: str, path: tuple[Any, ...], allowed: set[str] | None = None) -> Expression:
        try:
            expr = parse(source)
        except ExpressionError as exc:
            self.fail(str(exc), path)
        unknown = sorted(expr.names - (allowed if allowed is not None else self.values))
        if unknown:
            self.fail(f"expression {source!r} names {self._unknown(unknown[0])}", path)
        self.out.expressions[source] = expr
        return expr

    def _unknown(self, name: str) -> str:
        from assistant.suggest import nearest

        return f"unknown '{name}' (not a fact, parameter or figure); {nearest(name, sorted(self.values))}"

    def template(self, text: str, path: tuple[Any, ...], extra: Iterable[str] = ()) -> set[str]:
        names = {m.group(1) for m in TEMPLATE_FIELD.finditer(text)}
        allowed = self.values | set(extra)
        for name in sorted(names):
            if name not in allowed:
                self.fail(f"text names {self._unknown(name)}", path)
        stray = TEMPLATE_FIELD.sub("", text)
        if "{" in stray or "}" in stray:
            self.fail("a '{' or '}' that is not a {name} field", path)
        return names

    def cites(self, keys: list[str], rule: str | None, path: tuple[Any, ...]) -> None:
        if not keys:
            return
        if rule is None:
            self.fail("citations need the rule they rest on: add 'rule:'", path)
        declared = set(self.rules[rule].quotes) if rule in self.rules else set()
        for i, key in enumerate(keys):
            if key not in self.pack.quotes:
                self.fail(f"unknown quote '{key}'", (*path, i))
            if key not in declared:
                self.fail(f"quote '{key}' is not one rule '{rule}' rests on", (*path, i))

    def rule(self, rule: str | None, path: tuple[Any, ...]) -> None:
        if rule is not None and rule not in self.rules:
            from assistant.suggest import nearest

            self.fail(f"unknown rule '{rule}'; {nearest(rule, sorted(self.rules))}", path)

    # --- the whole pack ---

    def run(self) -> Compiled:
        p = self.pack
        if not _ID.fullmatch(p.pack):
            self.fail("pack: an id of lower-case letters, digits and hyphens", ("pack",))
        for key, text in p.quotes.items():
            if len(text.split()) < 3:
                self.fail(
                    f"quote '{key}' is too short to find in one clause only: quote a few more words", ("quotes", key)
                )
        for i, r in enumerate(p.rules):
            for j, key in enumerate(r.quotes):
                if key not in p.quotes:
                    self.fail(f"rule '{r.id}' rests on an unknown quote '{key}'", ("rules", i, "quotes", j))
        for group, names in (("facts", p.facts), ("parameters", p.parameters), ("figures", p.figures)):
            for name in names:
                if not _NAME.fullmatch(name):
                    self.fail(f"'{name}': names are lower case, with digits and _", (group, name))
        self._no_shared_names()
        self._scope()
        self._facts()
        for name, param in p.parameters.items():
            self.rule(param.rule, ("parameters", name, "rule"))
            self.cites([param.quote], param.rule, ("parameters", name, "quote"))
        for name, ask in p.asks.items():
            if ask.fills is not None and ask.fills not in p.facts:
                self.fail(f"ask '{name}' fills an unknown fact '{ask.fills}'", ("asks", name, "fills"))
        self._figures()
        self._questions()
        for i, term in enumerate(p.terms):
            self.rule(term.rule, ("terms", i, "rule"))
            self.cites(term.cites, term.rule, ("terms", i, "cites"))
            self.out.terms[term.term] = self.phrases(term.words, ("terms", i, "words"), numbers=False)
        seen: set[str] = set()
        for i, d in enumerate(p.disputes):
            if d.id in seen:
                self.fail(f"dispute '{d.id}' is declared twice", ("disputes", i, "id"))
            seen.add(d.id)
            self.rule(d.rule, ("disputes", i, "rule"))
            for j, side in enumerate(d.sides):
                self.cites(side.cites, d.rule, ("disputes", i, "sides", j, "cites"))
        self._examples()
        self._engine()
        return self.out

    def _no_shared_names(self) -> None:
        p = self.pack
        groups = (("facts", p.facts), ("parameters", p.parameters), ("figures", p.figures))
        for i, (group, names) in enumerate(groups):
            for other, other_names in groups[i + 1 :]:
                for name in names:
                    if name in other_names:
                        self.fail(f"'{name}' is both one of the {group} and one of the {other}", (other, name))

    def _scope(self) -> None:
        p = self.pack
        self.out.scope = self.phrases(p.scope.phrases, ("scope", "phrases"), numbers=False)
        if p.engine is None and not p.scope.default and not p.scope.phrases:
            self.fail("scope: phrases are needed (the words that put a question in this pack's scope)", ("scope",))
        for i, entry in enumerate(p.scope.not_covered):
            path = ("scope", "not_covered", i)
            if entry.quote not in p.quotes:
                self.fail(f"unknown quote '{entry.quote}'", (*path, "quote"))
            self.out.not_covered.append((entry, self.phrases(entry.phrases, (*path, "phrases"), numbers=False)))

    def _facts(self) -> None:
        for name, fact in self.pack.facts.items():
            path = ("facts", name)
            if not fact.said_as and not fact.choices and not fact.counted and fact.derived is None:
                self.fail(f"fact '{name}' needs 'said_as' (a number), 'counted', 'derived' or 'choices'", path)
            if (fact.said_as or fact.counted) and fact.choices:
                self.fail(f"fact '{name}' is either a number ('said_as') or a choice ('choices'), not both", path)
            if fact.counted:
                self.out.counted[name] = self.phrases(fact.counted, (*path, "counted"), numbers=False)
            if fact.added_as:
                if not fact.said_as:
                    self.fail(f"fact '{name}': 'added_as' adds to a count said with 'said_as'", (*path, "added_as"))
                self.out.added_as[name] = self.phrases(fact.added_as, (*path, "added_as"), numbers=True)
            if fact.said_as:
                self.out.said_as[name] = self.phrases(fact.said_as, (*path, "said_as"), numbers=True)
            if fact.derived is not None:
                self.expression(fact.derived, (*path, "derived"), allowed=set(self.pack.facts) - {name})
            if fact.choices:
                self.out.choices[name] = {
                    value: self.phrases(phrases, (*path, "choices", value), numbers=False)
                    for value, phrases in fact.choices.items()
                }

    def _figures(self) -> None:
        p = self.pack
        depends: dict[str, set[str]] = {}
        for name, fig in p.figures.items():
            path = ("figures", name)
            self.rule(fig.rule, (*path, "rule"))
            if p.engine is None and not fig.cases:
                self.fail(f"figure '{name}' needs 'cases' (how it is worked out)", path)
            uses: set[str] = set()
            for i, case in enumerate(fig.cases):
                cpath = (*path, "cases", i)
                if (case.value is None) == (case.ask is None):
                    self.fail("a case has either 'value' (an expression) or 'ask' (what to ask for)", cpath)
                if case.when is not None:
                    uses |= self.expression(case.when, (*cpath, "when")).names
                if case.value is not None:
                    uses |= self.expression(case.value, (*cpath, "value")).names
                if case.ask is not None:
                    self._askable(case.ask, (*cpath, "ask"))
                if case.step is not None:
                    self.template(case.step, (*cpath, "step"), extra=("value",))
                self.cites(case.cites, fig.rule, (*cpath, "cites"))
                for j, a in enumerate(case.assume):
                    self.template(a.text, (*cpath, "assume", j), extra=("value",))
                    self.template(a.if_wrong, (*cpath, "assume", j), extra=("value",))
                    self.cites(a.cites, fig.rule, (*cpath, "assume", j, "cites"))
            depends[name] = uses & set(p.figures)
        self._acyclic(depends)

    def _askable(self, name: str, path: tuple[Any, ...]) -> None:
        p = self.pack
        if name in p.asks:
            return
        if name in p.facts and p.facts[name].ask:
            return
        if name in p.facts:
            self.fail(f"fact '{name}' has no 'ask' (the question asking for it)", path)
        self.fail(f"unknown ask '{name}' (not in asks:, nor a fact)", path)

    def _acyclic(self, depends: dict[str, set[str]]) -> None:
        """Fail on figures that refer to each other in a cycle (a figure is worked out from others)."""
        state: dict[str, int] = {}

        def visit(name: str, trail: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = " -> ".join([*trail[trail.index(name) :], name])
                self.fail(f"figures refer to each other in a cycle: {cycle}", ("figures", name))
            state[name] = 1
            for dep in sorted(depends[name]):
                visit(dep, [*trail, name])
            state[name] = 2

        for name in depends:
            visit(name, [])

    def _questions(self) -> None:
        p = self.pack
        seen: set[str] = set()
        for i, q in enumerate(p.questions):
            path = ("questions", i)
            if not _ID.fullmatch(q.id) and not _NAME.fullmatch(q.id):
                self.fail(f"question id '{q.id}': lower-case letters, digits, - and _", (*path, "id"))
            if q.id in seen:
                self.fail(f"question '{q.id}' is declared twice", (*path, "id"))
            seen.add(q.id)
            self.rule(q.rule, (*path, "rule"))
            if p.engine is None:
                if not q.says:
                    self.fail(f"question '{q.id}' needs 'says' (the words that ask it)", path)
                if q.answer is None and (q.yes is None or q.no is None):
                    self.fail(f"question '{q.id}' needs 'answer' (the headline), or 'yes' and 'no'", path)
            self.out.says[q.id] = [
                self.phrases(group, (*path, "says", j), numbers=False) for j, group in enumerate(q.says)
            ]
            self.out.unless[q.id] = self.phrases(q.unless, (*path, "unless"), numbers=False)
            if q.when is not None:
                self.expression(q.when, (*path, "when"))
            if q.verdict is not None:
                self.expression(q.verdict, (*path, "verdict"))
            for j, name in enumerate(q.shows):
                if name not in p.figures:
                    self.fail(f"question '{q.id}' shows an unknown figure '{name}'", (*path, "shows", j))
            for j, name in enumerate(q.needs):
                if p.engine is None:
                    if name not in p.facts:
                        self.fail(f"question '{q.id}' needs an unknown fact '{name}'", (*path, "needs", j))
                    self._askable(name, (*path, "needs", j))
            for key in ("answer", "yes", "no"):
                texts = getattr(q, key)
                for j, text in enumerate([texts] if isinstance(texts, str) else texts or []):
                    self.template(text, (*path, key) if isinstance(texts, str) else (*path, key, j))
            for j, step in enumerate(q.steps):
                self.template(step.text, (*path, "steps", j))
                if step.when is not None:
                    self.expression(step.when, (*path, "steps", j, "when"))
                self.cites(step.cites, q.rule, (*path, "steps", j, "cites"))
            for j, a in enumerate(q.assume):
                self.template(a.text, (*path, "assume", j))
                self.template(a.if_wrong, (*path, "assume", j))
                self.cites(a.cites, q.rule, (*path, "assume", j, "cites"))

    def _examples(self) -> None:
        p = self.pack
        questions = {q.id for q in p.questions}
        for i, ex in enumerate(p.examples):
            path = ("examples", i)
            if not ex.ask and ex.question is None:
                self.fail("an example needs 'ask' (turns in words) or 'question' with 'facts'", path)
            if ex.question is not None and p.engine is not None:
                self.fail("with an engine, examples are conversations ('ask'), not facts", (*path, "question"))
            if ex.question is not None and ex.question not in questions:
                self.fail(f"example names an unknown question '{ex.question}'", (*path, "question"))
            for name in ex.facts:
                if name not in p.facts:
                    self.fail(f"example gives an unknown fact '{name}'", (*path, "facts", name))
            for name in ex.figures:
                if name not in p.figures:
                    self.fail(f"example expects an unknown figure '{name}'", (*path, "figures", name))
            if ex.kind is None and not ex.figures and ex.verdict is None and ex.asks is None:
                self.fail("an example must expect something: kind, figures, verdict or asks", path)

    def _engine(self) -> None:
        p = self.pack
        if p.engine is None:
            return
        from assistant.packs.engines import ENGINES

        spec = ENGINES.get(p.engine)
        if spec is None:
            from assistant.suggest import nearest

            self.fail(f"unknown engine '{p.engine}'; {nearest(p.engine, sorted(ENGINES))}", ("engine",))
            return
        for rule in spec.rules:
            if rule not in self.rules:
                self.fail(f"engine '{p.engine}' needs the rule '{rule}'", ("rules",))
        for name in spec.parameters:
            if name not in p.parameters:
                self.fail(f"engine '{p.engine}' needs the parameter '{name}'", ("parameters",))
        for name in spec.figures:
            if name not in p.figures:
                self.fail(f"engine '{p.engine}' reports the figure '{name}': declare it under figures:", ("figures",))


def check_pack(pack: PackFile, located: Located, file: str) -> Compiled:
    return _Checker(pack, located, file).run()
