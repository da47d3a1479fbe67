"""A conversation: turns in, replies out, the situation carried from turn to turn."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.dialogue import answers, compose
from assistant.dialogue.intents import YES_NO_START, question_sentences
from assistant.dialogue.situation import apply, conflicts
from assistant.models.reply import Reply, ReplyKind
from assistant.models.rules import Clarify, Derivation, RuleInfo
from assistant.models.search import SearchHit
from assistant.models.situation import CalPurchase, Change, ServerLine, Situation, Update
from assistant.models.terms import Mode
from assistant.models.understanding import Intent, Understanding
from assistant.retrieval.text import terms

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.packs.engine import PackState
    from assistant.packs.pack import Pack

# A turn longer than this is cut before it is read: nobody types 100 KB on purpose,
# and bounding the input bounds the time every later step takes.
MAX_TURN_CHARS = 4000
# How many passages a retrieval answer or a not-covered reply shows.
PASSAGES = 3

_PROMPT = "Ask me something about Windows Server CALs — for example: 2 servers × 5 CALs, how many users?"

# Questions about a rule: numbers in them are about the rule ("does 5 CALs mean 4 users?"), not the
# person's own counts, so they are used for the answer and not kept.
_RULE_QUESTIONS = frozenset(
    {
        Intent.multi_server,
        Intent.reassignment,
        Intent.change_mode,
        Intent.administrators,
        Intent.definition,
        Intent.sharing,
    }
)
# Questions that compute from the situation; a follow-up that only states facts re-asks the last one.
_NUMERIC = frozenset(
    {
        Intent.cals_included,
        Intent.users_licensed,
        Intent.connections_per_server,
        Intent.cals_needed,
        Intent.compare,
        Intent.shortfall,
        Intent.verdict,
    }
)


_MODAL = re.compile(r"\b(?:can|could|allowed)\b", re.IGNORECASE)  # "… CALs can just go to the new starters?"
_UNPLACED_QUESTION = (
    'What does that number count: users, devices, server copies or CALs? Say it with the word, e.g. "4 users".'
)

# A yes/no follow-up on the rule just discussed: "and if …, do they need a CAL then?".
_FOLLOW_UP = re.compile(r"^\s*(?:and|but|so|what) (?:if|about|when)\b|\bthen\?\s*$", re.IGNORECASE)


class Conversation:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.turns: list[tuple[str, Reply]] = []
        self.situation = Situation()
        self.intent: Intent | None = None  # the last question asked, answered or pending
        self.last_reply: Reply | None = None  # what "why?" explains
        self.expecting: str | None = None  # the fact a clarifying question asked for
        self.need = False  # the yes/no question asked whether something is needed (not allowed)
        self._term: str | None = None  # the term a follow-up to a definition names
        self.pack_states: dict[str, PackState] = {}  # what each pack without an engine remembers
        self.topic: str | None = None  # the pack without an engine that took the last turn

    @property
    def engine_pack(self) -> Pack | None:
        """The pack the built-in Windows Server CAL engine works from, when it is loaded."""
        from assistant.rules.registry import ENGINE

        return self.assistant.packs.with_engine(ENGINE)

    @property
    def corpus(self):  # type: ignore[no-untyped-def]
        return self.assistant.corpus

    def reset(self) -> None:
        self.situation = Situation()
        self.need = False
        self.intent = None
        self.last_reply = None
        self.expecting = None
        self.pack_states = {}
        self.topic = None

    def ask(self, text: str) -> Reply:
        expecting, self.expecting = self.expecting, None
        from assistant.rules.registry import using

        with using(self.engine_pack):  # the engine's rules and quotes are this pack's
            reply = self._reply(text, expecting)
        self.turns.append((text, reply))
        if reply.intent not in (None, Intent.why.value, Intent.reset.value):
            self.last_reply = reply
        return reply

    # --- the steps of one turn ----------------------------------------------------------

    def _reply(self, text: str, expecting: str | None) -> Reply:
        if not text.strip():
            if self.turns and self.turns[-1][1].headline == _PROMPT:
                return self.turns[-1][1]
            return compose.plain(ReplyKind.clarify, _PROMPT)
        from assistant.dialogue.understanding import understand

        u = understand(text[:MAX_TURN_CHARS])
        if expecting and not u.update.states_numbers() and not u.problems:
            u = _bare_answer(u, expecting)
        elif expecting in ("users_more", "devices_more") and set(u.update.counts) == {expecting.removesuffix("_more")}:
            # "How many more users…?" — "4 sales guys": four more
            fact = expecting.removesuffix("_more")
            more = Change(fact=fact, by=u.update.counts[fact])
            u = u.model_copy(update={"update": u.update.model_copy(update={"counts": {}, "changes": [more]})})
        if u.intent is Intent.reset:
            self.reset()
            return compose.plain(ReplyKind.answer, "Starting over: I have forgotten the earlier numbers. " + _PROMPT)
        if u.intent is Intent.why:
            return self._why()
        if u.problems:
            return compose.clarify(
                "Could you give me whole, realistic numbers?",
                note="I cannot use that: " + "; ".join(u.problems) + ".",
            )
        from_packs = self._from_packs(text, u)
        if from_packs is not None:
            return from_packs
        self.topic = None  # the turn is the default pack's: a follow-up no longer goes to another
        return self._from_default(text, u, expecting)

    def _from_default(
        self, text: str, u: Understanding, expecting: str | None, handled: frozenset[str] = frozenset()
    ) -> Reply:
        """The reply of the pack that takes questions no other pack names: the Windows Server CAL
        engine over the bundled thread's pack; from passages when that pack is not loaded or the
        question lies outside it. `handled`: subjects another pack has answered for in this turn."""
        coverage = self.assistant.coverage
        missing = coverage.uncovered(u, handled=handled)
        if missing:
            if u.intent in _NUMERIC:
                self.intent = u.intent  # "and a plain 2008 Enterprise box with the same 30 users?" asks it again
            return self._not_covered(text, missing).model_copy(update={"intent": u.intent.value})
        pack = self.engine_pack
        if pack is None or coverage.uncovered(u, pack, handled):
            # The notes speak of it, but no rule pack covers it: what the notes say, and no figure.
            return self._general(text, u, no_rules=True).model_copy(update={"intent": u.intent.value})
        intent = self._intent_for(u)
        known_before = self.situation.numbers()
        situation = self._merged(u, intent)
        if intent in _RULE_QUESTIONS:
            self.situation = self._merged(u, intent, keep_counts=True)
        else:
            self.situation = situation
        if intent is None:
            if expecting and u.update.is_empty():
                # Not a number after a clarifying question: ask again rather than guess.
                self.expecting = expecting
            return self._general(text, u).model_copy(update={"intent": u.intent.value})
        if intent is not self.intent or u.intent is not Intent.statement:
            self.need = u.asks_need  # a follow-up keeps the way its question was asked
        self.intent = intent
        term = u.term or (self._term if intent is Intent.definition else None)
        self._term = None
        claims = (u.update.claimed_need, u.update.claimed_to_buy)
        outcome = answers.answer(intent, situation, text, term, self.need, *claims)
        unplaced = [x.words for x in u.update.unplaced if x.value not in known_before]
        what = " and ".join(f'"{w}"' for w in unplaced[:3])
        if isinstance(outcome, Clarify):
            self.expecting = outcome.field
            asks = outcome.field.removesuffix("_more") if outcome.field else None  # the fact, more of it or not
            note = outcome.note or (f"I could not tell what {what} {_count_verb(unplaced)}." if unplaced else None)
            return compose.clarify(outcome.question, known=self._known(), note=note, asks=asks, intent=intent.value)
        if unplaced and intent in _NUMERIC and outcome.figures:
            # A figure that leaves out a number the person gave may be wrong with every step cited: ask.
            return compose.clarify(
                _UNPLACED_QUESTION,
                known=self._known(),
                note=f"I could not tell what {what} {_count_verb(unplaced)}, so I give no figure yet.",
                intent=intent.value,
            )
        return compose.from_derivation(self.corpus, outcome, intent=intent.value)

    # --- packs with no engine of their own ------------------------------------------------------

    def _from_packs(self, text: str, u: Understanding) -> Reply | None:
        """The reply of the packs the turn is for (None: it is for none of them)."""
        from assistant.dialogue.routing import route

        packs = self.assistant.packs
        turn = route(packs, text, u.update.releases(), self.pack_states, self.topic)
        if turn.not_covered is not None:
            pack, entry, clause = turn.not_covered
            self.topic = pack.id
            nearest = [
                self.corpus.clause_by_id[h.clause] for h in self.assistant.retriever.search(text, limit=PASSAGES)
            ]
            shown = [clause, *[c for c in nearest if c.id != clause.id]][:PASSAGES]
            return compose.not_covered(self.corpus, f'"{entry.name}"', shown)
        answered = [(p, o) for p, o in turn.outcomes if isinstance(o, Derivation)]
        asked = [(p, o) for p, o in turn.outcomes if isinstance(o, Clarify)]
        if not answered and not asked:
            return None
        if answered:
            for p, _ in asked:
                self.pack_states[p.id].pending = None  # another pack answered: its question is dropped
            replies = [
                compose.from_derivation(self.corpus, d, intent=self.pack_states[p.id].question) for p, d in answered
            ]
            self.topic = answered[0][0].id
            if turn.default_too:
                handled = frozenset(s for p, _ in answered for s in p.data.scope.subjects)
                default = self._from_default(text, u, None, handled)
                if default.kind is ReplyKind.answer and default.figures:
                    replies.insert(0, default)
            if len(replies) == 1:
                return replies[0]
            return compose.combined(self.corpus, replies)
        pack, question = asked[0]
        for p, _ in asked[1:]:
            self.pack_states[p.id].pending = None
        self.topic = pack.id
        return compose.clarify(
            question.question, note=question.note, asks=question.field, intent=self.pack_states[pack.id].question
        )

    def _intent_for(self, u: Understanding) -> Intent | None:
        """The question this turn asks: its own, or — for a follow-up that only states facts —
        the previous one, switched to the licensing mode the follow-up names."""
        if u.intent is Intent.general:
            # Numbers given in answer to a clarifying question count as a follow-up.
            if self.intent in _NUMERIC and u.update.states_numbers():
                return self._switch_mode(self.intent, u.update)
            if self.intent in _RULE_QUESTIONS and _FOLLOW_UP.search(u.text):
                return self.intent  # "and if they also do their normal work on it, do they need a CAL then?"
            return None
        if (
            u.intent in (Intent.sharing, Intent.reassignment, Intent.change_mode)
            and self.intent in _NUMERIC
            and (u.update.counts or u.update.changes or u.update.allocation)
            and not any(YES_NO_START.match(q) or _MODAL.search(q) for q in question_sentences(u.text) or [u.text])
        ):
            # "What if we license by device instead? The staff share only 12 desktops", "one of the 26 leaves on
            # friday, so then?": new numbers for the figure just given, not a question about the rule.
            return self._switch_mode(self.intent, u.update)
        if u.intent is not Intent.statement:
            return u.intent
        if self.intent in _NUMERIC:
            return self._switch_mode(self.intent, u.update)
        if self.intent in _RULE_QUESTIONS and u.update.mode is not None and not u.update.states_numbers():
            return self.intent  # "and in per server mode?" after a question about a rule
        if self.intent is Intent.definition and not u.update.states_numbers():
            from assistant.rules.definitions import known_term

            term = known_term(u.text)
            if term:
                self._term = term  # "and a user CAL?" after "what's a device CAL?"
                return Intent.definition
        s = apply(self.situation, u.update, adds=u.adds, correction=u.correction)
        if s.mode is Mode.per_server and s.says_what_is_owned():
            return Intent.connections_per_server
        if (s.lines or s.purchases or s.cals_owned is not None) and (s.users or s.devices):
            return Intent.shortfall  # "Server 2008 Std OEM, 8 users.": what is owned against what is needed
        if s.lines or s.purchases or s.cals_owned is not None:
            return Intent.cals_included
        return None

    @staticmethod
    def _switch_mode(intent: Intent | None, new: Update) -> Intent | None:
        if intent is Intent.users_licensed and new.mode is Mode.per_server:
            return Intent.connections_per_server
        if intent is Intent.connections_per_server and new.mode is Mode.per_user_device:
            return Intent.users_licensed
        if intent is Intent.cals_included and new.mode is Mode.per_server:
            return Intent.connections_per_server
        if intent is Intent.cals_included and new.mode is Mode.per_user_device:
            return Intent.users_licensed
        if intent is Intent.cals_included and new.mode is None and ({"users", "devices"} & new.counts.keys()):
            return Intent.shortfall  # "how many CALs with 5 copies?" … "and we have 40 users": what is short
        return intent

    def _merged(self, u: Understanding, intent: Intent | None, keep_counts: bool = False) -> Situation:
        """The situation after this turn. A new question that gives another value for something already
        known starts a new scenario; other turns build on what is known."""
        base = self.situation
        question = u.intent not in (Intent.statement, Intent.general) and not (u.correction or u.adds or u.continues)
        if question and intent in _NUMERIC and conflicts(base, u.update):
            base = Situation()
        if keep_counts:
            update = u.update.model_copy(update={"counts": {}, "changes": [], "lines": [], "purchases": []})
            return apply(base, update)
        return apply(base, u.update, adds=u.adds, correction=u.correction)

    def _known(self) -> str | None:
        s = self.situation
        parts = [line.label() for line in s.lines]
        if s.purchases:
            parts.append(f"{sum(p.cals for p in s.purchases)} CALs bought separately")
        labels = [
            ("cals_owned", "CALs in all"),
            ("servers", "servers"),
            ("users", "users"),
            ("devices", "devices"),
            ("connections", "concurrent connections"),
            ("admins", "administrators"),
        ]
        for field, label in labels:
            value = getattr(s, field)
            if value is not None:
                parts.append(f"{value} {label}")
        if not s.lines:
            parts += [v.value for v in (s.channel, s.edition) if v is not None]
        for value in (s.mode, s.cal_type):
            if value is not None:
                parts.append(f"{value.value}" + (" CALs" if value is s.cal_type else ""))
        return ", ".join(parts) or None

    def _why(self) -> Reply:
        last = self.last_reply
        if last is None:
            return compose.plain(ReplyKind.clarify, "There is nothing to explain yet. " + _PROMPT)
        return compose.why(self.corpus, last, {r.id: r.statement for r in self._rules()})

    def _not_covered(self, text: str, missing: list[str]) -> Reply:
        nearest = [self.corpus.clause_by_id[h.clause] for h in self.assistant.retriever.search(text, limit=PASSAGES)]
        what = ", ".join(f'"{_as_written(m, text)}"' for m in missing)
        return compose.not_covered(self.corpus, what, nearest)

    def _general(self, text: str, u: Understanding, *, no_rules: bool = False) -> Reply:
        """What the notes say on the turn, quoted. `no_rules`: no rule pack covers the question, so no
        rule's statement heads it (it would answer another question) and it says so when a figure was
        asked for."""
        if self.assistant.coverage.is_small_talk(text):
            return compose.plain(ReplyKind.clarify, _PROMPT)
        if u.intent is Intent.statement:
            # Facts with no question ("3 servers"): noted, and asked what they want to know.
            return compose.clarify("What would you like to know about that?", known=self._known())
        hits = self.assistant.retriever.search(text, limit=PASSAGES)
        if not hits:
            if u.update.states_numbers():
                return compose.clarify("What would you like to know about that?", known=self._known())
            return compose.not_covered(self.corpus, "that", [])
        best = None if no_rules else _best_rule(self._rules(), hits, set(terms(text)))
        # The passages the chosen rule rests on come first, then the rest by relevance.
        declared = {s.clause for s in best.sources} if best else set()
        clauses = [self.corpus.clause_by_id[h.clause] for h in sorted(hits, key=lambda h: h.clause not in declared)]
        headline = best.statement if best else "Here is what the notes say:"
        if no_rules and u.intent not in (Intent.general, Intent.definition):
            headline = "None of the rule packs covers that, so I give no figure; here is what the notes say:"
        disputes = self.assistant.packs.disputes_touching({c.id for c in clauses})
        return compose.from_passages(self.corpus, headline, clauses, [best.id] if best else [], disputes)

    def _rules(self) -> list[RuleInfo]:
        return [r for p in self.assistant.packs.loaded for r in p.rules.values()]


def _best_rule(rules: list[RuleInfo], hits: list[SearchHit], query: set[str]) -> RuleInfo | None:
    """The rule behind the retrieved passages: among rules resting on a hit, the one whose
    title shares most words with the question, then the one whose clauses score highest."""
    scores = {h.clause: h.score for h in hits}
    best: tuple[int, float] | None = None
    chosen = None
    for r in rules:
        declared = {s.clause for s in r.sources}
        if not declared & scores.keys():
            continue
        key = (len(query & set(terms(r.title))), sum(scores.get(c, 0.0) for c in declared))
        if best is None or key > best:
            best, chosen = key, r
    return chosen


def _count_verb(words: list[str]) -> str:
    return "counts" if len(words) == 1 else "count"


def _as_written(word: str, text: str) -> str:
    """A lower-cased word as the person wrote it ("exchange" -> "Exchange")."""
    match = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
    return match.group(0) if match else word


# Words that may stand around a bare number answering a question without changing what it counts.
_FRAME_WORDS = frozenset(
    """altogether total in all overall about around roughly approx approximately maybe perhaps probably i think
    guess say so or ish exactly just only we re are have got there of us them people users staff devices pcs
    servers copies cals connections admins at once peak the each it s ok okay yes yeah well um on per server""".split()
)


def _bare_answer(u: Understanding, fact: str) -> Understanding:
    """A turn that is only a number ("25") answers the clarifying question just asked."""
    from assistant.dialogue.numbers import prepare, read_number, tokenize

    tokens = [t for t in tokenize(prepare(u.text)) if t.kind != "sym"]
    # "23 altogether", "about 14", "we're 9", "18 people": the number, with words that only frame it
    start = 0
    while start < len(tokens) and tokens[start].text in _FRAME_WORDS:
        start += 1
    found = read_number(tokens, start) if start < len(tokens) else None
    if found is None or not all(t.text in _FRAME_WORDS for t in tokens[found[1] :]):
        return u
    number = found[0]
    if number.count is None:
        return u.model_copy(update={"problems": [f'"{number.text}" is not a whole, realistic number']})
    n = number.count
    if fact == "copies":
        update = Update(lines=[ServerLine(copies=n)])
    elif fact == "cals_bought":
        update = Update(purchases=[CalPurchase(cals=n)])
    elif fact in ("users_more", "devices_more"):
        update = Update(changes=[Change(fact=fact.removesuffix("_more"), by=n)])  # "4 sales guys": 4 more
    else:
        update = Update(counts={"users" if fact == "users_or_devices" else fact: n})
    return u.model_copy(update={"intent": Intent.statement, "update": update})
