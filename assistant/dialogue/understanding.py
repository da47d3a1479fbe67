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

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.dialogue import lexicon as lx
from assistant.dialogue.numbers import LIMIT, Number, Token, prepare, read_number, tokenize
from assistant.models.understanding import CalType, Channel, Facts, Intent, Mode, Understanding
from assistant.retrieval.text import STOP_WORDS, stem

__all__ = ["understand"]

# Item kinds.
NUM, UNIT, MODE, PERSERVER, CHANNEL, EDITION, VERSION, PRODUCT = (
    "num",
    "unit",
    "mode",
    "perserver",
    "channel",
    "edition",
    "version",
    "product",
)
CALTYPE, EACH, EXTRA, PACK, TIMES, CONC, NEG, PUNCT, WORD, FOREIGN, EA = (
    "caltype",
    "each",
    "extra",
    "pack",
    "times",
    "conc",
    "neg",
    "punct",
    "word",
    "foreign",
    "ea",
)


@dataclass
class Item:
    """A run of tokens read as one thing: a number, a unit, a term, a marker or a plain word."""

    kind: str
    first: int  # token span [first, last)
    last: int
    cue: str  # how it reads in the cue string the intent patterns match
    value: object = None
    surface: str = ""  # the canonical words it was matched from
    known: bool = True  # for plain words: recognised by some table
    negated: bool = False
    cal_types: set[CalType] = field(default_factory=set)


@dataclass
class Quantity:
    number: Number
    unit: str | None
    first: int  # item span [first, last)
    last: int
    cal_types: set[CalType] = field(default_factory=set)
    each: bool = False
    extra: bool = False
    pack: bool = False
    concurrent: bool = False
    negated: bool = False
    role: str | None = None  # set by "2 × 5": "count" (copies/servers) or "per" (CALs per copy)
    noun: str = ""  # the unit as written ("laptops")


# --- tables built once ------------------------------------------------------------------


def _phrase_table() -> dict[tuple[str, ...], tuple[str, object]]:
    """Every multi- and single-word entry, first table wins (so channels beat units)."""
    table: dict[tuple[str, ...], tuple[str, object]] = {}

    def add(words: tuple[str, ...], kind: str, value: object) -> None:
        table.setdefault(words, (kind, value))

    for words, channel in lx.CHANNEL_PHRASES.items():
        add(words, CHANNEL, channel)
    for words, mode in lx.MODE_PHRASES.items():
        add(words, PERSERVER if mode is Mode.per_server else MODE, mode)
    for words in lx.EACH_PHRASES:
        add(words, EACH, None)
    for words, unit in lx.UNIT_PHRASES.items():
        add(words, UNIT, unit)
    for phrase in ("terminal server", "terminal servers", "terminal services", "terminal service", "remote desktop"):
        add(tuple(phrase.split()), FOREIGN, None)  # other products whose words look like units
    for words in lx.EXTRA_PHRASES:
        add(words, EXTRA, None)
    for words in lx.CONCURRENT_PHRASES:
        add(words, CONC, None)
    for words in lx.NEGATION_PHRASES:
        add(words, NEG, None)
    for words in lx.TIMES_PHRASES:
        add(words, TIMES, None)
    for word in lx.PACK_WORDS:
        add((word,), PACK, None)
    for word, edition in lx.EDITION_WORDS.items():
        add((word,), EDITION, edition)
    for word, unit in lx.UNIT_WORDS.items():
        add((word,), UNIT, unit)
    for word in lx.TYPED_CAL_WORDS:
        add((word,), UNIT, lx.CAL)
    add(("ea",), EA, None)
    for word in lx.PRODUCT_WORDS:
        add((word,), PRODUCT, None)
    return table


_PHRASES = _phrase_table()
_MAX_PHRASE = max(len(k) for k in _PHRASES)

_KNOWN = (
    frozenset(STOP_WORDS)
    | lx.GENERIC_WORDS
    | lx.CUE_WORDS
    | lx.PRODUCT_WORDS
    | lx.NUMBER_WORDS
    | lx.WH_WORDS
    | lx.AUX_WORDS
    | lx.CONTEXT_CHANNEL_WORDS
    | lx.CHANNEL_CONTEXT_BEFORE
    | lx.VERSION_CONTEXT
    | frozenset(lx.ABBREVIATIONS)
    | frozenset(lx.ABBREVIATIONS.values())
    | frozenset(w for words in _PHRASES for w in words if len(words) == 1)
    | frozenset(lx.QUANTITY_SKIP)
    | frozenset("s t d ll re ve m nd rd st th don doesn didn isn aren wasn weren won wouldn shouldn couldn".split())
)


@lru_cache(maxsize=1)
def _known_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _KNOWN)


@lru_cache(maxsize=8192)
def _is_known(word: str) -> bool:
    return word in _KNOWN or len(word) < 2 or stem(word) in _known_stems()


@lru_cache(maxsize=8192)
def _corrected(word: str) -> str | None:
    """A unit or key word this unknown word is a small misspelling of ("sevrers"), or None."""
    if len(word) < lx.FUZZY_MIN_LENGTH or word in lx.FUZZY_GUARD or not word.isalpha():
        return None
    candidates = [t for t in lx.FUZZY_TARGETS if t[0] == word[0] and abs(len(t) - len(word)) <= 2]
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=lx.FUZZY_CUTOFF)
    return found[0] if found else None


# --- from tokens to items -------------------------------------------------------------------


def _normalise(tokens: list[Token]) -> list[Token]:
    """Fold spellings, drop joining punctuation ("per-server", "employee's"), read "/"."""
    out: list[Token] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "word":
            word = lx.ABBREVIATIONS.get(tok.text, tok.text)
            # Only words not in any table are candidates (exact match: stems would hide "severs"
            # behind "several").
            if word not in _KNOWN:
                word = _corrected(word) or word
            tok.text = word
        elif tok.text in ("-", "'", '"'):
            continue
        elif tok.text == "/":
            # "CALs/copy" is per copy; "user/device" is user or device.
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            word = "per" if lx.UNIT_WORDS.get(nxt) in (lx.COPY, lx.SERVER) and out and out[-1].kind != "sym" else "or"
            tok = Token("word", word, tok.raw, tok.start, tok.end)
        out.append(tok)
    return out


def _symbol(tok: Token, index: int) -> Item | None:
    text = tok.text
    if text in ".,;:!?":
        return Item(PUNCT, index, index + 1, "|", value=text)
    if text in ("*", "×"):
        return Item(TIMES, index, index + 1, "times", surface=text)
    if text == "#":
        return Item(WORD, index, index + 1, "number", surface="number")
    if text == "=":
        return Item(WORD, index, index + 1, "equals", surface="equals")
    if text in "$€£¥":
        # A currency sign asks about money, which no count answers: let coverage see it.
        return Item(WORD, index, index + 1, "price", surface="price", known=False)
    return None


def _lex(tokens: list[Token]) -> list[Item]:
    items: list[Item] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "sym" and tok.text not in ("^", "**"):
            item = _symbol(tok, i)
            if item is not None:
                items.append(item)
            i += 1
            continue
        found = read_number(tokens, i)
        if found is not None:
            number, end = found
            items.append(Item(NUM, i, end, "#", value=number, surface=number.text))
            i = end
            continue
        if tok.kind != "word":
            i += 1
            continue
        matched = None
        for size in range(min(_MAX_PHRASE, n - i), 0, -1):
            span = tokens[i : i + size]
            if any(t.kind != "word" for t in span):
                continue
            key = tuple(t.text for t in span)
            if key in _PHRASES:
                matched = (key, _PHRASES[key])
                break
        if matched is None:
            items.append(Item(WORD, i, i + 1, tok.text, surface=tok.text, known=_is_known(tok.text)))
            i += 1
            continue
        key, (kind, value) = matched
        surface = " ".join(key)
        items.append(Item(kind, i, i + len(key), _cue(kind, value, surface), value=value, surface=surface))
        i += len(key)
    return items


def _cue(kind: str, value: object, surface: str) -> str:
    if kind == UNIT:
        return f"_{value}"
    if kind == MODE:
        return "_peruser"
    if kind == PERSERVER:
        return "_perserver"
    if kind in (CHANNEL, EDITION, VERSION, CALTYPE, FOREIGN):
        return f"_{kind}"
    if kind == CONC:
        return "_concurrent"
    if kind == NEG:
        return "not"
    return surface


# --- reading items in context ---------------------------------------------------------------


# Words after which "per server" means "for each server" ("need per server"), not the mode.
_PER_EACH_AFTER = frozenset(
    """need needed needs require required requires have has get gets buy purchase connect connected connecting
    allowed permitted many much apply applies count counts work works cover covers""".split()
)


def _prev(items: list[Item], i: int) -> Item | None:
    return items[i - 1] if i > 0 else None


def _next(items: list[Item], i: int) -> Item | None:
    return items[i + 1] if i + 1 < len(items) else None


def _set(item: Item, kind: str, value: object = None) -> None:
    item.kind = kind
    item.value = value
    item.cue = _cue(kind, value, item.surface)


def _in_context(items: list[Item], tokens: list[Token]) -> None:
    """Settle the items whose meaning depends on their neighbours."""
    for i, item in enumerate(items):
        prev, nxt = _prev(items, i), _next(items, i)
        if item.kind == EA:
            # "5 CALs ea" is each; otherwise EA is an Enterprise Agreement.
            if prev is not None and prev.kind in (NUM, UNIT):
                _set(item, EACH)
            else:
                _set(item, CHANNEL, Channel.volume)
        elif item.kind == WORD and item.surface in lx.CONTEXT_CHANNEL_WORDS:
            raw = tokens[item.first].raw
            after_cue = prev is not None and prev.kind == WORD and prev.surface in lx.CHANNEL_CONTEXT_BEFORE
            named = raw[:1].isupper() and prev is not None and prev.kind != PUNCT
            if after_cue or named:
                _set(item, CHANNEL, Channel.volume)
        elif item.kind == TIMES:
            left_ok = prev is not None and prev.kind in (NUM, UNIT)
            right_ok = nxt is not None and nxt.kind == NUM
            # "Enterprise x3", "3x Standard": glued to a number, "x" counts copies.
            glued = (right_ok and tokens[nxt.first].start == tokens[item.last - 1].end) or (
                prev is not None and prev.kind == NUM and tokens[prev.last - 1].end == tokens[item.first].start
            )
            if not ((left_ok and right_ok) or (item.surface == "x" and glued)):
                _set(item, WORD)
                item.surface = item.cue = "x" if item.surface == "x" else item.surface
        elif item.kind == PERSERVER:
            if nxt is not None and nxt.kind in (WORD, PRODUCT) and nxt.surface in lx.MODE_FOLLOWERS:
                _set(item, MODE, Mode.per_server)
            elif prev is not None and (prev.kind == NUM or (prev.kind == UNIT and i > 1 and items[i - 2].kind == NUM)):
                _set(item, EACH)  # "5 CALs per server": a count per copy
            elif prev is not None and (prev.kind == UNIT or (prev.kind == WORD and prev.surface in _PER_EACH_AFTER)):
                item.kind = WORD  # "CALs per server", "need per server": per each server, not the mode
                item.cue = "per _server"
            else:
                _set(item, MODE, Mode.per_server)
    _versions(items, tokens)
    _cal_types(items)
    for i, item in enumerate(items):
        if item.kind == NEG:
            for target in items[i + 1 : i + 4]:
                if target.kind == PUNCT:
                    break
                if target.kind in (NUM, UNIT, MODE, CHANNEL, EDITION, VERSION, CALTYPE):
                    target.negated = True
                    break


def _versions(items: list[Item], tokens: list[Token]) -> None:
    """Product versions, not counts: "Server 2008 R2", "2003", "windows 2019"."""
    for i, item in enumerate(items):
        if item.kind != NUM:
            continue
        number: Number = item.value  # type: ignore[assignment]
        digits = tokens[item.first].text
        if item.last - item.first != 1 or number.negative or not (digits.isdigit() and len(digits) == 4):
            continue
        prev, nxt = _prev(items, i), _next(items, i)
        after_product = prev is not None and prev.surface in lx.VERSION_CONTEXT
        # The unit this number would count ("2019 concurrent connections" are connections).
        k = i + 1
        while k < len(items) and k <= i + 5 and items[k].kind in (CALTYPE, CONC, EXTRA):
            k += 1
        unit = items[k] if k < len(items) else None
        unit_next = (
            unit is not None and unit.kind == UNIT and not (unit.value == lx.SERVER and unit.surface == "server")
        )
        # "from 2003 to 2008 CALs": a release in a list of releases is a version, even before a unit.
        listed = prev is not None and (
            prev.kind == VERSION
            or (
                prev.kind == WORD
                and prev.surface in ("to", "from", "or", "and", "vs", "versus")
                and i > 1
                and items[i - 2].kind == VERSION
            )
        )
        unit_next = unit_next and not listed
        # "2 OEM 2008 boxes": a release between a count and its unit names the product.
        b = i - 1
        while b >= 0 and items[b].kind in (CHANNEL, EDITION, PRODUCT):
            b -= 1
        if b >= 0 and items[b].kind == NUM and digits in lx.RELEASES:
            unit_next = False
        if not (1990 <= int(digits) <= 2039 and (after_product or (digits in lx.RELEASES and not unit_next))):
            continue
        version = digits
        if nxt is not None and nxt.kind == WORD and nxt.surface == "r":
            after = _next(items, i + 1)
            if after is not None and after.kind == NUM and tokens[after.first].text == "2":
                version += " R2"
                nxt.kind, nxt.cue = VERSION, "_version"
                after.kind, after.cue = VERSION, "_version"
        if version[:4] in lx.BASE_VERSIONS:
            version = version[:4]  # the thread's 2003/2008 rules cover their R2 releases
        _set(item, VERSION, version)
        if prev is not None and prev.kind == UNIT and prev.value == lx.SERVER:
            _set(prev, PRODUCT)  # "Server 2008": the product, not a count of servers


def _cal_types(items: list[Item]) -> None:
    """CAL types: "user CALs", "user or device CALs", "5 device licences", "per user CALs"."""
    for k, item in enumerate(items):
        is_cal = item.kind == UNIT and item.value == lx.CAL
        typed_licence = (
            item.kind == UNIT
            and item.value == lx.COPY
            and item.surface in lx.TYPED_LICENCE_WORDS
            and k > 0
            and items[k - 1].kind == UNIT
            and items[k - 1].surface.split()[-1] in lx.CAL_TYPE_WORDS
        )
        if not (is_cal or typed_licence):
            continue
        if typed_licence:
            _set(item, UNIT, lx.CAL)
        if item.surface in lx.TYPED_CAL_WORDS:
            item.cal_types.add(lx.TYPED_CAL_WORDS[item.surface])
        j = k - 1
        while j >= 0:
            before = items[j]
            head = before.surface.split()[-1] if before.surface else ""
            if before.kind == UNIT and head in lx.CAL_TYPE_WORDS:
                item.cal_types.add(lx.CAL_TYPE_WORDS[head])
                _set(before, CALTYPE, lx.CAL_TYPE_WORDS[head])
            elif before.kind == MODE and before.surface.split()[-1] in lx.CAL_TYPE_WORDS:
                item.cal_types.add(lx.CAL_TYPE_WORDS[before.surface.split()[-1]])
                break
            elif not (before.kind == WORD and before.surface in ("or", "and", "vs", "versus", "based")):
                break
            j -= 1


# --- numbers tied to units -------------------------------------------------------------------


def _skippable(item: Item, nxt: Item | None) -> bool:
    """May a number skip this item on its way to its unit ("3 OEM copies", "2 Dell servers")?"""
    if item.kind in (CHANNEL, EDITION, VERSION, PRODUCT, CALTYPE, CONC):
        return True
    if item.kind == EXTRA:
        return nxt is None or nxt.kind != NUM  # "10 more CALs", but not "5 plus 5"
    # Adjectives: listed ones, unknown words ("Dell") and topic words ("loaner", "shift"), but
    # never everyday words, which may start the next phrase ("3 and need 10").
    return item.kind == WORD and (
        item.surface in lx.QUANTITY_SKIP
        or not item.known
        or (item.surface in lx.CUE_WORDS and item.surface not in STOP_WORDS)
    )


def _quantities(items: list[Item]) -> list[Quantity]:
    found: list[Quantity] = []
    for i, item in enumerate(items):
        if item.kind != NUM:
            continue
        number: Number = item.value  # type: ignore[assignment]
        j = i + 1
        while j < len(items) and j <= i + 5 and _skippable(items[j], _next(items, j)):
            j += 1
        has_unit = j < len(items) and items[j].kind == UNIT
        end = j + 1 if has_unit else i + 1
        unit = items[j].value if has_unit else None
        if not has_unit and any(b.kind == PRODUCT and b.surface == "server" for b in items[i + 1 : j]):
            unit, end = lx.COPY, j  # "one OEM Server 2003 Standard": a count of the product is copies
        q = Quantity(number, unit, i, end, negated=item.negated or (has_unit and items[j].negated))  # type: ignore[arg-type]
        between = items[i + 1 : end - 1] if has_unit else []
        if unit in (lx.USER, lx.DEVICE, lx.CONN, lx.ADMIN):
            # "45 warehouse workers": who the people are does not change the licensing question.
            for b in between:
                b.known = True
        if has_unit:
            q.noun = items[j].surface
            q.cal_types = set(items[j].cal_types)
            q.cal_types |= {b.value for b in between if b.kind == CALTYPE}  # type: ignore[misc]
        q.concurrent = any(b.kind == CONC for b in between)
        q.extra = any(b.kind == EXTRA for b in between)
        _look_after(items, q)
        _look_before(items, q)
        found.append(q)
    _pair_times(items, found)
    return found


def _look_after(items: list[Item], q: Quantity) -> None:
    """Markers after the unit: "5 CALs each", "10 CALs separately", "a 10-pack", "10 users at once"."""
    for k in range(q.last, min(q.last + 4, len(items))):
        after = items[k]
        if after.kind == EACH:
            q.each = True
            return
        if after.kind == PACK and k <= q.last + 1:
            q.pack = True
            return
        if after.kind == EXTRA and after.surface not in ("more", "another", "plus"):
            q.extra = True
            return
        if after.kind == CONC:
            q.concurrent = True
            return
        if after.kind in (PUNCT, NUM, TIMES) or (after.kind == UNIT and after.value not in (lx.COPY, lx.SERVER)):
            return
        if after.kind == WORD and after.surface not in lx.AFTER_CAL_BRIDGE and not _is_verbish(after.surface):
            return


def _is_verbish(word: str) -> bool:
    # Words that may stand between a count and its marker: "10 CALs bought separately",
    # "10 users connecting at once".
    return word in lx.GENERIC_WORDS or word in STOP_WORDS


def _look_before(items: list[Item], q: Quantity) -> None:
    """Markers before the number: "each with 5 CALs", "plus 10 CALs", "a pack of 10"."""
    prev = _prev(items, q.first)
    if prev is None:
        return
    if prev.kind == EXTRA:
        q.extra = True
    if prev.kind == WORD and prev.surface == "of" and q.first > 1 and items[q.first - 2].kind == PACK:
        q.pack = True
    # "each with 5 CALs"; "my OEM copies come with 5 CALs" (what a copy includes is per copy).
    verb = False
    for k in range(q.first - 1, max(q.first - 8, -1), -1):
        before = items[k]
        if before.kind == EACH:
            q.each = True
            return
        if before.kind == UNIT and before.value in (lx.COPY, lx.SERVER):
            if verb and q.unit == lx.CAL and not _total_after(items, q):
                q.each = True
                return
            continue
        verb = verb or (before.kind == WORD and before.surface in lx.INCLUDE_VERBS)
        bridge = (before.kind == WORD and before.surface in lx.EACH_BRIDGE) or before.kind in (
            VERSION,
            PRODUCT,
            CHANNEL,
            EDITION,
        )
        if not bridge:
            return


def _total_after(items: list[Item], q: Quantity) -> bool:
    """Is the count said to be a total ("came with 10 CALs in total")?"""
    return any(it.kind == WORD and it.surface in lx.TOTAL_WORDS for it in items[q.last : q.last + 3])


def _pair_times(items: list[Item], found: list[Quantity]) -> None:
    """A count of copies times CALs per copy: "2 servers × 5 CALs", "2x5", "5 CALs x 2 copies"."""
    by_last = {q.last: q for q in found}
    by_first = {q.first: q for q in found}
    for t, item in enumerate(items):
        if item.kind != TIMES:
            continue
        left, right = by_last.get(t), by_first.get(t + 1)
        if left is None or right is None:
            lone = left or right
            if lone is not None and lone.unit is None:
                lone.role = "count"  # "Enterprise x3": three copies
            continue
        counts = (lx.COPY, lx.SERVER, None)
        if right.unit in (lx.CAL, None) and left.unit in counts:
            left.role, right.role = "count", "per"
        elif left.unit == lx.CAL and right.unit in counts:
            left.role, right.role = "per", "count"


_NOUNS = {
    lx.SERVER: "servers",
    lx.COPY: "copies",
    lx.CAL: "CALs",
    lx.USER: "users",
    lx.DEVICE: "devices",
    lx.CONN: "connections",
    lx.ADMIN: "administrators",
}


def _problem(q: Quantity, snippet: str, in_construct: bool) -> str | None:
    n = q.number
    what = f"a number of {_NOUNS[q.unit]}" if q.unit else "a count"
    if n.absurd:
        return f'"{snippet}" is too large to be {what} (the most I accept is 1,000,000)'
    if n.negative:
        return f'"{snippet}": {what} cannot be negative'
    if n.fractional and (q.unit is not None or in_construct):
        return f'"{snippet}": {what} must be a whole number'
    return None


def _snippet(text: str, tokens: list[Token], items: list[Item], q: Quantity) -> str:
    start = tokens[items[q.first].first].start
    end = tokens[items[q.last - 1].last - 1].end
    snippet = " ".join(text[start:end].split())
    return snippet if len(snippet) <= 40 else snippet[:36] + "…"


def _facts_from(quantities: list[Quantity], problems: list[str], text: str, tokens: list[Token], items: list[Item]):
    """Counts for Facts (field -> value) and the problem sentences. A later mention of a count
    replaces an earlier one ("10 users... make it 12 users"), except that people or devices
    named differently add up ("10 thin clients and 5 laptops")."""
    counts: dict[str, int] = {}
    nouns: dict[str, str] = {}
    for q in quantities:
        construct = q.each or q.pack or q.role is not None
        problem = _problem(q, _snippet(text, tokens, items, q), construct)
        if problem is not None:
            if problem not in problems:
                problems.append(problem)
            continue
        value = q.number.count
        if value is None or q.negated:
            continue
        target = _field(q)
        if target is None:
            continue
        if target in ("users", "devices") and target in counts and stem(nouns[target]) != stem(q.noun):
            value += counts[target]
        counts[target] = min(value, LIMIT)
        nouns[target] = q.noun
    return counts


def _field(q: Quantity) -> str | None:
    unit = q.unit
    if q.role == "per":
        return "cals_per_copy"
    if q.role == "count":
        return "servers" if unit == lx.SERVER else "copies"
    if unit is None and q.concurrent:
        return "connections"  # "only 10 are connected at once"
    if unit in (lx.CAL, None):
        if q.each:
            return "cals_per_copy"
        if q.pack or (q.extra and unit == lx.CAL):
            return "cals_separate"
        return "cals_total" if unit == lx.CAL else None
    if unit in (lx.USER, lx.DEVICE) and q.concurrent:
        return "connections"
    return {
        lx.SERVER: "servers",
        lx.COPY: "copies",
        lx.USER: "users",
        lx.DEVICE: "devices",
        lx.CONN: "connections",
        lx.ADMIN: "admins",
    }[unit]


def _one_value(values: list) -> object:  # type: ignore[type-arg]
    """The value when the turn names exactly one (after negations); None when it names several."""
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else None


def _terms(items: list[Item], quantities: list[Quantity]) -> dict[str, object]:
    live = [it for it in items if not it.negated]
    channel = _one_value([it.value for it in live if it.kind == CHANNEL])
    # "3 boxes" were bought boxed: retail, unless the turn names a channel.
    boxed = any(it.kind == UNIT and it.surface in ("box", "boxes") for it in live)
    if channel is None and boxed and not any(it.kind == CHANNEL for it in live):
        channel = Channel.fpp
    cal_types: list[CalType] = [it.value for it in live if it.kind == CALTYPE]  # type: ignore[misc]
    for it in live:
        if it.kind == UNIT and it.value == lx.CAL:
            cal_types.extend(sorted(it.cal_types))
    versions: list[str] = [it.value for it in items if it.kind == VERSION and isinstance(it.value, str)]  # type: ignore[misc]
    # A version outside the thread's (2003/2008) is the one that decides coverage.
    later = [v for v in versions if v not in lx.BASE_VERSIONS]
    product = (later or versions or [None])[0]
    return {
        "channel": channel,
        "edition": _one_value([it.value for it in live if it.kind == EDITION]),
        "mode": _one_value([it.value for it in live if it.kind == MODE]),
        "cal_type": _one_value(cal_types),
        "product": product,
    }


# --- intent -------------------------------------------------------------------------------------


def _g(n: int) -> str:
    """Up to n words in between, never crossing a clause boundary."""
    return f"(?:[^ |]+ ){{0,{n}}}"


class _LazyPattern:
    """A regex compiled on first use. Intent tables are tried in order and stop at the first
    match, so a turn compiles only the patterns it reaches; compiling all of them at import
    cost about 30 ms of every cold start."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.search(text)


def _compile(*patterns: str) -> list[_LazyPattern]:
    return [_LazyPattern(p) for p in patterns]


_HM = r"\bhow many "
_NUMERIC: list[tuple[Intent, list[_LazyPattern]]] = [
    (
        Intent.compare,
        _compile(
            r"\bwhich " + _g(5) + r"(?:fewer|less|cheaper|cheapest|better|best|economical|lower|lowest|smaller|"
            r"smallest|least|preferable|prefer|recommend|recommended|should|would|wins|makes more sense)\b",
            r"\b(?:fewer|less)\b(?! than)",
            r"\b(?:cheaper|cheapest|more economical|better off|better value|cost effective|save money)\b",
            r"(?:_caltype|_peruser|_perserver) (?:_cal )?(?:or|vs|versus) (?:per )?(?:_caltype|_peruser|_perserver|"
            r"_user|_device)\b",
            r"(?:_user|_device) (?:or|vs|versus) _caltype\b",
            r"\b(?:compare|comparison|compared|difference between|differences between|differ)\b",
            r"\bwhat (?:s|is) (?:the )?(?:better|best|cheapest|cheaper)\b",
            r"\b(?:is it|would it be|it s|is that) (?:[^ |]+ )?better\b|\bbetter (?:to|off|value)\b",
            r"\bwhich (?:[^ |]+ ){0,2}(?:_cal )?(?:type|types|kind|mode|option|one)\b",
        ),
    ),
    (
        Intent.shortfall,
        _compile(
            _HM + r"(?:more|additional|extra|else|other|further)\b",
            _HM + _g(4) + r"(?:still|else|additionally|yet)\b",
            r"\b(?:still|yet|else|additionally) " + _g(2) + r"(?:need|have to|must|got to|gotta|require|buy|purchase|"
            r"get|order)\b",
            r"\bshort(?:fall|age)?\b",
            r"\benough\b",
            r"\bmissing\b",
            r"\btop up\b",
            r"\bleft to (?:buy|get|purchase)\b",
            r"\b(?:buy|purchase|order|get|need|acquire) (?:[^ |]+ )?(?:more|additional|extra|another|further)\b(?! #)",
        ),
    ),
    (
        Intent.cals_needed,
        _compile(
            _HM
            + r"(?!(?:[^ |]+ ){0,2}(?:_user|_device)\b)"
            + _g(5)
            + r"(?:need|needs|needed|require|requires|required|necessary|should|must|have to|has to|"
            r"got to|gotta|supposed to)\b",
            r"_cal " + _g(2) + r"(?:needed|required|necessary|do i need|do we need|would i need|would we need|"
            r"will i need|will we need)\b",
            r"\b(?:need|needs|require|requires) how many\b",
            r"\bwhat " + _g(2) + r"_cal " + _g(3) + r"(?:need|needs|require|requires|needed|required)\b",
            _HM
            + _g(2)
            + r"_cal (?:[^ |]+ )?(?:for|to cover|to license|to licence|covering) "
            + _g(3)
            + r"(?:_user|_device|_conn|_admin)\b",
            r"\b(?:need|needs|require|requires) " + _g(2) + r"# " + _g(2) + r"_cal\b",
        ),
    ),
    (
        Intent.connections_per_server,
        _compile(
            _HM + _g(6) + r"_concurrent\b",
            r"(?:_concurrent|_conn) " + _g(3) + r"(?:per|each|every) _server\b",
            _HM + r"(?:_concurrent )?_conn\b",
        ),
    ),
    (
        Intent.users_licensed,
        _compile(
            _HM + _g(2) + r"(?:_user|_device)\b",
            r"\b(?:can|could|will|would|may) # " + _g(2) + r"(?:_user|_device)\b",
            _HM
            + _g(3)
            + r"(?:can|could|may|are able to|is that|does that|do they|will that|would that) "
            + _g(3)
            + r"(?:use|access|connect|reach|log|login|logon|sign|work|be|cover|license|licence|support|allow|serve)",
            r"(?:_user|_device) " + _g(3) + r"(?:licensed|covered|allowed|supported|permitted)\b",
            r"\b(?:licensed|licenced|covered|allowed|legal|ok|okay) (?:for|to have|with) (?:[^ |]+ )?# (?:[^ |]+ )?"
            r"(?:_user|_device)\b",
            # "…, 5 CALs per box. Users?": a clause that is only the unit, asked.
            r"(?:^|\| )(?:and |so |how about |what about )?(?:_user|_device) \|$",
        ),
    ),
    (
        Intent.cals_included,
        _compile(
            _HM + _g(6) + r"(?:included|include|includes|including|come|comes|came|bundled|ship|ships|shipped|"
            r"provided|contain|contains|contained|get|got|receive|received|give|gives|total|altogether|overall|"
            r"in all|combined|together|have|has|had|own|is that)\b",
            r"_cal " + _g(3) + r"(?:included|include|includes|bundled|in total|altogether|overall|in all|"
            r"come with|came with|comes with)\b",
            r"\b(?:total|in total|altogether|overall|in all) " + _g(2) + r"_cal\b",
            r"\b(?:do|does|did|will|would) (?:[^ |]+ ){1,2}(?:get|receive|come with|include|includes|give|have(?! to)|"
            r"contain) " + _g(3) + r"_cal\b",
            r"\b(?:are|is|were) " + _g(3) + r"_cal (?:[^ |]+ )?(?:included|bundled|provided|supplied)\b",
            r"\bwhat (?:s|is) the total\b",
        ),
    ),
]
# "How many CALs?" with no verb: needed when only people are known, included otherwise.
_BARE_HOW_MANY_CALS = re.compile(_HM + _g(2) + r"_cal\b")
_BARE_CALS_ASKED = re.compile(r"(?:^|\| )(?:and |so |the |any )?(?:_caltype )?_cal \|")

_YESNO: list[tuple[Intent, list[_LazyPattern]]] = [
    (
        Intent.administrators,
        _compile(
            r"_admin\b",
            r"\badministrat(?:ion|ive)\b",
            r"\bconsole\b",
            # "do 5 CALs mean 4 users?", "5 CALs only give me 4 users": Wayne's disputed claim.
            r"# _cal (?:really )?(?:mean|means|equal|equals|only give|only gives|only get|= =|==) "
            + _g(2)
            + r"# (?:_concurrent )?(?:_user|_device)\b",
        ),
    ),
    (
        Intent.reassignment,
        _compile(
            r"\bre ?assign\w*",
            r"\btransfer\w*",
            r"\bloan\w*",
            r"\bdepart\w*",
            r"\bnew (?:hire|hires|starter|starters|joiner|joiners|recruit|recruits)\b",
            r"\bleft (?:the|our|my|his|her) (?:company|firm|business|organisation|organization|job|team)\b",
            r"(?:_user|he|she|someone|somebody) (?:[^ |]+ )?(?:left|leaves|quit|quits|resigned|resigns|retired|"
            r"retires|departs|is fired|was fired|is gone)\b",
            r"\btemporar\w*",
            r"\btemps?\b",
            r"\bout of service\b",
            r"\b(?:broken|dead|failed|replacement|replaced|replacing|replace) " + _g(2) + r"(?:_device|_user)\b",
            r"_cal " + _g(2) + r"(?:move|moves|go|goes|transfer|transfers|follow|follows|pass|passes) (?:to|over|with|"
            r"across|onto)\b",
            r"\brepair\w*",
            r"\b(?:maternity|paternity|parental|sick|annual) leave\b|\bon leave\b|\bvacation\b|\bholiday\b",
            r"\b(?:give|gave|given|move|moved|moving|reuse|re use|reused|hand|handed|pass|passed|swap|swapped|"
            r"shift|shifted|reallocate\w*|assign|assigned|switch|switched|inherit\w*) " + _g(4) + r"_cal\b",
            r"_cal " + _g(3) + r"(?:be )?(?:given|moved|transferred|reassigned|reused|passed|handed|swapped|"
            r"shifted|reallocated|assigned|switched|tied|bound|locked) " + _g(2) + r"(?:to|over|on|from)\b",
            r"\bfrom " + _g(3) + r"(?:_user|_device) to " + _g(3) + r"(?:_user|_device)\b",
        ),
    ),
    (
        Intent.change_mode,
        _compile(
            r"\b(?:change|changes|changed|changing|switch|switches|switched|switching|convert\w*|revert\w*|"
            r"migrate\w*|go|going|move|moving|flip|swap) "
            + _g(3)
            + r"(?:back|later|afterwards|after|mode|modes|_perserver|_peruser|licensing|licencing)\b",
            r"\b(?:permanent|permanently|irreversible|irrevocable|undo|undone|locked in|lock in|locked|stuck with|"
            r"one way|one time|forever|reversible|final|binding)\b",
            r"\bonce " + _g(3) + r"(?:pick|picked|choose|chose|chosen|select|selected|go|went|opt|opted|set|decide|"
            r"decided|use|used|commit|committed)\b",
            r"\b(?:mix|mixing|mixed|combine|combining) " + _g(2) + r"(?:mode|modes|_perserver|_peruser)\b",
        ),
    ),
    (
        Intent.pooling,
        _compile(
            r"\b(?:add|adds|added|adding) up\b",
            r"\b(?:add|added|adding) " + _g(2) + r"together\b",
            r"\b(?:combine|combined|combining|combines|pool|pools|pooled|pooling|stack|stacks|stacked|stacking|"
            r"cumulative|cumulate|accumulate|aggregate\w*|merge|merged|merging|together|sum|summed)\b",
            r"\bseparate(?:ly)?\b",
            r"\bindividually\b",
            r"\bdoes it matter\b",
            r"\bmatter (?:that|if|whether|how|where|when)\b",
            r"\b(?:different|separate|two|#) (?:purchases|orders|invoices|batches|times|sources|vendors)\b",
            r"_cal " + _g(2) + r"from " + _g(2) + r"(?:different|separate|both|two|each|other|#|multiple|several)\b",
        ),
    ),
    (
        Intent.multi_server,
        _compile(
            r"_cal (?:(?!times )[^ |]+ ){0,6}(?:both|several|multiple|many|all|any|every|each|other|different|additional|second|"
            r"another|more than one|two|#|unlimited) " + _g(2) + r"_server\b",
            r"_server " + _g(3) + r"(?:own|separate|dedicated|individual) " + _g(1) + r"_cal\b",
            r"_cal " + _g(2) + r"(?:per|for each|for every|on each|on every|each|every) _server\b",
            r"(?:_user|_device) " + _g(3) + r"(?:connect|access|use|log|reach) " + _g(2) + r"(?:any number of|"
            r"unlimited|all|every|both|several|multiple|any|many|other) " + _g(2) + r"_server\b",
            r"\b(?:any number of|unlimited|more than one) " + _g(1) + r"_server\b",
        ),
    ),
]

_FILLER = (
    r"(?:(?:ok|okay|and|but|so|hmm|well|oh|now|then|right|alright|sorry|wait|oops|yes|yeah|no|nope|ah|um|"
    r"great|thanks|cool|hm|please|just|lets|let s|let us|can we|could we|can you|could you) (?:\| )?)*"
)
_RESET = re.compile(
    r"^" + _FILLER + r"(?:reset|restart|start (?:over|again|afresh|fresh|from scratch|anew)|begin again|"
    r"new (?:question|conversation|topic|session|chat|scenario|problem)|clear(?: (?:it|that|this|everything|all|"
    r"the (?:conversation|chat|state|facts|history|numbers)))?|forget (?:that|it|this|everything|all|all that|"
    r"what i said|about it|the (?:earlier|previous|old) (?:numbers|facts|question|ones))|from scratch)"
    r"(?: (?:please|again|now|then|everything|all|instead))*(?: \|)*$"
)
_WHY = re.compile(
    r"^" + _FILLER + r"(?:why|how come|how so|explain|how did you (?:get|calculate|work out|figure|come up with|"
    r"arrive at|reach|compute|derive)|how (?:was|is) (?:that|this|it) (?:calculated|computed|worked out|derived|"
    r"figured)|how do you (?:get|figure|work out|calculate)|show (?:me )?(?:your|the) (?:working|workings|work|math|"
    r"maths|derivation|steps|calculation|calculations|reasoning)|where (?:did|does|do) (?:that|this|it|those|these|"
    r"the [^ |]+) " + _g(1) + r"come from|justify|what s the reasoning|are you sure|is that right)\b"
)
_CORRECTION_START = re.compile(
    r"^" + _FILLER + r"(?:make (?:it|that|them|this|those)|actually|what if|what about|how about|and if|"
    r"if (?:instead|it was|it were|it s|it is|they were|they are|they re|we had|i had|we d|i d)|suppose|supposing|say|let s say|lets say|let us say|"
    r"change (?:it|that|this|them) to|change to|instead|correction|i meant|i mean|rather|scratch that|update|"
    r"same (?:but|question|with|for|again)|but with|and (?:with|for|in|under|using|on|via|through|at)|now with|now for|"
    r"but if|what would happen if|in that case|"
    r"try (?:it |that |again )?(?:with|for)|redo (?:it )?(?:with|for)|recalculate (?:it )?(?:with|for)|again with|"
    r"what happens if|no|nope|not)\b"
)
_CORRECTION_ANYWHERE = re.compile(
    r"\b(?:actually|instead|i meant|rather than|scratch that|correction|make (?:it|that))\b|\bnot # "
)
_INTRO = re.compile(r"^" + _FILLER + r"(?:what if|what about|how about|and if|and what if|but what if)\b")
_AUX_PRONOUN = re.compile(
    r"\b(?:can|could|do|does|did|is|are|was|were|will|would|should|shall|may|might|must|am|has|have) "
    r"(?:i|we|you|it|they|he|she|that|this|these|those|there|my|our|one|#|_cal|_user|_device|_server|_copy)\b"
)
_ASKING = re.compile(r"\b(?:tell me|wondering|wonder|curious|want to know|need to know|explain|any idea)\b")
_HOWMANY = re.compile(r"\b(?:how much|number of|amount of|count of|quantity of|how many of)\b")


def _is_question(cue: str, has_qmark: bool) -> bool:
    if has_qmark or _ASKING.search(cue) or _AUX_PRONOUN.search(cue):
        return True
    return any(
        (clause.split() or [""])[0] in lx.AUX_WORDS | lx.WH_WORDS
        or bool(set(clause.split()) & {"how", "what", "which"})
        for clause in cue.split("|")
    )


def _first_match(table: list[tuple[Intent, list[_LazyPattern]]], cue: str) -> Intent | None:
    for intent, patterns in table:
        if any(p.search(cue) for p in patterns):
            return intent
    return None


def _is_why(cue: str) -> bool:
    m = _WHY.match(cue)
    if m is None:
        return False
    rest = cue[m.end() :].replace("|", " ").split()
    return all(w in lx.ECHO_WORDS for w in rest)


def _intent(cue: str, has_qmark: bool, counts: dict[str, int], terms: dict[str, object]) -> Intent:
    if _is_why(cue):
        return Intent.why
    numeric = _first_match(_NUMERIC, cue)
    if numeric is None and (_BARE_HOW_MANY_CALS.search(cue) or (has_qmark and _BARE_CALS_ASKED.search(cue))):
        people = any(k in counts for k in ("users", "devices", "connections"))
        # Servers alone are not CALs owned; copies, CAL counts, or a named channel/edition are.
        owned = any(k in counts for k in ("copies", "cals_total", "cals_per_copy", "cals_separate")) or (
            "servers" in counts and (terms.get("channel") is not None or terms.get("edition") is not None)
        )
        numeric = Intent.cals_needed if people and not owned else Intent.cals_included
    # A yes/no topic needs a question, unless the turn states nothing ("move a CAL to a loaner").
    stated = bool(counts) or any(v is not None for v in terms.values())
    yesno = _first_match(_YESNO, cue) if _is_question(cue, has_qmark) or not stated else None
    # "Do admins need CALs?" is the administrator rule even though it asks about needing CALs;
    # "12 users and 2 admins, how many CALs?" is a count.
    if yesno is Intent.administrators and (
        numeric is None
        or re.search(_HM + _g(2) + r"_admin\b", cue)
        or ("admins" not in counts and "how many" not in cue)
    ):
        return Intent.administrators
    if numeric is Intent.users_licensed and terms.get("mode") is Mode.per_server:
        return Intent.connections_per_server  # in per server mode, users at once per server
    if numeric is not None:
        return numeric
    if yesno is not None:
        return yesno
    return Intent.general


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
    tokens = _normalise(tokenize(prepared))
    items = _lex(tokens)
    _in_context(items, tokens)

    # "Start over: 2 servers x 5 CALs, how many users?" — a reset that goes on to ask is a fresh
    # question (the conversation starts a new scenario for it); a bare reset is a reset.
    after_reset = _after_reset(items)
    if after_reset is not None:
        items = items[after_reset:]
        if not any(it.kind != PUNCT and it.cue not in _FILLER_WORDS for it in items):
            return Understanding(text=text, intent=Intent.reset)

    quantities = _quantities(items)
    problems: list[str] = []
    counts = _facts_from(quantities, problems, prepared, tokens, items)
    terms = _terms(items, quantities)
    cue = _cue_string(items)
    has_qmark = any(it.kind == PUNCT and it.value == "?" for it in items)
    intent = _intent(cue, has_qmark, counts, terms)

    if intent is Intent.why:
        return Understanding(text=text, intent=intent)
    if intent in _RULE_INTENTS:
        # "Does one CAL cover several servers?", "reserve 1 CAL for the admin": a rule's "one" is
        # the generic one, not a count of what the person has.
        kept = [q for q in quantities if not (q.number.value == 1 and q.role is None)]
        counts = _facts_from(kept, [], prepared, tokens, items)
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
        asked = _is_question(cue[intro.end() :] if intro else cue, has_qmark=False)
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
