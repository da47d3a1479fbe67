"""How inventories, rosters and follow-ups written the way people write them are read, and what the
conversation does with what it could not read: asks, rather than building a figure without it.

Each case is a pattern seen in forum posts, in words of its own here (not a bank question).
"""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.dialogue.understanding import understand
from assistant.models.reply import Reply, ReplyKind
from assistant.models.terms import Channel, Edition
from assistant.rules.registry import using


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


@pytest.fixture
def read(assistant: Assistant):  # type: ignore[no-untyped-def]
    def read_turn(text: str):  # type: ignore[no-untyped-def]
        with using(assistant.packs.default):
            return understand(text).update

    return read_turn


def talk(assistant: Assistant, *turns: str) -> list[Reply]:
    chat = assistant.conversation()
    return [chat.ask(t) for t in turns]


def copies(update) -> list[tuple[int, Edition | None, Channel | None]]:  # type: ignore[no-untyped-def]
    return [(line.copies, line.edition, line.channel) for line in [*update.lines, *update.parts]]


# --- inventories written as lists ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "- SRV-A: 2008 Std OEM\n- SRV-B: 2008 Std OEM\n- SRV-C: 2008 Std OEM\nHow many CALs came with those?",
        "Box 1: 2008 Std OEM. Box 2: 2008 Std OEM. Box 3: 2008 Std OEM.",
        "WEB01 - 2008 Std (OEM). SQL02 - 2008 Std (OEM). FS03 - 2008 Std (OEM).",
        "Kit list:\nHP ML110 G7, Server 2008 Std OEM\nHP ML110 G7, Server 2008 Std OEM\nDL120 G6, Server 2008 Std OEM\n",
    ],
)
def test_each_entry_of_a_list_is_one_copy(read, text: str) -> None:
    assert copies(read(text)) == [(3, Edition.standard, Channel.oem)]


def test_a_list_keeps_its_entries_apart(read) -> None:
    update = read("What we run:\n- MAIL1: 2003 Std retail\n- ACC2: 2008 Ent (Select)\n- FILES: 2003 Std OEM\n")
    assert sorted(copies(update), key=str) == sorted(
        [
            (1, Edition.standard, Channel.fpp),
            (1, Edition.enterprise, Channel.volume),
            (1, Edition.standard, Channel.oem),
        ],
        key=str,
    )


def test_a_count_heading_a_list_is_the_lists_count(read) -> None:
    update = read("Both our boxes:\n- DC1 (2008 Std OEM): peak 9\n- DC2 (2008 Std OEM): peak 4\nCALs needed?")
    assert copies(update) == [(2, Edition.standard, Channel.oem)]
    assert update.peaks == [9, 4]


@pytest.mark.parametrize(
    ("text", "cals"),
    [
        ("2 x 2008 Std OEM, user CALs: 15, device CALs: 5", 20),
        ("Server 2008 Std OEM x2; 2008 user CALs: 15", 15),
        ("1 x 2008 Std OEM - User CAL 10-pack x2", 20),
        ("one 2008 Std OEM and 12 user CALs (bought in 4-packs)", 12),
    ],
)
def test_cal_counts_in_list_forms(read, text: str, cals: int) -> None:
    assert sum(p.cals for p in read(text).purchases) == cals


def test_cals_said_with_the_server_word_are_cals(read) -> None:
    update = read("We own 30 Windows Server CALs in total.")
    assert update.counts == {"cals_owned": 30}


# --- people, devices and rosters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "users"),
    [
        ("Vet practice: 2 vets, 3 vet nurses and a receptionist.", 6),
        ("Studio of 3 partners, 4 junior designers, 2 bookkeepers and the office manager.", 10),
        ("Our team is 2 devs, 5 fee earners and 1 secretary.", 8),
        ("8 mechanics, 2 admin and the owner use the server.", 11),
    ],
)
def test_rosters_add_up(read, text: str, users: int) -> None:
    assert read(text).counts.get("users") == users


def test_it_admins_beside_users_are_administrators(read) -> None:
    assert read("12 users and 2 admins, how many CALs?").counts == {"users": 12, "admins": 2}


def test_admins_among_the_users_who_only_administer_need_no_cal(read) -> None:
    update = read("30 users including our 2 IT admins, who only do admin work on the servers.")
    assert update.counts == {"users": 28, "admins": 2}


@pytest.mark.parametrize(
    ("text", "devices"),
    [
        ("4 branches, each with a counter PC and an office PC. 9 staff rotate.", 8),
        ("6 clerks on laptops and 2 managers who each have their own PC.", 8),
        ("3 treatment rooms with a PC each and 1 PC at reception. 10 staff, nobody has their own machine.", 4),
    ],
)
def test_devices_from_places_and_people(read, text: str, devices: int) -> None:
    assert read(text).counts.get("devices") == devices


def test_devices_told_for_some_people_only_are_asked_for(read, assistant: Assistant) -> None:
    text = "5 engineers with a laptop and a desktop each, 2 clerks sharing one PC, 1 manager, laptop only. One 2008 Std OEM."
    update = read(text)
    assert "devices" not in update.counts and "devices" in update.vague
    (reply,) = talk(assistant, text + " How many CALs do we need?")
    assert reply.kind is ReplyKind.clarify and reply.asks == "devices"


def test_a_client_os_box_is_a_pc(read) -> None:
    update = read("We are replacing 4 old XP boxes with new Win 7 PCs.")
    assert not update.lines and not update.parts
    assert all(c.fact == "devices" for c in update.changes)


def test_the_same_devices_keep_the_count_known(assistant: Assistant) -> None:
    replies = talk(
        assistant,
        "One 2008 Std OEM. 20 operators share 6 PCs and 4 office staff have a PC each. How many CALs do we need?",
        "We're adding a night shift - 10 more operators, same 6 PCs.",
    )
    assert [r.figure("cals_needed") or r.figure("device_cals_needed") for r in replies] == [10, 10]


# --- what people say has changed -----------------------------------------------------------------


def test_a_number_corrected_in_place(assistant: Assistant) -> None:
    replies = talk(
        assistant, "One 2003 Std OEM and 12 users. CALs to buy?", "5 more join in May", "sorry, it's 3 not 5"
    )
    assert [r.figure("cals_to_buy") for r in replies] == [7, 12, 10]


def test_joiners_and_leavers_with_auxiliaries(read) -> None:
    update = read("Since then 3 have left and 4 have been hired, and one is on maternity leave.")
    assert [(c.fact, c.by) for c in update.changes] == [("users", -3), ("users", 4)]


def test_vague_people_beside_a_count_are_asked_as_more(assistant: Assistant) -> None:
    first, second = talk(
        assistant,
        "One 2008 Std OEM with 5 CALs. 9 in the office and a few drivers who log in too. Enough?",
        "3 drivers",
    )
    assert first.kind is ReplyKind.clarify and first.asks == "users"
    assert second.figure("cals_to_buy") == 7


# --- claims, weighed --------------------------------------------------------------------------------


def test_a_claim_of_what_is_needed_is_judged(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "3 servers, 20 users on all three, per user. My manager says we need 60 CALs. Right?")
    assert reply.verdict is not None and reply.verdict.value == "no"
    assert reply.figure("cals_needed") == 20


def test_a_claim_of_what_to_buy_is_judged(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "2 x 2008 Std OEM and 14 users, so we need to buy 4 more, right?")
    assert reply.verdict is not None and reply.verdict.value == "yes"
    assert reply.figure("cals_to_buy") == 4


def test_what_an_edition_is_believed_to_include_is_not_owned(read) -> None:
    update = read("Our 2008 Enterprise came under our EA. Are 15 users covered by the 25 CALs Enterprise includes?")
    assert copies(update) == [(1, Edition.enterprise, Channel.volume)]
    assert not update.purchases and "cals_owned" not in update.counts


def test_whether_to_buy_gets_a_yes_or_no(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "One 2003 Std OEM, 5 of us. Do we need to buy another CAL?")
    assert reply.verdict is not None and reply.verdict.value == "no"


def test_leavers_cite_reassignment(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "One 2008 Std OEM and 9 staff. 2 have left and 3 joined. CALs to buy?")
    assert reply.figure("cals_to_buy") == 5
    assert "a1.6" in {c.clause for c in reply.citations}


# --- numbers nothing placed -------------------------------------------------------------------------


def test_a_number_nothing_placed_gets_a_question_not_a_figure(assistant: Assistant) -> None:
    (reply,) = talk(assistant, "One 2008 Std OEM. We have 7 welders and 3 frobnicators. How many CALs to buy?")
    if reply.kind is ReplyKind.clarify:
        assert reply.figures == [] and "frobnicators" in reply.text
    else:  # read as a roster of staff: then both counts are in the figure
        assert reply.figure("cals_to_buy") == 5


@pytest.mark.parametrize(
    "text",
    [
        "One 2008 Std OEM in our office on 3 floors, open 8 till 6. 12 users. CALs to buy?",
        "One 2008 Std OEM, room 214, printer is a LaserJet 4250. 12 users. CALs to buy?",
        "One 2008 Std OEM and 12 users. We have 12 PCs (reception 2, office 10). CALs to buy?",
    ],
)
def test_harmless_numbers_do_not_stop_the_answer(assistant: Assistant, text: str) -> None:
    (reply,) = talk(assistant, text)
    assert reply.kind is ReplyKind.answer and reply.figure("cals_to_buy") == 7


def test_unplaced_numbers_are_reported_by_the_reader(read) -> None:
    update = read("One 2008 Std OEM. We have 7 welders and 3 frobnicators. CALs?")
    assert all(x.value in (3, 7) for x in update.unplaced)
    assert read("3 servers, 20 users, all three used daily.").unplaced == []


@pytest.mark.parametrize(
    "text",
    [
        "40 staff: 12 share 3 PCs on the shop floor, the rest each have a PC.",
        "A charity: 15 volunteers share 5 PCs, the 4 staff have their own.",
    ],
)
def test_devices_for_a_group_of_unknown_size_are_asked_for(read, text: str) -> None:
    update = read(text)
    assert "devices" not in update.counts and "devices" in update.vague


def test_places_each_with_devices(read) -> None:
    assert read("Our 4 branches each have 3 tills, 20 cashiers rotate.").counts == {"devices": 12, "users": 20}


@pytest.mark.parametrize(
    ("text", "counts", "cals"),
    [
        ("Our CAL count is 45 and we are 52 people.", {"cals_owned": 45, "users": 52}, 0),
        ("5 cal pack x 3 + 1 server 2003 std oem. users: 22.", {"users": 22}, 15),
    ],
)
def test_cal_counts_said_as_headings_and_packs(read, text: str, counts: dict[str, int], cals: int) -> None:
    update = read(text)
    assert update.counts == counts
    assert sum(p.cals for p in update.purchases) == cals
