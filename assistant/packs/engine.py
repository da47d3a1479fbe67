"""The engine of packs that bring no engine of their own: everything it knows comes from the pack.

One turn, for one pack: read the facts the pack's phrases find, pick the first
of the pack's questions whose words are all said (or, for a follow-up, the
question asked last), ask for the first missing fact, else work out the
figures the question shows — each by the first of its cases that applies — and
write the headline, the steps with their citations, and the assumptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.models.packs import AssumeDef, QuestionDef
from assistant.models.reply import Assumption, Figure, Step, Verdict
from assistant.models.rules import Clarify, Derivation
from assistant.packs.check import TEMPLATE_FIELD
from assistant.packs.expressions import Missing, Undefined, Value
from assistant.packs.pack import Pack, found
from assistant.packs.phrases import Tok, read_tokens

_AUXILIARIES = frozenset(
    "can could do does did is are was were will would should shall must may might have has need am".split()
)
_RESTATING = frozenset("the those these all both our".split())
# "Have 20 users, how many…?" states; "have we…?", "need I…?" ask: these verbs ask only before a subject.
_ALSO_VERBS = frozenset("have has need".split())
_SUBJECTS = [[w] for w in "i we you they he she it the our my those these that this any all".split()]
_LEAD_INS = frozenset("and but so ok okay then also now well hi hey and if".split())
# A question ending in one of these words is a yes/no question too: "… 2016 RDS CALs - ok?", "enough?".
_YES_NO_ENDINGS = frozenset("ok okay enough right correct covered fine legal compliant allowed true".split())
# Words around a lone number that only frame it: "make it 15", "actually 12 then".
_FRAME = frozenset(
    """make it its actually no sorry i mean meant rather say lets let us ok okay and what about if then oh wait
    correction instead please now so just only try how""".split()
)
_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|also|plus|then|same|ok|okay|so|now)\b|\b(?:instead|switch\w*|what if|how about|"
    r"what about|make it|change it|then\?|as well)\b",
    re.IGNORECASE,
)
# Words that change the situation already described rather than start another one.
_UPDATE = re.compile(
    r"\b(?:now|instead|any ?more|changed?|new|more|another|additional|extra|grow\w*|hiring|hired|upgrad\w*|"
    r"add\w*|replac\w*)\b",
    re.IGNORECASE,
)
_DEFINITION = re.compile(r"\b(?:what(?:'s| is| are| does)|define|meaning of|what do you mean by)\b", re.IGNORECASE)


@dataclass
class PackState:
    """What one pack remembers of a conversation."""

    facts: dict[str, Value] = field(default_factory=dict)
    question: str | None = None  # the question asked last (answered or pending)
    # Every question the words of that turn could ask: a follow-up that changes the facts
    # ("and with Datacenter?") is the first of them that fits the new facts.
    candidates: tuple[str, ...] = ()
    yes_no: bool = False  # that question was asked yes or no: its answer to a clarification keeps the verdict
    pending: str | None = None  # the fact or ask a clarifying question asked for
    last_fact: str | None = None  # the count stated last: what "make it 15" changes


@dataclass(frozen=True)
class Reading:
    """What a turn says, in one pack's words."""

    text: str
    tokens: list[Tok]
    facts: dict[str, Value]
    added: dict[str, int]  # what the turn adds to a count ("plus 5 new hires")
    last_fact: str | None
    questions: tuple[QuestionDef, ...]  # those whose words the turn says, in the pack's order
    yes_no: bool
    follow_up: bool
    bare: int | None  # a lone number ("25", "make it 15")
    named: bool  # the turn names the pack's subject


Outcome = Derivation | Clarify


def read(pack: Pack, text: str) -> Reading:
    tokens = read_tokens(text, pack.data.numbers)
    added: dict[str, int] = {}
    facts, last = _facts(pack, tokens, added)
    questions = tuple(q for q in pack.data.questions if _says(pack, q, tokens, text))
    return Reading(
        text=text,
        tokens=tokens,
        facts=facts,
        added=added,
        last_fact=last,
        questions=questions,
        yes_no=_yes_no(tokens),
        follow_up=bool(_FOLLOW_UP.search(text)),
        bare=_bare(tokens),
        named=pack.named_in(tokens, text),
    )


def _says(pack: Pack, q: QuestionDef, tokens: list[Tok], text: str) -> bool:
    groups = pack.compiled.says[q.id]
    if not all(found(group, tokens, text) for group in groups):
        return False
    return not any(True for p in pack.compiled.unless[q.id] for _ in p.find(tokens))


def _facts(pack: Pack, tokens: list[Tok], added: dict[str, int]) -> tuple[dict[str, Value], str | None]:
    """The facts the pack's phrases find (and, in `added`, what "plus 5 more" adds to a count). Each
    number is read once, by the phrase that says most about it ("32 logical processors" is threads,
    not processors)."""
    candidates = []
    sources = [(name, phrases, False) for name, phrases in pack.compiled.said_as.items()]
    sources += [(name, phrases, True) for name, phrases in pack.compiled.added_as.items()]
    for order, (name, phrases, adds) in enumerate(sources):
        between = pack.data.facts[name].between
        for phrase in phrases:
            for m in phrase.find(tokens):
                if not m.captures:
                    continue
                if between is not None and not between[0] <= m.value(tokens) <= between[1]:
                    continue
                # Most words and numbers said first; then a fact bounded to this value ("2016" as a release);
                # ...then the longer reading: it reaches the noun the number counts ("6 full desktop users").
                rank = (-(m.said + len(m.captures)), between is None, -(m.end - m.start), order, m.start)
                candidates.append((rank, name, m, adds))
    candidates.sort(key=lambda c: c[0])
    used: set[int] = set()
    accepted = []
    for _, name, m, adds in candidates:
        anchors = set(m.captures.values())
        if anchors & used:
            continue
        used |= anchors
        accepted.append((m.start, name, m, adds))
    facts: dict[str, Value] = {}
    seen: dict[str, list[int]] = {}
    conflicting: set[str] = set()
    last = None
    for _, name, m, adds in sorted(accepted, key=lambda a: a[0]):
        value = m.value(tokens)
        fact = pack.data.facts[name]
        if adds:
            added[name] = added.get(name, 0) + value
            last = name
            continue
        if not fact.adds_up and name in facts and facts[name] != value:
            conflicting.add(name)  # "one has a single 8-core CPU, the other two 16-core CPUs": which?
            continue
        if fact.adds_up:
            said_before = tokens[m.start - 1].text if m.start > 0 else ""
            if value in seen.get(name, []) and said_before in _RESTATING:
                continue  # "14 RemoteApp users and 6 desktop users … the 14": said again, not more
            seen.setdefault(name, []).append(value)
            facts[name] = int(facts.get(name, 0)) + value
        elif name not in facts:
            facts[name] = value
        if fact.between is None:
            last = name  # a count, not a release: what "make it 15" changes
    for name in conflicting:
        facts.pop(name, None)  # two values for one count: asked for, not guessed
    for name, phrases in pack.compiled.counted.items():
        said = {m.end for p in phrases for m in p.find(tokens)}  # each noun once, however it is matched
        if said and name not in facts:
            facts[name] = len(said)
    for name, values in pack.compiled.choices.items():
        said = [v for v, phrases in values.items() if any(True for p in phrases for _ in p.find(tokens))]
        if len(said) == 1:
            facts[name] = said[0]
    for name, fact in pack.data.facts.items():
        if fact.derived is not None and name not in facts:
            expr = pack.compiled.expressions[fact.derived]
            try:
                value = expr.evaluate(facts.get)
            except (Missing, Undefined):
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                facts[name] = value
    return facts, last


def _yes_no(tokens: list[Tok]) -> bool:
    segment: list[Tok] = []
    segments = []
    for tok in tokens:
        if tok.kind == "b":
            segments.append((segment, tok.text))
            segment = []
        else:
            segment.append(tok)
    segments.append((segment, ""))
    for words, end in segments:
        texts = [t.text for t in words]
        if end == "?" and texts and texts[-1] in _YES_NO_ENDINGS:
            return True  # before the lead-ins go: "… - ok?" is all lead-in
        if "if" in texts[:2] and any(
            w in _AUXILIARIES and w not in _ALSO_VERBS and texts[j + 1 : j + 2] in _SUBJECTS
            for j, w in enumerate(texts[2:], start=2)
        ):
            return True  # "and if I disable HT, does the number change?"
        while texts and texts[0] in _LEAD_INS:
            texts.pop(0)
        if texts and texts[0] in _AUXILIARIES and (texts[0] not in _ALSO_VERBS or texts[1:2] in _SUBJECTS):
            return True
    return False


# "we're hiring, make it 13": a change to one number, said with the words that set it.
_SETS = (("make", "it"), ("make", "that"), ("change", "it", "to"), ("change", "that", "to"), ("now", "it"))


def _bare(tokens: list[Tok]) -> int | None:
    rest = [t for t in tokens if t.kind != "b" and not (t.kind == "w" and t.text in _FRAME)]
    if len(rest) == 1 and rest[0].kind == "n":
        return rest[0].value
    numbers = [i for i, t in enumerate(tokens) if t.kind == "n"]
    if len(numbers) == 1:
        before = tuple(t.text for t in tokens[max(numbers[0] - 3, 0) : numbers[0]])
        if any(before[-len(words) :] == words for words in _SETS):
            return tokens[numbers[0]].value
    return None


# --- answering ------------------------------------------------------------------------------


class _Ask(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _Work:
    """The figures of one answer, worked out on demand, with the steps behind each."""

    def __init__(self, pack: Pack, facts: dict[str, Value]) -> None:
        self.pack = pack
        self.facts = facts
        self.figures: dict[str, int | None] = {}
        self.steps: list[Step] = []
        self.assumptions: list[Assumption] = []
        self.rules: list[str] = []
        self.keys: list[tuple[str, str]] = []  # (rule, quote key) of every citation

    def lookup(self, name: str) -> Value | None:
        if name in self.facts:
            return self.facts[name]
        if name in self.pack.data.parameters:
            return self.pack.parameter(name)
        if name in self.pack.data.figures:
            return self.figure(name)
        return None

    def holds(self, source: str | None) -> bool:
        if source is None:
            return True
        try:
            return bool(self.pack.compiled.expressions[source].evaluate(self.lookup))
        except (Missing, Undefined):
            return False

    def value(self, source: str) -> Value:
        return self.pack.compiled.expressions[source].evaluate(self.lookup)

    def figure(self, name: str) -> int | None:
        if name in self.figures:
            return self.figures[name]
        self.figures[name] = None  # while working it out: a figure never needs itself (checked on load)
        try:
            return self._work_out(name)
        except BaseException:
            del self.figures[name]  # not worked out (a fact is missing): asked again, not taken as absent
            raise

    def _work_out(self, name: str) -> int | None:
        fig = self.pack.data.figures[name]
        for case in fig.cases:
            if not self.holds(case.when):
                continue
            if case.ask is not None:
                raise _Ask(case.ask)
            assert case.value is not None
            value = self.value(case.value)
            if isinstance(value, bool) or not isinstance(value, int):
                raise Undefined(f"figure {name} is not a number")
            self.figures[name] = value
            if case.step:
                self.step(case.step, case.cites, fig.rule, value)
            for a in case.assume:
                self.assume(a, fig.rule, value)
            return value
        return None

    def render(self, template: str, value: int | None = None) -> str:
        def field(m: re.Match[str]) -> str:
            name, one, many = m.group(1), m.group(2), m.group(3)
            found = value if name == "value" else self.lookup(name)
            if found is None:
                raise Missing(name)
            if one is None:
                return str(found)
            return f"{found} {one if found == 1 else many}"

        return TEMPLATE_FIELD.sub(field, template)

    def step(self, template: str, cites: list[str], rule: str | None, value: int | None = None) -> None:
        text = self.render(template, value)
        step = Step(text=text, clauses=self._cite(cites, rule))
        if step not in self.steps:
            self.steps.append(step)

    def assume(self, a: AssumeDef, rule: str | None, value: int | None = None) -> None:
        item = Assumption(
            assumption=self.render(a.text, value),
            if_wrong=self.render(a.if_wrong, value),
            clauses=self._cite(a.cites, rule),
        )
        if item not in self.assumptions:
            self.assumptions.append(item)

    def _cite(self, keys: list[str], rule: str | None) -> list[str]:
        if rule is not None and rule not in self.rules:
            self.rules.append(rule)
        for key in keys:
            if rule is not None and (rule, key) not in self.keys:
                self.keys.append((rule, key))
        return list(dict.fromkeys(self.pack.clause_of(k) for k in keys))


def answer(pack: Pack, state: PackState, reading: Reading) -> Outcome | None:
    """The pack's reply to the turn (updating `state`), or None when the turn is not for it."""
    pending, state.pending = state.pending, None
    facts = dict(reading.facts)
    if reading.bare is not None and not facts:
        target = _fills(pack, pending) if pending else state.last_fact
        if target is not None:
            facts = {target: reading.bare}
        elif pending:
            state.pending = pending
            return _clarify(pack, pending)
    for name, more in reading.added.items():
        base = facts.get(name, state.facts.get(name))
        if isinstance(base, int) and not isinstance(base, bool):
            facts[name] = base + more  # "same 25 users plus 5 new hires"; "we're hiring 5 more"
    merged = {**state.facts, **facts}
    asked = next((q for q in reading.questions if q.when is None or _Work(pack, merged).holds(q.when)), None)
    if pending and not _asks_something(reading):
        asked = None  # "two 8-core CPUs" answers the question pending; it asks no new one
    question = asked
    if question is None and state.question is not None and (facts or pending or reading.follow_up):
        fitting = [q for q in (_question(pack, c) for c in state.candidates) if q is not None]
        work = _Work(pack, merged)
        question = next((q for q in fitting if q.when is None or work.holds(q.when)), None)
        question = question or _question(pack, state.question)
    if (
        question is not None
        and asked is None
        and not pending
        and reading.bare is None
        and all(state.facts.get(k) == v for k, v in facts.items())
    ):
        # "what if every picker also gets a scanner?": a change, but not one these words say.
        state.facts.update(facts)
        return Clarify(
            question="I could not tell what changes in that: which number is different now "
            "(for example, how many people or devices)?"
        )
    if question is None:
        defined = _definition(pack, reading)
        if defined is not None:
            return defined
        state.facts.update(facts)
        return None
    fresh = asked is not None and not reading.follow_up and not pending and not _UPDATE.search(reading.text)
    if fresh and any(state.facts.get(k, v) != v for k, v in facts.items()):
        state.facts = {}  # a new question with other numbers is a new scenario; "… now" updates this one
    state.facts.update(facts)
    if reading.last_fact is not None or (reading.bare is not None and facts):
        state.last_fact = reading.last_fact or next(iter(facts))
    state.question = question.id
    if asked is not None:
        state.candidates = tuple(q.id for q in reading.questions)
        state.yes_no = reading.yes_no
    yes_no = reading.yes_no or (asked is None and bool(pending) and state.yes_no)
    facts_now = dict(state.facts)
    for name, fact in pack.data.facts.items():
        if fact.per_turn:
            state.facts.pop(name, None)  # "how many more": this turn's question, not the next one's
    try:
        return _derive(pack, question, facts_now, yes_no)
    except _Ask as ask:
        state.pending = ask.name
        return _clarify(pack, ask.name)


_QUESTION_WORDS = frozenset("how what which why when where who can could do does is are will would should".split())


def _asks_something(reading: Reading) -> bool:
    return reading.yes_no or "?" in reading.text or any(t.text in _QUESTION_WORDS for t in reading.tokens[:1])


def _fills(pack: Pack, asked: str) -> str | None:
    if asked in pack.data.asks:
        return pack.data.asks[asked].fills
    return asked if asked in pack.data.facts else None


def _clarify(pack: Pack, name: str) -> Clarify:
    if name in pack.data.asks:
        return Clarify(question=pack.data.asks[name].question, field=name)
    question = pack.data.facts[name].ask
    assert question is not None  # checked on load
    return Clarify(question=question, field=name)


def _question(pack: Pack, question_id: str) -> QuestionDef | None:
    return next((q for q in pack.data.questions if q.id == question_id), None)


def _askable(pack: Pack, name: str) -> bool:
    return name in pack.data.asks or (name in pack.data.facts and pack.data.facts[name].ask is not None)


def _derive(pack: Pack, q: QuestionDef, facts: dict[str, Value], yes_no: bool) -> Derivation:
    """The answer to `q` from `facts`. A missing fact the pack can ask for is asked for (`_Ask`);
    anything resting on a fact it cannot ask for, or on a figure that does not apply, is left out."""
    work = _Work(pack, facts)
    for name in q.needs:
        if work.lookup(name) is None:
            raise _Ask(name)

    def unusable(missing: Missing) -> bool:
        if _askable(pack, missing.name):
            raise _Ask(missing.name) from None
        return True

    for step in q.steps:
        try:
            if work.holds(step.when):
                work.step(step.text, step.cites, q.rule)
        except Missing as missing:
            unusable(missing)
    figures: list[Figure] = []
    verdict_first = yes_no and q.verdict is not None
    for name in q.shows:
        try:
            value = work.figure(name)
        except Undefined:
            continue
        except Missing as missing:
            unusable(missing)
            continue
        except _Ask:
            if verdict_first:
                continue  # "do RemoteApp users still need an RDS CAL?": the yes or no needs no count
            raise
        if value is not None:
            figures.append(Figure(name=name, value=value, unit=pack.data.figures[name].unit))
    verdict = None
    if yes_no and q.verdict is not None:
        try:
            said = work.value(q.verdict)
            # 'yes' / 'no' written out, or an expression that is true or false.
            verdict = Verdict.yes if (said == "yes" if isinstance(said, str) else bool(said)) else Verdict.no
        except Undefined:
            verdict = None
        except Missing as missing:
            unusable(missing)
    headline = _headline(work, q, verdict, figures)
    for a in q.assume:
        try:
            work.assume(a, q.rule)
        except Missing as missing:
            unusable(missing)
    if verdict is not None:
        # "Yes: the 25 owned cover…", but "No: RDS CALs for…" keeps its capitals.
        first = headline[:1].lower() if headline[1:2].islower() else headline[:1]
        headline = f"{verdict.value.capitalize()}: {first}{headline[1:]}"
    else:
        headline = headline[:1].upper() + headline[1:]
    sources = [pack.source(key) for _, key in work.keys]
    cited = {k for _, k in work.keys}
    disputes = []
    for d in pack.data.disputes:
        if any(k in cited for s in d.sides for k in s.cites):  # a side rests on a quote cited: shown whole
            disputes.append(pack.dispute(d))
            sources += [pack.source(k) for s in d.sides for k in s.cites]
            if d.rule not in work.rules:
                work.rules.append(d.rule)
    return Derivation(
        headline=headline,
        verdict=verdict,
        figures=figures,
        steps=work.steps,
        assumptions=work.assumptions,
        disputes=disputes,
        rules=work.rules,
        sources=list(dict.fromkeys(sources)),
    )


def derive(pack: Pack, q: QuestionDef, facts: dict[str, Value], yes_no: bool) -> Derivation | str:
    """The answer to question `q` from `facts` alone, or the fact or ask it needs first."""
    try:
        return _derive(pack, q, facts, yes_no)
    except _Ask as ask:
        return ask.name


def _headline(work: _Work, q: QuestionDef, verdict: Verdict | None, figures: list[Figure]) -> str:
    """The question's headline for its verdict, else its plain one; a template naming a fact that was
    not said falls back to the next ("only 2 sessions, not {admins}" when no number of admins was given)."""
    chosen = {Verdict.yes: q.yes, Verdict.no: q.no}.get(verdict) if verdict else None
    templates: list[str] = []
    for given in (chosen, q.answer, q.yes):
        templates += [given] if isinstance(given, str) else given or []
    for template in templates:
        try:
            return work.render(template)
        except (Missing, Undefined):
            continue
        except _Ask:
            if verdict is None:
                raise
            continue  # a yes or no stands without the count its fuller headline would need
    return "; ".join(f"{f.value} {f.unit}".strip() for f in figures) + "."


def _definition(pack: Pack, reading: Reading) -> Derivation | None:
    """'What is an RDS CAL?': the pack's sentence for the term, resting on the clauses that use it so."""
    if not _DEFINITION.search(reading.text):
        return None
    named = [t for t in pack.data.terms if found(pack.compiled.terms[t.term], reading.tokens, reading.text)]
    if not named:
        return None
    steps = [Step(text=t.says, clauses=list(dict.fromkeys(pack.clause_of(k) for k in t.cites))) for t in named]
    sources = [pack.source(k) for t in named for k in t.cites]
    return Derivation(
        headline=" ".join(t.says for t in named),
        steps=steps,
        rules=list(dict.fromkeys(t.rule for t in named)),
        sources=list(dict.fromkeys(sources)),
    )


__all__ = ["Outcome", "PackState", "Reading", "answer", "derive", "read"]
