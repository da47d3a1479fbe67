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

import re

from assistant.dialogue.intents import (
    _CORRECTION_ANYWHERE,
    _CORRECTION_START,
    _HOWMANY,
    _INTRO,
    _RESET,
    intent_of,
    is_question,
)
from assistant.dialogue.lexer import FOREIGN, PUNCT, WORD, Item, in_context, lex, normalise
from assistant.dialogue.numbers import Token, prepare, tokenize
from assistant.dialogue.quantities import facts_from, terms_of
from assistant.dialogue.quantities import quantities as read_quantities
from assistant.models.understanding import Facts, Intent, Understanding
from assistant.retrieval.text import STOP_WORDS

__all__ = ["understand"]

# --- the whole turn ------------------------------------------------------------------------------


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


_RULE_INTENTS = (Intent.multi_server, Intent.pooling, Intent.reassignment, Intent.change_mode, Intent.administrators)
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
    counts = facts_from(quantities, problems, prepared, tokens, items)
    terms = terms_of(items, quantities)
    cue = _cue_string(items)
    has_qmark = any(it.kind == PUNCT and it.value == "?" for it in items)
    intent = intent_of(cue, has_qmark, counts, terms)

    if intent is Intent.why:
        return Understanding(text=text, intent=intent)
    if intent in _RULE_INTENTS:
        # "Does one CAL cover several servers?", "reserve 1 CAL for the admin": a rule's "one" is
        # the generic one, not a count of what the person has.
        kept = [q for q in quantities if not (q.number.value == 1 and q.role is None)]
        counts = facts_from(kept, [], prepared, tokens, items)
    if (
        intent not in _RULE_INTENTS
        and _BOTH_SERVERS.search(prepared)
        and counts.get("servers", 0) < 2
        and "copies" not in counts
    ):
        # "can 10 users use both servers?" says how many servers there are; a single server
        # counted before it ("one server came with 5 CALs") is the one copy that brought CALs.
        if counts.get("servers") == 1:
            counts["copies"] = 1
        counts["servers"] = 2
    facts = Facts(**counts, **{k: v for k, v in terms.items() if v is not None})
    stated = facts != Facts()
    correction = stated and bool(_CORRECTION_START.match(cue) or _CORRECTION_ANYWHERE.search(cue))
    if intent is Intent.general and stated:
        intro = _INTRO.match(cue)
        asked = is_question(cue[intro.end() :] if intro else cue, has_qmark=False)
        if correction or not asked:
            intent = Intent.statement
    return Understanding(
        text=text,
        intent=intent,
        facts=facts,
        correction=correction,
        leftover=_leftover(items, tokens),
        problems=problems,
    )


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
