"""From the situation and what is asked to a derivation (or one clarifying question).

Each function answers one kind of question by combining the rules over the
person's inventory: every line of copies is counted on its own and the lines
are summed, every step cited. The headline answers the question asked — yes or
no, short by N, N spare, or the number — before the derivation. A needed fact
that is missing is asked for (`requirements.py`), never assumed.
"""

from __future__ import annotations

import re

from assistant.dialogue import requirements
from assistant.dialogue.intents import question_sentences
from assistant.models.reply import Figure, Verdict
from assistant.models.rules import Clarify, Derivation, RuleSource
from assistant.models.situation import ServerLine, Situation
from assistant.models.terms import CalType, Channel, Mode
from assistant.models.understanding import Intent
from assistant.rules import cals, definitions, modes, policies
from assistant.rules.finding import Finding, plural
from assistant.rules.registry import parameter

Outcome = Derivation | Clarify


# --- what is owned ---------------------------------------------------------------------------


def _lines(s: Situation) -> list[ServerLine]:
    """The copies bought; a bare count of servers stands for one copy each when no copies were said."""
    if s.lines:
        return list(s.lines)
    if s.servers:
        return [ServerLine(copies=s.servers, edition=s.edition, channel=s.channel)]
    return []


def owned(s: Situation) -> Finding | None:
    """Every CAL the person has, in one pool; None when the situation does not say."""
    if s.cals_owned is not None and s.channel is Channel.volume and not s.lines:
        # "our servers are all under an EA … we bought some packs": the packs are all there is.
        return cals.volume_copies_none().plus(cals.stated_total(s.cals_owned), value=s.cals_owned)
    if s.cals_owned is not None:
        return cals.stated_total(s.cals_owned)
    lines = [line for line in s.lines if line.copies > 0]
    if lines:
        return cals.pooled_lines(lines, list(s.purchases))
    if s.purchases:
        return cals.stated_total(sum(p.cals for p in s.purchases))
    if s.allocation:
        return cals.stated_total(sum(s.allocation))
    return None


def _ask(fact: str, s: Situation) -> Clarify:
    ask = requirements.asking(fact)
    return Clarify(question=ask.question, field=ask.fact, note=requirements.vague_note(s, ask))


def _derive(headline: str, finding: Finding, figures: list[Figure], verdict: Verdict | None = None) -> Derivation:
    """A derivation whose sources are the declared quotes of every clause it cites."""
    items = [*finding.steps, *finding.assumptions, *(side for d in finding.disputes for side in d.sides)]
    rules = {r.id: r for r in finding.rules}
    sources: list[RuleSource] = []
    for item in items:
        for clause in item.clauses:
            # The quotes come from the rule that made the item (any rule declaring the clause
            # for an item made without one); a clause cited twice for different reasons keeps both.
            rule = rules.get(item._rule or "") or next(
                r for r in finding.rules if clause in {s.clause for s in r.sources}
            )
            sources += [s for s in rule.quotes(clause) if s not in sources]
    return Derivation(
        headline=headline,
        verdict=verdict,
        figures=figures,
        steps=list(finding.steps),
        assumptions=list(finding.assumptions),
        disputes=list(finding.disputes),
        rules=[r.id for r in finding.rules],
        sources=sources,
    )


def _fig(name: str, value: int, unit: str) -> Figure:
    return Figure(name=name, value=value, unit=unit)


def _mode_assumption(s: Situation, alternative: str) -> Finding:
    """Per user/device mode is assumed unless the person said otherwise."""
    if s.mode is not None:
        return Finding(0)
    return Finding(
        0,
        assumptions=(
            modes.MODE_MATTERS.assume(
                "Per user/device mode (you have not said which licensing mode).",
                alternative,
                "depends-on-mode",
            ),
        ),
        rules=(modes.MODE_MATTERS,),
    )


def _split(total: int, servers: int) -> list[int]:
    """CALs on each server in per server mode: the pool split as evenly as it goes."""
    if servers <= 0:
        return []
    base, extra = divmod(total, servers)
    return [base + 1] * extra + [base] * (servers - extra)


def _shares_text(shares: list[int]) -> str:
    if len(set(shares)) <= 1:
        return str(shares[0]) if shares else "0"
    return " or ".join(str(x) for x in sorted(set(shares), reverse=True))


def _per_server_alternative(s: Situation, total: int) -> str:
    servers = s.server_count
    if servers:
        shares = _split(total, servers)
        return (
            f"In per server mode the CALs are concurrent connections to one server each: "
            f"{_shares_text(shares)} concurrent connections per server, and no user may use a server beyond them."
        )
    return "In per server mode each CAL is one concurrent connection to one server instead."


# What changes for a count of CALs needed if the mode is per server, not per user/device.
_PER_SERVER_NEEDS = "In per server mode you need one CAL per concurrent connection on each server instead."


def _where(servers: int | None) -> str:
    return {None: "each on any number of servers", 1: "on the server", 2: "each of whom may use both servers"}.get(
        servers, f"each of whom may use all {servers} servers"
    )


# --- one function per question -------------------------------------------------------------


def cals_included(s: Situation) -> Outcome:
    if "copies" in s.vague:
        return _ask("copies", s)  # "we bought a few of them": how many is the question
    lines = _lines(s)
    if not lines:
        if s.cals_owned is not None or s.purchases:
            own = owned(s)
            assert own is not None
            return _derive(f"{plural(own.value, 'CAL')} in all.", own, [_fig("cals_owned", own.value, "CALs")])
        return _included_per_copy(s)
    pool = cals.pooled_lines(lines, list(s.purchases))
    copies = sum(line.copies for line in lines)
    bought = sum(p.cals for p in s.purchases)
    included = pool.value - bought
    figures = [_fig("copies", copies, "copies")]
    per_values = {cals.line_cals(line).value // line.copies for line in lines if line.copies}
    if len(lines) == 1 and len(per_values) == 1:
        figures.append(_fig("cals_per_copy", next(iter(per_values)), "CALs"))
    figures.append(_fig("cals_included", included, "CALs"))
    figures.append(_fig("cals_owned", pool.value, "CALs"))
    if len(lines) == 1:
        line = lines[0]
        per = next(iter(per_values)) if per_values else 0
        if line.channel is Channel.volume and line.cals_each is None and line.cals_in_all is None:
            headline = f"0 CALs: {plural(line.copies, 'copy', 'copies')} bought under volume licensing include no CALs."
        elif line.cals_in_all is not None:
            headline = f"{plural(included, 'CAL')} in total, as you said they came with {line.label()}."
        else:
            headline = f"{plural(included, 'CAL')} in total: {line.label()} × {per} CALs each."
    else:
        parts = ", ".join(f"{line.label()}: {cals.line_cals(line).value}" for line in lines)
        headline = f"{plural(included, 'CAL')} in total from the {copies} copies ({parts})."
    if bought:
        headline += f" With the {bought} bought separately you have {plural(pool.value, 'CAL')}."
    return _derive(headline, pool, figures)


def _included_per_copy(s: Situation) -> Outcome:
    """CALs per copy when no number of copies was given: the rule itself, per copy."""
    if s.channel is None and s.edition is None:
        std, ent = parameter("cals_with_standard"), parameter("cals_with_enterprise")
        finding = Finding(
            0,
            steps=(
                cals.INCLUDED.step(
                    f"Retail (FPP) and OEM copies include {std} CALs with Standard, {ent} with Enterprise.",
                    "fpp-oem-include-5-or-25",
                ),
                cals.INCLUDED.step(
                    "Copies bought under volume licensing include none.",
                    "volume-includes-none",
                    "volume-program-no-cals",
                ),
            ),
            rules=(cals.INCLUDED,),
        )
        return _derive(
            f"Retail (FPP) and OEM copies: {std} CALs each with Standard, {ent} with Enterprise; volume licensing: none.",
            finding,
            [],
        )
    per = cals.cals_per_copy(s.channel, s.edition, None, 1)
    label = ServerLine(copies=1, edition=s.edition, channel=s.channel).label().removeprefix("1 ")
    return _derive(f"{plural(per.value, 'CAL')} with each {label}.", per, [_fig("cals_per_copy", per.value, "CALs")])


def users_licensed(s: Situation) -> Outcome:
    if s.mode is Mode.per_server:
        return connections_per_server(s)
    own = owned(s)
    if own is None:
        return _ask("cals_owned", s)
    servers = s.server_count
    if servers == 0:
        return Clarify(
            question="With no servers there is nothing to license: how many servers are there?", field="servers"
        )
    who = "device" if s.cal_type is CalType.device or (s.devices is not None and s.users is None) else "user"
    covered = modes.covered_by(own.value, servers, CalType.device if who == "device" else s.cal_type)
    finding = own.plus(covered, _mode_assumption(s, _per_server_alternative(s, own.value)), policies.admin_exemption())
    figure = "devices_licensed" if who == "device" else "users_licensed"
    figures = [_fig("cals_owned", own.value, "CALs"), _fig(figure, own.value, who + "s")]
    wanted = s.devices if who == "device" else s.users
    verdict = None
    if wanted is not None:
        short = max(wanted - own.value, 0)
        figures.append(_fig("cals_needed", wanted, "CALs"))
        figures.append(_fig("cals_to_buy", short, "CALs"))
        if not short:
            figures.append(_fig("cals_spare", own.value - wanted, "CALs"))
        if short == 0:
            verdict = Verdict.yes
            headline = (
                f"Yes: {plural(own.value, 'CAL')} cover {plural(own.value, who)}, {_where(servers)} — "
                f"enough for your {wanted}."
            )
        else:
            verdict = Verdict.no
            have = (
                "you have no CALs"
                if own.value == 0
                else f"{plural(own.value, 'CAL')} cover only {plural(own.value, who)}"
            )
            headline = f"No: {have}; {plural(wanted, who)} need {plural(short, 'more CAL')}."
    else:
        headline = f"{plural(own.value, who)}, {_where(servers)}."
    if s.mode is None:
        headline = headline.rstrip(".") + " — in per user/device mode."
    return _derive(headline, finding, figures, verdict)


def connections_per_server(s: Situation) -> Outcome:
    own = owned(s)
    if own is None:
        return _ask("cals_owned", s)
    if s.allocation and sum(s.allocation) <= own.value:
        shares = list(s.allocation)
        servers = len(shares)
        how = f"{plural(own.value, 'CAL')} allocated " + " and ".join(str(x) for x in shares)
    else:
        servers = s.server_count
        if servers is None:
            return Clarify(question="Over how many servers are the CALs split?", field="servers")
        if servers == 0:
            return Clarify(
                question="With no servers there is nothing to connect to: how many servers are there?", field="servers"
            )
        shares = _split(own.value, servers)
        how = f"{plural(own.value, 'CAL')} " + (
            "on the one server" if servers == 1 else f"split over {servers} servers"
        )
    each = modes.connections_each(shares, how)
    finding = own.plus(each, policies.admin_exemption(), value=each.value)
    figures = [
        _fig("servers", servers, "servers"),
        _fig("cals_owned", own.value, "CALs"),
    ]
    if len(set(shares)) <= 1:
        figures.append(_fig("connections_per_server", each.value, "concurrent connections per server"))
        headline = f"{plural(each.value, 'concurrent connection')} per server: {how} in per server mode."
    elif s.allocation:
        headline = (
            f"{' and '.join(str(x) for x in shares)} concurrent connections on the {servers} servers: "
            f"in per server mode each server serves as many connections as it has CALs."
        )
    else:
        figures.append(_fig("connections_per_server", each.value, "concurrent connections per server"))
        headline = (
            f"{_shares_text(shares)} concurrent connections per server: {how} in per server mode does not "
            "divide evenly."
        )
    return _derive(headline, finding, figures)


def _count_needed(s: Situation) -> tuple[Finding, list[Figure], str] | Clarify:
    """CALs needed in the mode the situation says (per user/device unless told otherwise)."""
    servers = s.server_count
    if s.mode is Mode.per_server and s.peaks:
        need = modes.needed_for_peaks(list(s.peaks))
        return (
            need,
            [_fig("cals_needed", need.value, "CALs"), _fig("cals_needed_per_server", need.value, "CALs")],
            "per server",
        )
    if s.mode is Mode.per_server:
        connections = s.connections
        extra = Finding(0)
        if connections is None:
            people = s.users if s.users is not None else s.devices
            if people is None:
                return _ask("connections", s)
            connections = people
            extra = Finding(
                0,
                assumptions=(
                    modes.PER_SERVER.assume(
                        f"All {people} may be connected to each server at the same time.",
                        "If fewer connect at once, each server needs only as many CALs as its peak of "
                        "concurrent connections.",
                        "per-server-defined",
                    ),
                ),
                rules=(modes.PER_SERVER,),
            )
        if servers is None:
            return _ask("servers", s)
        need = modes.needed_per_server(servers, connections).plus(extra)
        return (
            need,
            [_fig("cals_needed", need.value, "CALs"), _fig("cals_needed_per_server", need.value, "CALs")],
            "per server",
        )
    if s.cal_type is None and s.users is not None and s.devices is not None:
        fewer = modes.fewer_by_type(s.users, s.devices)
        who = "device" if s.devices < s.users else "user"
        count = modes.needed_per_user_device(fewer.value, who, servers).plus(fewer, value=fewer.value)
        figures = [
            _fig("cals_needed", fewer.value, "CALs"),
            _fig("user_cals_needed", s.users, "CALs"),
            _fig("device_cals_needed", s.devices, "CALs"),
        ]
        return count, figures, f"{who} CALs"
    if s.cal_type is CalType.device or (s.users is None and s.devices is not None):
        if s.devices is None:
            return _ask("devices", s)
        need = modes.needed_per_user_device(s.devices, "device", servers)
        return (
            need,
            [_fig("cals_needed", need.value, "CALs"), _fig("device_cals_needed", need.value, "CALs")],
            "device CALs",
        )
    if s.users is None:
        return _ask("users" if s.cal_type is CalType.user else "users_or_devices", s)
    need = modes.needed_per_user_device(s.users, "user", servers)
    return need, [_fig("cals_needed", need.value, "CALs"), _fig("user_cals_needed", need.value, "CALs")], "user CALs"


def cals_needed(s: Situation) -> Outcome:
    if "copies" in s.vague or "cals_owned" in s.vague:
        # "we bought some copies": what is owned matters to what is left to buy, and it is not known.
        return _ask("copies" if "copies" in s.vague else "cals_owned", s)
    if s.says_what_is_owned():
        # What is owned is known: what is needed is best told as what is left to buy.
        return shortfall(s)
    counted = _count_needed(s)
    if isinstance(counted, Clarify):
        return counted
    need, figures, kind = counted
    finding = need.plus(policies.admin_exemption())
    if s.mode is None:
        finding = finding.plus(_mode_assumption(s, _PER_SERVER_NEEDS))
    servers = s.server_count
    if s.mode is Mode.per_server:
        headline = f"{plural(need.value, 'CAL')} in per server mode: one per server and concurrent connection."
    else:
        cover = (
            f", each covering all {servers} servers"
            if servers and servers > 2
            else (", each covering both servers" if servers == 2 else "")
        )
        headline = f"{plural(need.value, kind.rstrip('s'), kind)}: one per {kind.split()[0]}{cover}"
        headline += " — in per user/device mode." if s.mode is None else "."
    return _derive(headline, finding, figures)


def _needed_and_owned(s: Situation) -> tuple[Finding, list[Figure], Finding, Finding] | Clarify:
    if s.mode is Mode.per_server and s.allocation and len(s.allocation) == len(s.peaks):
        # Each server's CALs against its own peak: spare CALs on one server do not help another.
        check = modes.short_per_server(list(s.allocation), list(s.peaks))
        own = cals.stated_total(sum(s.allocation))
        need = Finding(sum(s.allocation) + check.value)
        finding = own.plus(check, policies.admin_exemption(), value=check.value)
        figures = [
            _fig("cals_needed", sum(s.peaks), "CALs"),
            _fig("cals_owned", own.value, "CALs"),
            _fig("cals_to_buy", check.value, "CALs"),
        ]
        return finding, figures, need, own
    counted = _count_needed(s)
    if isinstance(counted, Clarify):
        return counted
    own = owned(s)
    if own is None:
        return _ask("cals_owned", s)
    need, figures, _kind = counted
    buy = cals.to_buy(need, own)
    finding = buy.plus(policies.admin_exemption())
    if s.mode is None:
        finding = finding.plus(_mode_assumption(s, _PER_SERVER_NEEDS))
    figures = [*figures, _fig("cals_owned", own.value, "CALs"), _fig("cals_to_buy", buy.value, "CALs")]
    if not buy.value:
        figures.append(_fig("cals_spare", own.value - need.value, "CALs"))
    return finding, figures, need, own


def shortfall(s: Situation) -> Outcome:
    found = _needed_and_owned(s)
    if isinstance(found, Clarify):
        return found
    finding, figures, need, own = found
    short = need.value - own.value
    if short > 0:
        headline = f"{plural(short, 'more CAL')} to buy: you need {need.value} and have {own.value}."
    else:
        headline = f"None to buy: you have {own.value} CALs and need {need.value} ({-short} spare)."
    return _derive(headline, finding, figures)


def verdict(s: Situation) -> Outcome:
    """ "Are we covered / compliant / is it enough?": yes or no first, then by how much."""
    found = _needed_and_owned(s)
    if isinstance(found, Clarify):
        return found
    finding, figures, need, own = found
    short = need.value - own.value
    if s.mode is not Mode.per_server and not s.allocation:
        who = "devices" if any(f.name == "device_cals_needed" for f in figures) and s.users is None else "users"
        figures.append(_fig(f"{who}_licensed", own.value, who))
    mode = " in per user/device mode" if s.mode is None else ""
    if short > 0:
        headline = (
            f"No: you need {plural(need.value, 'CAL')}{mode} and have {own.value} — short by {short}, "
            f"so buy {plural(short, 'more CAL')}."
        )
        return _derive(headline, finding, figures, Verdict.no)
    spare = f" ({-short} spare)" if short < 0 else ""
    headline = f"Yes: you have {plural(own.value, 'CAL')} and need {need.value}{mode}{spare}."
    return _derive(headline, finding, figures, Verdict.yes)


# "how many in per user/device mode and how many in per server mode?": the modes are what is compared.
_PER_SERVER_WORDS = re.compile(r"\bper[\s-]*server\b|\bconcurrent\b", re.IGNORECASE)
_PER_SEAT_WORDS = re.compile(r"\bper[\s-]*(?:user|device|seat)\b", re.IGNORECASE)


def compare(s: Situation, text: str = "") -> Outcome:
    modes_named = bool(_PER_SERVER_WORDS.search(text) and _PER_SEAT_WORDS.search(text))
    if s.users is not None and s.devices is not None and not (modes_named and s.peaks):
        fewer = modes.fewer_by_type(s.users, s.devices)
        finding = fewer.plus(
            modes.needed_per_user_device(fewer.value, "device" if s.devices < s.users else "user", s.server_count)
        )
        figures = [
            _fig("user_cals_needed", s.users, "CALs"),
            _fig("device_cals_needed", s.devices, "CALs"),
            _fig("cals_needed", fewer.value, "CALs"),
        ]
        own = owned(s)
        if own is not None:
            # "… which is cheaper, and how many would we need to buy?": the cheaper count against what is owned.
            buy = cals.to_buy(fewer, own)
            finding = finding.plus(buy, value=fewer.value)
            figures += [_fig("cals_owned", own.value, "CALs"), _fig("cals_to_buy", buy.value, "CALs")]
        if s.devices < s.users:
            headline = (
                f"{plural(s.devices, 'device CAL')} — fewer than the {s.users} user CALs: one CAL per device covers "
                "everyone who uses them."
            )
        elif s.users < s.devices:
            headline = (
                f"{plural(s.users, 'user CAL')} — fewer than the {s.devices} device CALs: one CAL per user covers "
                "every device they use."
            )
        else:
            headline = f"{plural(s.users, 'CAL')} either way: {s.users} users and {s.devices} devices."
        if own is not None:
            short = max(fewer.value - own.value, 0)
            headline += f" You have {own.value}: " + (
                f"buy {plural(short, 'more CAL')}." if short else "nothing more to buy."
            )
        return _derive(headline, finding, figures)
    people = s.users if s.users is not None else s.devices
    servers = s.server_count
    if people is not None and s.peaks:
        # "How many in per user/device mode and how many in per server mode?" with each server's peak
        who = "user" if s.users is not None else "device"
        per_ud = modes.needed_per_user_device(people, who, servers)
        per_srv = modes.needed_for_peaks(list(s.peaks))
        return _modes_compared(per_ud, per_srv)
    if people is not None and servers is not None and s.connections is not None:
        who = "user" if s.users is not None else "device"
        per_ud = modes.needed_per_user_device(people, who, servers)
        per_srv = modes.needed_per_server(servers, s.connections)
        return _modes_compared(per_ud, per_srv)
    if people is not None and servers is not None and (s.mode is not None or _asks_modes(s)):
        return _ask("connections", s)
    if people is not None:
        # "a bunch of laptops and desktops for 18 users, which is fewer?": the other count is asked for
        if s.users is None:
            return _ask("users", s)
        return _ask("devices", s)
    # No numbers: the rule itself answers "user or device CALs?".
    finding = Finding(
        0,
        steps=(
            modes.CAL_TYPE.step(
                "A CAL is either a user CAL or a device CAL; each user or each device needs one.",
                "cal-per-user-or-device",
                "seat-is-device-or-user",
            ),
        ),
        rules=(modes.CAL_TYPE,),
    )
    return _derive(
        "User or device CALs: each user, or each device, needs one — so count whichever is fewer. "
        "Tell me how many users and devices you have and I will count them.",
        finding,
        [],
    )


def _modes_compared(per_ud: Finding, per_srv: Finding) -> Derivation:
    finding = per_ud.plus(per_srv)
    figures = [
        _fig("cals_needed_per_user_device", per_ud.value, "CALs"),
        _fig("cals_needed_per_server", per_srv.value, "CALs"),
        _fig("cals_needed", min(per_ud.value, per_srv.value), "CALs"),
    ]
    if per_srv.value < per_ud.value:
        verdict_text = "per server mode needs fewer"
    elif per_ud.value < per_srv.value:
        verdict_text = "per user/device mode needs fewer"
    else:
        verdict_text = "both need the same"
    finding = finding.plus(
        Finding(
            0,
            steps=(
                modes.PER_SERVER.step(
                    "Per server mode is rarely the cheaper one; it needs specific circumstances.", "per-server-defined"
                ),
            ),
            rules=(modes.PER_SERVER,),
        )
    )
    headline = f"{verdict_text.capitalize()}: {per_ud.value} CALs per user/device against {per_srv.value} per server."
    return _derive(headline, finding, figures)


def _asks_modes(s: Situation) -> bool:
    return s.connections is not None


def multi_server(s: Situation, need: bool = False) -> Outcome:
    base = Finding(
        0,
        steps=(
            modes.PER_USER_DEVICE.step(
                "In per user/device mode each user or device needs one CAL, and with it may use any number of servers.",
                "cal-per-user-or-device",
                "any-number-of-servers",
                "user-device-unlimited-servers",
            ),
            modes.PER_USER_DEVICE.step(
                "Microsoft's reply to the asker: 10 user CALs let all 10 users use both servers.",
                "microsoft-2-servers-10-user-cals",
            ),
        ),
        rules=(modes.PER_USER_DEVICE,),
    )
    if s.mode is Mode.per_server:
        finding = Finding(
            0,
            steps=(
                modes.PER_SERVER.step(
                    "In per server mode a CAL belongs to one server as one concurrent connection: a user needs a "
                    "connection on each server they use.",
                    "per-server-defined",
                    "user-device-unlimited-servers",
                ),
            ),
            rules=(modes.PER_SERVER,),
        ).plus(base)
        if need:
            headline = (
                "Yes, in per server mode: there a CAL is a connection to one server only, so each server needs its own."
            )
            return _derive(headline, finding, [], Verdict.yes)
        return _derive(
            "No, not in per server mode: there a CAL is a connection to one server only.", finding, [], Verdict.no
        )
    finding = base.plus(
        Finding(
            0,
            assumptions=(
                modes.PER_SERVER.assume(
                    "Per user/device mode.",
                    "In per server mode a CAL is a concurrent connection to one server only.",
                    "per-server-defined",
                ),
            ),
            rules=(modes.PER_SERVER,),
        )
    )
    if need:
        return _derive(
            "No, not in per user/device mode: one CAL covers its user or device on any number of servers — "
            "CALs are not tied to the server they came with.",
            finding,
            [],
            Verdict.no,
        )
    return _derive(
        "Yes, in per user/device mode: one CAL covers its user or device on any number of servers.",
        finding,
        [],
        Verdict.yes,
    )


def sharing(s: Situation, text: str = "", need: bool = False) -> Outcome:
    """Several people on one device (device CAL), or one person on several devices (user CAL)."""
    if _SHARE_USER_CAL.search(text):
        step = modes.SHARING.step(
            "A user CAL is assigned to one person: two people need two user CALs, or one device CAL for the "
            "device they share.",
            "seat-is-device-or-user",
            "cal-per-user-or-device",
        )
        finding = Finding(0, steps=(step,), rules=(modes.SHARING,))
        return _derive(
            "No: a user CAL belongs to one named person, so two people cannot share it — but a device CAL on a "
            "PC they share covers both.",
            finding,
            [],
            Verdict.no if not need else Verdict.yes,
        )
    one_person = bool(_ONE_PERSON.search(text)) or (s.cal_type is CalType.user and not _SHARED.search(text))
    if one_person:
        step = modes.SHARING.step(
            "A user CAL is assigned to the person and covers every device that person uses, on any number of servers.",
            "seat-is-device-or-user",
            "asker-user-cal-any-server",
            "licence-resides-with-user-or-pc",
        )
        finding = Finding(0, steps=(step,), rules=(modes.SHARING,))
        verdict = Verdict.no if need else Verdict.yes
        lead = "No second CAL" if need else "Yes"
        return _derive(
            f"{lead}: with a user CAL the person is licensed on every device they use — desktop, laptop or phone.",
            finding,
            [],
            verdict,
        )
    devices = s.devices if s.devices is not None else 1
    step = modes.SHARING.step(
        "A device CAL is assigned to the device and covers everyone who uses it, whichever shift or person: "
        f"{plural(devices, 'shared device')} → {plural(devices, 'device CAL')}.",
        "seat-is-device-or-user",
        "cal-per-user-or-device",
        "user-device-unlimited-servers",
    )
    finding = Finding(devices, steps=(step,), rules=(modes.SHARING,))
    figures = [_fig("device_cals_needed", devices, "CALs")]
    if s.users is not None:
        figures.append(_fig("user_cals_needed", s.users, "CALs"))
    verdict = Verdict.no if need else Verdict.yes
    lead = "No, not each of them" if need else "Yes"
    headline = (
        f"{lead}: a device CAL covers everyone who uses the device — {plural(devices, 'device CAL')} "
        f"for {plural(devices, 'shared device')}"
        + (f", however many of your {s.users} people use them." if s.users is not None else ".")
    )
    return _derive(headline, finding, figures, verdict)


_ONE_PERSON = re.compile(
    r"\b(?:his|her|their) (?:own )?(?:laptop|desktop|phone|pc|tablet|home|ipad)|\bsecond cal|\banother cal|"
    r"\bextra cal|\bseveral devices|\bmultiple devices|\bfrom home\b",
    re.IGNORECASE,
)
_SHARE_USER_CAL = re.compile(
    r"\bshar\w* (?:a |one |the |his |her |their |a single |one single )?(?:named )?user cal\b|"
    r"\buser cal\b[^.?!]{0,40}\bshar",
    re.IGNORECASE,
)
_SHARED = re.compile(r"\bshar(?:e|es|ed|ing)\b|\bshifts?\b|\brota\b", re.IGNORECASE)


def pooling(s: Situation) -> Outcome:
    own = owned(s)
    if own is not None and (s.cals_owned is None or s.users is not None):
        figures = [_fig("cals_owned", own.value, "CALs")]
        headline = f"Yes: CALs add up however you obtained them — you have {plural(own.value, 'CAL')} in one pool"
        if s.users is not None:
            # "… pooled, so 10 people can use both?": the pool licenses as many users, each on every server.
            figures.append(_fig("users_licensed", own.value, "users"))
            covered = modes.covered_by(own.value, s.server_count, s.cal_type)
            own = own.plus(covered, value=own.value)
            enough = "enough for your" if own.value >= s.users else "not enough for your"
            headline += f", {plural(own.value, 'user')} on every server — {enough} {s.users}"
        return _derive(headline + ".", own, figures, Verdict.yes)
    finding = Finding(
        0,
        steps=(
            cals.POOLING.step("Two server licences that each include 5 CALs give 10 CALs.", "two-licences-10-cals"),
            cals.POOLING.step(
                "It does not matter that the CALs were obtained separately, 5 with each server.", "obtained-separately"
            ),
        ),
        rules=(cals.POOLING,),
    )
    return _derive(
        "Yes: CALs add up however you obtained them — two copies with 5 CALs each give 10 CALs.",
        finding,
        [],
        Verdict.yes,
    )


_TEMPORARY = re.compile(
    r"\b(?:loan\w*|temp|temps|temporar\w*|leave|absent|absence|sick|holiday|vacation|repair\w*|"
    r"while|meantime|week|weeks|days?|month|months|covering|cover for)\b",
    re.IGNORECASE,
)


_BOTH_KEEP = re.compile(
    r"\bkeep (?:it|the cal|its cal|their cal|his cal|her cal) (?:as well|too|also)\b|\b(?:as well|too)\b.{0,30}"
    r"\bat the same time\b|\bboth (?:of them|devices|machines|pcs|users) (?:at once|at the same time)\b",
    re.IGNORECASE,
)


def reassignment(_s: Situation, text: str = "", need: bool = False) -> Outcome:
    if _BOTH_KEEP.search(text):
        headline = (
            "No: a reassignment moves the CAL away from the old device or user for good (or lends it while the "
            "other is out of service); it cannot cover both at once."
        )
        return _derive(headline, policies.reassignment(), [], Verdict.no)
    if need:
        headline = (
            "No: the existing CAL can be reassigned — permanently to the replacement, or temporarily to a loaner "
            "device or a temporary worker; no new CAL is needed for that."
        )
        return _derive(headline, policies.reassignment(), [], Verdict.no)
    if _TEMPORARY.search(text):
        headline = (
            "Yes, temporarily: a CAL may go to a loaner device while a permanent one is out of service, or to "
            "a temporary worker while a regular employee is absent."
        )
    else:
        headline = (
            "Yes: a CAL can be reassigned permanently — for example a departed employee's CAL to the new hire, "
            "or a replaced PC's device CAL to the new PC."
        )
    return _derive(headline, policies.reassignment(), [], Verdict.yes)


_PERMANENCE = re.compile(
    r"\b(?:permanent|permanently|irreversible|irrevocable|final|forever|binding|locked in|stuck)\b", re.IGNORECASE
)


def change_mode(_s: Situation, text: str = "") -> Outcome:
    finding = Finding(
        0,
        steps=(
            modes.MODE_PERMANENT.step(
                "Once you choose per user/device mode, the choice is permanent.", "choice-permanent"
            ),
            modes.MODE_PERMANENT.step(
                "The rules for mixing and changing licensing modes are restrictive; the notes give no details "
                "beyond that, so ask your licensing partner before relying on a change.",
                "mixing-rules-restrictive",
            ),
        ),
        rules=(modes.MODE_PERMANENT,),
    )
    if _PERMANENCE.search(text):
        return _derive(
            "Yes: once you choose per user/device mode the choice is permanent. About other changes the notes "
            "say only that the rules are restrictive.",
            finding,
            [],
            Verdict.yes,
        )
    return _derive(
        "Not once you are in per user/device mode: that choice is permanent. About other changes the notes "
        "say only that the rules are restrictive.",
        finding,
        [],
        Verdict.no,
    )


_NORMAL_USE = re.compile(
    r"\b(?:also|like everyone|like the rest|daily work|normal work|day to day|everyday|every day|as a user|"
    r"e-?mail|file shares?|the shares|uses? the server for)\b",
    re.IGNORECASE,
)


def administrators(s: Situation, need: bool = False, text: str = "") -> Outcome:
    if _NORMAL_USE.search(text) and not s.cals_owned:
        # "our office manager is also the domain admin and uses the file shares every day": not admin-only.
        finding = policies.administrators(None)
        verdict = Verdict.yes if need else Verdict.no
        lead = "Yes" if need else "No, not for that"
        headline = (
            f"{lead}: an administrator who also uses the servers for ordinary work needs a CAL like any other "
            "user — the allowance of up to 2 is for administration only."
        )
        return _derive(headline, finding, [], verdict)
    claimed = s.users if s.users is not None else s.connections
    if s.cals_owned is not None and claimed is not None and claimed >= s.cals_owned and s.admins is None:
        return users_licensed(s)  # "do 10 CALs cover 10 users?": no claim about administrators in it
    finding = policies.administrators(s.admins)
    figures = [_fig("admins_without_cals", finding.value, "administrators")]
    if need:
        headline = (
            "No: up to 2 administrators need no CALs — for administration only (disputed in the thread: see below)."
        )
        verdict: Verdict | None = Verdict.no
    else:
        headline = (
            "Yes: up to 2 administrators may access a server without CALs — for administration only (disputed in "
            "the thread: see below)."
        )
        verdict = Verdict.yes
    if s.cals_owned is not None and claimed is not None and claimed < s.cals_owned:
        # "Do 5 CALs mean 4 users?" checks Wayne's claim: answer it, the dispute follows.
        headline = (
            f"No, not by the accepted answer and Microsoft's reply: {s.cals_owned} CALs cover {s.cals_owned} users. "
            "Keeping one CAL back for an administrator is disputed — up to 2 administrators need no CAL."
        )
        verdict = Verdict.no
        figures.append(_fig("users_licensed", s.cals_owned, "users"))
    if s.admins is not None and s.admins > 2:
        others = s.admins - 2
        headline = f"2 of your {s.admins} administrators need no CALs; " + (
            "the other one needs a CAL." if others == 1 else f"the other {others} need one each."
        )
        verdict = None
        figures.append(_fig("cals_needed", s.admins - 2, "CALs"))
    return _derive(headline, finding, figures, verdict)


def definition(_s: Situation, term: str | None) -> Outcome:
    found = definitions.define(term)
    return _derive(found.headline, found.finding, [])


HANDLERS = {
    Intent.cals_included: cals_included,
    Intent.users_licensed: users_licensed,
    Intent.connections_per_server: connections_per_server,
    Intent.cals_needed: cals_needed,
    Intent.shortfall: shortfall,
    Intent.verdict: verdict,
    Intent.compare: compare,
    Intent.pooling: pooling,
}


def answer(
    intent: Intent,
    s: Situation,
    text: str = "",
    term: str | None = None,
    need: bool = False,
    claimed: int | None = None,
    claimed_to_buy: int | None = None,
) -> Outcome:
    """The derivation for `intent` on the situation. `text` (the turn) picks the wording; `need`: the
    yes/no question asks whether something is needed rather than allowed, which turns yes into no;
    `claimed`: a count of CALs needed that someone claims ("my boss thinks we need 100"), judged."""
    ask = requirements.missing(intent, s)
    if ask is not None:
        return Clarify(question=ask.question, field=ask.fact, note=requirements.vague_note(s, ask))
    if intent is Intent.reassignment:
        return reassignment(s, text, need)
    if intent is Intent.sharing:
        return sharing(s, text, need)
    if intent is Intent.change_mode:
        return change_mode(s, text)
    if intent is Intent.definition:
        return definition(s, term)
    if intent is Intent.multi_server:
        return multi_server(s, need)
    if intent is Intent.administrators:
        return administrators(s, need, text)
    if intent is Intent.compare:
        return compare(s, text)
    outcome = HANDLERS[intent](s)
    if isinstance(outcome, Derivation) and outcome.figures and _TURNOVER.search(text):
        outcome = _noting_reassignment(outcome)
    if isinstance(outcome, Derivation) and intent is Intent.shortfall and _asks_whether_to_buy(text):
        outcome = _yes_if_short(outcome)
    if isinstance(outcome, Derivation) and claimed is not None and outcome.verdict is None:
        outcome = _judged(outcome, claimed)
    if isinstance(outcome, Derivation) and claimed_to_buy is not None and outcome.verdict is None:
        outcome = _judged(outcome, claimed_to_buy, ("cals_to_buy",), "to buy")
    return outcome


_NEEDED = ("cals_needed", "user_cals_needed", "device_cals_needed")


def _judged(d: Derivation, claimed: int, names: tuple[str, ...] = _NEEDED, what: str = "needed") -> Derivation:
    """A claimed count of CALs (needed, or to buy), against the count worked out: yes when they agree."""
    worked = next((f.value for f in d.figures if f.name in names), None)
    if worked is None:
        return d
    if worked == claimed:
        head = "Yes — " + d.headline[0].lower() + d.headline[1:]
        return d.model_copy(update={"verdict": Verdict.yes, "headline": head})
    head = f"No — {plural(worked, 'CAL')} {what}, not {claimed}. "
    return d.model_copy(update={"verdict": Verdict.no, "headline": head + d.headline})


# "Do we need to buy one more CAL?", "should I order more?": a yes/no question a shortfall answers.
_WHETHER_TO_BUY = re.compile(
    r"^\W*(?:so |and |but |then |ok |okay )?(?:do|does|will|would|should|must|shall) (?:we|i|they|you|he|she) "
    r"(?:still |really |actually |also )?(?:need|have|want|got) (?:to (?:buy|purchase|order|get|add)|"
    r"(?:any|more|another|an?|one|extra|additional|\d+)\b)",
    re.IGNORECASE,
)


def _asks_whether_to_buy(text: str) -> bool:
    return any(_WHETHER_TO_BUY.search(q) for q in question_sentences(text))


def _yes_if_short(d: Derivation) -> Derivation:
    """A shortfall asked as yes/no: yes when some CALs are still to buy."""
    short = next((f.value for f in d.figures if f.name == "cals_to_buy"), None)
    if short is None:
        return d
    answer = Verdict.yes if short > 0 else Verdict.no
    head = d.headline[0].lower() + d.headline[1:]
    return d.model_copy(update={"verdict": answer, "headline": f"{'Yes' if short > 0 else 'No'} — {head}"})


# People or PCs going and others coming: their CALs move, which is why only the net count matters.
_TURNOVER = re.compile(
    r"\b(?:left|leav(?:e|es|ing)|leavers?|quit\w*|resign\w*|retir\w*|replac\w*|scrap\w*|depart\w*|gone|"
    r"new (?:hires?|starters?|joiners?)|replacements?)\b",
    re.IGNORECASE,
)


def _noting_reassignment(d: Derivation) -> Derivation:
    """The derivation with the reassignment rule as a step: a leaver's CAL (or a retired PC's) is moved on."""
    note = _derive("", policies.turnover(), [])
    return d.model_copy(
        update={
            "steps": [*d.steps, *note.steps],
            "rules": [*d.rules, *(r for r in note.rules if r not in d.rules)],
            "sources": [*d.sources, *(x for x in note.sources if x not in d.sources)],
        }
    )
