"""Each rule: its values, and that everything it cites is really in the corpus."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.models.understanding import CalType, Channel, Edition
from assistant.packs.engines import ENGINES
from assistant.rules import cals, modes, policies
from assistant.rules.finding import Finding
from assistant.rules.registry import ENGINE, RULES, using


@pytest.fixture(scope="module")
def bundled() -> Assistant:
    return Assistant.load()


@pytest.fixture(scope="module")
def corpus(bundled):
    return bundled.corpus


@pytest.fixture(autouse=True)
def _thread_pack(bundled):
    """The engine's rules read their quotes and parameters from the bundled thread's pack."""
    with using(bundled.packs.with_engine(ENGINE)):
        yield


def all_rules():
    return list(RULES.values())


def cited(finding: Finding) -> set[str]:
    ids = {c for s in finding.steps for c in s.clauses}
    ids |= {c for a in finding.assumptions for c in a.clauses}
    ids |= {c for d in finding.disputes for side in d.sides for c in side.clauses}
    return ids


def test_every_rule_quote_is_verbatim_in_its_clause(corpus):
    rules = all_rules()
    assert len(rules) >= 10
    for r in rules:
        assert r.sources, f"rule {r.id} cites nothing"
        for source in r.sources:
            clause = corpus.clause_by_id.get(source.clause)
            assert clause is not None, f"rule {r.id} cites unknown clause {source.clause}"
            assert source.quote in clause.text, f"rule {r.id}: quote not in {source.clause}: {source.quote!r}"


def test_the_engine_names_exactly_the_rules_its_spec_lists(bundled):
    """Every rule handle the engine's Python takes is one its spec requires of a pack, and the
    bundled pack declares them all."""
    assert set(RULES) == set(ENGINES[ENGINE].rules)
    assert set(RULES) <= set(bundled.packs.with_engine(ENGINE).rules)


def test_a_step_may_only_cite_what_its_rule_declares():
    with pytest.raises(KeyError):
        cals.INCLUDED.step("made up", "reserve-one-for-admin")  # Wayne's a5.2: not a rule of included CALs


@pytest.mark.parametrize(
    ("channel", "edition", "expected", "clause"),
    [
        (Channel.oem, Edition.standard, 5, "a2.c3.2"),
        (Channel.oem, Edition.enterprise, 25, "a2.c3.2"),
        (Channel.fpp, Edition.standard, 5, "a2.c3.2"),
        (Channel.fpp, Edition.enterprise, 25, "a2.c3.2"),
        (Channel.volume, Edition.standard, 0, "a2.c3.1"),
        (Channel.volume, Edition.enterprise, 0, "a3.1"),
        (Channel.volume, None, 0, "a2.c3.1"),
        (None, None, 5, "a2.c3.2"),
        (None, Edition.enterprise, 25, "a2.c3.2"),
    ],
)
def test_cals_per_copy_by_channel_and_edition(channel, edition, expected, clause):
    finding = cals.cals_per_copy(channel, edition, None, copies=3)
    assert finding.value == expected
    assert clause in cited(finding)


def test_unknown_channel_and_edition_are_assumptions_with_alternatives():
    finding = cals.cals_per_copy(None, None, None, copies=4)
    texts = " ".join(a.if_wrong for a in finding.assumptions)
    assert "0 instead of 20" in texts  # volume licensing
    assert "100 in all" in texts  # Enterprise: 4 × 25


def test_retail_box_may_differ():
    finding = cals.cals_per_copy(Channel.fpp, Edition.standard, None, copies=1)
    assert any("5, 10 or 25" in a.if_wrong for a in finding.assumptions)
    assert "a3.1" in cited(finding)


def test_stated_per_copy_wins_but_never_for_volume_licensing():
    assert cals.cals_per_copy(Channel.oem, None, 10, copies=2).value == 10
    # The notes are plain that volume-licensed copies come with no CALs: a stated count is flagged, not used.
    flagged = cals.cals_per_copy(Channel.volume, None, 5, copies=2)
    assert flagged.value == 0
    assert "include none" in flagged.steps[0].text


def test_pooling_adds_copies_and_separate_packs():
    per = cals.cals_per_copy(Channel.oem, Edition.standard, None, copies=2)
    total = cals.pooled(2, per)
    assert total.value == 10
    assert {"a2.4", "a4.4"} <= cited(total)
    assert cals.pooled(2, per, separate=10).value == 20


def test_shortfall_and_spare():
    owned = cals.stated_total(10)
    assert cals.to_buy(Finding(12), owned).value == 2
    spare = cals.to_buy(Finding(7), owned)
    assert spare.value == 0
    assert "3 spare" in spare.steps[-1].text


def test_per_user_device_covers_every_server():
    finding = modes.covered_by(10, 2, CalType.user)
    assert finding.value == 10
    assert "both servers" in finding.steps[0].text
    assert {"a1.4", "a2.11", "a4.3"} <= cited(finding)
    assert "device" in modes.covered_by(3, None, CalType.device).steps[0].text


def test_needed_per_user_device_ignores_server_count():
    assert modes.needed_per_user_device(25, "user", 4).value == 25
    assert modes.needed_per_user_device(25, "user", 1).value == 25


def test_per_server_connections_and_needs():
    assert modes.connections_each([4, 4], "8 CALs over 2 servers").value == 4
    uneven = modes.connections_each([5, 4], "9 CALs over 2 servers")
    assert uneven.value == 4
    assert "5 + 4" in uneven.steps[0].text
    assert modes.needed_per_server(3, 10).value == 30
    assert "a2.14" in cited(modes.needed_per_server(3, 10))


@pytest.mark.parametrize(("users", "devices", "fewer"), [(60, 15, 15), (5, 40, 5), (10, 10, 10)])
def test_user_or_device_whichever_is_fewer(users, devices, fewer):
    finding = modes.fewer_by_type(users, devices)
    assert finding.value == fewer
    assert {"a1.4", "a2.10"} <= cited(finding)


def test_administrators_and_the_dispute_show_both_sides():
    finding = policies.administrators(None)
    assert finding.value == 2
    (dispute,) = finding.disputes
    sides = [set(side.clauses) for side in dispute.sides]
    assert any("a5.2" in s for s in sides)
    assert any({"a2.15", "a5.c3.1"} <= s for s in sides)
    assert policies.administrators(5).value == 2
    assert policies.administrators(1).value == 1


def test_reassignment_cites_permanent_and_temporary():
    finding = policies.reassignment()
    text = " ".join(s.text for s in finding.steps)
    assert "Permanently" in text and "loaner" in text and "temporary worker" in text
    assert "a1.6" in cited(finding)


def test_mode_choice_is_permanent():
    quotes = [s.quote for s in modes.MODE_PERMANENT.sources]
    assert "If you choose this licensing mode, your choice is permanent." in quotes
