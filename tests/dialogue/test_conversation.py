"""Whole conversations through the Python API: figures, kinds, carry-over, corrections."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.models.reply import Reply


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


def talk(assistant: Assistant, *turns: str) -> list[Reply]:
    chat = assistant.conversation()
    return [chat.ask(t) for t in turns]


def one(assistant: Assistant, text: str) -> Reply:
    return talk(assistant, text)[0]


def cited(reply: Reply) -> set[str]:
    return {c.clause for c in reply.citations}


# The brief's development set, plus variants in other words.
@pytest.mark.parametrize(
    ("question", "figure", "value"),
    [
        ("2 servers × 5 CALs, how many users?", "users_licensed", 10),
        ("Six OEM copies of Server 2008 Standard: how many CALs in total?", "cals_included", 30),
        ("3 retail copies of Server 2008 Enterprise: CALs included?", "cals_included", 75),
        ("5 servers bought under a Select agreement: CALs included?", "cals_included", 0),
        ("25 users, 4 servers, per user mode: CALs needed?", "cals_needed", 25),
        ("60 staff sharing 15 PCs: user or device CALs, which needs fewer?", "cals_needed", 15),
        (
            "8 CALs, per server mode, split over 2 servers: concurrent connections per server?",
            "connections_per_server",
            4,
        ),
        ("12 users, 2 OEM copies with 5 CALs each: how many more CALs?", "cals_to_buy", 2),
        (
            "I bought two boxes of Server 2003 w/ five CALs apiece. How many ppl can use both srvs?",
            "users_licensed",
            10,
        ),
        ("we have 4 OEM licences of server 2008 enterprise - how many cals do we get?", "cals_included", 100),
        ("How many CALs come with 7 copies bought through Open licensing?", "cals_included", 0),
        ("40 employees, 3 servers, per device mode with 12 workstations: how many CALs?", "cals_needed", 12),
        ("we have 10 CALs and 14 users, how many more do we need to buy", "cals_to_buy", 4),
    ],
)
def test_numeric_questions(assistant, question, figure, value):
    reply = one(assistant, question)
    assert reply.kind == "answer", reply.text
    assert reply.figure(figure) == value, reply.text
    assert reply.text.startswith(reply.headline)
    assert str(value) in reply.headline


def test_the_thread_question_in_full(assistant):
    reply = one(assistant, "I bought 2 copies of Windows Server with 5 CALs each — can 10 users reach both servers?")
    assert reply.kind == "answer"
    assert reply.headline.startswith("Yes")
    assert reply.figure("users_licensed") == 10
    assert {"a2.4", "a4.4", "a1.4"} <= cited(reply)
    # The assumptions say what changes: per server mode, volume licensing, administrators.
    ifs = " ".join(a.assumption + " " + a.if_wrong for a in reply.assumptions)
    assert "per server" in ifs and "volume" in ifs and "administrators" in ifs
    # Wayne's "5 CALs == 4 users" is shown as disputed, both sides cited.
    (dispute,) = reply.disputes
    assert any("a5.2" in side.clauses for side in dispute.sides)
    assert any("a2.15" in side.clauses for side in dispute.sides)


@pytest.mark.parametrize(
    ("question", "headline_start", "clause"),
    [
        ("Can I give a departed employee's CAL to the new hire?", "Yes", "a1.6"),
        ("Once I pick per user mode can I change back?", "No", "a1.5"),
        ("do admins need a CAL?", "No: up to 2", "a2.15"),
        ("Does one user CAL cover several servers?", "Yes", "a2.11"),
        ("we bought the CALs separately with each server, do they still add up?", "Yes", "a4.4"),
    ],
)
def test_yes_no_rules(assistant, question, headline_start, clause):
    reply = one(assistant, question)
    assert reply.kind == "answer", reply.text
    assert reply.headline.startswith(headline_start), reply.headline
    assert clause in cited(reply)


@pytest.mark.parametrize(
    "question",
    [
        "How many Exchange CALs do I need?",
        "How many SQL Server CALs do I need for 20 users?",
        "What does a CAL cost?",
        "How many CALs come with Windows Server 2019 Standard?",
        "Do I need RDS CALs for remote desktop?",
        "How much is a 5-pack of CALs?",
        "how much does Server 2008 Standard cost with 5 CALs",
    ],
)
def test_not_covered(assistant, question):
    reply = one(assistant, question)
    assert reply.kind == "not_covered", reply.text
    assert not reply.figures
    assert "do not cover" in reply.headline


def test_clarify_then_fill_in(assistant):
    first, second = talk(assistant, "How many CALs do I need?", "25 users")
    assert first.kind == "clarify"
    assert first.question and "users" in first.question
    assert second.kind == "answer"
    assert second.figure("cals_needed") == 25


def test_multi_turn_carry_over_and_corrections(assistant):
    replies = talk(
        assistant,
        "3 OEM copies with 5 CALs each",
        "how many users can use all of them?",
        "and if they were Enterprise?",
        "what about per server mode?",
    )
    assert replies[0].figure("cals_included") == 15
    assert replies[1].figure("users_licensed") == 15
    assert replies[2].figure("users_licensed") == 75
    assert replies[3].figure("connections_per_server") == 25
    assert "per server" in replies[3].headline


def test_make_it_three_servers_and_volume(assistant):
    replies = talk(
        assistant,
        "2 servers x 5 CALs, how many users?",
        "make it 3 servers",
        "what if it was volume licensing?",
    )
    assert replies[1].figure("users_licensed") == 15
    assert replies[2].figure("users_licensed") == 0


def test_why_shows_the_last_derivation(assistant):
    first, why = talk(assistant, "6 OEM copies of Server 2008 Standard: how many CALs?", "why?")
    assert why.kind == "answer"
    assert why.steps == first.steps
    assert "How I got it" in why.text


def test_reset_forgets(assistant):
    replies = talk(assistant, "3 OEM copies with 5 CALs each", "start over", "how many users can use all of them?")
    assert replies[1].kind == "answer"
    assert replies[2].kind == "clarify"


def test_why_before_anything(assistant):
    assert one(assistant, "why?").kind == "clarify"


@pytest.mark.parametrize(
    "bad", ["-2 servers with 5 CALs each, how many users?", "2.5 copies, how many CALs?", "10^30 CALs, how many users?"]
)
def test_impossible_numbers_get_a_clear_reply(assistant, bad):
    reply = one(assistant, bad)
    assert reply.kind == "clarify"
    assert not reply.figures
    assert "cannot use" in reply.text


def test_empty_turn_is_a_prompt(assistant):
    reply = one(assistant, "   ")
    assert reply.kind == "clarify"
    assert reply.question


def test_general_question_answers_from_passages(assistant):
    reply = one(assistant, "what is per server mode?")
    assert reply.kind == "answer"
    assert "a2.14" in cited(reply)


def test_markup_is_plain_text(assistant):
    reply = one(assistant, "[red]x[/] [/] how many users with 2 servers x 5 CALs?")
    assert reply.kind in {"answer", "clarify", "not_covered"}


def test_same_turns_same_bytes(assistant):
    turns = ("3 OEM copies with 5 CALs each", "how many users can use all of them?", "why?")
    a = [r.model_dump_json() for r in talk(assistant, *turns)]
    b = [r.model_dump_json() for r in talk(Assistant.load(), *turns)]
    assert a == b


def test_per_copy_when_no_count_is_given(assistant):
    reply = one(assistant, "how many CALs does Server 2003 Enterprise come with?")
    assert reply.kind == "answer"
    assert reply.figure("cals_per_copy") == 25
    general = one(assistant, "Is the number of CALs in the box the same for retail and OEM?")
    assert general.kind == "answer" and "a2.c3.2" in cited(general)


def test_user_or_device_without_numbers_states_the_rule(assistant):
    reply = one(assistant, "what's the difference between user and device CALs?")
    assert reply.kind == "answer"
    assert {"a1.4", "a2.10"} <= cited(reply)


@pytest.mark.parametrize("text", ["hello", "thanks!", "ok cheers"])
def test_small_talk_gets_a_prompt_not_a_passage(assistant, text):
    reply = one(assistant, text)
    assert reply.kind == "clarify"
    assert not reply.citations


def test_zero_servers_is_questioned(assistant):
    assert one(assistant, "0 servers with 5 CALs each, how many users?").kind == "clarify"


def test_switching_modes_answer_is_honest_about_both_directions(assistant):
    reply = one(assistant, "if I go per server can I switch to per user later?")
    assert "permanent" in reply.headline and "restrictive" in reply.headline
    assert {"a1.5", "a2.16"} <= cited(reply)


@pytest.mark.parametrize(
    ("first", "answer", "figure", "value"),
    [
        ("How many CALs do I need?", "25", "cals_needed", 25),
        ("How many users can I have?", "twelve", "users_licensed", 12),
        ("8 CALs in per server mode, how many connections each?", "2", "connections_per_server", 4),
    ],
)
def test_a_bare_number_answers_the_clarifying_question(assistant, first, answer, figure, value):
    asked, answered = talk(assistant, first, answer)
    assert asked.kind == "clarify"
    assert answered.kind == "answer", answered.text
    assert answered.figure(figure) == value


def test_a_bare_number_without_a_question_is_not_a_fact(assistant):
    assert one(assistant, "25").figures == []


def test_needed_after_what_is_owned_is_the_shortfall(assistant):
    first, second = talk(
        assistant,
        "5 servers bought under a Select agreement, CALs included?",
        "so if 40 users need all five servers, how many CALs do we have to buy?",
    )
    assert first.figure("cals_included") == 0
    assert second.figure("cals_to_buy") == 40 and second.figure("cals_owned") == 0


def test_a_new_scenario_does_not_inherit_old_counts(assistant):
    first, second = talk(
        assistant,
        "60 staff sharing 15 PCs: user or device CALs?",
        "25 users, 4 servers, per user mode: CALs needed?",
    )
    assert first.figure("cals_needed") == 15
    assert second.figure("cals_needed") == 25
    assert second.figure("cals_to_buy") is None


def test_how_much_as_a_count_is_not_a_price(assistant):
    reply = one(assistant, "how much CALs do I need for 12 users?")
    assert reply.kind == "answer" and reply.figure("cals_needed") == 12


def test_the_disputed_claim_asked_directly(assistant):
    reply = one(assistant, "do 5 CALs mean 4 simultaneous users?")
    assert reply.headline.startswith("No") and "5 users" in reply.headline
    (dispute,) = reply.disputes
    assert {"a5.2", "a2.15"} <= {c for side in dispute.sides for c in side.clauses}


def test_why_explains_the_reply_it_follows_not_an_older_one(assistant):
    """F4 / "why?" after a "not covered" reply explained the answer before it, word for word."""
    answer, refused, why = talk(
        assistant, "6 OEM copies of Server 2008 Standard: how many CALs?", "How much does a CAL cost?", "why?"
    )
    assert refused.kind == "not_covered"
    assert why.headline.startswith("Why not: ")
    assert answer.headline not in why.text  # not the earlier answer again
    assert why.text != refused.text


def test_why_gives_reasons_rather_than_the_reply_again(assistant):
    first, why = talk(assistant, "2 servers x 5 CALs, how many users?", "why?")
    assert why.text != first.text
    assert "The rules it rests on" in why.text
    clarify, why_asked = talk(assistant, "How many CALs do I need?", "why?")
    assert clarify.kind == "clarify"
    assert why_asked.headline.startswith("Why I asked: ")
