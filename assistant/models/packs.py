"""Contract of rule packs: licensing knowledge as data, kept beside the notes it cites.

A pack (`<name>.pack.yaml`) says what it covers (scope), the words it teaches the
parser (facts, choices, number words), its parameters (each resting on a verbatim
quote of the notes), its rules, the questions it answers with the facts each
needs, its assumptions and disputes, and worked examples that run as tests.

Quotes are named by a key and written out verbatim; when the corpus is loaded
each is found in exactly one clause of the pack's notes, so a pack never names a
clause id. Arithmetic is written in a small expression language
(`assistant/packs/expressions.py`): whole numbers, names, + - * //, comparisons,
and/or/not, `min`, `max`, `ceil_div`, `known` — no code.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictInt, StrictStr

from assistant.models.corpus import PackSource, Strict
from assistant.models.rules import RuleInfo


def _number_as_text(value: Any) -> Any:
    # `versions: [2016, 2019]` or a phrase `2012`: YAML reads them as numbers; they are words here.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PhraseText = Annotated[StrictStr, BeforeValidator(_number_as_text)]


class NotCovered(Strict):
    """A subject the notes say they do not cover: a question on it gets that sentence, not a guess."""

    name: StrictStr
    phrases: list[PhraseText] = Field(min_length=1)
    quote: StrictStr  # key of the quote saying so


class Scope(Strict):
    products: list[StrictStr] = Field(default_factory=list)
    versions: list[PhraseText] = Field(default_factory=list)  # releases covered ("2003", "2016"); empty: any
    licence: StrictStr = ""
    # A question naming one of these phrases is in the pack's scope.
    phrases: list[PhraseText] = Field(default_factory=list)
    # Subjects of the shared vocabulary (assistant/data/subjects.yaml) the pack answers for.
    subjects: list[StrictStr] = Field(default_factory=list)
    # Takes the questions that name no other pack's subject (the bundled thread's pack).
    default: bool = False
    not_covered: list[NotCovered] = Field(default_factory=list)


class RuleDef(Strict):
    id: StrictStr
    title: StrictStr
    statement: StrictStr
    quotes: list[StrictStr] = Field(min_length=1)  # keys of the quotes it rests on


class FactDef(Strict):
    """Something a person tells: a count ("45 agents"), a release ("2016 RDS CALs") or a choice."""

    means: StrictStr
    # Phrases with {n} where the number stands ("{n} users|people"); {k} multiplies ("{k} {n} core pack").
    said_as: list[StrictStr] = Field(default_factory=list)
    # For a choice: each value with the phrases that name it ("per_device": ["per device", "device cal*"]).
    choices: dict[StrictStr, list[PhraseText]] = Field(default_factory=dict)
    ask: StrictStr | None = None  # the one short question asking for it
    adds_up: bool = False  # several mentions in one turn add up ("a 20-pack and a 5-pack")
    # The values it can take ([2000, 2100] for a release year): a number outside is not this fact.
    between: tuple[StrictInt, StrictInt] | None = None
    # Phrases that add {n} to the count, stated in the same turn or before ("plus 5 new hires",
    # "6 more"); with no count to add to, the fact stays unknown.
    added_as: list[PhraseText] = Field(default_factory=list)
    # For a count said as a list ("a laptop, an office desktop and a home PC" is 3): phrases whose
    # matches are counted, each word once.
    counted: list[PhraseText] = Field(default_factory=list)
    # Said of this turn only, not kept for the next ("how many MORE packs").
    per_turn: bool = False
    # Worked out from other facts when one turn states all of them and not this one:
    # "one CPU, 20 cores" gives 20 cores per processor.
    derived: StrictStr | None = None


class AskDef(Strict):
    """A clarifying question asking for more than one fact, or for one of several."""

    question: StrictStr
    fills: StrictStr | None = None  # the fact a bare number answers (none: the answer must say what it counts)


class ParameterDef(Strict):
    value: StrictInt
    means: StrictStr
    rule: StrictStr
    quote: StrictStr  # key of the quote the value rests on


class AssumeDef(Strict):
    text: StrictStr
    if_wrong: StrictStr
    cites: list[StrictStr] = Field(default_factory=list)


class CaseDef(Strict):
    """One way a figure is worked out: the first case whose `when` holds is used."""

    when: StrictStr | None = None
    value: StrictStr | None = None  # an expression; None with `ask`
    ask: StrictStr | None = None  # this case means a fact is missing: ask for it
    step: StrictStr | None = None  # the derivation step, with {names} filled in
    cites: list[StrictStr] = Field(default_factory=list)
    assume: list[AssumeDef] = Field(default_factory=list)


class FigureDef(Strict):
    means: StrictStr
    unit: StrictStr = ""
    rule: StrictStr | None = None  # the rule its steps implement
    # Empty for a figure worked out by the pack's engine (the bundled thread's pack).
    cases: list[CaseDef] = Field(default_factory=list)


class StepDef(Strict):
    text: StrictStr
    cites: list[StrictStr] = Field(default_factory=list)
    when: StrictStr | None = None


class QuestionDef(Strict):
    """A kind of question the pack answers: how to recognise it, what it shows, what it needs."""

    id: StrictStr
    means: StrictStr
    rule: StrictStr | None = None
    # Every group must be said (any phrase of a group will do), and no `unless` phrase.
    says: list[list[PhraseText]] = Field(default_factory=list)
    unless: list[PhraseText] = Field(default_factory=list)
    when: StrictStr | None = None  # an expression over what is known
    needs: list[StrictStr] = Field(default_factory=list)  # facts or asks asked for before answering
    shows: list[StrictStr] = Field(default_factory=list)  # figures, in order
    verdict: StrictStr | None = None  # for a yes/no question: an expression, true means yes
    # The headline, with {names} filled in; a list gives fall-backs, the first whose names are all known.
    answer: StrictStr | list[StrictStr] | None = None
    yes: StrictStr | list[StrictStr] | None = None  # the headline after "Yes: " / "No: " for a yes/no question
    no: StrictStr | list[StrictStr] | None = None
    steps: list[StepDef] = Field(default_factory=list)  # steps of its own, before the figures'
    assume: list[AssumeDef] = Field(default_factory=list)


class TermDef(Strict):
    """A term the notes use, defined in one sentence resting on the clauses that use it so."""

    term: StrictStr
    words: list[PhraseText] = Field(min_length=1)
    says: StrictStr
    rule: StrictStr
    cites: list[StrictStr] = Field(min_length=1)


class SideDef(Strict):
    position: StrictStr
    cites: list[StrictStr] = Field(min_length=1)


class DisputeDef(Strict):
    id: StrictStr
    claim: StrictStr
    rule: StrictStr
    sides: list[SideDef] = Field(min_length=2)


class ExampleDef(Strict):
    """A worked example: a conversation in words (or facts put to one question) and what must come out."""

    ask: list[StrictStr] = Field(default_factory=list)  # the turns; the last one's reply is checked
    question: StrictStr | None = None  # with `facts`: the question the facts are put to
    facts: dict[StrictStr, StrictInt | StrictStr] = Field(default_factory=dict)
    kind: Literal["answer", "clarify", "not_covered"] | None = None
    figures: dict[StrictStr, StrictInt] = Field(default_factory=dict)
    verdict: Literal["yes", "no"] | None = None
    asks: StrictStr | None = None


class PackFile(Strict):
    """A pack file as written."""

    pack: StrictStr
    title: StrictStr
    notes: list[StrictStr] = Field(default_factory=list)  # notes files it cites; default: the same name
    engine: StrictStr | None = None  # a built-in engine that does the understanding and arithmetic
    scope: Scope
    numbers: dict[StrictStr, StrictInt] = Field(default_factory=dict)  # number words of the topic ("dual": 2)
    quotes: dict[StrictStr, StrictStr] = Field(min_length=1)
    rules: list[RuleDef] = Field(min_length=1)
    facts: dict[StrictStr, FactDef] = Field(default_factory=dict)
    asks: dict[StrictStr, AskDef] = Field(default_factory=dict)
    parameters: dict[StrictStr, ParameterDef] = Field(default_factory=dict)
    figures: dict[StrictStr, FigureDef] = Field(default_factory=dict)
    questions: list[QuestionDef] = Field(default_factory=list)
    terms: list[TermDef] = Field(default_factory=list)
    disputes: list[DisputeDef] = Field(default_factory=list)
    examples: list[ExampleDef] = Field(default_factory=list)


__all__ = ["PackSource"]


class PackInfo(Strict):
    """What `licensing-assistant rules` shows of a pack."""

    pack: str
    title: str
    file: str
    loaded: bool
    why_not: str | None = None  # why it was not loaded
    engine: str | None = None
    products: list[str] = Field(default_factory=list)
    versions: list[str] = Field(default_factory=list)
    licence: str = ""
    notes: list[str] = Field(default_factory=list)
    rules: list[RuleInfo] = Field(default_factory=list)
    parameters: dict[str, int] = Field(default_factory=dict)
    figures: dict[str, str] = Field(default_factory=dict)
    questions: dict[str, str] = Field(default_factory=dict)
    examples: int = 0
