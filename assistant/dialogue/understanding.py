"""Reading one turn deterministically: intent, facts, correction, leftover words, problems.

No language model. The turn is cleaned and tokenised (`numbers.py`), its words
are matched against tables (`lexicon.py`) into items — numbers, units, licensing
terms, markers such as "each" or "a 10-pack" — and then

1. each number is tied to its unit ("3 OEM copies", "5 CALs each", "2 × 5",
   "plus 10 more CALs") and becomes a fact, or a problem when it cannot be a count;
2. the items are rendered as a cue string ("how many _cal do i need") and the
   intent is the first family of cue patterns that matches;
3. the words no table recognised become `leftover`, for the coverage check.

Public API: `understand(text) -> Understanding`.
"""

from __future__ import annotations

import itertools
import re

from assistant.dialogue import lexicon as lx
from assistant.dialogue.intents import (
    _CORRECTION_ANYWHERE,
    _CORRECTION_START,
    _HOWMANY,
    _INTRO,
    _RESET,
    YES_NO_START,
    asks_need,
    intent_of,
    is_question,
)
from assistant.dialogue.inventory import build
from assistant.dialogue.lexer import FOREIGN, PUNCT, UNIT, WORD, Item, in_context, lex, normalise
from assistant.dialogue.numbers import Token, prepare, tokenize
from assistant.dialogue.quantities import described, flat_counts, terms_of, usable
from assistant.dialogue.quantities import quantities as read_quantities
from assistant.models.situation import Update
from assistant.models.understanding import Intent, Understanding
from assistant.retrieval.text import STOP_WORDS
from assistant.rules.definitions import known_term

__all__ = ["understand"]

# --- the whole turn ------------------------------------------------------------------------------


_OPENERS = lx.AUX_WORDS | lx.WH_WORDS


def _question_cue(items: list[Item]) -> str | None:
    """The cue of what is asked: in each sentence ending with "?", from the first clause that opens
    with a question word ("are they…", "how many…") to the "?"; None when nothing is asked so. Several
    questions ("How many CALs in total? And how many must we buy?") are read together, so the one the
    intent patterns rank first (what to buy before what is owned) is answered."""
    asked: list[str] = []
    start = 0
    for k, it in enumerate(items):
        if it.kind != PUNCT:
            continue
        if it.value in ".!;":
            start = k + 1
        elif it.value == "?":
            sentence = items[start:k]
            opening = [
                j
                for j, x in enumerate(sentence)
                if x.surface in _OPENERS
                and (j == 0 or sentence[j - 1].kind == PUNCT or sentence[j - 1].surface in ("or", "and", "but", "so"))
            ]
            if opening:
                asked.append(_cue_string(sentence[opening[0] :]))
            start = k + 1
    return " | ".join(asked) if asked else None


def _cue_string(items: list[Item]) -> str:
    cue = " ".join(it.cue for it in items)
    return _HOWMANY.sub("how many", cue)


_FILLER_WORDS = frozenset("ok okay so please thanks thank you now then again right alright well hmm cheers".split())


def _after_reset(items: list[Item]) -> int | None:
    """When the turn opens with a reset command (after filler such as "ok,"), the index of the
    first item after that command's clause; else None."""
    start = 0
    while start < len(items):
        end = start
        while end < len(items) and items[end].kind != PUNCT:
            end += 1
        clause = " ".join(it.cue for it in items[start:end])
        if _RESET.match(clause + " |"):
            return end
        if not all(w in _FILLER_WORDS for w in clause.split()):
            return None
        start = end + 1
    return None


_RULE_INTENTS = (
    Intent.multi_server,
    Intent.pooling,
    Intent.reassignment,
    Intent.change_mode,
    Intent.administrators,
    Intent.sharing,
)
_BOTH_SERVERS = re.compile(
    r"\bboth (?:the |my |our |of the |of my |of our )?(?:windows )?(?:servers|srvs?|svrs?)\b", re.IGNORECASE
)


def understand(text: str) -> Understanding:
    """Read one turn. Never raises for any str; only the first `MAX_PARSE_CHARS` characters are read."""
    if not isinstance(text, str):
        text = str(text)
    prepared = prepare(text)
    tokens = normalise(tokenize(prepared))
    items = lex(tokens)
    in_context(items, tokens)

    # "Start over: 2 servers x 5 CALs, how many users?" — a reset that goes on to ask is a fresh
    # question (the conversation starts a new scenario for it); a bare reset is a reset.
    after_reset = _after_reset(items)
    if after_reset is not None:
        items = items[after_reset:]
        if not any(it.kind != PUNCT and it.cue not in _FILLER_WORDS for it in items):
            return Understanding(text=text, intent=Intent.reset)

    quantities = read_quantities(items)
    problems: list[str] = []
    ok = usable(quantities, problems, prepared, tokens, items)
    counts = flat_counts(quantities, ok)
    terms = terms_of(items, quantities)
    cue = _cue_string(items)
    has_qmark = any(it.kind == PUNCT and it.value == "?" for it in items)
    update = build(items, quantities, ok, describe=lambda q: described(prepared, tokens, items, q))
    if update.peaks or update.allocation:
        counts.setdefault("connections", max(update.peaks or update.allocation))  # the per-server figures
    intent = intent_of(cue, has_qmark, counts, terms, stated=update.states_numbers())
    asked = _question_cue(items)
    if asked is not None and asked != cue:
        # What the question clause itself asks wins over what the story around it matches ("The 5 CALs
        # that came with our first server - are they tied to that box, or can those 5 people also use…?").
        focused = intent_of(asked, True, counts, terms, stated=update.states_numbers())
        # "is that right?" after a claim asks about the claim, not for the reasons of a previous reply.
        if focused not in (Intent.general, Intent.statement, Intent.why, intent):
            intent = focused

    if intent is Intent.why:
        return Understanding(text=text, intent=intent)
    # "one of the 26 leaves on friday, so then?": people coming and going, said as news rather than asked
    # about as a rule, keep their numbers (the conversation decides whether a figure follows).
    news = (
        intent in (Intent.reassignment, Intent.sharing)
        and bool(update.changes)
        and any((q.number.count or 0) > 1 for q in quantities)  # a count of their own, not "an employee"
        and not YES_NO_START.match(cue)
    )
    if (intent in _RULE_INTENTS or intent is Intent.definition) and not news:
        # "Does one CAL cover several servers?", "reserve 1 CAL for the admin": a rule's "one" is
        # the generic one, not a count of what the person has.
        ok = {n for n in ok if not (quantities[n].number.value == 1 and quantities[n].role is None)}
        # A rule question weighs the claim it quotes ("someone says 5 CALs only cover 4 users"): its numbers
        # are read for the answer, claims included.
        update = build(items, quantities, ok, rule=True, claims=True)
    update = _with_terms(update, terms)
    if (
        intent not in _RULE_INTENTS
        and _BOTH_SERVERS.search(prepared)
        and update.counts.get("servers", 0) < 2
        and sum(line.copies for line in update.lines) < 2
    ):
        # "can 10 users use both servers?" says how many servers there are.
        update = update.model_copy(update={"counts": {**update.counts, "servers": 2}})
    stated = not update.is_empty()
    correction = stated and bool(_CORRECTION_START.match(cue) or _CORRECTION_ANYWHERE.search(cue))
    adds = not correction and bool(update.lines or update.parts or update.purchases) and bool(_ADDS.search(cue))
    continues = bool(_CONTINUES.search(cue))
    if intent is Intent.general and stated:
        intro = _INTRO.match(cue)
        asked = is_question(cue[intro.end() :] if intro else cue, has_qmark=False)
        if correction or not asked:
            intent = Intent.statement
    return Understanding(
        text=text,
        intent=intent,
        update=update,
        correction=correction,
        adds=adds,
        continues=continues,
        term=known_term(prepared) if intent is Intent.definition else None,
        asks_need=asks_need(cue),
        leftover=_leftover(items, tokens),
        foreign=_foreign(items, tokens),
        problems=problems,
    )


def _foreign(items: list[Item], tokens: list[Token]) -> list[str]:
    """Names no table knows, written as names, right before a licence word the question asks for ("how many
    Navision licences do we need?"); a word in passing ("our reseller writes 'Geraete-CAL'") asks nothing."""
    found: list[str] = []
    if not re.search(r"\bhow many\b|\bneed\b|\bbuy\b|\brequire", " ".join(it.cue for it in items)):
        return found
    for it, nxt in itertools.pairwise(items):
        if it.kind != WORD or it.known or nxt.kind != UNIT:
            continue
        if nxt.value != lx.CAL and nxt.surface not in lx.TYPED_LICENCE_WORDS:
            continue
        raw = tokens[it.first].raw
        if raw[:1].isupper() and raw.isalpha() and raw not in found:
            found.append(raw)
    return found


_CONTINUES = re.compile(
    r"\b(?:now|adding|added|add|also|still|another|more|extra|hiring|hired|leaving|left|new|next|after that|"
    r"then|anymore|any more|going forward|from now)\b"
)
# "we also bought…", "plus another 2 copies", "and a 10-pack on top": more of the inventory.
_ADDS = re.compile(r"\b(?:also|another|additional|additionally|extra|more|on top|as well|too|plus|add|adding|added)\b")


def _with_terms(update: Update, terms: dict[str, object]) -> Update:
    """The turn's mode, CAL type and release (editions and channels belong to lines: `inventory.py`)."""
    data: dict[str, object] = {k: terms[k] for k in ("mode", "cal_type", "product") if terms.get(k) is not None}
    return update.model_copy(update=data)


def _leftover(items: list[Item], tokens: list[Token]) -> list[str]:
    words: list[str] = []
    for it in items:
        if it.kind == WORD and not it.known:
            candidates = [it.surface if it.surface == "price" else tokens[it.first].raw.lower()]
        elif it.kind == FOREIGN:
            candidates = [t.raw.lower() for t in tokens[it.first : it.last]]
        else:
            continue
        for w in candidates:
            if len(w) >= 2 and w.isalpha() and w not in STOP_WORDS and w not in words:
                words.append(w)
    return words
