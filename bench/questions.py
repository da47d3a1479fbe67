"""Built-in questions for the in-process latency figure, used only when `transcripts/` has none.

Each inner list is one conversation (follow-ups rely on the turns before them).
"""

from __future__ import annotations

FALLBACK_CONVERSATIONS: list[list[str]] = [
    ["2 servers x 5 CALs, how many users?"],
    ["Six OEM copies of Server 2008 Standard: how many CALs in total?"],
    ["3 retail copies of Server 2008 Enterprise: CALs included?"],
    ["5 servers bought under a Select agreement: CALs included?"],
    ["25 users, 4 servers, per user mode: CALs needed?"],
    ["60 staff sharing 15 PCs: user or device CALs, which needs fewer?"],
    ["8 CALs, per server mode, split over 2 servers: concurrent connections per server?"],
    ["12 users, 2 OEM copies with 5 CALs each: how many more CALs?"],
    ["Can I give a departed employee's CAL to the new hire?"],
    ["Once I pick per user mode can I change back?"],
    ["How many Exchange CALs do I need?"],
    [
        "3 OEM copies with 5 CALs each",
        "how many users can use all of them?",
        "and if they were Enterprise?",
        "what about per server mode?",
    ],
    ["How many CALs do I need?", "40 users"],
    ["we have two boxes of server 2003 std, five cals apiece. can 10 ppl use both srv?", "why?"],
    ["Do administrators need a CAL?", "how many admins can log on without one?"],
    ["Is it true that 5 CALs only allow 4 simultaneous users?"],
    ["a 10-pack of user CALs plus 1 retail copy of Server 2008 Standard: how many CALs do we own?"],
    ["twelve workstations and thirty employees, device or user CALs?"],
    ["Can a CAL be moved temporarily to a loaner laptop?"],
    ["Does one user CAL cover several servers?"],
    ["What is the difference between per server and per user/device licensing?"],
    ["2 OEM copies, 15 users, per user mode", "make it 3 servers", "actually they're Enterprise", "start over"],
    ["How much does a CAL cost?"],
    ["Does Windows Server 2019 still include 5 CALs?"],
    ["We bought Server 2008 through Open licensing. Any CALs included?"],
    ["4 servers in per server mode with 20 CALs, how many concurrent connections each?"],
    ["Can I mix per server and per seat licensing?"],
    ["-2 servers with 5 CALs each"],
    ["10^30 CALs across 2.5 copies"],
    ["licence vs license: is a CAL per person or per PC?"],
]
