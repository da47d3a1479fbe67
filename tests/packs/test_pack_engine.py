"""The declarative engine over the example packs: facts read from phrasing, the question chosen,
clarifying questions and their answers, follow-ups, derived facts, verdicts, subjects the notes do
not cover, and citations that quote the notes verbatim."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.models.reply import ReplyKind, Verdict
from assistant.models.rules import Clarify, Derivation
from assistant.packs import engine
from assistant.packs.examples import run_examples
from assistant.packs.pack import Pack
from assistant.packs.phrases import read_tokens


@pytest.fixture(scope="module")
def rds_pack(rds: Assistant) -> Pack:
    pack = rds.packs.by_id("rds-cals")
    assert pack is not None
    return pack


@pytest.fixture(scope="module")
def cores_pack(cores: Assistant) -> Pack:
    pack = cores.packs.by_id("windows-server-cores")
    assert pack is not None
    return pack


def chat(assistant: Assistant, *turns: str):  # type: ignore[no-untyped-def]
    """The reply to the last of the turns, asked in one fresh conversation."""
    conversation = assistant.conversation()
    for turn in turns:
        reply = conversation.ask(turn)
    return reply


def figures(reply) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {f.name: f.value for f in reply.figures}


# --- reading facts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("forty-five agents over three shifts share fifteen PCs", {"users": 45, "devices": 15}),
        ("45 agents share 15 PCs", {"users": 45, "devices": 15}),
        ("a dozen nurses", {"users": 12}),
        ("27 remote users", {"users": 27}),
        ("3 admins", {"admins": 3}),
        # packs add up; "a 20-pack" is not 1 pack of 20 plus one more
        ("We have a 20-pack and a 5-pack of RDS CALs and 27 users", {"rds_cals_bought": 25, "users": 27}),
        # releases are bounded to 2000..2100 and read whole ("2012 R2" is 2012, never 2)
        ("2016 RDS CALs on a 2019 session host", {"cal_version": 2016, "host_version": 2019}),
        ("Windows Server 2012 R2 session host", {"host_version": 2012}),
        ("per device please", {"mode": "per device"}),
        ("per user or per device", {}),  # both named: no choice made
    ],
)
def test_rds_facts_from_phrasing(rds_pack: Pack, text: str, facts: dict[str, object]) -> None:
    assert engine.read(rds_pack, text).facts == facts


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Dual 12-core Xeons", {"processors": 2, "cores_per_processor": 12}),
        ("A server with two 6-core processors", {"processors": 2, "cores_per_processor": 6}),
        # 16 cores over 2 CPUs: 8 each, derived; threads are their own fact, not cores
        (
            "2 CPUs with 16 cores and 32 threads",
            {"processors": 2, "cores_total": 16, "threads": 32, "cores_per_processor": 8},
        ),
        ("One CPU, 20 cores", {"processors": 1, "cores_total": 20, "cores_per_processor": 20}),
        ("three 16-core packs", {"cores_owned": 48}),
        ("Datacenter, 4 VMs", {"vms": 4, "edition": "Datacenter"}),
    ],
)
def test_core_facts_from_phrasing(cores_pack: Pack, text: str, facts: dict[str, object]) -> None:
    assert engine.read(cores_pack, text).facts == facts


def test_last_fact_and_bare_numbers(rds_pack: Pack) -> None:
    reading = engine.read(rds_pack, "45 agents share 15 PCs")
    assert reading.last_fact == "devices"
    assert engine.read(rds_pack, "25").bare == 25
    assert engine.read(rds_pack, "make it 15").bare == 15
    assert engine.read(rds_pack, "actually 12 then").bare == 12
    assert engine.read(rds_pack, "25 users").bare is None  # a fact, not a bare number
    assert engine.read(rds_pack, "between 5 and 6").bare is None


# --- which question ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "question", "shown"),
    [
        ("How many RDS CALs do 20 users need?", "rds-cals-needed", {"rds_cals_needed": 20}),
        (
            "45 agents share 15 PCs: per user or per device, which needs fewer RDS CALs?",
            "rds-user-vs-device",
            {"user_rds_cals_needed": 45, "device_rds_cals_needed": 15, "rds_cals_needed": 15},
        ),
        ("How long is the RDS grace period?", "rds-grace-period", {"grace_period_days": 120}),
        ("Where do I set the RDS licensing mode?", "rds-mode-where", {}),
        (
            "We have a 20-pack and a 5-pack of RDS CALs and 27 users. Enough?",
            "rds-enough",
            {"rds_cals_owned": 25, "rds_cals_needed": 27, "rds_cals_to_buy": 2},
        ),
        (
            "18 users: how many RDS CALs and Windows CALs?",
            "rds-and-windows-cals",
            {"rds_cals_needed": 18, "cals_needed": 18},
        ),
    ],
)
def test_the_question_chosen(rds_pack: Pack, text: str, question: str, shown: dict[str, int]) -> None:
    state = engine.PackState()
    outcome = engine.answer(rds_pack, state, engine.read(rds_pack, text))
    assert isinstance(outcome, Derivation), outcome
    assert state.question == question
    assert {f.name: f.value for f in outcome.figures} == shown


def test_a_turn_for_no_question_gets_none(rds_pack: Pack) -> None:
    assert engine.answer(rds_pack, engine.PackState(), engine.read(rds_pack, "hello there")) is None


def test_derive_alone(rds_pack: Pack) -> None:
    enough = next(q for q in rds_pack.data.questions if q.id == "rds-enough")
    outcome = engine.derive(rds_pack, enough, {"users": 27, "rds_cals_bought": 25}, yes_no=True)
    assert isinstance(outcome, Derivation)
    assert outcome.verdict is Verdict.no
    assert {f.name: f.value for f in outcome.figures}["rds_cals_to_buy"] == 2
    assert engine.derive(rds_pack, enough, {"rds_cals_bought": 25}, yes_no=True) == "users_or_devices"


# --- clarifying, bare answers, follow-ups -----------------------------------------------------


def test_missing_fact_is_asked_for_and_a_bare_number_answers(rds: Assistant, rds_pack: Pack) -> None:
    state = engine.PackState()
    asked = engine.answer(rds_pack, state, engine.read(rds_pack, "How many RDS CALs do I need?"))
    assert isinstance(asked, Clarify)
    assert asked.field == "users_or_devices"
    assert asked.question == rds_pack.data.asks["users_or_devices"].question
    answered = engine.answer(rds_pack, state, engine.read(rds_pack, "25"))
    assert isinstance(answered, Derivation)
    assert [(f.name, f.value) for f in answered.figures] == [("rds_cals_needed", 25)]
    assert state.facts == {"users": 25}  # the ask fills `users`

    reply = chat(rds, "How many RDS CALs do I need?")
    assert (reply.kind, reply.asks) == (ReplyKind.clarify, "users_or_devices")
    assert chat(rds, "How many RDS CALs do I need?", "25").figure("rds_cals_needed") == 25


def test_the_fact_a_case_asks_for(rds: Assistant) -> None:
    reply = chat(rds, "How many RDS CALs per device for 30 users?")
    assert (reply.kind, reply.asks) == (ReplyKind.clarify, "devices")
    assert chat(rds, "How many RDS CALs per device for 30 users?", "12").figure("rds_cals_needed") == 12


def test_not_a_number_after_a_clarifying_question_asks_again(rds: Assistant) -> None:
    reply = chat(rds, "How many RDS CALs do I need?", "no idea")
    assert (reply.kind, reply.asks) == (ReplyKind.clarify, "users_or_devices")
    assert reply.figures == []


def test_make_it_changes_the_last_count(rds: Assistant) -> None:
    assert chat(rds, "How many RDS CALs for 20 users?", "make it 15").figure("rds_cals_needed") == 15
    assert chat(rds, "How many RDS CALs do I need?", "25", "make it 15").figure("rds_cals_needed") == 15
    # devices were said last: "make it 50" is 50 devices, and per user (45) now needs fewer
    reply = chat(rds, "45 agents share 15 PCs: per user or per device, which needs fewer RDS CALs?", "make it 50")
    assert figures(reply) == {"user_rds_cals_needed": 45, "device_rds_cals_needed": 50, "rds_cals_needed": 45}


def test_a_new_question_with_other_numbers_is_a_new_scenario(rds: Assistant) -> None:
    first = "45 agents share 15 PCs: how many RDS CALs?"
    assert chat(rds, first).figure("rds_cals_needed") == 15
    # the 15 PCs of the first scenario are forgotten: 30 users need 30
    assert chat(rds, first, "We have 30 users: how many RDS CALs do we need?").figure("rds_cals_needed") == 30
    assert chat(rds, first, "30 users need RDS: how many RDS CALs?").figure("rds_cals_needed") == 30


def test_a_new_how_many_question_is_a_new_scenario(rds: Assistant) -> None:
    reply = chat(rds, "45 agents share 15 PCs: how many RDS CALs?", "How many RDS CALs do 30 users need?")
    assert reply.figure("rds_cals_needed") == 30


def test_a_derived_fact_carries_into_a_follow_up(cores: Assistant) -> None:
    first = "One CPU, 20 cores: how many core licences?"
    assert chat(cores, first).figure("core_licences_needed") == 20
    reply = chat(cores, first, "and if we add a second identical CPU?")
    assert figures(reply) == {"core_licences_needed": 40, "two_core_packs": 20}


def test_minimums_apply(cores: Assistant) -> None:
    assert (
        chat(cores, "A server with two 6-core processors: how many core licences?").figure("core_licences_needed") == 16
    )
    assert chat(cores, "Dual 12-core Xeons - how many 2-core packs?").figure("two_core_packs") == 12
    reply = chat(cores, "how many core licences for my server?", "2 processors with 8 cores each")
    assert reply.figure("core_licences_needed") == 16


# --- yes / no ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assistant", "text", "verdict"),
    [
        ("rds", "We have 2016 RDS CALs and a 2019 session host. Are we covered?", Verdict.no),
        ("rds", "We have 2019 RDS CALs and a 2016 session host. Are we covered?", Verdict.yes),
        ("rds", "2016 RDS CALs on a 2019 session host - ok?", Verdict.no),
        ("rds", "Do 20 users need RDS CALs?", Verdict.yes),
        ("rds", "Can 3 admins connect without RDS CALs?", Verdict.no),
        ("rds", "Can 2 admins connect without RDS CALs?", Verdict.yes),
        ("rds", "Can I skip buying RDS CALs with the grace period?", Verdict.no),
        ("rds", "How many RDS CALs do 20 users need?", None),
        ("rds", "How long is the RDS grace period?", None),
        ("cores", "2 CPUs with 16 cores each. Do I license 32 cores?", Verdict.yes),
        ("cores", "2 CPUs with 16 cores and 32 threads. Do I license 32 cores?", Verdict.no),
        ("cores", "Dual 12-core Xeons - how many 2-core packs?", None),
    ],
)
def test_verdicts(request: pytest.FixtureRequest, assistant: str, text: str, verdict: Verdict | None) -> None:
    reply = chat(request.getfixturevalue(assistant), text)
    assert reply.kind is ReplyKind.answer
    assert reply.verdict is verdict
    if verdict is not None:
        assert reply.headline.startswith(f"{verdict.value.capitalize()}: ")


def test_yes_no_detection(rds_pack: Pack) -> None:
    assert engine.read(rds_pack, "Are we covered?").yes_no
    assert engine.read(rds_pack, "Do 20 users need RDS CALs?").yes_no
    assert engine.read(rds_pack, "so is that enough?").yes_no
    assert not engine.read(rds_pack, "How many RDS CALs do 20 users need?").yes_no
    assert not engine.read(rds_pack, "We have 20 users. How many RDS CALs?").yes_no


def test_a_statement_starting_with_have_is_not_yes_no(rds: Assistant) -> None:
    assert chat(rds, "Have 20 users, how many RDS CALs do I need?").verdict is None


def test_a_verdict_keeps_the_headline_capitals(rds: Assistant) -> None:
    reply = chat(rds, "We have 2016 RDS CALs and a 2019 session host. Are we covered?")
    assert reply.headline.startswith("No: RDS CALs for Windows Server 2016")


# --- subjects the notes do not cover ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("How much do RDS CALs cost?", "prices of RDS CALs"),
        ("We use Citrix XenApp", "Citrix licensing"),
        ("What about Azure Virtual Desktop?", "Azure Virtual Desktop"),
        ("how many per core licences does the session host need", "Windows Server core licences"),
        ("Dual 8-core processors on the session host", "Windows Server core licences"),
        ("Forget the price: how many RDS CALs for 5 users?", None),  # set aside, not asked about
        ("How many RDS CALs for 5 users?", None),
    ],
)
def test_not_covered_in(rds_pack: Pack, text: str, entry: str | None) -> None:
    found = rds_pack.not_covered_in(read_tokens(text, rds_pack.data.numbers), text)
    if entry is None:
        assert found is None
        return
    assert found is not None
    named, clause = found
    assert named.name == entry
    assert rds_pack.data.quotes[named.quote] in clause.text  # the sentence saying so


def test_a_question_not_covered_gets_the_notes_sentence(rds: Assistant, rds_pack: Pack) -> None:
    reply = chat(rds, "How much do RDS CALs cost?")
    assert reply.kind is ReplyKind.not_covered
    assert reply.figures == []
    assert reply.citations[0].clause == rds_pack.clause_of("no-prices")


# --- citations --------------------------------------------------------------------------------

QUESTIONS = {
    "rds": [
        "How many RDS CALs do 20 users need?",
        "45 agents share 15 PCs: per user or per device, which needs fewer RDS CALs?",
        "We have a 20-pack and a 5-pack of RDS CALs and 27 users. Enough?",
        "We have 2016 RDS CALs and a 2019 session host. Are we covered?",
        "Can 3 admins connect without RDS CALs?",
        "How long is the RDS grace period?",
        "18 users: how many RDS CALs and Windows CALs?",
        "What is a per device RDS CAL?",
    ],
    "cores": [
        "Dual 12-core Xeons - how many 2-core packs?",
        "Standard, 2 x 8 core, 5 VMs: how many core licences?",
        "2 CPUs with 16 cores and 32 threads. Do I license 32 cores?",
        "Do core licences include CALs?",
    ],
}


@pytest.mark.parametrize(("which", "text"), [(k, t) for k, ts in QUESTIONS.items() for t in ts])
def test_every_citation_quotes_its_clause(request: pytest.FixtureRequest, which: str, text: str) -> None:
    assistant: Assistant = request.getfixturevalue(which)
    (pack,) = assistant.packs.loaded
    clauses = assistant.corpus.clause_by_id
    state = engine.PackState()
    outcome = engine.answer(pack, state, engine.read(pack, text))
    assert isinstance(outcome, Derivation), outcome
    assert outcome.sources, "an answer rests on the notes"
    cited = set()
    for source in outcome.sources:
        assert source.clause in clauses
        assert source.quote in clauses[source.clause].text, (source.clause, source.quote)
        assert source.quote == pack.data.quotes[source.key]
        cited.add(source.clause)
    referenced = [c for s in outcome.steps for c in s.clauses] + [c for a in outcome.assumptions for c in a.clauses]
    assert all(step.clauses for step in outcome.steps), "every step names the clauses it rests on"
    for clause in referenced:
        assert clause in clauses
        assert clause in cited, f"{clause} is referenced but not among the sources"
    reply = chat(assistant, text)
    assert reply.citations and {c.clause for c in reply.citations} >= cited


@pytest.mark.parametrize("which", ["rds", "cores"])
def test_the_packs_worked_examples_hold(request: pytest.FixtureRequest, which: str) -> None:
    assistant: Assistant = request.getfixturevalue(which)
    (pack,) = assistant.packs.loaded
    assert pack.data.examples
    assert run_examples(assistant, pack) == []
