"""The two licensing modes: what a CAL covers in each, and what each needs."""

from __future__ import annotations

from assistant.models.terms import CalType
from assistant.rules.finding import Finding, plural
from assistant.rules.registry import rule

PER_USER_DEVICE = rule("per-user-device")

PER_SERVER = rule("per-server")

MODE_MATTERS = rule("mode-matters")

MODE_PERMANENT = rule("mode-choice-permanent")

CAL_TYPE = rule("user-or-device")


SHARING = rule("sharing")


def _servers_phrase(servers: int | None) -> str:
    if servers is None:
        return "any number of servers"
    if servers == 1:
        return "the server"
    if servers == 2:
        return "both servers"
    return f"all {servers} servers"


def covered_by(cals: int, servers: int | None, cal_type: CalType | None) -> Finding:
    """Per user/device mode: how many users (or devices) the CALs license, each on every server."""
    who = "device" if cal_type is CalType.device else "user"
    clauses = ["cal-per-user-or-device", "any-number-of-servers"] + (
        ["microsoft-2-servers-10-user-cals"] if servers == 2 else []
    )
    step = PER_USER_DEVICE.step(
        f"In per user/device mode each CAL licenses one {who} on any number of servers: "
        f"{plural(cals, 'CAL')} → {plural(cals, who)}, each on {_servers_phrase(servers)}.",
        *clauses,
    )
    return Finding(cals, steps=(step,), rules=(PER_USER_DEVICE,))


def needed_per_user_device(count: int, who: str, servers: int | None) -> Finding:
    """Per user/device mode: one CAL per user (or device), whatever the number of servers."""
    step = PER_USER_DEVICE.step(
        f"One CAL per {who}, whatever the number of servers: {plural(count, who)} → {plural(count, 'CAL')}"
        + (f", each covering {_servers_phrase(servers)}." if servers else "."),
        "cal-per-user-or-device",
        "any-number-of-servers",
    )
    return Finding(count, steps=(step,), rules=(PER_USER_DEVICE,))


def connections_each(cals_per_server: list[int], how: str) -> Finding:
    """Per server mode: concurrent connections each server allows (the least of them as value)."""
    servers = len(cals_per_server)
    least = min(cals_per_server) if cals_per_server else 0
    if len(set(cals_per_server)) <= 1:
        text = f"In per server mode each CAL is one concurrent connection to one server: {how} → {plural(least, 'concurrent connection')} per server."
    else:
        shares = " + ".join(str(c) for c in cals_per_server)
        text = (
            f"In per server mode each CAL is one concurrent connection to one server: {how} → "
            f"{shares} concurrent connections on the {servers} servers."
        )
    return Finding(
        least,
        steps=(PER_SERVER.step(text, "per-server-defined", "user-device-unlimited-servers"),),
        rules=(PER_SERVER,),
    )


def needed_per_server(servers: int, connections: int) -> Finding:
    """Per server mode: one CAL per server and concurrent connection."""
    total = servers * connections
    step = PER_SERVER.step(
        f"One CAL per server and concurrent connection: {plural(servers, 'server')} × "
        f"{plural(connections, 'connection')} = {plural(total, 'CAL')}.",
        "per-server-defined",
    )
    return Finding(total, steps=(step,), rules=(PER_SERVER,))


def needed_for_peaks(peaks: list[int]) -> Finding:
    """Per server mode: each server needs as many CALs as its own peak of concurrent connections."""
    total = sum(peaks)
    step = PER_SERVER.step(
        f"One CAL per server and concurrent connection, each server for its own peak: "
        f"{' + '.join(str(p) for p in peaks)} = {plural(total, 'CAL')}.",
        "per-server-defined",
        "user-device-unlimited-servers",
    )
    return Finding(total, steps=(step,), rules=(PER_SERVER,))


def short_per_server(allocation: list[int], peaks: list[int]) -> Finding:
    """Per server mode: CALs short on each server (its peak minus its CALs); value: the total short."""
    rows = []
    short = 0
    for n, (cals, peak) in enumerate(zip(allocation, peaks, strict=True), start=1):
        gap = max(peak - cals, 0)
        short += gap
        rows.append(f"server {n}: {cals} CALs for a peak of {peak}" + (f", {gap} short" if gap else ""))
    step = PER_SERVER.step(
        "In per server mode each server's CALs cover only its own concurrent connections: " + "; ".join(rows) + ".",
        "per-server-defined",
        "user-device-unlimited-servers",
    )
    return Finding(short, steps=(step,), rules=(PER_SERVER,))


def fewer_by_type(users: int, devices: int) -> Finding:
    """User or device CALs: whichever count is smaller (value: the smaller count)."""
    if devices < users:
        text = f"{plural(devices, 'device CAL')} (one per device) is fewer than {plural(users, 'user CAL')} (one per user)."
    elif users < devices:
        text = f"{plural(users, 'user CAL')} (one per user) is fewer than {plural(devices, 'device CAL')} (one per device)."
    else:
        text = f"{plural(users, 'user CAL')} or {plural(devices, 'device CAL')}: the same number either way."
    return Finding(
        min(users, devices),
        steps=(CAL_TYPE.step(text, "cal-per-user-or-device", "seat-is-device-or-user"),),
        rules=(CAL_TYPE,),
    )
