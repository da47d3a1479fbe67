"""From a turn's text to items: numbers, units, licensing terms, markers and plain words.

The turn is cleaned and tokenised (`numbers.py`), spellings are folded
(abbreviations, small misspellings of key words), and runs of tokens are matched
against the tables in `lexicon.py`. Items whose meaning depends on their
neighbours ("EA" as each or Enterprise Agreement, "per server" as the mode or
"for each server", "2008" as a release or a count) are settled in context.

Public API: `read_items(text) -> Reading`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.dialogue import lexicon as lx
from assistant.dialogue.numbers import Number, Token, read_number
from assistant.models.terms import CalType, Channel, Mode
from assistant.retrieval.text import STOP_WORDS, stem

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


def normalise(tokens: list[Token]) -> list[Token]:
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
        elif tok.text == "-" and _spaced(tokens, i):
            # " - " between words is a pause in the sentence, like a colon ("18 staff - partners, …").
            tok = Token("sym", ":", tok.raw, tok.start, tok.end)
        elif tok.text in ("-", "'", '"'):
            continue
        elif tok.text == "/":
            # "CALs/copy" is per copy; "user/device" is user or device.
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            word = "per" if lx.UNIT_WORDS.get(nxt) in (lx.COPY, lx.SERVER) and out and out[-1].kind != "sym" else "or"
            tok = Token("word", word, tok.raw, tok.start, tok.end)
        out.append(tok)
    return out


def _spaced(tokens: list[Token], i: int) -> bool:
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        before is not None
        and after is not None
        and before.end < tokens[i].start
        and after.start > tokens[i].end
        and after.kind != "num"  # "- 2 servers" may be a minus written apart
    )


def _symbol(tok: Token, index: int) -> Item | None:
    text = tok.text
    if text in ".,;:!?()":
        # Brackets mark an aside ("8 persons (7 employees plus the boss)"): a pause, like a comma.
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


def lex(tokens: list[Token]) -> list[Item]:
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
        items.append(Item(kind, i, i + len(key), cue_of(kind, value, surface), value=value, surface=surface))
        i += len(key)
    return items


def cue_of(kind: str, value: object, surface: str) -> str:
    if kind == UNIT:
        return f"_{value}"
    if kind == MODE:
        return "_perserver" if value is Mode.per_server else "_peruser"
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


def prev_item(items: list[Item], i: int) -> Item | None:
    return items[i - 1] if i > 0 else None


def next_item(items: list[Item], i: int) -> Item | None:
    return items[i + 1] if i + 1 < len(items) else None


def set_kind(item: Item, kind: str, value: object = None) -> None:
    item.kind = kind
    item.value = value
    item.cue = cue_of(kind, value, item.surface)


def in_context(items: list[Item], tokens: list[Token]) -> None:
    """Settle the items whose meaning depends on their neighbours."""
    for i, item in enumerate(items):
        prev, nxt = prev_item(items, i), next_item(items, i)
        if item.kind == EA:
            # "5 CALs ea" is each; otherwise EA is an Enterprise Agreement.
            if prev is not None and prev.kind in (NUM, UNIT):
                set_kind(item, EACH)
            else:
                set_kind(item, CHANNEL, Channel.volume)
        elif item.kind == WORD and item.surface in lx.CONTEXT_CHANNEL_WORDS:
            raw = tokens[item.first].raw
            after_cue = prev is not None and prev.kind == WORD and prev.surface in lx.CHANNEL_CONTEXT_BEFORE
            named = raw[:1].isupper() and prev is not None and prev.kind != PUNCT
            # "the Open one", "the Select copies": the programme names which copies
            of_copies = nxt is not None and nxt.surface in ("one", "ones", "copy", "copies", "licence", "licences")
            # "2008 Ent (Select)": a programme named in brackets after the product
            bracketed = (
                prev is not None
                and prev.kind == PUNCT
                and prev.value == "("
                and i > 1
                and items[i - 2].kind in (EDITION, VERSION, CHANNEL, PRODUCT)
            )
            if after_cue or named or of_copies or bracketed:
                set_kind(item, CHANNEL, Channel.volume)
        elif item.kind == TIMES:
            left_ok = prev is not None and prev.kind in (NUM, UNIT, PACK)  # "5 CAL pack x 3"
            right_ok = nxt is not None and nxt.kind == NUM
            # "Enterprise x3", "3x Standard": glued to a number, "x" counts copies.
            glued = (right_ok and tokens[nxt.first].start == tokens[item.last - 1].end) or (
                prev is not None and prev.kind == NUM and tokens[prev.last - 1].end == tokens[item.first].start
            )
            if not ((left_ok and right_ok) or (item.surface == "x" and glued)):
                set_kind(item, WORD)
                item.surface = item.cue = "x" if item.surface == "x" else item.surface
        elif item.kind == PERSERVER:
            if nxt is not None and nxt.kind in (WORD, PRODUCT) and nxt.surface in lx.MODE_FOLLOWERS:
                set_kind(item, MODE, Mode.per_server)
            elif prev is not None and (prev.kind == NUM or (prev.kind == UNIT and i > 1 and items[i - 2].kind == NUM)):
                set_kind(item, EACH)  # "5 CALs per server": a count per copy
            elif prev is not None and (prev.kind == UNIT or (prev.kind == WORD and prev.surface in _PER_EACH_AFTER)):
                item.kind = WORD  # "CALs per server", "need per server": per each server, not the mode
                item.cue = "per _server"
            else:
                set_kind(item, MODE, Mode.per_server)
    _versions(items, tokens)
    _not_counts(items, tokens)
    _pronoun_one(items)
    _cal_types(items)
    for i, item in enumerate(items):
        if item.kind == NEG:
            for target in items[i + 1 : i + 4]:
                if target.kind == PUNCT or target.surface in _COMPARATIVES:
                    break  # "never goes above 8", "not more than 15": a limit, not a denial
                if target.kind in (NUM, UNIT, MODE, CHANNEL, EDITION, VERSION, CALTYPE):
                    target.negated = True
                    break


# Words before a number that make it a label, not a count: "ext 2231", "room 301", "period 3".
_LABELS = frozenset(
    """ext extension room rooms floor floors level suite building period number no model serial version v port vlan
    build ticket order invoice po phone tel call dial page step gate bay rack row aisle line route bus flat
    apartment street road house postcode zip code pin id kb q case ref reference release sp service pack
    poweredge proliant primergy thinkserver thinkcentre optiplex latitude elitebook probook vostro prodesk altos
    aspire inspiron precision""".split()
)
_YEAR_ONLY_BEFORE = frozenset("in since year circa founded established est until till during around".split())
_YEAR_BEFORE = frozenset(
    """in since from year years of back circa est established founded bought purchased around early late mid
    until till before after during""".split()
)
_MONTHS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october
    nov november dec december""".split()
)
_MONEY_BEFORE = frozenset("rs inr usd eur gbp aud cad nzd chf r".split())
_MONEY_AFTER = frozenset("dollars dollar pounds pound euros euro bucks quid rupees rupee lakh lakhs".split())


def _not_counts(items: list[Item], tokens: list[Token]) -> None:
    """Numbers that are not counts become plain words: prices ("£3,200", "Rs 2,40,000"), years ("in 2010",
    "founded 1965"), labels ("ext 2231", "room 301", "period 3"), dates ("1 July") and percentages."""
    for i, item in enumerate(items):
        if item.kind != NUM:
            continue
        first = tokens[item.first]
        before_tok = tokens[item.first - 1] if item.first > 0 else None
        after_tok = tokens[item.last] if item.last < len(tokens) else None
        prev, nxt = prev_item(items, i), next_item(items, i)
        prev_word = prev.surface if prev is not None else ""
        next_word = nxt.surface if nxt is not None else ""
        money = (before_tok is not None and before_tok.text in ("$", "£", "€", "¥")) or prev_word in _MONEY_BEFORE
        money = money or next_word in _MONEY_AFTER or (after_tok is not None and after_tok.text == "%")
        digits = first.text.replace(",", "")
        year = (
            digits.isdigit()
            and len(digits) == 4
            and 1950 <= int(digits) <= 2039
            and (prev_word in _YEAR_BEFORE or next_word in _MONTHS)
        )
        label = prev_word in _LABELS
        # "new Win 7 PCs", "Windows 10 laptops", "Office 2010": a client release, not a count
        label = label or (prev_word in _CLIENT_PRODUCTS and digits in _CLIENT_RELEASES)
        date = prev_word in _MONTHS or (next_word in _MONTHS and not year)
        if money or year or label or date:
            set_kind(item, WORD)
            item.surface = item.cue = "#label"


_CLIENT_PRODUCTS = frozenset({"win", "windows", "office", "xp", "vista"})
_CLIENT_RELEASES = frozenset({"7", "8", "10", "11", "95", "98", "2000", "2007", "2010", "2013", "2016", "2019", "2021"})
_COMPARATIVES = frozenset("above over more exceed exceeds exceeded beyond higher under below less fewer than".split())


def _pronoun_one(items: list[Item]) -> None:
    """ "the Enterprise one", "the OEM ones", "the busy one": "one" after a describing word stands for a
    thing already named, not a count."""
    for i, item in enumerate(items):
        prev = prev_item(items, i)
        nxt = next_item(items, i)
        if (
            item.kind == NUM
            and item.surface.lower() in ("one", "ones")
            and prev is not None
            and prev.kind in (EDITION, CHANNEL, VERSION, WORD)
            and prev.surface not in ("the", "a", "an", "and", "or", "of", "per", "with")
            and i > 1
            and items[i - 2].surface in ("the", "that", "this", "our", "my", "each", "every")
            and (nxt is None or nxt.kind != UNIT)
        ) or (
            # "17 on one and 16 on the other": the first of two, not a count
            item.kind == NUM
            and item.surface.lower() == "one"
            and prev is not None
            and prev.surface in ("on", "for", "to")
            and (nxt is None or nxt.kind != UNIT)
        ):
            set_kind(item, WORD)
            item.surface = item.cue = "one"


def _versions(items: list[Item], tokens: list[Token]) -> None:
    """Product versions, not counts: "Server 2008 R2", "2003", "windows 2019"."""
    for i, item in enumerate(items):
        if item.kind != NUM:
            continue
        number: Number = item.value  # type: ignore[assignment]
        digits = tokens[item.first].text
        if item.last - item.first != 1 or number.negative or not (digits.isdigit() and len(digits) == 4):
            continue
        prev, nxt = prev_item(items, i), next_item(items, i)
        if prev is not None and prev.surface in _YEAR_ONLY_BEFORE:
            continue  # "purchased in 2012", "since 2003": when, not which release
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
        while b >= 0 and (
            items[b].kind in (CHANNEL, EDITION, PRODUCT)
            or (items[b].kind == WORD and items[b].surface in lx.QUANTITY_SKIP)
        ):
            b -= 1  # "4 physical 2008 servers"
        if b >= 0 and items[b].kind == NUM and digits in lx.RELEASES:
            unit_next = False
        cal_unit = unit is not None and unit.kind == UNIT and unit.value == lx.CAL
        if unit is not None and unit.kind == UNIT and unit.value in (lx.USER, lx.DEVICE) and k + 1 < len(items):
            cal_unit = items[k + 1].kind == UNIT and items[k + 1].value == lx.CAL  # "2003 user CALs"
        if digits in lx.RELEASES and cal_unit:
            unit_next = False  # "2003 user CALs: 30": the CALs' release, not 2003 of them
        # "both 2003 boxes", "our 2008 servers": nobody has 2003 servers; a release before a server word
        # names them.
        if (
            digits in lx.RELEASES
            and unit is not None
            and unit.kind == UNIT
            and unit.value in (lx.SERVER, lx.COPY)
            and prev is not None
            and prev.surface in ("both", "our", "the", "my", "these", "those", "all", "their", "old", "new")
        ):
            unit_next = False
        if not (1990 <= int(digits) <= 2039 and (after_product or (digits in lx.RELEASES and not unit_next))):
            continue
        version = digits
        if nxt is not None and nxt.kind == WORD and nxt.surface == "r":
            after = next_item(items, i + 1)
            if after is not None and after.kind == NUM and tokens[after.first].text == "2":
                version += " R2"
                nxt.kind, nxt.cue = VERSION, "_version"
                after.kind, after.cue = VERSION, "_version"
        if version[:4] in lx.BASE_VERSIONS:
            version = version[:4]  # the thread's 2003/2008 rules cover their R2 releases
        set_kind(item, VERSION, version)
        if prev is not None and prev.kind == UNIT and prev.value == lx.SERVER:
            set_kind(prev, PRODUCT)  # "Server 2008": the product, not a count of servers


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
            set_kind(item, UNIT, lx.CAL)
        if item.surface in lx.TYPED_CAL_WORDS:
            item.cal_types.add(lx.TYPED_CAL_WORDS[item.surface])
        j = k - 1
        while j >= 0:
            before = items[j]
            head = before.surface.split()[-1] if before.surface else ""
            if before.kind == UNIT and head in lx.CAL_TYPE_WORDS:
                item.cal_types.add(lx.CAL_TYPE_WORDS[head])
                set_kind(before, CALTYPE, lx.CAL_TYPE_WORDS[head])
            elif before.kind == MODE and before.surface.split()[-1] in lx.CAL_TYPE_WORDS:
                item.cal_types.add(lx.CAL_TYPE_WORDS[before.surface.split()[-1]])
                break
            elif not (before.kind == WORD and before.surface in ("or", "and", "vs", "versus", "based")):
                break
            j -= 1
