"""Numbers tied to what they count: "3 OEM copies", "5 CALs each", "2 × 5", "a 10-pack".

Each number item is followed to its unit (skipping modifiers such as "OEM" or
"Dell"), and the markers around it are read: each/apiece (a count per copy),
pack/extra/separately (CALs bought on their own), concurrent, negated, and the
roles in "2 × 5". A number that cannot be a count becomes a problem sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.dialogue import lexicon as lx
from assistant.dialogue.lexer import (
    CALTYPE,
    CHANNEL,
    CONC,
    EACH,
    EDITION,
    EXTRA,
    MODE,
    NUM,
    PACK,
    PRODUCT,
    PUNCT,
    TIMES,
    UNIT,
    VERSION,
    WORD,
    Item,
    next_item,
    prev_item,
)
from assistant.dialogue.numbers import LIMIT, Number, Token
from assistant.models.terms import CalType, Channel
from assistant.retrieval.text import STOP_WORDS


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
    # set by "2 × 5": "count" (copies/servers), "per" (CALs per copy), "packs" ("2 x 5-pack"), "packs after"
    # ("20-pack x2")
    role: str | None = None
    noun: str = ""  # the unit as written ("laptops")


# --- numbers tied to units -------------------------------------------------------------------


def _skippable(item: Item, nxt: Item | None) -> bool:
    """May a number skip this item on its way to its unit ("3 OEM copies", "2 Dell servers")?"""
    if item.kind in (CHANNEL, EDITION, VERSION, PRODUCT, CALTYPE, CONC):
        return True
    if item.kind == EXTRA:
        return nxt is None or nxt.kind != NUM  # "10 more CALs", but not "5 plus 5"
    # Adjectives: listed ones, unknown words ("Dell") and topic words ("loaner", "shift"), but
    # never everyday words, which may start the next phrase ("3 and need 10").
    if item.kind == WORD and nxt is not None and nxt.kind == UNIT and nxt.value in (lx.USER, lx.DEVICE):
        # "11 site staff", "24 order pickers", "3 shop assistants": a noun naming the kind of people or devices
        if item.surface in lx.QUANTITY_SKIP or item.surface in lx.SETTING_NOUNS:
            return True
        return item.surface not in STOP_WORDS and item.surface not in _NOT_KINDS
    if item.kind == WORD and item.surface in lx.SETTING_NOUNS:
        return nxt is not None and nxt.surface in ("and", "or", "&")  # "11 office and yard staff"
    return item.kind == WORD and (
        item.surface in lx.QUANTITY_SKIP
        or not item.known
        or (item.surface in lx.CUE_WORDS and item.surface not in STOP_WORDS)
    )


_CLIENT_OS = frozenset({"xp", "vista", "win7", "win8", "win10", "win11", "desktop", "client"})
# Words that may stand between a number and a people word without naming their kind ("3 need users").
_NOT_KINDS = frozenset(
    "need needs needed have has had use uses using get gets buy buys want wants per each old new retired broken".split()
)


def _coordinated(items: list[Item], i: int, j: int) -> bool:
    """ "11 office and yard staff": an "and" between two words naming the kind of the people counted."""
    return (
        j > i + 1
        and items[j].surface in ("and", "or", "&")
        and items[j - 1].kind == WORD
        and j + 2 < len(items)
        and items[j + 1].kind == WORD
        and items[j + 2].kind == UNIT
        and items[j + 2].value in (lx.USER, lx.DEVICE)
    )


def quantities(items: list[Item]) -> list[Quantity]:
    found: list[Quantity] = []
    for i, item in enumerate(items):
        if item.kind != NUM:
            continue
        number: Number = item.value  # type: ignore[assignment]
        j = i + 1
        while (
            j < len(items) and j <= i + 7 and (_skippable(items[j], next_item(items, j)) or _coordinated(items, i, j))
        ):
            j += 1
        has_unit = j < len(items) and items[j].kind == UNIT
        # "2 admin ladies", "3 user accounts": a people word before another names the same people.
        while (
            has_unit
            and j + 1 < len(items)
            and items[j].value in (lx.ADMIN, lx.USER)
            and items[j + 1].kind == UNIT
            and items[j + 1].value == lx.USER
        ):
            j += 1
        if has_unit and items[j].value == lx.SERVER and j + 1 < len(items) and items[j + 1].value == lx.CAL:
            j += 1  # "50 Windows Server CALs": CALs for the server, not servers
        if (
            has_unit
            and items[j].surface in ("user", "device")
            and (number.count or 0) > 1
            and (j + 1 >= len(items) or items[j + 1].kind != UNIT)
            and any(b.kind == UNIT and b.value == lx.CAL for b in items[max(i - 4, 0) : i])
        ):
            # "CALs bought: 12 device": CALs of that kind, not twelve devices
            q_type = CalType.user if items[j].surface == "user" else CalType.device
            items[j] = Item(UNIT, items[j].first, items[j].last, f"_{lx.CAL}", lx.CAL, "cals", cal_types={q_type})
        if has_unit and items[j].surface == "till" and j + 1 < len(items) and items[j + 1].kind == NUM:
            has_unit = False  # "open 8 till 6": a time, not eight tills
        end = j + 1 if has_unit else i + 1
        unit = items[j].value if has_unit else None
        named = None if has_unit else _unit_before(items, i)
        if named is not None:
            unit = named.value  # "user CALs: 30", "PCs - 28": the unit is the heading the count stands under
        if has_unit and items[j].value == lx.COPY and any(b.surface in _CLIENT_OS for b in items[i + 1 : j]):
            unit = lx.DEVICE  # "6 old XP boxes": client PCs, not server copies
        if not has_unit and any(b.kind == PRODUCT and b.surface == "server" for b in items[i + 1 : j]):
            unit, end = lx.COPY, j  # "one OEM Server 2003 Standard": a count of the product is copies
        q = Quantity(number, unit, i, end, negated=item.negated or (has_unit and items[j].negated))  # type: ignore[arg-type]
        between = items[i + 1 : end - 1] if has_unit else []
        if unit in (lx.USER, lx.DEVICE, lx.CONN, lx.ADMIN):
            # "45 warehouse workers": who the people are does not change the licensing question.
            for b in between:
                b.known = True
        if named is not None:
            q.noun, q.cal_types = named.surface, set(named.cal_types)
            q.cal_types |= {b.value for b in items[max(i - 4, 0) : i] if b.kind == CALTYPE}  # type: ignore[misc]
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


_HEADING_WORDS = frozenset({"count", "total", "number", "is", "was", "of", "stands"})


def _unit_before(items: list[Item], i: int) -> Item | None:
    """The unit a list heads a count with: "user CALs: 30", "Users - 25" (a dash reads as nothing),
    when the count ends its entry."""
    ends = i + 1 >= len(items) or (items[i + 1].kind == PUNCT and items[i + 1].value in (",", ".", ";", "(", ")"))
    ends = ends or items[i + 1].surface in ("and", "but", "so")
    if not ends or i < 1:
        return None
    k = i - 1
    skipped = 0
    while k > 0 and items[k].surface in _HEADING_WORDS and skipped < 3:
        k, skipped = k - 1, skipped + 1  # "our CAL count is 45", "CALs in total = 40"
    if items[k].kind == PUNCT and items[k].value in (":", "="):
        k -= 1
    elif not skipped and not (k == 0 or items[k - 1].kind in (PUNCT, CALTYPE, VERSION)):
        return None
    if k < 0 or items[k].kind != UNIT or items[k].value not in (lx.CAL, lx.USER, lx.DEVICE, lx.COPY, lx.SERVER):
        return None
    if skipped and items[k].value != lx.CAL:
        return None  # "our CAL count is 45", but not "the print server is 6"
    return items[k]


def _look_after(items: list[Item], q: Quantity) -> None:
    """Markers after the unit: "5 CALs each", "10 CALs separately", "a 10-pack", "10 users at once"."""
    for k in range(q.last, min(q.last + 4, len(items))):
        after = items[k]
        if after.kind == EACH:
            if k + 1 < len(items) and items[k + 1].surface in lx.SETTING_NOUNS:
                return  # "all four every day": how often, not per copy
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
    prev = prev_item(items, q.first)
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
        if left is None and right is not None and right.unit is None and t > 0 and items[t - 1].kind == PACK:
            right.role = "packs after"  # "User CAL 20-pack x2": two packs of 20
            continue
        if left is None or right is None:
            lone = left or right
            if lone is not None and lone.unit is None:
                lone.role = "count"  # "Enterprise x3": three copies
            continue
        counts = (lx.COPY, lx.SERVER, None)
        if left.pack and right.unit is None:
            right.role = "packs after"  # "User CAL 20-pack x2": two packs of 20
            continue
        if right.pack and left.unit is None:
            left.role = "packs"  # "1x 10-pack", "2 x 5-pack": how many packs
            continue
        if left.unit is None and right.unit == lx.CAL and any(it.kind == PACK for it in items[max(t - 5, 0) : t]):
            left.role, right.pack = "packs", True  # "CAL packs: 2 x 5 user CALs": two packs of five
            continue
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


def described(text: str, tokens: list[Token], items: list[Item], q: Quantity) -> str:
    """A number as written with the words after it in its clause ("4 dentists"), to ask what it counts."""
    last = q.last
    while (
        last < min(q.first + 4, len(items))
        and items[last].kind not in (PUNCT, NUM)
        and items[last].surface
        not in (
            "and",
            "or",
            "but",
        )
    ):
        last += 1
    return _snippet(text, tokens, items, Quantity(q.number, q.unit, q.first, max(last, q.last)))


def usable(
    quantities: list[Quantity], problems: list[str], text: str, tokens: list[Token], items: list[Item]
) -> set[int]:
    """The indexes of the quantities that are believable counts; a problem sentence for each other."""
    ok: set[int] = set()
    for n, q in enumerate(quantities):
        construct = q.each or q.pack or q.role is not None
        problem = _problem(q, _snippet(text, tokens, items, q), construct)
        if problem is not None:
            if problem not in problems:
                problems.append(problem)
            continue
        if q.number.count is not None and q.number.count <= LIMIT:
            ok.add(n)
    return ok


def flat_counts(quantities: list[Quantity], ok: set[int]) -> dict[str, int]:
    """Which kinds of count the turn gives (field -> value), as the intent patterns weigh them."""
    counts: dict[str, int] = {}
    for n, q in enumerate(quantities):
        if n not in ok or q.negated:
            continue
        target = _field(q)
        if target is not None and q.number.count is not None:
            counts.setdefault(target, q.number.count)
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


_BY_KIND = frozenset({"by", "count", "counting", "counted"})


def terms_of(items: list[Item], quantities: list[Quantity]) -> dict[str, object]:
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
    if not cal_types:
        # "if we count devices instead?", "license by user": the kind of CAL, named by what it counts
        for k, it in enumerate(items):
            if it.kind != UNIT or it.value not in (lx.USER, lx.DEVICE) or it.negated:
                continue
            before = items[k - 1].surface if k > 0 else ""
            after = items[k + 1].surface if k + 1 < len(items) else ""
            if before in _BY_KIND or (after == "instead" and (k == 0 or items[k - 1].kind != NUM)):
                cal_types.append(CalType.user if it.value == lx.USER else CalType.device)
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
