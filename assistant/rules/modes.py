"""The two licensing modes: what a CAL covers in each, and what each needs."""

from __future__ import annotations

from assistant.models.terms import CalType
from assistant.rules.finding import Finding, plural
from assistant.rules.registry import rule

PER_USER_DEVICE = rule(
    "per-user-device",
    "Per user/device mode: one CAL per user or device, any number of servers",
    "In per user/device (per seat) mode each user or device that uses the servers needs one CAL, "
    "and with it may use any number of servers.",
    ("a1.4", "A separate Windows CAL (of either type) is required for each user or device"),
    ("a2.10", "each user OR client pc needs to have one CAL each"),
    ("a2.11", "With this CAL, they can connect to any number of servers in the domain."),
    ("a2.c3.3", "1. Grant one user access to unlimited servers 2. Grant one device access to unlimited servers"),
    ("a4.3", "Then all 10 users will be able to access both the Windows Server 2003."),
    ("a4.c1.1", "ten user CALs allows ten users to access any number of Windows Server installations"),
    ("q.2", "a User CAL means that the named user can connect to any server I may have"),
)

PER_SERVER = rule(
    "per-server",
    "Per server mode: CALs are concurrent connections to one server",
    "In per server mode CALs are assigned to one server and count concurrent connections to it: "
    "one CAL per server and connection. It rarely needs fewer CALs.",
    (
        "a2.14",
        "A per server license is defined for a single server, which then serves a number of concurrent connections instead.",
    ),
    ("a2.14", "As you'll need one CAL per server AND connection"),
    ("a2.14", "this mode is rarely used because it will require rather specific circumstances to be cheaper"),
    ("a2.c3.3", "3. Grant one server one concurrent access license."),
)

MODE_MATTERS = rule(
    "mode-matters",
    "The answer depends on the licensing mode",
    "Whether a CAL covers several servers depends on the licensing mode: per user/device or per server.",
    ("a4.c3.2", "the answer is dependent on the licensing mode"),
    ("a1.2", 'You basically have to options when you\'re licensing your server: "per server" and "per user/device".'),
)

MODE_PERMANENT = rule(
    "mode-choice-permanent",
    "Choosing per user/device mode is permanent",
    "Once per user/device mode is chosen the choice is permanent; the rules for mixing and changing "
    "modes are restrictive, and the notes give no more detail.",
    ("a1.5", "If you choose this licensing mode, your choice is permanent."),
    (
        "a2.16",
        "There are rules on how you can mix and change the licensing schemes which are rather restrictive at times",
    ),
)

CAL_TYPE = rule(
    "user-or-device",
    "User or device CALs: count whichever is fewer",
    "A CAL is either a user CAL or a device CAL; each user or each device needs one. "
    "When many people share few devices, device CALs need fewer; when few people use many devices, user CALs.",
    ("a1.4", "A separate Windows CAL (of either type) is required for each user or device"),
    ("a2.10", "A seat is a device or a user - meaning that each user OR client pc needs to have one CAL each."),
)


SHARING = rule(
    "sharing",
    "A device CAL covers everyone who uses the device; a user CAL covers every device its user uses",
    "A device CAL is assigned to a device and covers whoever uses it, so people who share a PC (shifts, "
    "rotas) need one device CAL for it; a user CAL is assigned to a person and covers every device that "
    "person uses, so a second device needs no second CAL.",
    ("a2.10", "A seat is a device or a user - meaning that each user OR client pc needs to have one CAL each."),
    ("a1.4", "A separate Windows CAL (of either type) is required for each user or device"),
    ("a2.c3.3", "1. Grant one user access to unlimited servers 2. Grant one device access to unlimited servers"),
    (
        "a2.12",
        'The actual Access License resides with the user or the client pc when in "per seat" mode',
    ),
    ("q.2", "a User CAL means that the named user can connect to any server I may have"),
)


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
    clauses = ["a1.4", "a2.11"] + (["a4.3"] if servers == 2 else [])
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
        "a1.4",
        "a2.11",
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
    return Finding(least, steps=(PER_SERVER.step(text, "a2.14", "a2.c3.3"),), rules=(PER_SERVER,))


def needed_per_server(servers: int, connections: int) -> Finding:
    """Per server mode: one CAL per server and concurrent connection."""
    total = servers * connections
    step = PER_SERVER.step(
        f"One CAL per server and concurrent connection: {plural(servers, 'server')} × "
        f"{plural(connections, 'connection')} = {plural(total, 'CAL')}.",
        "a2.14",
    )
    return Finding(total, steps=(step,), rules=(PER_SERVER,))


def needed_for_peaks(peaks: list[int]) -> Finding:
    """Per server mode: each server needs as many CALs as its own peak of concurrent connections."""
    total = sum(peaks)
    step = PER_SERVER.step(
        f"One CAL per server and concurrent connection, each server for its own peak: "
        f"{' + '.join(str(p) for p in peaks)} = {plural(total, 'CAL')}.",
        "a2.14",
        "a2.c3.3",
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
        "a2.14",
        "a2.c3.3",
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
    return Finding(min(users, devices), steps=(CAL_TYPE.step(text, "a1.4", "a2.10"),), rules=(CAL_TYPE,))
