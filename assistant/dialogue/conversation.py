"""A conversation: turns in, replies out, facts carried from turn to turn."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.dialogue import answers, compose
from assistant.models.reply import Reply, ReplyKind
from assistant.models.search import SearchHit
from assistant.models.understanding import Facts, Intent, Mode, Understanding
from assistant.retrieval.text import terms
from assistant.rules.registry import Rule

if TYPE_CHECKING:
    from assistant.api import Assistant

# A turn longer than this is cut before it is read: nobody types 100 KB on purpose,
# and bounding the input bounds the time every later step takes.
MAX_TURN_CHARS = 4000
# How many passages a retrieval answer or a not-covered reply shows.
PASSAGES = 3

_PROMPT = "Ask me something about Windows Server CALs — for example: 2 servers × 5 CALs, how many users?"


class Conversation:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.turns: list[tuple[str, Reply]] = []
        self.facts = Facts()
        self.intent: Intent | None = None  # the last question asked, answered or pending
        self.last_answer: Reply | None = None
        self.expecting: str | None = None  # the fact a clarifying question asked for

    @property
    def corpus(self):  # type: ignore[no-untyped-def]
        return self.assistant.corpus

    def reset(self) -> None:
        self.facts = Facts()
        self.intent = None
        self.last_answer = None
        self.expecting = None

    def ask(self, text: str) -> Reply:
        expecting, self.expecting = self.expecting, None
        reply = self._reply(text, expecting)
        self.turns.append((text, reply))
        return reply

    # --- the steps of one turn ----------------------------------------------------------

    def _reply(self, text: str, expecting: str | None) -> Reply:
        if not text.strip():
            return compose.plain(ReplyKind.clarify, _PROMPT)
        from assistant.dialogue.understanding import understand

        u = understand(text[:MAX_TURN_CHARS])
        if expecting and not _states_numbers(u.facts) and not u.problems:
            u = _bare_answer(u, expecting)
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
        missing = self.assistant.coverage.uncovered(u)
        if missing:
            return self._not_covered(text, missing)
        intent = self._intent_for(u)
        facts = self._merge(u)
        if intent in _RULE_QUESTIONS:
            # Numbers in a yes/no question are about the rule ("does 5 CALs mean 4 users?"),
            # not the person's own counts: use them for this answer, do not keep them.
            kept = {n: getattr(self.facts, n) for n in _COUNTS if n != "admins"}
            self.facts = facts.model_copy(update=kept)
        else:
            self.facts = facts
        if intent is None:
            return self._general(text, u)
        self.intent = intent
        outcome = answers.answer(intent, facts, text)
        if isinstance(outcome, answers.Clarify):
            self.expecting = outcome.field
            return compose.clarify(outcome.question, known=self._known())
        reply = compose.from_derivation(self.corpus, outcome)
        self.last_answer = reply
        return reply

    def _intent_for(self, u: Understanding) -> Intent | None:
        """The question this turn asks: its own, or — for a follow-up that only states facts —
        the previous one, switched to the licensing mode the follow-up names."""
        if u.intent is Intent.general:
            # Numbers given in answer to a clarifying question count as a follow-up.
            if self.intent is not None and _states_numbers(u.facts):
                return self._switch_mode(self.intent, u.facts)
            return None
        if u.intent is not Intent.statement:
            return u.intent
        if self.intent is not None:
            return self._switch_mode(self.intent, u.facts)
        facts = self.facts.merged(u.facts)
        if facts.mode is Mode.per_server and (facts.cals_total is not None or facts.copies is not None):
            return Intent.connections_per_server
        if facts.copies is not None or facts.servers is not None:
            return Intent.cals_included
        return None

    @staticmethod
    def _switch_mode(intent: Intent, new: Facts) -> Intent:
        if intent is Intent.users_licensed and new.mode is Mode.per_server:
            return Intent.connections_per_server
        if intent is Intent.connections_per_server and new.mode is Mode.per_user_device:
            return Intent.users_licensed
        if intent is Intent.cals_included and new.mode is Mode.per_server:
            return Intent.connections_per_server
        if intent is Intent.cals_included and new.mode is Mode.per_user_device:
            return Intent.users_licensed
        return intent

    def _merge(self, u: Understanding) -> Facts:
        """The facts after this turn.

        A new question that gives a different value for a count already known ("25 users ..."
        when 60 users were known) starts a new scenario, so numbers from an earlier one cannot leak into it;
        other turns build on what is known. Naming a new edition or channel
        drops a per-copy CAL count said before, since that count followed from the old one.
        """
        new = u.facts
        base = self.facts
        question = u.intent not in (Intent.statement, Intent.general) and not u.correction
        if question and any(_changed(getattr(base, n), getattr(new, n)) for n in _COUNTS):
            base = Facts()
        update: dict[str, object] = {}
        changed_kind = (new.edition is not None and new.edition != base.edition) or (
            new.channel is not None and new.channel != base.channel
        )
        if changed_kind and new.cals_per_copy is None and base.cals_per_copy is not None:
            update["cals_per_copy"] = None
        # Copies and servers are one count ("2 servers" = "2 copies") unless told apart.
        same = base.servers is None or base.copies is None or base.servers == base.copies
        if same and new.servers is not None and new.copies is None and base.copies is not None:
            update["copies"] = new.servers
        if same and new.copies is not None and new.servers is None and base.servers is not None:
            update["servers"] = new.copies
        return base.model_copy(update=update).merged(new)

    def _known(self) -> str | None:
        f = self.facts
        parts = []
        labels = [
            ("copies", "copies"),
            ("servers", "servers"),
            ("cals_per_copy", "CALs per copy"),
            ("cals_separate", "CALs bought separately"),
            ("cals_total", "CALs in all"),
            ("users", "users"),
            ("devices", "devices"),
            ("connections", "concurrent connections"),
            ("admins", "administrators"),
        ]
        for field, label in labels:
            value = getattr(f, field)
            if value is not None:
                parts.append(f"{value} {label}")
        for value in (f.channel, f.edition, f.mode, f.cal_type):
            if value is not None:
                parts.append(f"{value.value}" + (" CALs" if value is f.cal_type else ""))
        return ", ".join(parts) or None

    def _why(self) -> Reply:
        last = self.last_answer
        if last is None or not last.steps:
            return compose.plain(ReplyKind.clarify, "There is no calculation to explain yet. " + _PROMPT)
        return compose.why(self.corpus, last)

    def _not_covered(self, text: str, missing: list[str]) -> Reply:
        nearest = [self.corpus.clause_by_id[h.clause] for h in self.assistant.retriever.search(text, limit=PASSAGES)]
        what = ", ".join(f'"{_as_written(m, text)}"' for m in missing)
        return compose.not_covered(self.corpus, what, nearest)

    def _general(self, text: str, u: Understanding) -> Reply:
        if self.assistant.coverage.is_small_talk(text):
            return compose.plain(ReplyKind.clarify, _PROMPT)
        hits = self.assistant.retriever.search(text, limit=PASSAGES)
        if not hits:
            if _states_numbers(u.facts):
                return compose.clarify("What would you like to know about that?", known=self._known())
            return compose.not_covered(self.corpus, "that", [])
        from assistant.rules.registry import all_rules

        best = _best_rule(all_rules(), hits, set(terms(text)))
        # The passages the chosen rule rests on come first, then the rest by relevance.
        declared = {s.clause for s in best.sources} if best else set()
        clauses = [self.corpus.clause_by_id[h.clause] for h in sorted(hits, key=lambda h: h.clause not in declared)]
        headline = best.statement if best else "Here is what the notes say:"
        return compose.from_passages(self.corpus, headline, clauses, [best.id] if best else [])


def _best_rule(rules: list[Rule], hits: list[SearchHit], query: set[str]) -> Rule | None:
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


def _as_written(word: str, text: str) -> str:
    """A lower-cased word as the person wrote it ("exchange" -> "Exchange")."""
    match = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
    return match.group(0) if match else word


def _bare_answer(u: Understanding, field: str) -> Understanding:
    """A turn that is only a number ("25") answers the clarifying question just asked."""
    from assistant.dialogue.numbers import prepare, read_number, tokenize

    tokens = [t for t in tokenize(prepare(u.text)) if t.kind != "sym"]
    found = read_number(tokens, 0) if tokens else None
    if found is None or found[1] != len(tokens):
        return u
    number = found[0]
    if number.count is None:
        return u.model_copy(update={"problems": [f'"{number.text}" is not a whole, realistic number']})
    return u.model_copy(update={"intent": Intent.statement, "facts": Facts(**{field: number.count})})


_COUNTS = (
    "copies",
    "servers",
    "cals_per_copy",
    "cals_separate",
    "cals_total",
    "users",
    "devices",
    "connections",
    "admins",
)


_RULE_QUESTIONS = frozenset({Intent.multi_server, Intent.reassignment, Intent.change_mode, Intent.administrators})


def _changed(old: int | None, new: int | None) -> bool:
    return old is not None and new is not None and old != new


def _states_numbers(f: Facts) -> bool:
    return any(getattr(f, n) is not None for n in _COUNTS)
