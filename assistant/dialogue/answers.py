"""From established facts and an intent to a derivation (or one clarifying question).

Each function answers one kind of question by combining the rules; it never
guesses a missing number: it asks for it instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models.reply import Figure
from assistant.models.rules import Derivation, RuleSource
from assistant.models.understanding import CalType, Channel, Facts, Intent, Mode
from assistant.rules import cals, modes, policies
from assistant.rules.finding import Finding, plural


@dataclass(frozen=True)
class Clarify:
    """A needed number is missing: ask for it. `field` is the fact a bare number answers."""

    question: str
    field: str | None = None


Outcome = Derivation | Clarify


def _copies(f: Facts) -> int | None:
    return f.copies if f.copies is not None else f.servers


def _servers(f: Facts) -> int | None:
    return f.servers if f.servers is not None else f.copies


def _copies_label(f: Facts, copies: int) -> str:
    words = [w for w in (f.channel and _CHANNEL_WORD[f.channel], f.edition and f.edition.value) if w]
    return f"{copies} {' '.join(words) + ' ' if words else ''}{'copy' if copies == 1 else 'copies'}"


_CHANNEL_WORD = {Channel.oem: "OEM", Channel.fpp: "retail", Channel.volume: "volume-licensed"}


def owned(f: Facts) -> Finding | None:
    """Every CAL the person has, in one pool; None when the facts do not say."""
    if f.cals_total is not None:
        return cals.stated_total(f.cals_total)
    copies = _copies(f)
    if copies is not None:
        per = cals.cals_per_copy(f.channel, f.edition, f.cals_per_copy, copies)
        return cals.pooled(copies, per, f.cals_separate)
    if f.cals_separate is not None:
        return cals.stated_total(f.cals_separate)
    return None


def _said_what_is_owned(f: Facts) -> bool:
    """The person said what CALs they have (a bare server count does not say it)."""
    stated = (f.cals_total, f.cals_separate, f.cals_per_copy, f.copies, f.channel)
    return any(v is not None for v in stated)


def _ask_owned() -> Clarify:
    return Clarify(
        "How many CALs do you have — or how many server copies did you buy, and with how many CALs each?", "cals_total"
    )


def _derive(headline: str, finding: Finding, figures: list[Figure]) -> Derivation:
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
        figures=figures,
        steps=list(finding.steps),
        assumptions=list(finding.assumptions),
        disputes=list(finding.disputes),
        rules=[r.id for r in finding.rules],
        sources=sources,
    )


def _fig(name: str, value: int, unit: str) -> Figure:
    return Figure(name=name, value=value, unit=unit)


def _mode_assumption(f: Facts, alternative: str) -> Finding:
    """Per user/device mode is assumed unless the person said otherwise."""
    if f.mode is not None:
        return Finding(0)
    return Finding(
        0,
        assumptions=(
            modes.MODE_MATTERS.assume(
                "Per user/device mode (you have not said which licensing mode).",
                alternative,
                "a4.c3.2",
            ),
        ),
        rules=(modes.MODE_MATTERS,),
    )


def _per_server_alternative(f: Facts, total: int) -> str:
    servers = _servers(f)
    if servers:
        shares = _split(total, servers)
        return (
            f"In per server mode the CALs are concurrent connections to one server each: "
            f"{_shares_text(shares)} concurrent connections per server, and no user may use a server beyond them."
        )
    return "In per server mode each CAL is one concurrent connection to one server instead."


def _split(total: int, servers: int) -> list[int]:
    """CALs on each server in per server mode: the pool split as evenly as it goes (copies that each
    brought the same number of CALs keep exactly their own)."""
    if servers <= 0:
        return []
    base, extra = divmod(total, servers)
    return [base + 1] * extra + [base] * (servers - extra)


def _shares_text(shares: list[int]) -> str:
    if len(set(shares)) <= 1:
        return str(shares[0]) if shares else "0"
    return " or ".join(str(s) for s in sorted(set(shares), reverse=True))


# --- one function per intent -------------------------------------------------------------


def cals_included(f: Facts) -> Outcome:
    copies = _copies(f)
    if copies is None:
        return _included_per_copy(f)
    per = cals.cals_per_copy(f.channel, f.edition, f.cals_per_copy, copies)
    total = cals.pooled(copies, per, f.cals_separate)
    included = copies * per.value
    figures = [
        _fig("copies", copies, "copies"),
        _fig("cals_per_copy", per.value, "CALs"),
        _fig("cals_included", included, "CALs"),
    ]
    if f.cals_separate:
        figures.append(_fig("cals_owned", total.value, "CALs"))
    if f.channel is Channel.volume and f.cals_per_copy is None:
        copies_text = plural(copies, "copy", "copies")
        headline = f"0 CALs: {copies_text} bought under volume licensing include no CALs."
    else:
        headline = f"{plural(included, 'CAL')} in total: {_copies_label(f, copies)} × {per.value} CALs each."
    if f.cals_separate:
        headline += f" With the {f.cals_separate} bought separately you have {plural(total.value, 'CAL')}."
    return _derive(headline, total, figures)


def _included_per_copy(f: Facts) -> Outcome:
    """CALs per copy when no number of copies was given: the rule itself, per copy."""
    if f.channel is None and f.edition is None and f.cals_per_copy is None:
        finding = Finding(
            0,
            steps=(
                cals.INCLUDED.step(
                    "Retail (FPP) and OEM copies include 5 CALs with Standard, 25 with Enterprise.", "a2.c3.2"
                ),
                cals.INCLUDED.step("Copies bought under volume licensing include none.", "a2.c3.1", "a3.1"),
            ),
            rules=(cals.INCLUDED,),
        )
        return _derive(
            "Retail (FPP) and OEM copies: 5 CALs each with Standard, 25 with Enterprise; volume licensing: none.",
            finding,
            [],
        )
    per = cals.cals_per_copy(f.channel, f.edition, f.cals_per_copy, 1)
    label = _copies_label(f, 1).removeprefix("1 ")
    return _derive(f"{plural(per.value, 'CAL')} with each {label}.", per, [_fig("cals_per_copy", per.value, "CALs")])


def users_licensed(f: Facts) -> Outcome:
    if f.mode is Mode.per_server:
        return connections_per_server(f)
    own = owned(f)
    if own is None:
        return _ask_owned()
    servers = _servers(f)
    if servers == 0:
        return Clarify("With no servers there is nothing to license: how many servers are there?", "servers")
    who = "device" if f.cal_type is CalType.device else "user"
    covered = modes.covered_by(own.value, servers, f.cal_type)
    finding = own.plus(covered, _mode_assumption(f, _per_server_alternative(f, own.value)), policies.admin_exemption())
    figure = "devices_licensed" if who == "device" else "users_licensed"
    figures = [_fig("cals_owned", own.value, "CALs"), _fig(figure, own.value, who + "s")]
    where = {None: "each on any number of servers", 1: "on the server", 2: "each of whom may use both servers"}.get(
        servers, f"each of whom may use all {servers} servers"
    )
    wanted = f.devices if who == "device" else f.users
    if wanted is not None:
        short = max(wanted - own.value, 0)
        if short == 0:
            headline = (
                f"Yes: {plural(own.value, 'CAL')} cover {plural(own.value, who)}, {where} — enough for your {wanted}."
            )
        else:
            have = (
                "you have no CALs"
                if own.value == 0
                else f"{plural(own.value, 'CAL')} cover only {plural(own.value, who)}"
            )
            headline = f"No: {have}; {plural(wanted, who)} need {plural(short, 'more CAL')}."
            figures.append(_fig("cals_to_buy", short, "CALs"))
    else:
        headline = f"{plural(own.value, who)}, {where}."
    if f.mode is None:
        headline = headline.rstrip(".") + " — in per user/device mode."
    return _derive(headline, finding, figures)


def connections_per_server(f: Facts) -> Outcome:
    own = owned(f)
    if own is None:
        return _ask_owned()
    servers = _servers(f)
    if servers is None:
        return Clarify("Over how many servers are the CALs split?", "servers")
    if servers == 0:
        return Clarify("With no servers there is nothing to connect to: how many servers are there?", "servers")
    shares = _split(own.value, servers)
    how = f"{plural(own.value, 'CAL')} " + ("on the one server" if servers == 1 else f"split over {servers} servers")
    each = modes.connections_each(shares, how)
    finding = own.plus(each, policies.admin_exemption(), value=each.value)
    figures = [
        _fig("servers", servers, "servers"),
        _fig("cals_owned", own.value, "CALs"),
        _fig("connections_per_server", each.value, "concurrent connections per server"),
    ]
    if len(set(shares)) <= 1:
        headline = f"{plural(each.value, 'concurrent connection')} per server: {how} in per server mode."
    else:
        headline = f"{_shares_text(shares)} concurrent connections per server: {how} in per server mode does not divide evenly."
    return _derive(headline, finding, figures)


# What changes for a count of CALs needed if the mode is per server, not per user/device.
_PER_SERVER_NEEDS = "In per server mode you need one CAL per concurrent connection on each server instead."


def _count_needed(f: Facts) -> tuple[Finding, list[Figure], str] | Clarify:
    """CALs needed in the mode the facts say (per user/device unless told otherwise)."""
    servers = _servers(f)
    if f.mode is Mode.per_server:
        connections = f.connections
        extra = Finding(0)
        if connections is None:
            people = f.users if f.users is not None else f.devices
            if people is None:
                return Clarify("How many concurrent connections does each server need?", "connections")
            connections = people
            extra = Finding(
                0,
                assumptions=(
                    modes.PER_SERVER.assume(
                        f"All {people} may be connected to each server at the same time.",
                        "If fewer connect at once, each server needs only as many CALs as its peak of concurrent connections.",
                        "a2.14",
                    ),
                ),
                rules=(modes.PER_SERVER,),
            )
        if servers is None:
            return Clarify("How many servers will they connect to?", "servers")
        need = modes.needed_per_server(servers, connections).plus(extra)
        return (
            need,
            [_fig("cals_needed", need.value, "CALs"), _fig("cals_needed_per_server", need.value, "CALs")],
            "per server",
        )
    if f.cal_type is None and f.users is not None and f.devices is not None:
        fewer = modes.fewer_by_type(f.users, f.devices)
        who = "device" if f.devices < f.users else "user"
        count = modes.needed_per_user_device(fewer.value, who, servers).plus(fewer, value=fewer.value)
        figures = [
            _fig("cals_needed", fewer.value, "CALs"),
            _fig("user_cals_needed", f.users, "CALs"),
            _fig("device_cals_needed", f.devices, "CALs"),
        ]
        return count, figures, f"{who} CALs"
    if f.cal_type is CalType.device or (f.users is None and f.devices is not None):
        if f.devices is None:
            return Clarify("How many devices will use the servers?", "devices")
        need = modes.needed_per_user_device(f.devices, "device", servers)
        return (
            need,
            [_fig("cals_needed", need.value, "CALs"), _fig("device_cals_needed", need.value, "CALs")],
            "device CALs",
        )
    if f.users is None:
        return Clarify("How many users (or devices) will use the servers?", "users")
    need = modes.needed_per_user_device(f.users, "user", servers)
    return need, [_fig("cals_needed", need.value, "CALs"), _fig("user_cals_needed", need.value, "CALs")], "user CALs"


def cals_needed(f: Facts) -> Outcome:
    if _said_what_is_owned(f):
        # What is owned is known: what is needed is best told as what is left to buy.
        return shortfall(f)
    counted = _count_needed(f)
    if isinstance(counted, Clarify):
        return counted
    need, figures, kind = counted
    finding = need.plus(policies.admin_exemption())
    if f.mode is None:
        finding = finding.plus(_mode_assumption(f, _PER_SERVER_NEEDS))
    servers = _servers(f)
    if f.mode is Mode.per_server:
        headline = f"{plural(need.value, 'CAL')} in per server mode: one per server and concurrent connection."
    else:
        cover = (
            f", each covering all {servers} servers"
            if servers and servers > 2
            else (", each covering both servers" if servers == 2 else "")
        )
        headline = f"{plural(need.value, kind.rstrip('s'), kind)}: one per {kind.split()[0]}{cover}"
        headline += " — in per user/device mode." if f.mode is None else "."
    return _derive(headline, finding, figures)


def shortfall(f: Facts) -> Outcome:
    counted = _count_needed(f)
    if isinstance(counted, Clarify):
        return counted
    own = owned(f)
    if own is None:
        return Clarify(
            "How many CALs do you already have (or how many server copies, with how many CALs each)?", "cals_total"
        )
    need, figures, _kind = counted
    buy = cals.to_buy(need, own)
    finding = buy.plus(policies.admin_exemption())
    figures = [*figures, _fig("cals_owned", own.value, "CALs")]
    if buy.value:
        figures.append(_fig("cals_to_buy", buy.value, "CALs"))
        headline = f"{plural(buy.value, 'more CAL')} to buy: you need {need.value} and have {own.value}."
    else:
        spare = own.value - need.value
        figures.append(_fig("cals_to_buy", 0, "CALs"))
        figures.append(_fig("cals_spare", spare, "CALs"))
        headline = f"None to buy: you have {own.value} CALs and need {need.value} ({spare} spare)."
    if f.mode is None:
        finding = finding.plus(_mode_assumption(f, _PER_SERVER_NEEDS))
    return _derive(headline, finding, figures)


def compare(f: Facts) -> Outcome:
    if f.users is not None and f.devices is not None:
        fewer = modes.fewer_by_type(f.users, f.devices)
        finding = fewer.plus(
            modes.needed_per_user_device(fewer.value, "device" if f.devices < f.users else "user", _servers(f))
        )
        figures = [
            _fig("user_cals_needed", f.users, "CALs"),
            _fig("device_cals_needed", f.devices, "CALs"),
            _fig("cals_needed", fewer.value, "CALs"),
        ]
        if f.devices < f.users:
            headline = f"{plural(f.devices, 'device CAL')} — fewer than the {f.users} user CALs: one CAL per device covers everyone who uses them."
        elif f.users < f.devices:
            headline = f"{plural(f.users, 'user CAL')} — fewer than the {f.devices} device CALs: one CAL per user covers every device they use."
        else:
            headline = f"{plural(f.users, 'CAL')} either way: {f.users} users and {f.devices} devices."
        return _derive(headline, finding, figures)
    people = f.users if f.users is not None else f.devices
    servers = _servers(f)
    if people is not None and servers is not None and f.connections is not None:
        who = "user" if f.users is not None else "device"
        per_ud = modes.needed_per_user_device(people, who, servers)
        per_srv = modes.needed_per_server(servers, f.connections)
        finding = per_ud.plus(per_srv)
        figures = [
            _fig("cals_needed_per_user_device", per_ud.value, "CALs"),
            _fig("cals_needed_per_server", per_srv.value, "CALs"),
            _fig("cals_needed", min(per_ud.value, per_srv.value), "CALs"),
        ]
        if per_srv.value < per_ud.value:
            verdict = "per server mode needs fewer"
        elif per_ud.value < per_srv.value:
            verdict = "per user/device mode needs fewer"
        else:
            verdict = "both need the same"
        finding = finding.plus(
            Finding(
                0,
                steps=(
                    modes.PER_SERVER.step(
                        "Per server mode is rarely the cheaper one; it needs specific circumstances.", "a2.14"
                    ),
                ),
                rules=(modes.PER_SERVER,),
            )
        )
        headline = f"{verdict.capitalize()}: {per_ud.value} CALs per user/device against {per_srv.value} per server."
        return _derive(headline, finding, figures)
    if people is not None and servers is not None:
        return Clarify("How many concurrent connections does each server need at its busiest?", "connections")
    if people is not None:
        return Clarify("How many users, and how many devices (PCs) do they use?")
    # No numbers: the rule itself answers "user or device CALs?".
    finding = Finding(
        0,
        steps=(
            modes.CAL_TYPE.step(
                "A CAL is either a user CAL or a device CAL; each user or each device needs one.", "a1.4", "a2.10"
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


def multi_server(f: Facts) -> Outcome:
    base = Finding(
        0,
        steps=(
            modes.PER_USER_DEVICE.step(
                "In per user/device mode each user or device needs one CAL, and with it may use any number of servers.",
                "a1.4",
                "a2.11",
                "a2.c3.3",
            ),
            modes.PER_USER_DEVICE.step(
                "Microsoft's reply to the asker: 10 user CALs let all 10 users use both servers.", "a4.3"
            ),
        ),
        rules=(modes.PER_USER_DEVICE,),
    )
    if f.mode is Mode.per_server:
        finding = Finding(
            0,
            steps=(
                modes.PER_SERVER.step(
                    "In per server mode a CAL belongs to one server as one concurrent connection: a user needs a "
                    "connection on each server they use.",
                    "a2.14",
                    "a2.c3.3",
                ),
            ),
            rules=(modes.PER_SERVER,),
        ).plus(base)
        return _derive("No, not in per server mode: there a CAL is a connection to one server only.", finding, [])
    finding = base.plus(
        Finding(
            0,
            assumptions=(
                modes.PER_SERVER.assume(
                    "Per user/device mode.",
                    "In per server mode a CAL is a concurrent connection to one server only.",
                    "a2.14",
                ),
            ),
            rules=(modes.PER_SERVER,),
        )
    )
    return _derive(
        "Yes, in per user/device mode: one CAL covers its user or device on any number of servers.", finding, []
    )


def pooling(f: Facts) -> Outcome:
    own = owned(f)
    if own is not None and f.cals_total is None:
        finding = own
        headline = f"Yes: CALs add up however you obtained them — you have {plural(own.value, 'CAL')} in one pool."
        return _derive(headline, finding, [_fig("cals_owned", own.value, "CALs")])
    finding = Finding(
        0,
        steps=(
            cals.POOLING.step("Two server licences that each include 5 CALs give 10 CALs.", "a2.4"),
            cals.POOLING.step("It does not matter that the CALs were obtained separately, 5 with each server.", "a4.4"),
        ),
        rules=(cals.POOLING,),
    )
    return _derive(
        "Yes: CALs add up however you obtained them — two copies with 5 CALs each give 10 CALs.", finding, []
    )


_TEMPORARY = re.compile(
    r"\b(?:loan\w*|temp|temps|temporar\w*|leave|absent|absence|sick|holiday|vacation|repair\w*|"
    r"while|meantime|week|weeks|days?|month|months|covering|cover for)\b",
    re.IGNORECASE,
)


def reassignment(_f: Facts, text: str = "") -> Outcome:
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
    return _derive(headline, policies.reassignment(), [])


def change_mode(f: Facts) -> Outcome:
    finding = Finding(
        0,
        steps=(
            modes.MODE_PERMANENT.step("Once you choose per user/device mode, the choice is permanent.", "a1.5"),
            modes.MODE_PERMANENT.step(
                "The rules for mixing and changing licensing modes are restrictive; the notes give no details "
                "beyond that, so ask your licensing partner before relying on a change.",
                "a2.16",
            ),
        ),
        rules=(modes.MODE_PERMANENT,),
    )
    return _derive(
        "Not once you are in per user/device mode: that choice is permanent. About other changes the notes "
        "say only that the rules are restrictive.",
        finding,
        [],
    )


def administrators(f: Facts) -> Outcome:
    finding = policies.administrators(f.admins)
    figures = [_fig("admins_without_cals", finding.value, "administrators")]
    headline = "Up to 2 administrators need no CALs — for administration only (disputed in the thread: see below)."
    claimed = f.users if f.users is not None else f.connections
    if f.cals_total is not None and claimed is not None and claimed < f.cals_total:
        # "Do 5 CALs mean 4 users?" checks Wayne's claim: answer it, the dispute follows.
        headline = (
            f"No, not by the accepted answer and Microsoft's reply: {f.cals_total} CALs cover {f.cals_total} users. "
            "Keeping one CAL back for an administrator is disputed — up to 2 administrators need no CAL."
        )
    if f.admins is not None and f.admins > 2:
        others = f.admins - 2
        headline = f"2 of your {f.admins} administrators need no CALs; " + (
            "the other one needs a CAL." if others == 1 else f"the other {others} need one each."
        )
        figures.append(_fig("cals_needed", f.admins - 2, "CALs"))
    return _derive(headline, finding, figures)


HANDLERS = {
    Intent.cals_included: cals_included,
    Intent.users_licensed: users_licensed,
    Intent.connections_per_server: connections_per_server,
    Intent.cals_needed: cals_needed,
    Intent.shortfall: shortfall,
    Intent.compare: compare,
    Intent.multi_server: multi_server,
    Intent.pooling: pooling,
    Intent.reassignment: reassignment,
    Intent.change_mode: change_mode,
    Intent.administrators: administrators,
}


def answer(intent: Intent, f: Facts, text: str = "") -> Outcome:
    """The derivation for `intent` on the facts; `text` (the turn) only picks the wording."""
    if intent is Intent.reassignment:
        return reassignment(f, text)
    return HANDLERS[intent](f)
