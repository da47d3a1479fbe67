"""From the quantities of one turn to an `Update` of the situation: an inventory, not flat facts.

People write inventories: "two OEM Standard boxes plus one retail Enterprise",
"5 servers in total: 2 are Enterprise, the rest Standard", "our 2 servers came
with 5 each and we bought a 20-pack", "four dentists, three nurses and the
practice manager", "20 users, 3 left last month, 2 start on Monday", "12 CALs on
the busy one and 4 on the other". The turn is read in three passes:

1. **Server licences.** Licensing terms (edition, channel, release) that stand
   together form a *cluster*. A count of copies or servers takes the cluster
   next to it; a cluster with no count of its own is a line of one copy when
   introduced as one ("a retail box of…", "another 2003 Std FPP", "the licence
   for our 2008 Enterprise server"), the rest of a total ("the rest are
   Standard"), or terms for every line ("all OEM"). Counts that follow a total
   and fit inside it are its breakdown, not more copies.
2. **CALs.** CALs each copy came with go to the nearest line; packs and CALs
   bought on their own are purchases ("three 5-packs" are 15); a CAL count
   standing alone is what is owned in all; counts given to one server in per
   server mode are an allocation.
3. **People and devices.** Counts of people by any name add up ("three dentists,
   two hygienists and the receptionist"); a stated total wins over its parts ("so
   7 people", "11 of us"); "each with a desktop and a laptop" multiplies; joiners
   and leavers change the count; a part ("5 of them") is not another count.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.dialogue import lexicon as lx
from assistant.dialogue.lexer import (
    CALTYPE,
    CHANNEL,
    CONC,
    EACH,
    EDITION,
    EXTRA,
    NUM,
    PACK,
    PRODUCT,
    PUNCT,
    TIMES,
    UNIT,
    VERSION,
    WORD,
    Item,
)
from assistant.dialogue.numbers import Number
from assistant.dialogue.quantities import Quantity
from assistant.models.situation import CalPurchase, Change, LineEdit, ServerLine, Unplaced, Update
from assistant.models.terms import CalType, Channel, Edition

# Sentence ends: terms and lines do not reach across them.
_STOPS = frozenset(".!?;")
_TERMS = (EDITION, CHANNEL, VERSION)
_COUNT_FIELD = {lx.USER: "users", lx.DEVICE: "devices", lx.CONN: "connections", lx.ADMIN: "admins"}

# Words that may stand inside a cluster of terms: "Server 2008 Standard (OEM)", "Std bought retail".
_CLUSTER_GLUE = frozenset(
    """server servers windows win microsoft ms edition editions version r2 licence license licences licenses copy
    copies box boxes bought purchased via through thru under on our the a an from with came preinstalled
    preloaded installed pre os operating system sku of is are was were""".split()
)
# Determiners that make a cluster with no number one copy: "a retail box of…", "another 2003 Std".
_ONE = frozenset("a an one single another other the our my its his her".split())
_REST = frozenset("rest remaining remainder others".split())
_ALL = frozenset("all both every each".split())
_JOINS = frozenset("and plus or but while whereas also".split())

# "hire 4", "another 5", "4 more", "3 left", "2 are leaving": people coming or going.
_UP_BEFORE = frozenset(
    """hire hiring hired add adding added onboard onboarding onboarded recruit recruiting recruited taking took
    take bring bringing brought another extra additional new gain gaining gained welcome welcoming""".split()
)
_UP_AFTER = frozenset("more join joining joined start starting started arrive arriving coming new extra".split())
_DOWN_BEFORE = frozenset(
    """lose losing lost remove removing removed cut cutting drop dropping dropped lay laid minus fewer less""".split()
)
_DOWN_AFTER = frozenset(
    """left leave leaving leaves quit quitting quits retire retiring retired retires resigned resigning resigns depart
    departing departed departs gone went goes fewer less go going redundant""".split()
)
# A stated total of people: "so 7 people", "11 of us", "22 people in total", "headcount was 48".
_TOTAL_BEFORE = frozenset("so total headcount altogether".split())
_TOTAL_AFTER = frozenset("total altogether overall".split())


def _total_after(after: list[str]) -> bool:
    """ "12 staff in total", "… in all", "… all told" — but not "11 staff all log in"."""
    return any(w in _TOTAL_AFTER for w in after[:2]) or after[:2] in (["in", "all"], ["all", "told"])


_SERVER_REFS = frozenset(
    """server servers one other first second third fourth last main busy busier busiest dc box machine host
    primary secondary accounts print file""".split()
)
_CORRECTING = frozenset("make actually sorry meant rather instead correction scratch oops no not".split())
_PEOPLE_VERBS = frozenset(
    """hire hiring hired recruit recruiting recruited onboard onboarding employ employing employed taking take
    lose losing lost start starting starts join joining joins""".split()
)
_CAL_WORDS = frozenset("cal cals".split())
_CONNECTION_WORDS = frozenset("peak peaks connected connections concurrent concurrently simultaneous busiest".split())
_NEED_VERBS = frozenset("need needs needed require requires required".split())
_BUY_VERBS = frozenset("bought buy buying purchased purchase purchasing ordered order added picked".split())
_STATED = frozenset("says say said states stated lists listed shows showed contains contained has had includes".split())


def _words(items: list[Item], start: int, end: int) -> list[str]:
    return [it.surface for it in items[max(start, 0) : min(end, len(items))]]


def _sentences(items: list[Item]) -> list[int]:
    seg, out = 0, []
    for it in items:
        out.append(seg)
        if it.kind == PUNCT and it.value in _STOPS:
            seg += 1
    return out


@dataclass
class _Cluster:
    first: int  # item span [first, last)
    last: int
    edition: Edition | None = None
    channel: Channel | None = None
    version: str | None = None
    product: bool = False  # names the server product ("Server 2008", "Windows server")
    boxed: bool = False  # "a 2008 Standard box": bought boxed, retail unless a channel is named
    server: bool = False  # names Windows Server itself ("Server 2008 Std OEM"), not only an edition
    count: int | None = None  # "one of the Open ones": how many of the copies it names

    def terms(self) -> dict[str, object]:
        return {k: v for k, v in (("edition", self.edition), ("channel", self.channel), ("version", self.version)) if v}


def _clusters(items: list[Item]) -> list[_Cluster]:
    """Runs of licensing terms, glued by words such as "Server", "bought", "through"."""
    found: list[_Cluster] = []
    current: _Cluster | None = None
    gap = 0
    for k, it in enumerate(items):
        is_term = it.kind in _TERMS and not it.negated
        glue = (it.kind in (PRODUCT, UNIT) and it.value in (None, lx.COPY, lx.SERVER)) or (
            it.kind == WORD and it.surface in _CLUSTER_GLUE
        )
        if is_term:
            if current is None:
                current = _Cluster(k, k + 1)
            current.last = k + 1
            gap = 0
            name = {EDITION: "edition", CHANNEL: "channel", VERSION: "version"}[it.kind]
            if name == "version" and not isinstance(it.value, str):
                continue  # the "R2" after a release: part of the release already read
            if getattr(current, name) is None:
                setattr(current, name, it.value)
            elif getattr(current, name) != it.value:
                # A second edition or channel starts another cluster ("2 Standard and 1 Enterprise").
                found.append(current)
                current = _Cluster(k, k + 1)
                setattr(current, name, it.value)
            continue
        if current is not None and glue and gap < 3:
            gap += 1
            if it.kind in (PRODUCT, UNIT):
                current.product = True
            if it.surface in ("box", "boxes", "boxed"):
                current.boxed = True
            if it.surface in ("server", "windows", "win"):
                current.server = True
            continue
        if current is not None:
            found.append(current)
            current = None
        gap = 0
    if current is not None:
        found.append(current)
    # A cluster starts at the product words before it ("Windows Server 2008 Standard"); a release alone
    # is a line only with a product word or another term.
    for c in found:
        while c.first > 0 and items[c.first - 1].kind == PRODUCT:
            c.first -= 1
            c.product = True
            c.server = c.server or items[c.first].surface in ("server", "windows", "win")
    return [c for c in found if c.edition or c.channel or (c.version and c.product)]


@dataclass
class _Line:
    """A line of server licences while the turn is read (becomes a `ServerLine`)."""

    first: int  # where it is said (item index), for ordering and nearness
    copies: int | None  # None: "the rest" of a total, worked out later
    edition: Edition | None = None
    channel: Channel | None = None
    version: str | None = None
    cals_each: int | None = None
    cals_in_all: int | None = None
    counted_servers: bool = False  # a count of "servers": a line only if licence terms or CALs attach
    licensed: bool = False
    total: bool = False  # said as a total ("5 servers in total", "9 servers: ...")
    part: bool = False  # a part said after a total ("2 of them are Enterprise", "the rest")
    quantity: Quantity | None = None
    boxed: bool = False  # counted as "boxes": retail, unless a channel is named
    of_total: bool = False  # a part of a total counted in the same turn ("4 licences: one is Enterprise…")
    end: int = 0  # where its phrase ends (item index): after its count, unit and terms
    entry: bool = False  # an entry of a list ("DC01 - 2008 Std OEM"), one copy

    def take(self, c: _Cluster) -> None:
        self.boxed = self.boxed or c.boxed
        for name, value in c.terms().items():
            if getattr(self, name) is None:
                setattr(self, name, value)
        self.licensed = True
        self.end = max(self.end, c.last)

    def line(self) -> ServerLine:
        return ServerLine(
            copies=self.copies or 0,
            edition=self.edition,
            channel=self.channel or (Channel.fpp if self.boxed else None),
            version=self.version,
            cals_each=self.cals_each,
            cals_in_all=self.cals_in_all,
        )


@dataclass
class _People:
    counts: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # stated totals: win over the sum of parts
    changes: list[Change] = field(default_factory=list)
    last: str | None = None  # the count said last ("users"), for a bare number that follows it
    bought_more: list[int] = field(default_factory=list)  # "we bought 6 more": CALs with no unit word
    nouns: dict[str, str] = field(default_factory=dict)  # the word each count was said with
    same: dict[str, int] = field(default_factory=dict)  # "the same 6 PCs": a count that keeps one known
    within_users: int = 0  # administrators counted among the users who only administer
    claimed_buy: int | None = None  # "so we need to buy 6 more, right?"
    device_words: set[int] = field(default_factory=set)  # device nouns said without a number, and counted
    untold: str = ""  # devices said for a group of unknown size ("the rest each have a PC")


def build(
    items: list[Item],
    quantities: list[Quantity],
    usable: set[int],
    *,
    rule: bool = False,
    claims: bool = False,
    describe: Callable[[Quantity], str] | None = None,
) -> Update:
    """The turn's update. `usable` holds the indexes (into `quantities`) of counts that are valid
    numbers; the others were reported as problems. `rule`: the turn asks about a rule ("can its device
    CAL move to the new PC?"), so people named without a number are not a count of anyone. `describe`
    words a number no reading placed, for `Update.unplaced`."""
    seg = _sentences(items)
    clusters = _clusters(items)
    lines: list[_Line] = []
    people = _People()
    purchases: list[CalPurchase] = []
    allocation: list[int] = []
    peaks: list[int] = []
    per_copy: list[tuple[Quantity, int]] = []
    for_line: list[tuple[Quantity, int]] = []
    owned_total: list[tuple[Quantity, int]] = []
    cal_types: set[CalType] = set()
    multipliers: dict[int, int] = {}  # item index of a pack -> how many packs ("three 5-packs")
    unitless: list[Quantity] = []

    live = [
        (n, q)
        for n, q in enumerate(quantities)
        if n in usable and not q.negated and q.number.count is not None and (claims or not _reported(items, q))
    ]
    multiplying: set[int] = set()  # item indexes of the counts of packs ("three" in "three 5-packs")
    for n, q in live:
        if q.role == "packs after" and n > 0:
            multipliers[quantities[n - 1].first] = q.number.count or 1  # "User CAL 20-pack x2"
            multiplying.add(q.first)
            continue
        nxt = quantities[n + 1] if n + 1 < len(quantities) else None
        adjacent = nxt is not None and nxt.pack and (nxt.first == q.last or q.role == "packs")
        if q.unit is None and nxt is not None and adjacent and q.role in (None, "packs"):
            multipliers[nxt.first] = q.number.count or 1
            multiplying.add(q.first)
    previous: Quantity | None = None
    replaces = _not_instead(items, [(n, q) for n, q in enumerate(quantities) if n in usable], multiplying)
    for _n, q in live:
        value = q.number.count
        assert value is not None
        if q.first in multiplying or _label(items, q):
            continue
        if q.unit is None and q.role is None and previous is not None and _ellipsis(items, previous, q):
            # "3 copies … and 2 more under Open", "the 5 CALs from the Dell and the 5 from the HP".
            q.unit, q.noun, q.cal_types = previous.unit, previous.noun, set(previous.cal_types)
        previous = q
        unit = q.unit
        places = _places_before(items, quantities, seg, q.first) if unit == lx.DEVICE else None
        said_each = _words(items, q.first - 2, q.first)
        if places and "each" in said_each and said_each[-1] in ("each", "have", "has", "with", "got", "having"):
            # "our 3 shops each have 2 tills": that many in every place
            people.counts["devices"] = people.counts.get("devices", 0) + value * places
            continue
        if (
            unit == lx.DEVICE
            and q.each
            and people.counts.get("users")
            and not _has(items, q.first - 3, q.first, _CAL_WORDS)
        ):
            # "35 people, one PC each", "40 agents with a laptop each": a device per person
            people.counts["devices"] = people.counts.get("devices", 0) + value * people.counts["users"]
            continue
        if unit is None and q.each and _has(items, q.first - 6, q.last + 6, _CONNECTION_WORDS):
            people.counts["connections"] = value  # "12 on each at peak"
            continue
        if unit == lx.CAL and _need_to_buy(items, q):
            people.claimed_buy = value  # "so I need to buy 13 more CALs, right?"
            continue
        if unit == lx.CAL and _has(items, q.first - 2, q.first, _NEED_VERBS):
            continue  # "why don't I need 10 CALs per server?": what might be needed, not what is owned
        if unit == lx.CAL and _edition_includes(items, q):
            continue  # "covered by the 25 CALs Enterprise includes?": what they believe the edition brings
        if q.role == "per" or (unit in (lx.CAL, None) and q.each and (unit == lx.CAL or _cal_context(items, q))):
            per_copy.append((q, value))
            continue
        if q.role == "count" or unit in (lx.COPY, lx.SERVER):
            line = _Line(q.first, value, counted_servers=unit == lx.SERVER, quantity=q, end=q.last)
            line.licensed = unit == lx.COPY or q.role == "count"
            line.boxed = unit == lx.COPY and q.noun in ("box", "boxes")
            line.total = _said_as_total(items, q)
            lines.append(line)
            continue
        if unit == lx.CAL:
            cal_types |= q.cal_types
            if _has(items, q.first - 2, q.first, _NEED_VERBS):
                continue  # "my partner reckons we need 22 CALs": a claim about what is needed, not owned
            servers_said = next((x.number.count for x in quantities if x.unit == lx.SERVER and x.number.count), None)
            spread = _each_allocated(items, q, servers_said) or _split_allocation(items, q, quantities)
            if spread:
                allocation.extend(spread)
                owned_total.append((q, value))  # "20 CALs split 10/10": the 20 are owned
            elif _allocated(items, q):
                allocation.append(value)
            elif q.pack or q.extra or _has(items, q.last, q.last + 3, frozenset({"separately", "separate"})):
                count = multipliers.get(q.first, 1) * value
                purchases.append(CalPurchase(cals=count, cal_type=_one(q.cal_types)))
            elif _has(items, q.last, q.last + 3, lx.TOTAL_WORDS) or (
                _comes_with(items, q) and _line_said(quantities, items)
            ):
                for_line.append((q, value))
            else:
                owned_total.append((q, value))
            continue
        if unit is None and q.pack:
            if _words(items, q.first - 1, q.first) == ["in"]:
                continue  # "30 user CALs (bought in 5-packs)": how the CALs counted were bought
            # "a 10-pack", "two packs of 5": CALs bought on their own.
            purchases.append(CalPurchase(cals=multipliers.get(q.first, 1) * value, cal_type=_one(q.cal_types)))
            continue
        if unit is None:
            servers_said = next((x.number.count for x in quantities if x.unit == lx.SERVER and x.number.count), None)
            spread = _each_allocated(items, q, servers_said) if _has(items, q.last, q.last + 2, _ASSIGNED) else []
            if spread:
                allocation.extend(spread)  # "30 CALs with 15 assigned to each of our 2 servers"
                continue
            if (
                _words(items, q.first - 2, q.first) in _CAME_WITH
                and not _people_context(items, q)
                and not _has(items, q.first - 8, q.first, _BEFORE_NOW)
            ):
                for_line.append((q, value))  # "one retail box which came with 5": the CALs it came with
                continue
            if _in_roster(items, quantities, q):
                # "3 partners, 6 fee earners, 2 secretaries": a role no table knows, listed among staff
                _person(items, Quantity(q.number, lx.USER, q.first, q.last), value, people, peaks)
                continue
            if not _people_unitless(items, q, value, people):
                unitless.append(q)
            continue
        _person(items, q, value, people, peaks)

    placed: set[int] = set()  # item indexes of bare numbers a later reading took
    loose = _lines_from_clusters(items, seg, clusters, lines, unitless, placed)
    _resolve_totals(items, lines)
    entries = sum(1 for line in lines if line.entry)
    _merge_entries(lines)
    if entries > 1:
        # "All three of our boxes …: - FS01 (2003 Std OEM) … - PRN01 …": the count is the list's, not more copies
        lines[:] = [
            line
            for line in lines
            if line.entry or line.copies != entries or line.edition or line.version or line.cals_each
        ]
    attached = _attach_cals(seg, lines, per_copy, for_line, allocation, unitless, items)
    owned_total += [(q, value) for q, value in for_line if id(q) not in attached]
    if not peaks:
        listed = _peak_list(items, quantities, usable)
        if listed:
            peaks.extend(q.number.count or 0 for q in listed)
            people.counts.pop("connections", None)
            unitless = [q for q in unitless if q not in listed]
    placed |= _more_allocated(items, unitless, allocation, peaks)
    placed |= _peaks_by_server(items, quantities, usable, allocation, peaks, people)
    _ordinal_servers(items, people)
    untold = ""
    if not rule:
        _people_from_words(items, quantities, people)
        _people_on_devices(items, quantities, people)
        untold = _devices_untold(items, quantities, people) or people.untold
    vague = {} if rule else _vague(items, lines, people, purchases)
    if not rule and untold and "devices" in people.counts and ("users" in people.counts or "users" in people.totals):
        # "6 devs, desktop + laptop each; 2 testers sharing 3 test PCs": some devices counted, others not —
        # the devices in all are not known, so the cheaper kind of CAL cannot be told; asked for.
        people.counts.pop("devices")
        vague["devices"] = untold

    _one_per_server(items, seg, lines)
    _same_copy(seg, lines)
    _times_after(items, lines)
    kept: list[_Line] = []
    counts: dict[str, int] = {}
    for line in lines:
        if line.counted_servers and not line.licensed:
            counts.setdefault("servers", line.copies or 0)
        elif line.copies:
            kept.append(line)
    # Terms with no copies change every line; per-copy counts with no line to go to likewise ("each
    # came with 5 CALs", said after the copies).
    # "the OEM one we had before came with 5": a copy of the past, not a correction of the ones now.
    loose = [c for c in loose if not _has(items, c.first - 4, c.last + 5, _BEFORE_NOW - {"last", "old"})]
    loose_terms = {(c.edition, c.channel) for c in loose if c.edition or c.channel}
    edits = [LineEdit(edition=e, channel=ch) for e, ch in loose_terms] if len(loose_terms) == 1 else []
    selector = _selector_edit(items, loose)
    if selector is not None:
        edits = [selector]
    edits += [LineEdit(cals_each=value) for q, value in per_copy[:1] if id(q) not in attached]
    for key, value in people.counts.items():
        counts[key] = people.totals.get(key, value)
    for key, value in people.totals.items():
        counts[key] = value
    if people.within_users and counts.get("users", 0) > people.within_users:
        counts["users"] -= people.within_users
    keeps: list[str] = []
    for key, value in people.same.items():
        if key in counts and counts[key] == value:
            continue  # "from the 20 PCs on the line … take over the same 20 PCs": those 20
        if key in counts:
            counts[key] += value  # "they share the same 20 PCs … plus 4 with their own PC": 24 in this story
        else:
            counts[key] = value  # "15 more operators, same 6 PCs": the 6 known before, if any
            keeps.append(key)
    if len(allocation) == 1:
        counts.setdefault("cals_owned", allocation[0])  # "5 CALs on our only server"
    last_owned: Quantity | None = None
    for _q, value in owned_total:
        if kept and any(line.licensed for line in kept) and _said_as_more(items, _q):
            # Beside copies, a count of CALs said as more is more ("2 OEM Std + 10 user CALs", "Also 20 user
            # CALs bought through Open"); said bare ("2 copies, 8 CALs") it is what is owned in all.
            purchases.append(CalPurchase(cals=value, cal_type=_one(set(_q.cal_types) or cal_types)))
        elif (
            "cals_owned" in counts
            and last_owned is not None
            and seg[last_owned.first] == seg[_q.first]
            and not _has(items, _q.first - 6, _q.first, _CORRECTING)
        ):
            counts["cals_owned"] += value  # "the 5 CALs from the Dell server and the 5 from the HP"
        else:
            counts["cals_owned"] = value
        last_owned = _q
    kept.sort(key=lambda x: x.first)
    if (
        last_owned is not None
        and kept
        and all(
            seg[line.first] > seg[last_owned.first]
            and _has(items, line.first - 8, max(line.end, line.first) + 6, _BRING)
            for line in kept
        )
    ):
        # "We own 50 CALs in total. … they bring one Enterprise OEM box with them": the box adds to the 50.
        purchases.append(CalPurchase(cals=counts.pop("cals_owned")))
    if vague.pop("cal_packs", None):
        # The packs' size is no count of CALs: what is owned is unknown, and asked for.
        purchases = []
        counts.pop("cals_owned", None)
    if "copies" in vague and not any(line.quantity for line in kept):
        # "a bunch of the new Dells with Server 2008 Std": what they are is known, how many is not.
        edits += [LineEdit(edition=x.edition, channel=x.channel) for x in kept[:1]]
        channels = {e.channel for e in edits if e.channel is not None}
        if channels == {Channel.volume}:
            vague.pop("copies")  # "a bunch of licences through our Open agreement": none include CALs anyway
        kept = []
    # Lines said with no count word of their own ("one of them is volume licence", "the Enterprise one
    # had been bought under Select") in a turn that counts no copies are parts of copies known before.
    counted = any(line.quantity is not None and line.quantity.unit in (lx.COPY, lx.SERVER) for line in kept)
    counted = counted or any(line.quantity is not None and line.quantity.role == "count" for line in kept)
    counted = counted or any(line.of_total for line in kept)
    parts = [] if counted else [line.line() for line in kept]
    purchases += [CalPurchase(cals=n) for n in people.bought_more]
    admins_work = _admins_work(items)
    return Update(
        admins_are_users=admins_work,
        lines=[line.line() for line in kept] if counted else [],
        parts=parts,
        purchases=purchases,
        counts=counts,
        changes=people.changes,
        edits=edits,
        allocation=allocation if len(allocation) > 1 else [],
        peaks=peaks if len(peaks) > 1 else [],
        vague=vague,
        all_at_once=_all_at_once(items),
        replaces=replaces,
        keeps=keeps,
        claimed_to_buy=people.claimed_buy,
        claimed_need=next(
            (
                q.number.count
                for n, q in enumerate(quantities)
                if n in usable
                and q.unit == lx.CAL
                and _has(items, q.first - 2, q.first, _NEED_VERBS)
                and _reported(items, q)
            ),
            None,
        ),
        unplaced=[
            Unplaced(value=q.number.count or 0, words=describe(q))
            for q in _unplaced(items, quantities, usable, unitless, placed)
        ]
        if describe and not rule
        else [],
    )


def _not_instead(items: list[Item], live: list[tuple[int, Quantity]], skip: set[int]) -> dict[int, int]:
    """ "HR says it's 6 not 8", "12, not 10": a count corrected in place. Marks both numbers as read."""
    found: dict[int, int] = {}
    for (_, q), (_, r) in itertools.pairwise(live):
        said_not = q.last < len(items) and (items[q.last].surface == "not" or r.negated)
        if q.unit is None and r.unit is None and not q.negated and r.first <= q.last + 1 and said_not:
            found[r.number.count or 0] = q.number.count or 0
            skip.update({q.first, r.first})
    return found


def _merge_entries(lines: list[_Line]) -> None:
    """ "- DC01: 2008 Std OEM - DC02: 2008 Std OEM": list entries alike are one line of as many copies."""
    merged: list[_Line] = []
    for line in lines:
        same = next(
            (
                m
                for m in merged
                if line.entry
                and m.entry
                and (m.edition, m.channel, m.version, m.cals_each, m.boxed)
                == (
                    line.edition,
                    line.channel,
                    line.version,
                    line.cals_each,
                    line.boxed,
                )
            ),
            None,
        )
        if same is not None and same.copies is not None and line.copies is not None:
            same.copies += line.copies
        else:
            merged.append(line)
    lines[:] = merged


def _need_to_buy(items: list[Item], q: Quantity) -> bool:
    """ "we need to buy 6 more", "I have to order 13 more CALs": what the person thinks is still to buy."""
    before = _words(items, q.first - 4, q.first)
    if before and before[-1] in _NEED_VERBS and q.unit == lx.CAL and q.extra:
        return True  # "so we need 2 more cals right?"
    if not before or before[-1] not in _BUY_VERBS - {"bought", "purchased", "ordered", "added", "picked"}:
        return False
    return any(w in _NEED_VERBS or w in ("have", "should", "must", "gotta") for w in before[:-1])


def _edition_includes(items: list[Item], q: Quantity) -> bool:
    """ "the 25 CALs Enterprise includes", "the 5 CALs that Standard comes with": the edition's table, as believed."""
    after = items[q.last : q.last + 4]
    k = 0
    while k < len(after) and after[k].surface in ("that", "which", "the"):
        k += 1
    if k >= len(after) or after[k].kind not in (EDITION, PRODUCT, VERSION):
        return False
    rest = [it.surface for it in after[k + 1 : k + 3]]
    return any(w in lx.INCLUDE_VERBS or w in ("comes", "come", "gives", "give") for w in rest)


def _cal_context(items: list[Item], q: Quantity) -> bool:
    """Is a bare "5 each" about CALs or copies ("2 servers with 5 each"), not people ("3 in the office, one each")?"""
    start = q.first
    while start > 0 and not (items[start - 1].kind == PUNCT and items[start - 1].value in _STOPS):
        start -= 1
    return any(
        it.kind in (CHANNEL, EDITION, VERSION, PRODUCT)
        or (it.kind == UNIT and it.value in (lx.CAL, lx.COPY, lx.SERVER))
        for it in items[start : q.first]
    )


def _times_after(items: list[Item], lines: list[_Line]) -> None:
    """ "2008 Std OEM (x3)", "Server 2003 Ent x 2": the count after a description is its number of copies."""
    for count in [line for line in lines if line.quantity is not None and line.quantity.role == "count"]:
        if count.edition or count.channel or count.version:
            continue
        q = count.quantity
        assert q is not None
        described = [
            line
            for line in lines
            if line is not count
            and line.quantity is None
            and line.copies == 1
            and line.first < q.first
            and all(it.kind in (*_TERMS, PRODUCT, PUNCT, TIMES) for it in items[line.first : q.first])
        ]
        if described:
            described[-1].copies = count.copies
            lines.remove(count)


def _same_copy(seg: list[int], lines: list[_Line]) -> None:
    """ "one of the four is actually Enterprise and was a retail box": a second description with no count of
    its own, in the same sentence, saying what the first left unsaid, is the same copy."""
    kept: list[_Line] = []
    for line in lines:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and line.quantity is None
            and line.copies == 1
            and not line.counted_servers
            and not prev.counted_servers
            and seg[prev.first] == seg[line.first]
            and (prev.edition is None or line.edition is None)
            and (prev.channel is None or line.channel is None)
            and (prev.version is None or line.version is None or prev.version == line.version)
        ):
            prev.edition = prev.edition or line.edition
            prev.channel = prev.channel or line.channel
            prev.version = prev.version or line.version
            prev.boxed = prev.boxed or line.boxed
            continue
        kept.append(line)
    lines[:] = kept


def _one_per_server(items: list[Item], seg: list[int], lines: list[_Line]) -> None:
    """ "two Fujitsu boxes, each with an OEM copy of Server 2008 Standard": a copy on each server counted."""
    servers = [line for line in lines if line.counted_servers and not line.licensed and line.copies]
    for line in lines:
        if line.quantity is not None or line.copies != 1 or not _has(items, line.first - 5, line.first, _EACH_WORDS):
            continue
        before = [x for x in servers if x.first < line.first and seg[x.first] == seg[line.first]]
        if before:
            line.copies = before[-1].copies


_BRING = frozenset("bring brings bringing brought adding add also another plus extra additional".split())
_EACH_WORDS = frozenset({"each", "every", "apiece"})


def _unplaced(
    items: list[Item], quantities: list[Quantity], usable: set[int], unitless: list[Quantity], placed: set[int]
) -> list[Quantity]:
    """Bare numbers no reading placed and nothing shows to be harmless: what a figure may have missed."""
    left = [q for q in unitless if q.first not in placed and q.number.count is not None]
    if len(left) > _MANY_BARE:
        return left  # a list of bare numbers is no story to read a figure from (and bounds the work below)
    others = {q.number.count for n, q in enumerate(quantities) if n in usable and q not in left}
    others |= {lx.ORDINALS[it.surface] for it in items if it.surface in lx.ORDINALS}  # "a third server … all three"
    repeated = {v for v, n in Counter(q.number.count for q in left).items() if n > 1}
    found = [q for q in left if not _harmless(items, q, others, repeated)]
    # "9 PCs (reception 3, restaurant 2, office 4)", "12 CALs (10 from two servers plus 2 bought)": a run
    # of bare numbers adding up to a count said is that count's breakdown.
    covered: set[int] = set()
    for i in range(len(found)):
        total = found[i].number.count or 0
        for j in range(i + 1, min(i + 6, len(found))):
            total += found[j].number.count or 0
            if total in others:
                covered.update(range(i, j + 1))
    return [q for k, q in enumerate(found) if k not in covered]


_MANY_BARE = 12


def _harmless(items: list[Item], q: Quantity, others: set[int | None], repeated: set[int | None]) -> bool:
    """Is a bare number one no figure needs: a count said already, a setting, a name's number, options?"""
    value = q.number.count
    after = _words(items, q.last, q.last + 3)
    before = _words(items, q.first - 2, q.first)
    if value == 1 or value in others or value in repeated:
        # "one is the DC", "all three", "the same 12": the generic one or a count said already;
        # "retiring 4 old PCs and replacing them with 4 new ones": a swap
        return True
    if after[:1] and (after[0] in lx.SETTING_NOUNS or after[0] in _HARMLESS_AFTER):
        return True  # "three shifts", "2 sites", "is 25 enough?"
    if after[1:2] and after[1] in lx.SETTING_NOUNS and items[q.last].kind == WORD:
        return True  # "3 gift shops", "2 branch offices"
    if after[:1] in (["to"], ["till"], ["until"]) and q.last + 1 < len(items) and items[q.last + 1].kind == NUM:
        return True  # "(11 to 1)", "from 9 till 5": a span of time
    if before[-1:] and (before[-1] in lx.SETTING_NOUNS or before[-1] in _ADDRESS_BEFORE):
        return True  # "room 301", "suite 400"
    first = items[q.first - 2] if q.first > 1 else None
    if before[-1:] and before[-1] in _SPAN_WORDS and first is not None:
        # "floors 2 and 4", "hours 8:30 to 6", "9 till 5": the second of a pair whose first is no count
        head = items[q.first - 3].surface if q.first > 2 else ""
        if first.surface == "#label" or (first.kind == NUM and (head in lx.SETTING_NOUNS or head in _ADDRESS_BEFORE)):
            return True
        if first.kind == NUM and before[-1] != "and":
            return True
    if q.first > 0 and items[q.first - 1].kind == WORD and not items[q.first - 1].known:
        return True  # "an old LaserJet 4250", "Hauptstrasse 12": a name's number
    if any(w in _HARMLESS_AFTER for w in after) or _question_mark_after(items, q):
        return True  # "88 King St", "is it five? ten?": an address, options offered in a question
    if q.concurrent or _concurrent_clause(items, q):
        return True  # "only about 20 are ever in at the same time": no count per user/device mode uses
    if _has(items, q.last, q.last + 2, _ASSIGNED) or _has(items, q.first - 6, q.first, _ASSIGNED):
        return True  # "20 assigned to SRV1, 10 to SRV2": an allocation the peaks decide without
    if _admin_only(items, q.first):
        return True  # "2 IT contractors who only log on to administer it": no CAL either way
    if _has(items, q.first - 2, q.first, _NEED_VERBS):
        return True  # "or do I really need 6 because…?": a count supposed, weighed by the answer
    # "55 machines (40 lab systems and 15 staff laptops)": a part of a count said
    return value is not None and any(other is not None and value + other in others for other in others)


_HARMLESS_AFTER = frozenset({"enough", "st", "street", "road", "rd", "ave", "avenue", "lane"})


def _question_mark_after(items: list[Item], q: Quantity) -> bool:
    return q.last < len(items) and items[q.last].kind == PUNCT and items[q.last].value == "?"


_ADDRESS_BEFORE = frozenset({"ext", "suite", "level", "no", "number", "unit", "strasse", "open", "from", "between"})
_SPAN_WORDS = frozenset({"and", "to", "till", "until"})


_VAGUE = frozenset("few several handful bunch some many multiple various numerous lots loads couple".split())
_VAGUE_FACT = {lx.USER: "users", lx.DEVICE: "devices", lx.SERVER: "copies", lx.COPY: "copies", lx.CAL: "cals_owned"}


def _vague(items: list[Item], lines: list[_Line], people: _People, purchases: list[CalPurchase]) -> dict[str, str]:
    """Amounts given without a number ("a few users", "some CAL packs", "a bunch of the new Dells with
    Server 2008", "our servers came with CALs"): never numbers, asked for when needed."""
    found: dict[str, str] = {}
    for k, it in enumerate(items):
        if it.kind != WORD or it.surface not in _VAGUE:
            continue
        before = items[k - 1].surface if k > 0 else ""
        if before in ("how", "so", "too", "as") or (it.surface == "couple" and before != "a"):
            continue
        after = _words(items, k + 1, k + 3)
        if after[:2] in (["of", "us"], ["of", "whom"], ["of", "which"]):
            continue
        fact = None
        if after[:2] in (["of", "them"], ["of", "those"], ["of", "these"]):
            # "we bought a few of them": of the copies just named, when no count of them was given.
            if it.surface in ("few", "several", "handful", "bunch", "couple", "lots", "loads") and not any(
                line.quantity for line in lines
            ):
                found.setdefault("copies", " ".join(w for w in _words(items, k - 1, k + 3) if w))
            continue
        for j in range(k + 1, min(k + 9, len(items))):
            nxt = items[j]
            if nxt.kind == UNIT and nxt.value in _VAGUE_FACT:
                fact = _VAGUE_FACT[nxt.value]
                break
            if nxt.surface in lx.JOINER_WORDS:
                fact = "users_more"  # "a bunch of new starters joined this year": more users, how many not said
                break
            if nxt.kind == PACK:
                fact = "cals_owned"
                break
            if nxt.kind == NUM and j + 1 < len(items) and items[j + 1].kind == PACK and j == k + 1:
                fact = "cal_packs"  # "a few 5-packs": the size of each pack, but not how many
                break
            if nxt.kind in _TERMS or (nxt.kind == PRODUCT and nxt.surface in ("windows", "server")):
                fact = "copies"  # "a bunch of the new Dells with Server 2008 Std"
                break
            stops = nxt.kind in (NUM, PUNCT) or (
                nxt.kind == WORD
                and nxt.known
                and nxt.surface not in ("of", "the", "new")
                and nxt.surface not in _CLUSTER_GLUE
            )
            if stops:
                break
        if fact == "copies" and any(line.quantity for line in lines):
            continue
        if fact in ("users", "devices") and (fact in people.counts or fact in people.totals):
            # "12 in the office and a handful of sales guys who log in too": more people, how many not said
            fact = f"{fact}_more"
        if fact == "cals_owned" and purchases:
            continue
        if fact == "cal_packs":
            found.setdefault("cals_owned", " ".join(w for w in _words(items, k - 1, k + 3) if w))
            found["cal_packs"] = "yes"
            continue
        if fact is not None:
            start = k - 1 if k > 0 and items[k - 1].surface in ("a", "an") else k  # "a bunch", "some"
            found.setdefault(fact, " ".join(w for w in _words(items, start, k + 1) if w))
    # "Our Windows servers came with CALs", "our Server 2008 Enterprise boxes", "our servers are all
    # Server 2008 Std OEM": servers named in the plural and counted by no one.
    if not any(line.quantity for line in lines) and "copies" not in found:
        for k, it in enumerate(items):
            if it.kind != UNIT or it.value not in (lx.SERVER, lx.COPY) or not it.surface.endswith(("s", "es")):
                continue
            j = k - 1
            while j >= 0 and k - j <= 5 and _names_release(items[j]):
                j -= 1  # "our Server 2008 Enterprise boxes": the release and edition name the boxes
            if j < 0 or items[j].surface not in ("our", "my", "the", "these", "those", "windows", "all"):
                continue
            came_with = _has(items, k + 1, k + 4, lx.INCLUDE_VERBS | frozenset({"with"}))
            # "our servers are all Server 2008 Std OEM": what they are, but not how many
            described = _words(items, k + 1, k + 3) in (["are", "all"], ["all", "are"], ["all", "run"]) and any(
                items[m].kind in (PRODUCT, EDITION, VERSION) or (items[m].kind == UNIT and items[m].value == lx.SERVER)
                for m in range(k + 3, min(k + 6, len(items)))
            )
            volume = any(line.channel is Channel.volume for line in lines)
            if (came_with or described) and not volume:
                found["copies"] = f"{items[j].surface} {it.surface}"
                break
    return found


def _names_release(item: Item) -> bool:
    """Part of a product's name ("Server 2008 Enterprise OEM"), not a count."""
    if item.kind in (PRODUCT, EDITION, CHANNEL, VERSION):
        return True
    if item.kind == UNIT and item.value == lx.SERVER and not item.surface.endswith("s"):
        return True
    count = getattr(item.value, "count", None) if item.kind == NUM else None
    return count is not None and 1990 <= count <= 2035


_JOINERS = frozenset("and plus".split())
_AFTER_JOINER = frozenset("the another also then".split())
_ELLIPSIS_AFTER = frozenset("more extra additional others from of with for on under through via".split())


def _ellipsis(items: list[Item], previous: Quantity, q: Quantity) -> bool:
    """Does a count with no unit share the unit of the count before it in its sentence ("3 copies of
    2008 Std and 2 more under Open", "the 5 CALs from the Dell server and the 5 from the HP server")?"""
    if previous.unit is None or previous.unit == lx.CONN:
        return False
    between = items[previous.last : q.first]
    if any(it.kind == NUM or (it.kind == PUNCT and it.value in _STOPS) for it in between):
        return False
    joiner = max((k for k, it in enumerate(between) if it.surface in _JOINERS), default=None)
    if joiner is None:
        return False
    if not all(it.surface in _AFTER_JOINER for it in between[joiner + 1 :]):
        return False
    return any(w in _ELLIPSIS_AFTER for w in _words(items, q.last, q.last + 1))


_EVERYONE = frozenset("every everyone everybody all whole".split())


def _all_at_once(items: list[Item]) -> bool:
    """ "if every user is on every server at the same time", "all of them connected at once"."""
    clause: list[Item] = []
    for it in [*items, Item(PUNCT, 0, 0, "|", value=".")]:
        if not (it.kind == PUNCT and it.value in _STOPS | {","}):
            clause.append(it)
            continue
        concurrent = any(c.kind == CONC for c in clause) and any(c.surface in _EVERYONE for c in clause)
        if concurrent and not any(c.kind == NUM for c in clause):
            return True
        clause = []
    return False


_NORMAL_WORK = re.compile(
    r"\b(?:also (?:use|do|work)|like everyone|like the rest|daily work|normal work|ordinary work|day to day|"
    r"for their work|as users)\b"
)


def _admins_work(items: list[Item]) -> bool:
    """ "and if the admins also use the shares for their daily work?": in the sentence about them."""
    seg = _sentences(items)
    for k, it in enumerate(items):
        if it.kind == UNIT and it.value == lx.ADMIN:
            sentence = " ".join(x.surface for j, x in enumerate(items) if seg[j] == seg[k])
            if _NORMAL_WORK.search(sentence) and " only " not in f" {sentence} ":
                return True
    return False


_REPORTING = frozenset("says said claims claimed reckons reckoned thinks thought told tells according insists".split())


# Things that "say" a number without claiming anything: the box, the licence, the paperwork.
_DOCUMENTS = frozenset(
    """box boxes licence license licences licenses label sticker paper paperwork documentation invoice certificate
    coa agreement contract offer quote packaging it sleeve case slip receipt order sheet spreadsheet""".split()
)


def _reported(items: list[Item], q: Quantity) -> bool:
    """ "A guy on a forum says 5 CALs only cover 4 users": numbers in what someone else claims are not the
    person's own counts (the answer weighs the claim; the situation does not keep it). What a box or licence
    "says" is what it holds, and so is what a copy came with ("our reseller said this one came with 10 CALs")."""
    if _words(items, q.first - 2, q.first) in _CAME_WITH:
        return False
    for k in range(q.first - 1, -1, -1):
        it = items[k]
        if it.kind == PUNCT and it.value in _STOPS:
            return False
        if it.surface in _REPORTING:
            # "the box literally says 10", "a 2003 Std FPP that says 5 CALs": a document, not a person
            return not any(
                x.surface in _DOCUMENTS
                or x.surface in ("that", "which", "whose")
                or x.kind in (CHANNEL, EDITION, VERSION)
                or (x.kind == UNIT and x.value in (lx.COPY, lx.SERVER, lx.CAL))
                for x in items[max(k - 4, 0) : k]
            )
    return False


def _has(items: list[Item], start: int, end: int, words: frozenset[str]) -> bool:
    return any(w in words for w in _words(items, start, end))


_MORE_CUES = frozenset(
    """plus also extra additional additionally more bought purchased ordered separately separate via through under
    top""".split()
)


def _said_as_more(items: list[Item], q: Quantity) -> bool:
    """ "+ 15 user CALs", "Also 20 user CALs bought through Open", "10 user CALs via MOLP": CALs bought
    beside the copies — unless said to be the total ("30 CALs in total, including those…")."""
    before = _words(items, q.first - 3, q.first)
    after = []
    for it in items[q.last : q.last + 4]:
        if it.kind == NUM or (it.kind == PUNCT and it.value in _STOPS):
            break  # "2 CALs plus 2 copies": the "plus" is the copies'
        after.append(it.surface)
    if any(w in ("total", "altogether", "overall", "including", "incl") for w in before + after):
        return False
    if q.cal_types and not any(w in ("have", "own", "got", "with", "hold") for w in before):
        return True  # "4 copies under our EA and 50 user CALs": CALs of a type, listed beside the copies
    return any(w in _MORE_CUES for w in before) or any(w in _MORE_CUES - {"plus", "more"} for w in after)


def _one(types: set[CalType]) -> CalType | None:
    return next(iter(types)) if len(types) == 1 else None


def _said_as_total(items: list[Item], q: Quantity) -> bool:
    """ "5 servers in total", "a total of 9 servers", "9 servers: …", "we run 7 servers."."""
    after = _words(items, q.last, q.last + 2)
    before = _words(items, q.first - 3, q.first)
    headed = any(
        it.kind == UNIT and it.value not in (lx.COPY, lx.SERVER) for it in items[max(q.first - 3, 0) : q.first]
    )
    if any(w in lx.TOTAL_WORDS for w in after) or ("total" in before and not headed):
        return True  # but not "Total CALs: 2 copies of …", a heading over the list
    nxt = items[q.last] if q.last < len(items) else None
    return nxt is not None and nxt.kind == PUNCT and nxt.value in (":", "-")


def _line_said(quantities: list[Quantity], items: list[Item]) -> bool:
    """Does the turn name any server copies (so CALs can be said to come with them)?"""
    return any(q.unit in (lx.COPY, lx.SERVER) or q.role == "count" for q in quantities) or bool(_clusters(items))


def _comes_with(items: list[Item], q: Quantity) -> bool:
    """ "the 2 copies came with 10 CALs", "a box whose licence says 10 CALs": CALs a line came with."""
    before = _words(items, q.first - 3, q.first)
    if any(w in lx.INCLUDE_VERBS or w in _STATED or w == "with" for w in before):
        return True
    # "the 10 CALs from our two 2008 Std OEM servers", "the CALs that came in the boxes"
    after = items[q.last : q.last + 7]
    return (
        bool(after)
        and after[0].surface in ("from", "in")
        and any(
            it.kind in (*_TERMS, PRODUCT) or (it.kind == UNIT and it.value in (lx.SERVER, lx.COPY)) for it in after[1:]
        )
    )


def _allocated(items: list[Item], q: Quantity) -> bool:
    """ "12 on the busy one", "10 CALs assigned to the accounts server": a count given to one server."""
    after = _words(items, q.last, q.last + 6)
    before = _words(items, q.first - 4, q.first)
    if (after[:1] and after[0] in ("on", "for", "to", "in")) or after[:2] == ["assigned", "to"]:
        start = q.last + (2 if after[0] == "assigned" else 1)
        tail_items = items[start : start + 4]
        tail = [it.surface for it in tail_items]
        counted = any(it.kind == NUM for it in tail_items)  # "on 2 servers": all of them, not one
        if (
            any(w in _SERVER_REFS for w in tail)
            and not counted
            and not {"each", "every", "all", "both"} & set(tail[:2])
        ):
            return True
    # "the accounts server has 10 CALs assigned to it", "APP01 has 15 CALs allocated"
    named = any(it.kind == WORD and _code_name(it) for it in items[max(q.first - 4, 0) : q.first])
    return bool(_ASSIGNED & set(after[:2])) and (named or any(w in _SERVER_REFS for w in before))


# --- pass 1: lines --------------------------------------------------------------------------


def _lines_from_clusters(
    items: list[Item],
    seg: list[int],
    clusters: list[_Cluster],
    lines: list[_Line],
    unitless: list[Quantity],
    used_unitless: set[int],
) -> list[_Cluster]:
    """Give each cluster of terms to its line: the count next to it, a count standing before it with
    no unit ("2 are Enterprise", "Two Dell T300s … with Server 2008"), one copy, the rest, or all.
    Returns the clusters said with no copies at all ("what if they were Enterprise?")."""
    loose: list[_Cluster] = []
    for c in clusters:
        if _qualifies_cals(items, c):
            continue  # "10 Windows Server 2003 User CALs": the release of the CALs, not a server copy
        if _list_entry(items, c) and (c.version or c.product) and (c.edition or c.channel):
            line = _Line(c.first, 1, licensed=True, entry=True)  # "DC01 - 2008 Std (Open). FS01 - …": one each
            line.take(c)
            lines.append(line)
            continue
        owner = _line_at(items, seg, c, lines) or _described(items, seg, c, lines)
        if owner is not None:
            owner.take(c)
            continue
        before = _words(items, c.first - 3, c.first)
        q = _unitless_before(items, seg, c, unitless, used_unitless)
        if q is not None and _words(items, q.first - 1, q.first) in (["all"], ["both"]):
            used_unitless.add(q.first)
            loose.append(c)  # "what if all 5 had been OEM?": every copy, not five more
            continue
        if q is not None:
            used_unitless.add(q.first)
            line = _Line(q.first, q.number.count, licensed=True, quantity=q)
            line.part = _is_part(items, q)
            line.take(c)
            lines.append(line)
        elif not lines and (_has(items, c.first - 4, c.first, frozenset({"both"})) or _both_servers(items, seg, c)):
            line = _Line(c.first, 2, licensed=True)  # "both came with Windows Server 2008 Standard"
            line.take(c)
            lines.append(line)
        elif _is_rest(items, c):
            line = _Line(c.first, None, part=True, licensed=True)
            line.take(c)
            lines.append(line)
        elif any(w in _ALL for w in before[-2:]) and lines:
            for line in lines:
                line.take(c)
        elif (same := _same_server(items, c, lines)) is not None:
            same.take(c)  # "… a single Dell running Server 2003 Standard. The retail box came with 5 CALs"
        elif (_introduced_as_one(items, c) and (c.edition or c.version or c.product) and _singular(items, c)) or (
            (c.server or (c.version and (c.edition or c.channel))) and not lines and _singular(items, c)
        ):
            line = _Line(c.first, 1, licensed=True)
            line.take(c)
            lines.append(line)
        elif lines:
            # Terms standing apart ("…, all bought OEM", "we buy through Open"): for every line without them.
            for line in lines:
                line.take(c)
        else:
            loose.append(c)
    return loose


def _line_at(items: list[Item], seg: list[int], c: _Cluster, lines: list[_Line]) -> _Line | None:
    """The counted line whose phrase holds the cluster: the nearest count of copies or servers in its
    sentence with nothing but glue between ("3 copies of Server 2008 Standard", "Standard x3")."""
    best: tuple[int, _Line] | None = None
    for line in lines:
        q = line.quantity
        if q is None or seg[q.first] != seg[c.first]:
            continue
        if q.first <= c.first < q.last or c.first <= q.first < c.last:
            return line
        if c.first >= q.last:
            between = items[q.last : c.first]
            if any(it.kind in (NUM, PUNCT) or (it.kind == WORD and it.surface in _JOINS) for it in between):
                continue
            distance = c.first - q.last
        else:
            between = items[c.last : q.first]
            if any(it.kind in (NUM, PUNCT) or (it.kind == WORD and it.surface in _JOINS) for it in between):
                continue
            distance = q.first - c.last
        if distance > 6:
            continue
        if best is None or distance < best[0]:
            best = (distance, line)
    return best[1] if best else None


def _same_server(items: list[Item], c: _Cluster, lines: list[_Line]) -> _Line | None:
    """ "The retail box", "the server", "that box" named after one copy was counted: the same copy again,
    when nothing in the terms contradicts it."""
    if len(lines) != 1 or lines[0].copies != 1:
        return None
    before = _words(items, c.first - 2, c.first)
    if not before or before[-1] not in ("the", "that", "this"):
        return None
    line = lines[0]
    probe = _Line(c.first, 1)
    probe.take(c)
    return None if _clash(line, probe) else line


def _both_servers(items: list[Item], seg: list[int], c: _Cluster) -> bool:
    """ "Both our boxes run in per server mode (2008 Std OEM each)": two copies, said earlier in the sentence."""
    for k in range(c.first - 1, -1, -1):
        if seg[k] != seg[c.first]:
            return False
        nxt = items[k + 1 : k + 4]
        if items[k].surface == "both" and any(
            it.kind == UNIT and it.value in (lx.SERVER, lx.COPY) and it.surface.endswith("s") for it in nxt
        ):
            return True
    return False


def _selector_edit(items: list[Item], loose: list[_Cluster]) -> LineEdit | None:
    """ "what if the Open one had been retail too?", "the Enterprise ones are actually OEM": the first
    term names which copies, the second what they become."""
    if len(loose) != 2:
        return None
    which, what = loose
    if _words(items, which.first - 1, which.first) not in (["the"], ["that"], ["those"], ["these"]):
        return None
    n = which.count
    if which.channel and what.channel and which.channel != what.channel and not what.edition:
        return LineEdit(copies=n, channel=what.channel, where_channel=which.channel, where_edition=which.edition)
    if which.edition and what.edition and which.edition != what.edition and not what.channel:
        return LineEdit(copies=n, edition=what.edition, where_edition=which.edition, where_channel=which.channel)
    if which.edition and what.channel and not which.channel:
        return LineEdit(copies=n, channel=what.channel, where_edition=which.edition)
    if which.channel and what.edition and not which.edition:
        return LineEdit(copies=n, edition=what.edition, where_channel=which.channel)
    return None


def _qualifies_cals(items: list[Item], c: _Cluster) -> bool:
    """ "10 Windows Server 2003 User CALs" (the release of CALs), "20 user CALs bought through Open",
    "15 user cals (open)", "10 user cals via MOLP" (how CALs were bought): terms of CALs, not of copies."""
    k = c.last
    while k < len(items) and items[k].kind == CALTYPE:
        k += 1
    if k < len(items) and items[k].kind == UNIT and items[k].value == lx.CAL and not c.edition and not c.channel:
        return True
    if c.edition or c.version or c.product:
        return False
    bought = False  # "bought through", "via", "under": how CALs were bought, not what came with a copy
    for j in range(c.first - 1, max(c.first - 5, -1), -1):
        it = items[j]
        if it.kind == UNIT and it.value == lx.CAL:
            return bought or j == c.first - 1
        if it.surface in ("via", "through", "thru", "under", "from", "bought", "purchased", "ordered"):
            bought = True
        if it.surface in ("with", "included", "include", "includes"):
            return False
        if it.kind in (NUM, PUNCT) and not (it.kind == PUNCT and it.value == ","):
            return False
    return False


def _is_rest(items: list[Item], c: _Cluster) -> bool:
    """ "the rest are Standard", "the others came under our EA", "the other ones retail"."""
    before = _words(items, c.first - 5, c.first)
    return any(w in _REST for w in before) or ("other" in before and "ones" in before)


def _described(items: list[Item], seg: list[int], c: _Cluster, lines: list[_Line]) -> _Line | None:
    """A channel said of a line already named: "Server 2003 Enterprise that we bought as a boxed retail
    copy", "Server 2008 Standard, which came OEM"."""
    if c.edition or c.version:
        return None
    before = [line for line in lines if line.first < c.first and seg[line.first] == seg[c.first] and not line.channel]
    if not before:
        return None
    line = max(before, key=lambda line: line.first)
    start = line.quantity.last if line.quantity else line.first + 1
    if any(it.kind == NUM for it in items[start : c.first]):
        return None  # another count stands between: the terms are its own
    return line


_LABEL_NOUNS = frozenset("box item no number host node machine vm server srv svr site".split())


def _label(items: list[Item], q: Quantity) -> bool:
    """ "Box 1: 2008 Std OEM", "Server 2 - Enterprise": a number naming an entry of a list, not a count."""
    if q.unit is not None or q.first == 0 or q.last >= len(items):
        return False
    after, before = items[q.last], items[q.first - 1]
    named = before.surface in _LABEL_NOUNS or before.surface in lx.SETTING_NOUNS
    return after.kind == PUNCT and after.value == ":" and named


def _list_entry(items: list[Item], c: _Cluster) -> bool:
    """Is the cluster the entry of a list, after a name and a colon or dash ("HP ML110 - Server 2008 Std
    OEM;", "Box 2: 2008 Ent retail.", "APP01 - 2003 Ent (boxed retail).", "- DC01 - HP ML350 G5, Server 2003
    Std OEM" on a line of its own)? Such an entry is one copy."""
    k = c.first - 1
    words: list[Item] = []
    while k >= 0 and len(words) <= 4:
        it = items[k]
        if it.kind == PUNCT and it.value in (":", "-", "–", "—") and len(words) <= 3:
            k -= 1  # "Box 3: an old 2003 Std": the name is before the colon
            span = 0
            # the name may carry details in brackets: "DC01 (HP ML350 G6): Server 2008 Std OEM"
            while k >= 0 and span < 8 and (items[k].kind != PUNCT or items[k].value in ("(", ")")):
                if items[k].kind == NUM and not _label_number(items, k):
                    return False
                k, span = k - 1, span + 1
            return span > 0 and (k < 0 or items[k].value in _STOPS | {",", ":", "-"})  # ":" "-": a bullet
        if it.kind == PUNCT or it.kind == NUM:
            break
        words.append(it)
        k -= 1
    # A dash reads as nothing: "DC01 - 2008 Std" is a name heading its entry when the name is a code; so is
    # "DC01 HP ML350 G5, Server 2003 Std OEM" — commas may part the name's details from the product.
    while k >= 0 and len(words) <= 8 and items[k].kind == PUNCT and items[k].value in (",", "(", ")"):
        k -= 1
        while k >= 0 and items[k].kind not in (PUNCT, NUM) and len(words) <= 8:
            words.append(items[k])
            k -= 1
    at_start = k < 0 or (items[k].kind == PUNCT and items[k].value in _STOPS | {",", ":", "-"})
    named = any(_code_name(w) for w in words)
    return at_start and 0 < len(words) <= 8 and named


def _code_name(item: Item) -> bool:
    """A name no table knows with digits in it: a server's ("DC01", "APP01", "FS-02")."""
    return not item.known and any(ch.isdigit() for ch in item.surface)


def _label_number(items: list[Item], k: int) -> bool:
    return k > 0 and (items[k - 1].surface in _LABEL_NOUNS or items[k - 1].kind == WORD)


def _unitless_before(
    items: list[Item], seg: list[int], c: _Cluster, unitless: list[Quantity], used: set[int]
) -> Quantity | None:
    """A count with no unit standing before the cluster in its sentence: "2 are Enterprise", "one
    retail Enterprise", "Two Dell T300s arrived with Server 2008 Standard"."""
    best = None
    for q in unitless:
        if q.first in used or seg[q.first] != seg[c.first] or q.first >= c.first:
            continue
        if _words(items, q.first - 2, q.first) in _REFERENCE:
            continue  # "two of the four": the four are the copies already counted
        between = items[q.last : c.first]
        blocking = [
            it
            for k, it in enumerate(between, start=q.last)
            if (it.kind == NUM and _words(items, k - 2, k) not in _REFERENCE)
            or (it.kind == PUNCT and it.value not in (":", ",", "(", ")"))
        ]
        if blocking:
            continue
        if any(it.kind in _TERMS for it in between):
            continue
        best = q
    return best


_REFERENCE = (["of", "the"], ["of", "our"], ["of", "those"], ["of", "my"], ["of", "these"])


def _is_part(items: list[Item], q: Quantity) -> bool:
    after = _words(items, q.last, q.last + 2)
    return after[:2] in (["of", "them"], ["of", "which"], ["of", "those"], ["of", "these"]) or after[:1] == ["are"]


def _introduced_as_one(items: list[Item], c: _Cluster) -> bool:
    """ "a retail box of…", "another 2003 Std FPP", "the licence for our 2008 Enterprise server", "a Dell
    with 2008 Standard OEM"."""
    for j in range(c.first - 1, max(c.first - 5, -1), -1):
        it = items[j]
        if it.kind in (WORD, EXTRA) and it.surface in _ONE:
            return True
        if it.kind in (NUM, PUNCT):
            return False
        skippable = (it.kind == WORD and (not it.known or it.surface in _CLUSTER_GLUE)) or (
            it.kind in (PRODUCT, UNIT) and it.value in (None, lx.COPY, lx.SERVER)
        )
        if not skippable:
            return False
    return False


def _singular(items: list[Item], c: _Cluster) -> bool:
    """ "I bought Windows Server 2008", "Server 2008 Std OEM plus a 10 user CAL pack": a product named
    in the singular, with no count, stands for one copy."""
    span = items[c.first : min(c.last + 1, len(items))]
    plural = any(it.surface in ("servers", "copies", "licences", "licenses", "boxes") for it in span)
    return not plural


def _clash(head: _Line, part: _Line) -> bool:
    return any(
        getattr(head, name) is not None
        and getattr(part, name) is not None
        and getattr(head, name) != getattr(part, name)
        for name in ("edition", "channel", "version")
    )


def _resolve_totals(items: list[Item], lines: list[_Line]) -> None:
    """A total followed by parts that fit in it is broken down by them ("9 servers: 4 Enterprise under
    our EA, 2 Standard OEM, the rest Standard retail"); otherwise every line is more copies."""
    lines.sort(key=lambda x: x.first)
    for line in lines:
        nxt = items[line.end] if line.end < len(items) else None
        after = items[line.end + 1] if line.end + 1 < len(items) else None
        if nxt is not None and nxt.kind == PUNCT and nxt.value == ":" and after is not None and after.kind == NUM:
            line.total = True  # "Two copies of Server 2008 Enterprise - one OEM, one from Open"
    i = 0
    while i < len(lines):
        head = lines[i]
        if head.part:
            i += 1
            continue
        parts = [x for x in lines[i + 1 :] if x.first > head.first]
        counted = [x for x in parts if x.copies is not None]
        rest = [x for x in parts if x.copies is None]
        fits = head.copies is not None and sum(x.copies or 0 for x in counted) <= head.copies
        # "4 boxes of Server 2008 Standard, 3 OEM and one retail": counts with no unit of their own that
        # add up to the total exactly, and do not contradict it, are its breakdown.
        exact = (
            head.quantity is not None
            and counted
            and not rest
            and all(x.quantity is not None and x.quantity.unit is None for x in counted)
            and sum(x.copies or 0 for x in counted) == head.copies
            and not any(_clash(head, x) for x in counted)
        )
        is_breakdown = (
            head.copies is not None
            and parts
            and fits
            and (head.total or rest or any(x.part for x in parts) or exact)
            and not any(x.total for x in parts)
        )
        if not is_breakdown:
            i += 1
            continue
        assert head.copies is not None
        left = head.copies - sum(x.copies or 0 for x in counted)
        for x in rest:
            x.copies = left if x is rest[0] else 0
            left = 0 if x is rest[0] else left
        for x in parts:
            for name in ("edition", "channel", "version"):
                if getattr(x, name) is None and getattr(head, name) is not None:
                    setattr(x, name, getattr(head, name))
            x.licensed = True
        for x in parts:
            x.part = True  # a part of this total is never a total of later parts
            x.of_total = x.of_total or head.quantity is not None or head.of_total
        if left > 0:
            # Copies of the total that no part names keep the total's own terms.
            head.copies = left
            head.licensed = head.licensed or bool(head.edition or head.channel)
        else:
            lines.remove(head)
            continue
        i += 1
    for line in lines:
        if line.copies is None:
            line.copies = 0


# --- pass 2: CALs ---------------------------------------------------------------------------


def _attach_cals(
    seg: list[int],
    lines: list[_Line],
    per_copy: list[tuple[Quantity, int]],
    for_line: list[tuple[Quantity, int]],
    allocation: list[int],
    unitless: list[Quantity],
    items: list[Item],
) -> set[int]:
    """CALs each copy (or the whole line) came with go to the nearest line, preferring one before them.
    Returns the ids of the quantities given to a line."""
    attached: set[int] = set()
    for pairs, name in ((per_copy, "cals_each"), (for_line, "cals_in_all")):
        for q, value in pairs:
            line = _nearest_line(seg, lines, q)
            if _words(items, q.last, q.last + 1) in (["from"], ["in"]):
                # "10 CALs from 2 OEM std licences": the line named after them
                after = [x for x in lines if x.copies and x.first > q.first and seg[x.first] == seg[q.first]]
                line = min(after, key=lambda x: x.first) if after else line
            if line is None:
                continue
            if name == "cals_in_all" and seg[line.first] != seg[q.first] and line.first > q.first:
                continue  # "We own 50 CALs in total. … they bring one Enterprise box": not that box's CALs
            field_name = "cals_each" if line.copies == 1 else name
            if getattr(line, field_name) is None:
                setattr(line, field_name, value)
            line.licensed = True
            attached.add(id(q))
    return attached


def _more_allocated(items: list[Item], unitless: list[Quantity], allocation: list[int], peaks: list[int]) -> set[int]:
    """ "12 on the busy one and 4 on the other": bare counts after a per-server count are more of the same.
    Returns where the counts taken stand."""
    target = peaks if peaks and not allocation else allocation if allocation else None
    taken: set[int] = set()
    if target is None:
        return taken
    for q in unitless:
        if _allocated(items, q) and q.number.count is not None:
            target.append(q.number.count)
            taken.add(q.first)
    return taken


def _nearest_line(seg: list[int], lines: list[_Line], q: Quantity) -> _Line | None:
    counted = [line for line in lines if line.copies]
    same = [line for line in counted if seg[line.first] == seg[q.first]]
    pool = same or counted
    before = [line for line in pool if line.first < q.first]
    if before:
        return max(before, key=lambda line: line.first)
    after = [line for line in pool if line.first > q.first]
    return min(after, key=lambda line: line.first) if after else None


# --- pass 3: people -------------------------------------------------------------------------


def _said_too(items: list[Item], q: Quantity) -> bool:
    """Is the count said as more of the same ("… need access too", "… as well", "also 3 temps")?"""
    clause: list[str] = []
    for it in items[q.last : q.last + 10]:
        if it.kind == PUNCT and it.value in _STOPS:
            break
        clause.append(it.surface)
    return any(w in ("too", "as well") for w in clause) or "also" in _words(items, q.first - 3, q.first)


def _in_roster(items: list[Item], quantities: list[Quantity], q: Quantity) -> bool:
    """Is a bare count followed by a noun no table knows one entry of a list of staff ("3 partners, 6 fee
    earners, 2 secretaries and a receptionist", "6 devs, 2 testers")?"""
    k = q.last
    words = 0
    while k < len(items) and items[k].kind == WORD and items[k].surface not in ("and", "or", "plus") and words < 3:
        k, words = k + 1, words + 1
    if not words or not any(not it.known for it in items[q.last : k]):
        return False
    ends = k >= len(items) or items[k].kind == PUNCT or items[k].surface in ("and", "plus")
    if not ends:
        return False

    def staff(x: Quantity) -> bool:
        return x.unit == lx.USER and x.noun in lx.PERSON_WORDS

    start = q.first - 1 if q.first > 0 and items[q.first - 1].surface in ("the", "our", "my") else q.first
    sep_before = start > 0 and (items[start - 1].surface in ("and", "plus") or items[start - 1].kind == PUNCT)
    before = any(staff(x) for x in quantities if x.last in (start - 1, start - 2)) and sep_before
    after = any(staff(x) for x in quantities if x.first in (k, k + 1))
    return before or after


def _admin_staff(items: list[Item], q: Quantity) -> bool:
    """Is a count of "admin" the office's administrative staff rather than IT administrators? Said as "2 admin"
    (a job, not a plural), or listed among other staff, with no word of IT work near."""
    if _has(items, q.first - 6, q.last + 8, _IT_WORDS):
        return False
    if q.noun == "admin" and (q.number.count or 0) > 1:
        return True
    # "6 physios, 2 admins and the owner": listed right after another count of staff
    sep = items[q.first - 1] if q.first > 0 else None
    listed_after = sep is not None and (sep.surface == "and" or (sep.kind == PUNCT and sep.value == ","))
    # after job titles ("6 physios, 2 admins"), not after a plain count of users ("12 users and 2 admins")
    before = items[q.first - 2] if q.first > 1 else None
    staff = before is not None and before.kind == UNIT and before.surface in lx.PERSON_WORDS - _GENERIC_PEOPLE
    return listed_after and staff


# People words that name no job: "12 employees and 2 admins" are IT administrators beside the users.
_GENERIC_PEOPLE = frozenset(
    """employee employees worker workers member members colleague colleagues staffer staffers coworker coworkers
    co-worker co-workers folk folks personnel hire hires guy guys""".split()
)


_IT_WORDS = frozenset(
    """it ict sysadmin sysadmins administer administering administration administrate domain network
    console patching patch updates backups msp contractor contractors""".split()
)


def _change(items: list[Item], q: Quantity) -> int:
    """+1, -1 or 0: does this count of people say how many come or go?"""
    before = _words(items, q.first - 2, q.first)
    after = []
    for it in items[q.last : q.last + 4]:
        if it.kind == PUNCT:
            break  # "18 users, which is fewer?": the clause after a comma is about something else
        after.append(it.surface)
    between = _words(items, q.first + 1, q.last)
    if any(w in _DOWN_BEFORE for w in before) or _leaving(after[:4]):
        return -1
    if (
        any(w in _UP_BEFORE for w in before)
        or any(w in _UP_AFTER for w in between + after[:2])
        or _has(items, q.last, q.last + 4, frozenset({"top"}))
    ):
        return 1
    return 0


def _leaving(words: list[str]) -> bool:
    """Do the words say people go ("2 have left", "is leaving")? "On maternity leave" is away, not gone;
    "left one server running" left something behind."""
    return any(
        w in _DOWN_AFTER
        and not (w == "leave" and k > 0 and words[k - 1] in _AWAY_BEFORE)
        and not (w == "left" and k + 1 < len(words) and words[k + 1] in _LEFT_OBJECTS)
        for k, w in enumerate(words)
    )


_LEFT_OBJECTS = frozenset("one a an the his her their it them us our some".split())


_AWAY_BEFORE = frozenset("on maternity paternity sick parental annual medical study unpaid extended".split())
_CONTRAST = frozenset("but although though however whereas while yet except".split())


def _concurrent_clause(items: list[Item], q: Quantity) -> bool:
    """ "All 10 of our users need to be connected … at the same time": the clause says they are at once."""
    for it in items[q.last : q.last + 12]:
        if it.kind == PUNCT or it.kind == NUM or it.surface in _CONTRAST:
            return False
        if it.kind == CONC:
            return True
    return False


def _concurrent_before(items: list[Item], q: Quantity) -> bool:
    """ "the most ever logged on at once is 24", "peak concurrent users: 24": the number after the words."""
    for it in reversed(items[max(q.first - 4, 0) : q.first]):
        if it.kind == NUM or (it.kind == PUNCT and it.value in _STOPS | {","}):
            return False
        if it.kind == CONC:
            return True
    return False


def _admin_only(items: list[Item], k: int) -> bool:
    """ "… plus me, the IT guy, and I only log on to do admin work": there only to administer."""
    rest = _words(items, k + 1, k + 16)
    return "only" in rest and any(w.startswith("admin") or w in ("patch", "patching", "manage") for w in rest)


def _in_aside(items: list[Item], k: int) -> bool:
    """Is item k inside brackets ("(7 employees plus the boss)")?"""
    for it in reversed(items[:k]):
        if it.kind == PUNCT and it.value == ")":
            return False
        if it.kind == PUNCT and it.value == "(":
            return True
        if it.kind == PUNCT and it.value in _STOPS:
            return False
    return False


def _strong_up(items: list[Item], q: Quantity) -> bool:
    """More people said with a word that only means more ("hire 4", "4 more", "8 more people"), not just "new"."""
    before = _words(items, q.first - 2, q.first)
    after = _words(items, q.first + 1, q.last + 2)
    strong = (_UP_BEFORE - {"new"}) | (_UP_AFTER - {"new"})
    if _has(
        items,
        q.first - 6,
        q.first,
        frozenset({"top", "on top", "on top of", "addition", "in addition", "additionally"}),
    ):
        return True  # "and on top of that, 4 new laptops": more than before
    if _has(items, q.first - 3, q.first, frozenset({"also"})):
        return True  # "and if we also put 3 new PCs on the floor?"
    return any(w in strong for w in before + after) or _has(items, q.last, q.last + 4, frozenset({"top"}))


def _person(items: list[Item], q: Quantity, value: int, people: _People, peaks: list[int]) -> None:
    """A count of users, devices, connections or administrators, read in its context."""
    field_name = _COUNT_FIELD.get(q.unit or "")
    if field_name is None:
        return
    if (
        field_name == "users"
        and "of" in _words(items, q.first - 2, q.first)
        and _has(items, q.first - 4, q.first, frozenset({"another", "second"}))
    ):
        # "merging with another office of nine people": more users, beside those counted
        people.changes.append(Change(fact="users", by=value))
        return
    if _words(items, q.first - 1, q.first) == ["same"] and field_name in ("users", "devices"):
        people.same.setdefault(field_name, value)  # "15 more operators, same 6 PCs": the ones known, if known
        return
    if field_name == "admins" and _admin_staff(items, q):
        field_name = "users"  # "6 physios, 2 admin and the owner": office staff, who need CALs like anyone
    if (q.concurrent or _concurrent_clause(items, q)) and q.unit in (lx.USER, lx.DEVICE):
        field_name = "connections"
    people.last = field_name
    if field_name == "connections" and _allocated(items, q):
        peaks.append(value)
        return
    after = _words(items, q.last, q.last + 2)
    before = _words(items, q.first - 3, q.first)
    direction = _change(items, q) if field_name in ("users", "devices", "connections") else 0
    part = after[:2] in (["of", "them"], ["of", "whom"], ["of", "which"], ["of", "those"], ["of", "these"])
    part = part or before[-2:] == ["out", "of"] or "including" in before[-2:] or "incl" in before[-2:]
    # "one of the users" is a part; "all 10 of our users" is everyone.
    part = part or ("of" in _words(items, q.first + 1, q.last) and before[-1:] not in (["all"], ["both"]))
    if field_name == "admins" and part and _admin_only(items, q.first):
        # "40 users including our 2 IT admins, who only do admin work": those 2 need no CAL, so not 40
        people.counts["admins"] = value
        people.within_users += value
        return
    if not direction and field_name in ("users", "devices") and not part and _said_too(items, q):
        # "what if the two part-time bookkeepers need access too?": more, when a count is known already
        people.changes.append(Change(fact=field_name, by=value, soft=True))
        return
    if direction:
        soft = direction > 0 and not _strong_up(items, q) and not part
        known = field_name in people.counts or field_name in people.totals or _earlier_number(items, q)
        if part or known or not soft:
            people.changes.append(Change(fact=field_name, by=direction * value, soft=soft and not known))
            return
    if part:
        return
    said_total = _total_after(after) or any(w in _TOTAL_BEFORE for w in before[-2:])
    if _in_aside(items, q.first) and (field_name in people.counts or field_name in people.totals) and not said_total:
        return  # "8 persons work here (7 employees plus the boss)": the parts of a count just given
    total = any(w in _TOTAL_BEFORE for w in before[-2:]) or _total_after(after)
    total = total or q.noun in ("headcount", "strong") or after[:2] == ["of", "us"]
    nxt = items[q.last] if q.last < len(items) else None
    total = total or (nxt is not None and nxt.kind == PUNCT and nxt.value == ":")
    if total:
        people.totals[field_name] = value
        return
    if field_name in ("users", "devices") and field_name in people.counts:
        if _has(items, q.first - 6, q.first, _CORRECTING):
            people.counts[field_name] = value  # "10 users... make it 12 users"
            return
        if people.counts[field_name] == value and (people.nouns.get(field_name) == q.noun or "same" in before):
            return  # "5 users … can all 5 users …", "35 staff … the same 35 people": the same people again
        # "10 thin clients and 5 laptops", "three dentists, two hygienists": they add up.
        people.counts[field_name] += value
        return
    people.counts[field_name] = value
    people.nouns[field_name] = q.noun


_WE_ARE = (
    ("we", "are"),
    ("we", "re"),
    ("there", "are"),
    ("team", "of"),
    ("staff", "of"),
    ("headcount", "was"),
    ("headcount", "is"),
    ("headcount", "of"),
    ("company", "of"),
    ("office", "of"),
    ("firm", "of"),
)


def _people_unitless(items: list[Item], q: Quantity, value: int, people: _People) -> bool:
    """Counts of people said without a people word: "11 of us", "we're 9", "a team of 12", "2 new
    starters", "3 leavers", "6 of them are leaving", "5 more starting next week", "one of the 7 leaves",
    "max 8 connected at once", "(so 6 in total)", "only the 12 in the office log in", "for those 15".
    Returns whether the count was taken."""
    after = _words(items, q.last, q.last + 6)
    before = tuple(_words(items, q.first - 2, q.first))
    if before[-2:] in (("another", "office"), ("another", "team"), ("another", "site"), ("another", "branch")) or (
        before[-1:] == ("of",) and _has(items, q.first - 3, q.first, frozenset({"another", "new", "second"}))
    ):
        # "merging with another office of nine people": more users, not the headcount
        people.changes.append(Change(fact="users", by=value))
        return True
    if list(before) in _REFERENCE or (
        _words(items, q.first - 3, q.first - 1) in _REFERENCE[:1] and before[-1] in _SAME_AS_BEFORE
    ):
        return True  # "one of the 7 leaves", "2 of the existing 10": the 10 are the people already counted
    if after[:2] == ["of", "them"] and before[-1:] in (("are",), ("re",)) and people.last is None:
        named = [it for it in items[: q.first] if it.kind == UNIT and it.value in (lx.USER, lx.DEVICE)]
        if named:
            # "if we licensed the workstations instead? there are 18 of them": them are the ones just named
            people.counts["users" if named[-1].value == lx.USER else "devices"] = value
            return True
    if after[:1] in (["in"], ["at"]) and any(w in lx.SETTING_NOUNS or w in _BUSINESS_NOUNS for w in after[1:4]):
        # "9 in the office and a few drivers", "12 at head office": people, counted by where they are
        people.counts["users"] = people.counts.get("users", 0) + value
        people.last = "users"
        return True
    if after[:2] == ["of", "us"] and _admin_only(items, q.first):
        return True  # "the two of us only ever log on to administer it": no CAL for that
    if after[:2] == ["of", "us"] or before in _WE_ARE or before[-1:] == ("headcount",):
        people.totals["users"] = value
        return True
    if (
        q.concurrent
        or _concurrent_before(items, q)
        or after[:2] in (["on", "each"], ["per", "server"], ["on", "every"])
    ):
        people.counts["connections"] = value  # "max 8 connected at once", "12 on each at peak"
        return True
    # "only the 12 in the office ever log into the servers", "out of which 28 are accessing the server":
    # the people who use the servers, whatever the headcount.
    if ("only" in before or before[-2:] == ("out", "of") or before[-1:] == ("which",)) and any(
        w in _ACCESS_WORDS for w in after
    ):
        people.totals["users"] = value
        return True
    if _need_to_buy(items, q):
        people.claimed_buy = value  # "so we need to buy 6 more, right?": what they think is short
        return True
    if after[:1] in (["more"], ["extra"], ["additional"]) and any(w in _BUY_VERBS for w in before):
        people.bought_more.append(value)  # "what if we bought 6 more?": CALs
        return True
    fact = people.last or "users"
    direction = _change(items, q)
    joined = [w for w in after[:2] if w in lx.JOINER_WORDS or w in lx.LEAVER_WORDS]
    verb = [w for w in after[:4] if w not in _AUXILIARIES][:1]  # "3 have been hired", "2 have since left"
    if not joined and verb and verb[0] in _HIRED | _DOWN_AFTER and after[:1] != verb:
        joined = ["leaver" if verb[0] in _DOWN_AFTER else "starter"]
    if joined:
        sign = -1 if joined[0] in lx.LEAVER_WORDS else 1
        people.changes.append(Change(fact="users", by=sign * value))
        return True
    part_of = after[:2] in (["of", "them"], ["of", "whom"], ["of", "those"], ["of", "these"], ["of", "the"])
    if part_of and _admin_only(items, q.first):
        # "2 of those 17 are me and my colleague in IT, and we only use the servers for admin": no CALs for them
        people.changes.append(Change(fact="users", by=-value))
        return True
    if part_of and not direction:
        # "2 of the existing 10 are leaving": the verb comes after the people they are part of
        clause = []
        for it in items[q.last : q.last + 8]:
            if it.kind == PUNCT:
                break
            clause.append(it.surface)
        direction = -1 if _leaving(clause) else 1 if any(w in _HIRED for w in clause) else 0
    if part_of and direction:
        people.changes.append(Change(fact=fact, by=direction * value))  # "4 of them are leaving"
        return True
    if part_of and people.last:
        return True  # a part of a count already given
    # "replacing them with 4 new ones" swaps devices, it adds none; "new" alone says nothing of more.
    replacing = any(w.startswith("replac") for w in _words(items, q.first - 4, q.first))
    strong = _strong_up(items, q) or direction < 0
    more = not replacing and (after[:1] in (["more"], ["extra"], ["additional"]) or (strong and after[:1] != ["of"]))
    if more and people.last is None and _has(items, q.first - 4, q.first, _CORRECTING):
        # "scratch that, make it 5 more": the change said last, with another amount
        people.changes.append(Change(fact="last", by=direction * value or value))
        return True
    if more and direction and (people.last in ("users", "devices", "connections") or _people_context(items, q)):
        people.changes.append(Change(fact=fact, by=direction * value))  # "5 more starting next week"
        return True
    if people.last and (
        (after[:2] == ["in", "total"] or after[:1] in (["total"], ["altogether"]))
        and ("so" in before or "total" in after[:2])
    ):
        people.totals[people.last] = value  # "2 till PCs in each shop (so 6 in total)"
        return True
    if before[-1:] in (("those",), ("these",)) or before[-2:] == ("the", "same"):
        people.counts.setdefault("users", value)  # "the normal Windows CALs for those 15?"
        return True
    return False


_HIRED = frozenset("hired recruited onboarded employed joined started".split())
_AUXILIARIES = frozenset("have has had been be will are were is was just recently also".split())
_BEFORE_NOW = frozenset("before previous previously used formerly earlier last old".split())
_CAME_WITH = [[verb, "with"] for verb in ("came", "comes", "come", "shipped", "ships", "arrived", "bundled")]
_SAME_AS_BEFORE = frozenset("existing current original remaining same present".split())
_ACCESS_WORDS = frozenset(
    """log logs logged login logon access accessing accesses use uses using connect connects connecting work
    works working touch""".split()
)


def _people_context(items: list[Item], q: Quantity) -> bool:
    """Is a bare count about people ("5 more starting next week", "hiring 4 more")?"""
    near = _words(items, q.first - 3, q.first) + _words(items, q.last, q.last + 4)
    return any(w in _PEOPLE_VERBS or w in _JOIN_AFTER or w in _DOWN_AFTER for w in near)


_ASSIGNED = frozenset("assigned allocated allotted given dedicated".split())
_PEAK_WORDS = frozenset("peak peaks peaking peaked max maximum tops busiest highest".split())


def _peak_list(items: list[Item], quantities: list[Quantity], usable: set[int]) -> list[Quantity]:
    """ "FS01 peaks at 10 concurrent connections, APP01 at 6", "peaks are 17 on one and 16 on the other",
    "if the peaks turn out to be 9, 10 and 10": each server's peak, in the order said."""
    found: list[Quantity] = []
    seg = _sentences(items)
    start = next((k for k, it in enumerate(items) if it.surface in _PEAK_WORDS), None)
    if start is None:
        return found
    for n, q in enumerate(quantities):
        if n not in usable or q.number.count is None or q.first < start or seg[q.first] != seg[start]:
            continue
        if _words(items, q.first - 1, q.first) in (["split"], ["or"]) and q.unit is None:
            continue
        if q.unit is None and _words(items, q.last, q.last + 1)[:1] and items[q.last].surface in lx.SETTING_NOUNS:
            continue  # "at one time", "over 3 shifts": not a server's peak
        at_once = q.unit in (None, lx.CONN) or q.concurrent or _concurrent_clause(items, q)
        if at_once and not q.pack and q.role is None:
            found.append(q)  # not "45 staff in total" after "a peak of 20 concurrent connections"
    return found if len(found) > 1 else []


def _each_allocated(items: list[Item], q: Quantity, servers: int | None) -> list[int]:
    """ "15 assigned to each of our 2 servers", "5 CALs on each of the 3 servers": the same to every server."""
    after = _words(items, q.last, q.last + 7)
    if "each" not in after[:4] or not servers:
        return []
    return [q.number.count or 0] * servers


def _split_allocation(items: list[Item], q: Quantity, quantities: list[Quantity]) -> list[int]:
    """ "20 CALs split 10/10", "24 CALs split 8, 8 and 8": an allocation written as a list."""
    if _words(items, q.last, q.last + 1) != ["split"]:
        return []
    found: list[int] = []
    for it in items[q.last + 1 :]:
        if it.kind == NUM and isinstance(it.value, Number) and it.value.count is not None:
            found.append(it.value.count)
        elif not (it.surface in ("or", "and", "between", "as") or (it.kind == PUNCT and it.value == ",")):
            break
    return found if len(found) > 1 and sum(found) == q.number.count else []


def _peaks_by_server(
    items: list[Item],
    quantities: list[Quantity],
    usable: set[int],
    allocation: list[int],
    peaks: list[int],
    people: _People,
) -> set[int]:
    """ "The accounts server … never goes above 8 at once; the print server tops out at 7": concurrent
    counts said of different servers, one per sentence or clause, are each server's peak. Returns where
    the counts taken stand."""
    if peaks:
        return set()
    found: list[int] = []
    where: set[int] = set()
    seg = _sentences(items)
    for n, q in enumerate(quantities):
        if n not in usable or q.number.count is None:
            continue
        concurrent = q.concurrent or (q.unit in (lx.USER, lx.DEVICE, lx.CONN, None) and _concurrent_clause(items, q))
        # "peaks at 14", "tops out at 5", "maxes out at 17": a server's peak, said without "concurrent"
        concurrent = concurrent or (
            q.unit in (lx.CONN, lx.USER, None) and _has(items, q.first - 3, q.first, _PEAK_WORDS | {"maxes", "out"})
        )
        # "the file server maxes out at 17 … and the print server at 6": the same said of the next server
        concurrent = concurrent or (
            q.unit is None
            and _words(items, q.first - 1, q.first) == ["at"]
            and any(seg[x.first] == seg[q.first] and x.first < q.first and x.first in where for x in quantities)
        )
        if not concurrent:
            continue
        start = q.first
        while start > 0 and not (items[start - 1].kind == PUNCT and items[start - 1].value in _STOPS | {";"}):
            start -= 1
        clause = items[start : q.first]
        named = any(it.kind == WORD and _code_name(it) for it in clause)
        if named or any(it.kind == UNIT and it.value == lx.SERVER for it in clause):
            found.append(q.number.count)  # "the print server … 7", "- PRN01 (2003 Std OEM): peak 7"
            where.add(q.first)
    if len(found) > 1 and (not allocation or len(found) == len(allocation)):
        peaks.extend(found)
        people.counts.pop("connections", None)
        return where
    return set()


def _ordinal_servers(items: list[Item], people: _People) -> None:
    """ "adding a third server", "a 4th box with the same load": the servers become that many."""
    for k, it in enumerate(items[:-1]):
        nxt = items[k + 1]
        if (
            it.surface in lx.ORDINALS
            and nxt.kind == UNIT
            and nxt.value in (lx.SERVER, lx.COPY, lx.USER, lx.DEVICE)
            and _has(items, k - 4, k, _ADD_VERBS)
        ):
            key = {lx.SERVER: "servers", lx.COPY: "servers", lx.USER: "users", lx.DEVICE: "devices"}[nxt.value]
            people.totals[key] = lx.ORDINALS[it.surface]  # "adding a third server", "if we add a 6th user"


_ADD_VERBS = frozenset("add adding added buy buying bought new get getting got install installing hire hiring".split())


def _earlier_number(items: list[Item], q: Quantity) -> bool:
    return any(it.kind == NUM for it in items[: q.first])


def _people_from_words(items: list[Item], quantities: list[Quantity], people: _People) -> None:
    """People and devices counted without a number: "the receptionist", "myself", "the PC in the
    shed", "his laptop", "the 6 salespeople each have their own PC"."""
    counted = {k for q in quantities for k in range(q.first, q.last)}
    seg = _sentences(items)
    for k, it in enumerate(items):
        if k in counted:
            continue
        if it.kind == UNIT and it.value in (lx.USER, lx.DEVICE):
            det = _determiner(items, k)
            if det is None or (it.surface.endswith("s") and it.surface not in _SINGULAR_S):
                continue
            key = "users" if it.value == lx.USER else "devices"
            if _in_aside(items, k) and (key in people.counts or key in people.totals):
                continue
            if k + 1 < len(items) and items[k + 1].surface in _BUSINESS_NOUNS:
                continue  # "a physio clinic", "a dental practice": the business, not a person
            if _has(items, k - 3, k, frozenset({"previous", "former", "ex", "old", "last"})):
                continue  # "the previous IT guy left one server running": not one of the users now
            if it.value == lx.USER and det in _ONE_WORDS and _has(items, k - 4, k - 1, _HIRING):
                people.changes.append(Change(fact="users", by=1))  # "we've also taken on an apprentice"
                continue
            if it.value == lx.USER and not _enumerated(items, quantities, seg, k):
                continue  # "our Dell rep", "my partner reckons…": people named in passing, not counted
            if it.value == lx.USER and _admin_only(items, k):
                continue  # "the IT guy, and I only log on to do admin work": administration needs no CAL
            if _has(items, k + 1, k + 5, _REPORTING) or any(
                items[j].surface in _REPORTING for j in range(k) if seg[j] == seg[k]
            ):
                continue  # "a guy on a forum says…": who said it, not who uses the server
            if it.value == lx.USER and it.surface in ("staff", "people", "team", "personnel", "user", "person"):
                continue
            key = "users" if it.value == lx.USER else "devices"
            if key in people.totals and key == "users" and _has(items, k - 4, k, frozenset({"plus"})):
                people.totals[key] += 1  # "seven of us, plus the senior partner"
                continue
            if key in people.totals:
                continue
            after = _words(items, k + 1, k + 5)
            if key == "users" and _leaving(after):
                people.changes.append(Change(fact="users", by=-1))  # "the receptionist is leaving"
                continue
            if key == "users" and (
                any(w in _JOIN_AFTER for w in after) or _has(items, k - 2, k, frozenset({"new", "another", "extra"}))
            ):
                people.changes.append(Change(fact="users", by=1))  # "a new hygienist starts in March"
                continue
            if _has(items, k - 6, k, _NOBODY):
                continue  # "nobody has their own machine"
            each = det in ("own", "their") or _each_person(items, k) or _words(items, k + 1, k + 2) == ["each"]
            if key == "devices" and not each and _in_passing(items, quantities, seg, k):
                continue  # "1 person in the warehouse who uses the computer sometimes": a device in passing
            owners = _people_before(items, quantities, seg, k) if key == "devices" and each else None
            if key == "devices" and each and owners is None:
                owners = _places_before(items, quantities, seg, k)  # "3 shops, each with a till PC": 3 PCs
            rest = _has(items, k - 6, k, frozenset({"rest", "others", "remaining", "remainder"}))
            if rest:
                owners = None  # "the rest each have a PC": however many "the rest" are
            if key == "devices" and each and owners is None and not rest:
                # "our sales reps each have a laptop … 10 reps": the one count of people in the turn
                users = [q for q in quantities if q.unit == lx.USER and q.number.count]
                owners = users[0].number.count if len(users) == 1 else None
            counted_devices = "devices" in people.counts or any(q.unit == lx.DEVICE for q in quantities)
            group = det == "their" or rest or (each and det not in ("his", "her"))
            if key == "devices" and owners is None and group and counted_devices:
                people.untold = people.untold or " ".join(_words(items, k - 3, k + 1))
                continue  # "the rest each have a PC": one each for a group of unknown size
            people.counts[key] = people.counts.get(key, 0) + (owners or 1)
            if key == "devices":
                people.device_words.add(k)
        elif (
            it.kind == WORD
            and it.surface in ("myself", "me")
            and k > 0
            and items[k - 1].surface in ("and", "plus")
            and "users" in people.counts
            and "users" not in people.totals
            and not _admin_only(items, k)
        ):
            people.counts["users"] += 1


_NOBODY = frozenset({"nobody", "noone", "no one", "none", "never"})
_ONE_WORDS = frozenset({"a", "an", "one", "another"})
_HIRING = frozenset("hire hired hiring taken took taking recruited recruiting employed employing onboarded".split())
_BUSINESS_NOUNS = frozenset(
    """clinic practice firm company surgery studio office shop store centre center school agency business team
    department group partnership chambers lab laboratory workshop""".split()
)
_SINGULAR_S = frozenset({"boss", "business"})
_JOIN_AFTER = frozenset("starts starting joins joining arrives arriving comes coming begins".split())
_DETERMINERS = _ONE | {"his", "her", "their", "own", "each", "every", "per"}
_ADJECTIVE_SKIP = frozenset("own personal new old spare shared single dedicated main front back".split())


def _enumerated(items: list[Item], quantities: list[Quantity], seg: list[int], k: int) -> bool:
    """Is the person at k one of a list of people ("three dentists, two hygienists and the practice
    manager"), or joining or leaving?"""
    near = _words(items, k + 1, k + 5)
    if any(w in _DOWN_AFTER or w in _JOIN_AFTER for w in near) or _has(items, k - 2, k, frozenset({"new"})):
        return True
    if _has(items, k - 4, k, frozenset({"plus"})):
        return True  # "seven of us, plus the senior partner"
    # near a count of people in its sentence ("the foreman and 11 office staff"), not named in passing far
    # from it ("Licence list we gave the auditor: … We have 35 staff")
    return any(q.unit == lx.USER and seg[q.first] == seg[k] and abs(q.first - k) <= 8 for q in quantities)


def _in_passing(items: list[Item], quantities: list[Quantity], seg: list[int], k: int) -> bool:
    """Is a device named without a number one only mentioned ("… who use the computer sometimes"), not one
    counted ("the PC in the milking shed is used by 3 farmhands", "4 laptops and the PC in reception")?"""
    if _near_count(items, quantities, seg, k, lx.DEVICE):
        return False
    j = k - 1
    while j >= 0 and items[j].kind == WORD and (items[j].surface in _DETERMINERS or not items[j].known):
        j -= 1
    return j >= 0 and items[j].surface in _USE_VERBS


_USE_VERBS = frozenset("use uses using used on at from touch touches access accesses".split())


def _near_count(items: list[Item], quantities: list[Quantity], seg: list[int], k: int, unit: str) -> bool:
    """Is a count of the same unit said near the noun at k, in its sentence ("4 laptops and the PC in the shed")?"""
    return any(q.unit == unit and seg[q.first] == seg[k] and abs(q.first - k) <= 8 for q in quantities)


def _determiner(items: list[Item], k: int) -> str | None:
    """The determiner of the noun at k ("the practice manager", "their own PC"), skipping adjectives."""
    for j in range(k - 1, max(k - 4, -1), -1):
        before = items[j]
        if before.kind == EXTRA and before.surface.endswith(" own"):
            return "own"  # "each on their own PC"
        if before.kind == WORD and before.surface in _DETERMINERS:
            if before.surface == "own" and j > 0 and items[j - 1].surface in ("their", "his", "her", "its"):
                return "own"
            return before.surface
        if before.kind == WORD and (not before.known or before.surface in _ADJECTIVE_SKIP or _modifier(before)):
            continue  # "the practice manager", "the office manager": a noun naming the role's kind
        if before.kind == PUNCT and before.value in (":", ",") and j == k - 1 and _listed_next(items, k):
            return "list"  # "tiny: receptionist, six solicitors, …": one of a roster
        if before.kind in (CHANNEL, EDITION, PRODUCT):
            continue
        return None
    return None


# Nouns that name the kind of a role before it ("office manager", "site foreman", "IT guy").
_ROLE_MODIFIERS = frozenset(
    """office practice site shop store branch front back sales it ict accounts finance hr payroll warehouse
    operations ops project account area regional general deputy assistant senior junior head chief lead""".split()
)


def _modifier(item: Item) -> bool:
    return item.surface in _ROLE_MODIFIERS


def _listed_next(items: list[Item], k: int) -> bool:
    """Is the noun at k followed by another item of a list ("receptionist, six solicitors")?"""
    return k + 1 < len(items) and (
        (items[k + 1].kind == PUNCT and items[k + 1].value == ",") or items[k + 1].surface == "and"
    )


def _people_before(items: list[Item], quantities: list[Quantity], seg: list[int], k: int) -> int | None:
    """The count of people a "their own PC" belongs to: the nearest count of users before it in its sentence."""
    found = [
        q
        for q in quantities
        if q.unit == lx.USER and q.last <= k and seg[q.first] == seg[k] and q.number.count is not None
    ]
    if not found:
        return None
    # "4 dentists, 3 nurses and 2 receptionists, each on their own PC": the whole list owns one each.
    total = found[-1].number.count or 0
    for later, earlier in itertools.pairwise(reversed(found)):
        between = items[earlier.last : later.first]
        if len(between) > 2 or any(
            not (it.surface == "and" or (it.kind == PUNCT and it.value == ",")) for it in between
        ):
            break
        total += earlier.number.count or 0
    return total


def _devices_untold(items: list[Item], quantities: list[Quantity], people: _People) -> str:
    """Device nouns of the person's own, said without a number that no reading counted ("laptop only",
    "desktop + laptop each", "staff have their own."): the words of the first, or "" when every device
    said was counted."""
    counted = {k for q in quantities for k in range(q.first, q.last)}
    seg = _sentences(items)
    for k, it in enumerate(items[:-1]):
        nxt = items[k + 1]
        owned_bare = it.surface == "own" and k > 0 and items[k - 1].surface in ("their", "his", "her")
        if owned_bare and nxt.kind == PUNCT and not _has(items, k - 6, k, _NOBODY):
            return " ".join(_words(items, k - 3, k + 1))  # "the staff have their own.": own what, how many
    for k, it in enumerate(items):
        if it.kind != UNIT or it.value != lx.DEVICE or k in counted or k in people.device_words:
            continue
        before = _words(items, k - 2, k)
        if any(w in _DEVICE_REFERENCES for w in before) or _has(items, k - 6, k, _NOBODY):
            continue  # "those PCs", "per device", "nobody has their own machine"
        if _in_passing(items, quantities, seg, k) or (it.surface.endswith("s") and not before):
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is not None and (
            nxt.surface in lx.SETTING_NOUNS
            or nxt.surface in _BUSINESS_NOUNS
            or (nxt.kind == UNIT and nxt.value == lx.DEVICE)
            or (nxt.kind == PUNCT and nxt.value == ":")
            or nxt.kind == NUM
        ):
            continue  # "computer lab", "a till PC", "Desktops: 34", "PCs 42"
        if k > 0 and items[k - 1].kind == UNIT and items[k - 1].value == lx.DEVICE:
            continue
        if it.surface.endswith("s") and any(
            q.unit == lx.DEVICE and seg[q.first] == seg[k] and 0 < k - q.last <= 6 for q in quantities
        ):
            continue  # "40 devices between laptops, desktops and tablets": what the count is made of
        return " ".join(_words(items, k - 1, k + 2)).strip()
    return ""


_DEVICE_REFERENCES = frozenset(
    """those these the same that this per by each every any no their his her its our my your shared second another
    extra spare other""".split()
)


def _people_on_devices(items: list[Item], quantities: list[Quantity], people: _People) -> None:
    """ "18 office staff on desktops", "12 clerks using laptops": a device for each of the people counted."""
    counted = {k for q in quantities for k in range(q.first, q.last)}
    for k, it in enumerate(items):
        if k in counted or it.kind != UNIT or it.value != lx.DEVICE or not it.surface.endswith("s") or k < 2:
            continue
        if items[k - 1].surface not in ("on", "at", "using", "use", "with"):
            continue
        owners = next((q for q in quantities if q.unit == lx.USER and q.last in (k - 1, k - 2)), None)
        if owners is not None and owners.number.count:
            people.counts["devices"] = people.counts.get("devices", 0) + owners.number.count
            people.device_words.add(k)


def _places_before(items: list[Item], quantities: list[Quantity], seg: list[int], k: int) -> int | None:
    """The count of places a device "each" belongs to: "3 gift shops around Devon, each with a till PC"."""
    for q in reversed(quantities):
        if q.last > k or seg[q.first] != seg[k] or q.unit is not None or q.number.count is None:
            continue
        if any(w in lx.SETTING_NOUNS for w in _words(items, q.last, q.last + 2)):
            return q.number.count
    return None


def _each_person(items: list[Item], k: int) -> bool:
    """ "8 architects, each with a CAD workstation and a laptop", "they each have their own PC": one
    device per person, for every person counted just before."""
    for j in range(k - 1, max(k - 25, -1), -1):
        it = items[j]
        if it.kind == PUNCT and it.value in _STOPS:
            return False
        if it.kind in (WORD, EACH) and it.surface in ("each", "every", "own", "apiece"):
            return True
        if it.kind == UNIT and it.value == lx.USER:
            return False
    return False
