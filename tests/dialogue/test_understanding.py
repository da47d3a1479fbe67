"""The deterministic question parser over many phrasings: intents, units, number forms,
typos, corrections, leftover words and impossible numbers."""

from __future__ import annotations

import pytest
from facts_view import facts

from assistant.dialogue.understanding import understand
from assistant.models.understanding import Intent, Understanding

I = Intent  # noqa: E741 - short alias keeps the case tables readable


OEM, FPP, VOL = "OEM", "retail (FPP)", "volume licensing"
PUD, PS = "per user/device", "per server"

# Every example question of the brief, with what the parser must read from it.
BRIEF = [
    (
        "Six OEM copies of Server 2008 Standard: how many CALs in total?",
        I.cals_included,
        {"copies": 6, "channel": OEM, "edition": "Standard", "product": "2008"},
    ),
    (
        "3 retail copies of Server 2008 Enterprise: CALs included?",
        I.cals_included,
        {"copies": 3, "channel": FPP, "edition": "Enterprise", "product": "2008"},
    ),
    (
        "5 servers bought under a Select agreement: CALs included?",
        I.cals_included,
        {"copies": 5, "channel": "volume licensing"},
    ),
    ("25 users, 4 servers, per user mode: CALs needed?", I.cals_needed, {"users": 25, "servers": 4, "mode": PUD}),
    ("60 staff sharing 15 PCs: user or device CALs, which needs fewer?", I.compare, {"users": 60, "devices": 15}),
    (
        "8 CALs, per server mode, split over 2 servers: concurrent connections per server?",
        I.connections_per_server,
        {"cals_total": 8, "mode": PS, "servers": 2},
    ),
    (
        "12 users, 2 OEM copies with 5 CALs each: how many more CALs?",
        I.shortfall,
        {"users": 12, "copies": 2, "channel": OEM, "cals_per_copy": 5},
    ),
    ("Can I give a departed employee's CAL to the new hire?", I.reassignment, {}),
    ("Once I pick per user mode can I change back?", I.change_mode, {"mode": PUD}),
    ("How many Exchange CALs do I need?", I.cals_needed, {}),
    ("3 OEM copies with 5 CALs each", I.statement, {"copies": 3, "channel": OEM, "cals_per_copy": 5}),
    ("how many users can use all of them?", I.users_licensed, {}),
    ("and if they were Enterprise?", I.statement, {"edition": "Enterprise"}),
    ("what about per server mode?", I.statement, {"mode": PS}),
    (
        "I bought two copies of Windows Server with 5 CALs each; can 10 users reach both servers?",
        I.users_licensed,
        {"copies": 2, "cals_per_copy": 5, "users": 10},
    ),
    ("2 servers × 5 CALs, how many users?", I.users_licensed, {"copies": 2, "cals_per_copy": 5}),
    ("what if it was volume licensing?", I.statement, {"channel": VOL}),
    ("make it 3 servers", I.statement, {"servers": 3}),
    ("actually they're Enterprise", I.statement, {"edition": "Enterprise"}),
]

# Quantities however written: digits, words, multiplication, "each", packs, separators.
NUMBERS = [
    ("2x5 cals, how many users?", I.users_licensed, {"copies": 2, "cals_per_copy": 5}),
    ("2 * 5 CALs", I.statement, {"copies": 2, "cals_per_copy": 5}),
    ("2 times 5 CALs, how many users can connect?", I.users_licensed, {"copies": 2, "cals_per_copy": 5}),
    ("5 CALs x 2 servers", I.statement, {"copies": 2, "cals_per_copy": 5}),
    ("two copies × five CALs", I.statement, {"copies": 2, "cals_per_copy": 5}),
    ("2 copies with 5 each", I.statement, {"copies": 2, "cals_per_copy": 5}),
    ("a pair of servers with 5 cals apiece", I.statement, {"copies": 2, "cals_per_copy": 5}),
    ("five cals a piece on 3 boxes", I.statement, {"copies": 3, "cals_per_copy": 5, "channel": FPP}),
    ("5 CALs per copy, 3 copies", I.statement, {"copies": 3, "cals_per_copy": 5}),
    ("5 CALs per box, four boxes", I.statement, {"copies": 4, "cals_per_copy": 5, "channel": FPP}),
    ("5 CALs per server, 3 servers", I.statement, {"copies": 3, "cals_per_copy": 5}),
    ("5 CALs/copy, 3 copies", I.statement, {"copies": 3, "cals_per_copy": 5}),
    ("3 copies, each with 5 CALs", I.statement, {"copies": 3, "cals_per_copy": 5}),
    ("4 licences, each one came with 25 CALs", I.statement, {"copies": 4, "cals_per_copy": 25}),
    ("every copy includes 5 CALs and I have 3 copies", I.statement, {"copies": 3, "cals_per_copy": 5}),
    ("a 10-pack of CALs", I.statement, {"cals_separate": 10}),
    ("10 pack", I.statement, {"cals_separate": 10}),
    ("a pack of 10 CALs", I.statement, {"cals_separate": 10}),
    ("a 5 user CAL pack", I.statement, {"cals_separate": 5, "cal_type": "user"}),
    ("a 10-pack of CALs plus 2 OEM boxes", I.statement, {"cals_separate": 10, "copies": 2, "channel": OEM}),
    ("plus 10 more CALs", I.statement, {"cals_separate": 10}),
    ("I bought 20 extra CALs", I.statement, {"cals_separate": 20}),
    ("another 15 CALs bought separately", I.statement, {"cals_separate": 15}),
    (
        "2 OEM copies with 5 CALs each plus 10 additional CALs",
        I.statement,
        {"copies": 2, "channel": OEM, "cals_per_copy": 5, "cals_separate": 10},
    ),
    ("I have 8 CALs", I.statement, {"cals_total": 8}),
    ("one hundred and twenty users, twenty-five devices", I.statement, {"users": 120, "devices": 25}),
    ("twenty five users", I.statement, {"users": 25}),
    ("a hundred users", I.statement, {"users": 100}),
    ("a dozen PCs and a couple of servers", I.statement, {"devices": 12, "servers": 2}),
    ("two dozen PCs", I.statement, {"devices": 24}),
    ("half a dozen servers", I.statement, {"servers": 6}),
    ("a single server with 10 users", I.statement, {"servers": 1, "users": 10}),
    ("a couple servers", I.statement, {"servers": 2}),
    ("1,000 users", I.statement, {"users": 1000}),
    ("1,000,000 users", I.statement, {"users": 1_000_000}),
    ("10k users", I.statement, {"users": 10000}),
    ("eleven servers and ninety-nine users", I.statement, {"servers": 11, "users": 99}),
    ("two thousand and five users", I.statement, {"users": 2005}),
    ("FPP Enterprise x3", I.statement, {"copies": 3, "channel": FPP, "edition": "Enterprise"}),
    (
        "3x Server 2008 Standard OEM",
        I.statement,
        {"copies": 3, "channel": OEM, "edition": "Standard", "product": "2008"},
    ),
    ("10 thin clients and 5 laptops", I.statement, {"devices": 15}),
    ("2 Dell servers", I.statement, {"servers": 2}),
    ("５ servers", I.statement, {"servers": 5}),
]

# Units and their synonyms.
UNITS = [
    ("3 servers", I.statement, {"servers": 3}),
    ("3 copies", I.statement, {"copies": 3}),
    ("3 licences", I.statement, {"copies": 3}),
    ("3 licenses", I.statement, {"copies": 3}),
    ("3 server licences", I.statement, {"copies": 3}),
    ("3 boxes", I.statement, {"copies": 3, "channel": FPP}),
    ("12 people", I.statement, {"users": 12}),
    ("12 staff", I.statement, {"users": 12}),
    ("12 employees", I.statement, {"users": 12}),
    ("12 persons", I.statement, {"users": 12}),
    ("12 seats", I.statement, {"users": 12}),
    ("12 staff members", I.statement, {"users": 12}),
    ("12 devices", I.statement, {"devices": 12}),
    ("12 computers", I.statement, {"devices": 12}),
    ("12 workstations", I.statement, {"devices": 12}),
    ("12 laptops", I.statement, {"devices": 12}),
    ("12 thin clients", I.statement, {"devices": 12}),
    ("12 terminals", I.statement, {"devices": 12}),
    ("12 connections", I.statement, {"connections": 12}),
    ("12 concurrent connections", I.statement, {"connections": 12}),
    ("12 simultaneous users", I.statement, {"connections": 12}),
    ("12 users at once", I.statement, {"connections": 12}),
    ("12 users at a time", I.statement, {"connections": 12}),
    ("2 administrators", I.statement, {"admins": 2}),
    ("2 admins", I.statement, {"admins": 2}),
    ("10 device CALs", I.statement, {"cals_total": 10, "cal_type": "device"}),
    ("20 user CALs for 3 servers", I.statement, {"cals_total": 20, "cal_type": "user", "servers": 3}),
    ("20 named user CALs", I.statement, {"cals_total": 20, "cal_type": "user"}),
    ("5 user licences", I.statement, {"cals_total": 5, "cal_type": "user"}),
    ("10 client access licenses", I.statement, {"cals_total": 10}),
    ("per-device CALs", I.statement, {"mode": PUD, "cal_type": "device"}),
]

# Edition, channel, mode and version words.
TERMS = [
    ("Enterprise edition", I.statement, {"edition": "Enterprise"}),
    ("std edition", I.statement, {"edition": "Standard"}),
    (
        "under an Enterprise Agreement, 3 servers, CALs included?",
        I.cals_included,
        {"copies": 3, "channel": "volume licensing"},
    ),
    ("EA customer, 4 servers", I.statement, {"copies": 4, "channel": "volume licensing"}),
    ("bought via Open License", I.statement, {"channel": VOL}),
    ("we buy through Open", I.statement, {"channel": VOL}),
    ("Select+ 2 servers", I.statement, {"copies": 2, "channel": "volume licensing"}),
    ("select plus agreement", I.statement, {"channel": VOL}),
    ("MPSA", I.statement, {"channel": VOL}),
    ("volume", I.statement, {"channel": VOL}),
    ("full packaged product", I.statement, {"channel": FPP}),
    (
        "off-the-shelf copy of Server 2003, CALs?",
        I.cals_included,
        {"copies": 1, "channel": "retail (FPP)", "product": "2003"},
    ),
    ("boxed copy", I.statement, {"channel": FPP}),
    ("not OEM, retail", I.statement, {"channel": FPP}),
    ("standard and enterprise", I.general, {}),
    ("per seat", I.statement, {"mode": PUD}),
    ("per user/device licensing", I.statement, {"mode": PUD}),
    ("per device mode", I.statement, {"mode": PUD}),
    ("per-server licensing", I.statement, {"mode": PS}),
    ("Server 2019 CALs included?", I.cals_included, {"product": "2019"}),
    ("2012 R2 standard, 3 copies", I.statement, {"copies": 3, "edition": "Standard", "product": "2012 R2"}),
    ("windows 2003 r2, 2 copies", I.statement, {"copies": 2, "product": "2003"}),
    ("w2k8 OEM", I.statement, {"copies": 1, "channel": "OEM", "product": "2008"}),
    ("Windows Server 2022 Standard", I.statement, {"copies": 1, "edition": "Standard", "product": "2022"}),
]

# What is being asked, in many phrasings.
INTENTS = [
    # CALs included
    ("how many CALs do I get with 2 Enterprise copies", I.cals_included, {"copies": 2, "edition": "Enterprise"}),
    ("Do I get any CALs with volume licensing?", I.cals_included, {"channel": VOL}),
    (
        "How many CALs come with a 2008 Standard box?",
        I.cals_included,
        {"copies": 1, "channel": "retail (FPP)", "edition": "Standard", "product": "2008"},
    ),
    ("are CALs included with OEM?", I.cals_included, {"channel": OEM}),
    ("2 copies, how many CALs is that altogether?", I.cals_included, {"copies": 2}),
    ("what's the total number of CALs for 4 OEM copies?", I.cals_included, {"copies": 4, "channel": OEM}),
    # users licensed
    ("How many users can 5 CALs support?", I.users_licensed, {"cals_total": 5}),
    ("how many devices can connect?", I.users_licensed, {}),
    ("Can 10 users reach both servers?", I.users_licensed, {"users": 10, "servers": 2}),
    (
        "We've got a couple of OEM boxes, 5 cals per box. Users?",
        I.users_licensed,
        {"copies": 2, "cals_per_copy": 5, "channel": OEM},
    ),
    ("do 5 CALs mean 4 users?", I.administrators, {"cals_total": 5, "users": 4}),
    ("Is it true that 5 CALs only give me 4 users?", I.administrators, {"cals_total": 5, "users": 4}),
    ("how many people does that cover?", I.users_licensed, {}),
    ("how many ppl can use 2 srv w/ 5 cals each?", I.users_licensed, {"copies": 2, "cals_per_copy": 5}),
    # connections per server
    ("how many at once on each server?", I.connections_per_server, {}),
    ("how many concurrent connections per server?", I.connections_per_server, {}),
    ("how many users can connect simultaneously to each server", I.connections_per_server, {}),
    (
        "per server mode, 10 CALs, 2 servers, how many users?",
        I.connections_per_server,
        {"mode": PS, "cals_total": 10, "servers": 2},
    ),
    # CALs needed
    ("how many CALs do I need for 25 users?", I.cals_needed, {"users": 25}),
    ("What CALs do I need for 60 staff?", I.cals_needed, {"users": 60}),
    ("25 users how many CALs", I.cals_needed, {"users": 25}),
    ("I have 3 servers. 15 users. How many CALs?", I.cals_needed, {"servers": 3, "users": 15}),
    ("how many CALs are required for 40 PCs?", I.cals_needed, {"devices": 40}),
    ("how many CALs should I buy for 12 employees?", I.cals_needed, {"users": 12}),
    ("how many CALs do I need per server?", I.cals_needed, {}),
    (
        "40 concurrent connections on 2 servers per server mode, CALs needed?",
        I.cals_needed,
        {"connections": 40, "servers": 2, "mode": PS},
    ),
    # compare
    ("is per server cheaper?", I.compare, {"mode": PS}),
    ("which mode needs fewer CALs?", I.compare, {}),
    ("user vs device cals for 60 staff and 15 pcs", I.compare, {"users": 60, "devices": 15}),
    ("per user or per server, which is better for 3 servers and 40 users?", I.compare, {"servers": 3, "users": 40}),
    ("30 employees, 25 workstations, user or device CALs?", I.compare, {"users": 30, "devices": 25}),
    ("should I go with user CALs or device CALs?", I.compare, {}),
    # shortfall
    ("how many do I still need to buy?", I.shortfall, {}),
    ("am I short?", I.verdict, {}),
    ("Is 5 CALs enough for 10 users?", I.users_licensed, {"cals_total": 5, "users": 10}),
    (
        "I have 2 OEM licences & bought 20 extra CALs, am I short for 30 users?",
        I.verdict,
        {"copies": 2, "cals_separate": 20, "users": 30, "channel": "OEM"},
    ),
    ("do I need to buy more CALs for 40 users?", I.shortfall, {"users": 40}),
    ("how many additional CALs must I purchase?", I.shortfall, {}),
    # multi server
    ("does one CAL cover several servers?", I.multi_server, {}),
    ("can a user CAL be used on both servers?", I.multi_server, {"cal_type": "user"}),
    ("do I need a CAL per server?", I.multi_server, {}),
    ("does each server need its own CALs?", I.multi_server, {}),
    ("can a user connect to any number of servers?", I.multi_server, {}),
    ("is a CAL valid for more than one server?", I.multi_server, {}),
    # pooling
    ("do the CALs add up?", I.pooling, {}),
    ("does it matter that I bought them separately?", I.pooling, {}),
    ("can I combine the CALs from both copies?", I.pooling, {}),
    ("are CALs pooled across licences?", I.pooling, {}),
    ("do CALs from different purchases stack?", I.pooling, {}),
    # reassignment
    ("move a CAL to a loaner laptop", I.reassignment, {}),
    ("can the CAL be transferred to another PC?", I.reassignment, {}),
    ("a temp worker needs access for a week, can I reuse a CAL?", I.reassignment, {}),
    ("can I reassign a user CAL?", I.reassignment, {"cal_type": "user"}),
    ("someone left the company, does their CAL go to the replacement?", I.reassignment, {}),
    ("our PC is out of service, can the spare laptop use its CAL?", I.reassignment, {}),
    # change mode
    ("can I switch to per server later?", I.change_mode, {"mode": PS}),
    ("Is the choice of per device mode permanent?", I.change_mode, {"mode": PUD}),
    ("can I mix per server and per user modes?", I.change_mode, {}),
    ("can I convert from per server to per seat?", I.change_mode, {}),
    ("if I go per user now can I go back?", I.change_mode, {"mode": PUD}),
    # administrators
    ("Do admins need CALs?", I.administrators, {}),
    ("reserve a CAL for the administrator?", I.administrators, {}),
    ("how many admins can log on without a CAL?", I.administrators, {}),
    ("do I need a CAL for administrative access?", I.administrators, {}),
    ("is console access by an administrator free?", I.administrators, {}),
    ("12 users and 2 admins, how many CALs do I need?", I.cals_needed, {"users": 12, "admins": 2}),
    # why
    ("why?", I.why, {}),
    ("Why is that?", I.why, {}),
    ("why 15?", I.why, {}),
    ("how did you get that?", I.why, {}),
    ("how did you get 30 CALs?", I.why, {}),
    ("show your working", I.why, {}),
    ("explain", I.why, {}),
    ("where does that number come from?", I.why, {}),
    # reset
    ("reset", I.reset, {}),
    ("Start over.", I.reset, {}),
    ("new question", I.reset, {}),
    ("clear", I.reset, {}),
    ("forget that", I.reset, {}),
    ("ok, let's start again please", I.reset, {}),
    ("start over: 2 servers x 5 CALs, how many users?", I.users_licensed, {"copies": 2, "cals_per_copy": 5}),
    # general (retrieval)
    ("what does a CAL cost?", I.general, {}),
    ("what is a CAL?", I.definition, {}),
    ("why do I need CALs at all?", I.general, {}),
    ("explain per server mode", I.general, {"mode": PS}),
    ("I have 2 OEM copies, is that ok?", I.verdict, {"copies": 2, "channel": "OEM"}),
    ("", I.general, {}),
    ("   \n\t ", I.general, {}),
]

# Forum typos and abbreviations.
TYPOS = [
    ("two svrs w/ five cals ea, how many usrs can connect?", I.users_licensed, {"copies": 2, "cals_per_copy": 5}),
    ("5 sevrers and 20 uesrs", I.statement, {"servers": 5, "users": 20}),
    ("3 licneses w/ 5 cals each", I.statement, {"copies": 3, "cals_per_copy": 5}),
    ("40 ppl, 2 srv", I.statement, {"users": 40, "servers": 2}),
    ("10 computres & 3 servrs", I.statement, {"devices": 10, "servers": 3}),
    ("2 lic b/c OEM", I.statement, {"copies": 2, "channel": OEM}),
    ("20 emplyees on 2 servers, how many CALs do i need", I.cals_needed, {"users": 20, "servers": 2}),
    ("Enterprize edition, 2 copies", I.statement, {"copies": 2, "edition": "Enterprise"}),
    ("how many CALS do I need 4 25 USERS", I.cals_needed, {"users": 25}),
    ("PER SERVER MODE", I.statement, {"mode": PS}),
]

# Longer, forum-style questions.
FORUM = [
    (
        "My OEM copies of Server 2003 come with 5 CALs. If I buy two copies, am I in effect fully licensed for "
        "10 users to access both servers?",
        I.users_licensed,
        {"copies": 2, "cals_per_copy": 5, "users": 10, "channel": "OEM", "product": "2003"},
    ),
    (
        "One server came with 5 CALs in the box; for the second one I bought 5 CALs separately. Can 10 users use "
        "both servers?",
        I.users_licensed,
        {"copies": 1, "cals_per_copy": 5, "cals_separate": 5, "users": 10, "servers": 2},
    ),
    ("the 2 copies came with 10 CALs in total", I.cals_included, {"copies": 2, "cals_in_all": 10}),
    (
        "We've got 2 Windows 2008 Std servers (OEM) and 35 users. How many CALs do we need to buy?",
        I.shortfall,
        {"copies": 2, "users": 35, "channel": "OEM", "edition": "Standard", "product": "2008"},
    ),
    (
        "I have one OEM Server 2003 Standard licensed per server. How many people can be connected at the same time?",
        I.connections_per_server,
        {"copies": 1, "channel": OEM, "edition": "Standard", "mode": PS, "product": "2003"},
    ),
    (
        "We have 2 servers and 30 users, but only 10 are ever connected at once. Per server or per user mode - "
        "which needs fewer CALs?",
        I.compare,
        {"servers": 2, "users": 30, "connections": 10},
    ),
    (
        "We run three shifts - 45 warehouse workers share 12 thin clients. Should I buy user or device CALs?",
        I.compare,
        {"users": 45, "devices": 12},
    ),
    (
        "Someone on a forum said 5 CALs really means 4 users because I have to reserve 1 CAL for the "
        "administrator. True?",
        I.administrators,
        {"cals_total": 5, "users": 4},
    ),
    ("Do my 2 domain admins need CALs to log on to the servers?", I.administrators, {"admins": 2}),
    ("Do we have to buy CALs for our admins?", I.administrators, {}),
    (
        "10 users and the 2 admins, 2 OEM Standard copies. do I have enough CALs?",
        I.verdict,
        {"copies": 2, "users": 10, "admins": 2, "channel": "OEM", "edition": "Standard"},
    ),
    (
        "Does a single user CAL let someone use all 3 of our servers, or do they need one per server?",
        I.multi_server,
        {"servers": 3, "cal_type": "user"},
    ),
    (
        "We replaced an old PC with a new one. Can its device CAL move to the new PC?",
        I.reassignment,
        {"cal_type": "device"},
    ),
    ("and while a laptop is in for repair, can the CAL go to the loaner for a week?", I.reassignment, {}),
    ("and to a temp covering someone's maternity leave?", I.reassignment, {}),
    ("and how many users is that if everyone needs every server?", I.users_licensed, {}),
    ("what are the rules for mixing the modes on different servers then?", I.change_mode, {}),
    ("over how many servers can they connect in per server mode?", I.connections_per_server, {"mode": PS}),
    (
        "I've got 3 OEM Standard servers and bought a 10-pack of user CALs on top. 30 users need access to all of "
        "them - how many more CALs do I need?",
        I.shortfall,
        {"copies": 3, "cals_separate": 10, "users": 30, "channel": "OEM", "edition": "Standard", "cal_type": "user"},
    ),
    (
        "Our Enterprise Agreement covers 10 Windows Server 2008 licences. How many CALs come with those?",
        I.cals_included,
        {"copies": 10, "channel": VOL, "product": "2008"},
    ),
    (
        "how many cals do i get w/ 4 oem coppies of windows sever 2008 standrd?",
        I.cals_included,
        {"copies": 4, "channel": OEM, "edition": "Standard", "product": "2008"},
    ),
    ("Is it legal to use 5 CALs on two servers?", I.multi_server, {"cals_total": 5, "servers": 2}),
    (
        "Hi all, quick q - does a device CAL let the PC connect to all our servers?",
        I.multi_server,
        {"cal_type": "device"},
    ),
    ("what's the difference between user and device CALs?", I.definition, {}),
    ("How many CALs do 2 Enterprise licences give me?", I.cals_included, {"copies": 2, "edition": "Enterprise"}),
    ("upgrade from 2003 to 2008 CALs?", I.statement, {"product": "2003"}),
    (
        "Our 2 OEM 2008 boxes came with 5 CALs apiece; we now have 14 staff. Do we need more?",
        I.shortfall,
        {"copies": 2, "channel": OEM, "product": "2008", "cals_per_copy": 5, "users": 14},
    ),
    ("I have 5 2019 servers", I.statement, {"copies": 5, "product": "2019"}),
    ("2008 users", I.statement, {"users": 2008}),
    ("Does the 5 CAL limit apply per server or in total?", I.multi_server, {"cals_total": 5}),
    ("Is it better to license per user or per device?", I.compare, {"mode": PUD}),
    ("we have 50 users but only 20 PCs, which CAL type?", I.compare, {"users": 50, "devices": 20}),
    (
        "If I buy Server 2008 through volume licensing, do I get CALs?",
        I.cals_included,
        {"copies": 1, "channel": "volume licensing", "product": "2008"},
    ),
    ("what does EA stand for?", I.definition, {"channel": "volume licensing"}),
    (
        "How many device CALs do I need for 20 PCs shared by 50 people?",
        I.cals_needed,
        {"devices": 20, "users": 50, "cal_type": "device"},
    ),
    ("Can a CAL be shared between two users?", I.sharing, {"users": 2}),
]

# Follow-ups that change earlier facts.
CORRECTIONS = [
    ("make it 3 servers", {"servers": 3}),
    ("make that Enterprise", {"edition": "Enterprise"}),
    ("actually they're Enterprise", {"edition": "Enterprise"}),
    ("what if it was volume licensing?", {"channel": VOL}),
    ("what about per server mode?", {"mode": PS}),
    ("and if they were Enterprise?", {"edition": "Enterprise"}),
    ("no, 4 servers", {"servers": 4}),
    ("change it to 5 copies", {"copies": 5}),
    ("say 20 users", {"users": 20}),
    ("what if 30 users instead?", {"users": 30}),
    ("what about 4 servers?", {"servers": 4}),
    ("and with 3 copies?", {"copies": 3}),
    ("how about retail?", {"channel": FPP}),
    ("let's say 50 staff", {"users": 50}),
    ("sorry, I meant 6 PCs", {"devices": 6}),
    ("10 users... make it 12 users", {"users": 12}),
    ("and in per server mode?", {"mode": PS}),
    ("try it with 6 servers", {"servers": 6}),
    ("and if I had bought them under volume licensing instead?", {"channel": VOL}),
    ("what if the boxes said 10 CALs each?", {"cals_per_copy": 10}),
]


@pytest.mark.parametrize(("text", "intent", "expected"), BRIEF + NUMBERS + UNITS + TERMS + INTENTS + TYPOS + FORUM)
def test_intent_and_facts(text: str, intent: Intent, expected: dict[str, object]) -> None:
    u = understand(text)
    assert (u.intent, facts(u)) == (intent, expected)
    assert u.problems == []


@pytest.mark.parametrize(("text", "expected"), CORRECTIONS)
def test_corrections(text: str, expected: dict[str, object]) -> None:
    u = understand(text)
    assert u.correction is True
    assert u.intent is Intent.statement
    assert facts(u) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3 OEM copies with 5 CALs each",
        "2 servers × 5 CALs, how many users?",
        "Do admins need CALs?",
        "what if an employee leaves?",  # a question about a rule, with no facts to change
        "How many CALs do I need for 25 users?",
    ],
)
def test_not_corrections(text: str) -> None:
    assert understand(text).correction is False


@pytest.mark.parametrize(
    ("text", "leftover"),
    [
        ("How many Exchange CALs do I need?", ["exchange"]),
        ("what does a CAL cost?", ["cost"]),
        ("2 servers x 5 CALs, how many users?", []),
        ("Six OEM copies of Server 2008 Standard: how many CALs in total?", []),
        ("Can I give a departed employee's CAL to the new hire?", []),
        ("60 staff sharing 15 PCs: user or device CALs, which needs fewer?", []),
        ("How many RDS CALs do I need for 10 users?", ["rds"]),
        ("Terminal Services CALs for 10 users?", ["terminal", "services"]),
        ("SQL Server 2008 CALs?", ["sql"]),
        ("price of a CAL in $?", ["price"]),
        ("do Linux servers need CALs? linux!", ["linux"]),
        ("Can I use Remote Desktop with 5 CALs?", ["remote", "desktop"]),
        ("what about SharePoint and Exchange CALs", ["sharepoint", "exchange"]),
        ("[red]x[/]", ["red"]),
    ],
)
def test_leftover(text: str, leftover: list[str]) -> None:
    assert understand(text).leftover == leftover


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("-2 servers", "negative"),
        ("make it -3 users", "negative"),
        ("minus 4 copies", "negative"),
        ("2.5 copies", "whole number"),
        ("I have 7.5 CALs", "whole number"),
        ("10^30 CALs", "too large"),
        ("1e30 users", "too large"),
        ("10**12 servers", "too large"),
        ("1,000,001 users", "too large"),
        ("a billion users", "too large"),
        ("9" * 100000 + " servers", "too large"),
    ],
)
def test_problems(text: str, needle: str) -> None:
    u = understand(text)
    assert len(u.problems) == 1
    assert needle in u.problems[0]
    numeric = {"servers", "copies", "users", "cals_total", "cals_per_copy", "cals_separate", "devices"}
    assert not numeric & set(facts(u))


def test_problem_names_what_was_written() -> None:
    u = understand("-2 servers and 2.5 copies")
    assert u.problems == [
        '"-2 servers": a number of servers cannot be negative',
        '"2.5 copies": a number of copies must be a whole number',
    ]


def test_good_numbers_survive_beside_bad_ones() -> None:
    u = understand("12 users and -2 servers")
    assert facts(u) == {"users": 12}
    assert len(u.problems) == 1


def test_ranges_and_years_are_not_problems() -> None:
    assert understand("2-3 servers").problems == []
    assert understand("bought in 2009, 2 OEM copies").problems == []
    assert facts(understand("bought in 2009, 2 OEM copies")) == {"copies": 2, "channel": OEM}


def test_text_is_kept_verbatim() -> None:
    text = "  2 servers\x00 × 5 CALs  "
    assert understand(text).text == text


def test_one_in_a_rule_question_is_not_a_count() -> None:
    assert facts(understand("does one CAL cover several servers?")) == {}
    assert facts(understand("one OEM copy with 5 CALs")) == {"copies": 1, "channel": OEM, "cals_per_copy": 5}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02",
        "[red]x[/]" * 1000,
        "x " * 50000,
        "9" * 100000,
        "?!" * 50000,
        "((((" * 25000,
        "a " * 500000,
        "🙂" * 10000,
        "２ × ５ ＣＡＬｓ",
        "one hundred and " * 20000,
        "10^10^10^10",
        "\u202e2 servers\u202c",
    ],
)
def test_pathological_input_never_raises(text: str) -> None:
    u = understand(text)
    assert isinstance(u, Understanding)
    assert u.text == text
