"""Municipalities that decide: adaptive staffing and membership review, as rules and in a running model."""

import numpy as np
import pytest

from sim.io.config import load_scenario
from sim.mechanisms.municipal import (
    AdaptiveStaffing,
    MembershipReview,
    OfficeWindow,
    leaves_agreement,
    staffing_changes,
)
from sim.runner import simulate, with_seed_and_days

BASELINE = "scenarios/lemgo_kalletal/baseline.yaml"
RULE = AdaptiveStaffing(services=["citizen_office"], target_wait_minutes=6.0, tolerance_minutes=2.0, max_desks=4)


def office(desks: int, mean_wait: float, utilisation: float = 0.5, cost: float = 85_000.0) -> OfficeWindow:
    open_minutes = 10_000.0
    return OfficeWindow("office", desks, 100.0, 100.0 * mean_wait, utilisation * open_minutes, open_minutes, cost)


def test_long_waits_add_a_desk_within_budget_and_cap():
    assert staffing_changes(RULE, [office(2, 15.0)], None) == {"office": 3}
    assert staffing_changes(RULE, [office(2, 15.0)], 2 * 85_000.0) == {}  # no budget for a third desk
    assert staffing_changes(RULE, [office(4, 15.0)], None) == {}  # max_desks
    assert staffing_changes(RULE, [office(2, 7.9)], None) == {}  # within the tolerance band


def test_short_waits_remove_a_desk_only_if_the_others_can_cope():
    assert staffing_changes(RULE, [office(3, 1.0, utilisation=0.4)], None) == {"office": 2}
    assert staffing_changes(RULE, [office(3, 1.0, utilisation=0.6)], None) == {}  # 0.9 after removal > 0.75
    assert staffing_changes(RULE, [office(1, 1.0, utilisation=0.1)], None) == {}  # min_desks


def test_the_longest_wait_gets_the_last_affordable_desk():
    first, second = office(2, 30.0), office(2, 12.0)
    first = OfficeWindow("busy", *list(first.__dict__.values())[1:])
    second = OfficeWindow("quieter", *list(second.__dict__.values())[1:])
    assert staffing_changes(RULE, [second, first], 5 * 85_000.0) == {"busy": 3}


def test_a_member_leaves_only_when_its_share_exceeds_standing_alone():
    rule = MembershipReview(threshold_share=0.05)
    assert leaves_agreement(rule, share_paid_eur=110.0, standalone_eur=100.0)
    assert not leaves_agreement(rule, share_paid_eur=104.0, standalone_eur=100.0)
    assert not leaves_agreement(rule, share_paid_eur=500.0, standalone_eur=0.0)  # nothing of its own to fall back on


@pytest.fixture(scope="module")
def understaffed():
    overrides = {
        "service_points": {"buergerbuero_lemgo": {"desks": 1}},
        "municipal_behaviour": {
            "adaptive_staffing": {"services": ["citizen_office"], "target_wait_minutes": 6.0,
                                  "tolerance_minutes": 2.0, "review_days": 14, "max_desks": 8}
        },
    }  # fmt: skip
    return simulate(with_seed_and_days(load_scenario(BASELINE, overrides), days=182))


def test_staffing_converges_to_the_target(understaffed):
    lemgo = [e for e in understaffed.summary["municipal_decisions"] if e["service_point"] == "buergerbuero_lemgo"]
    assert [e["desks"] for e in lemgo[:4]] == [2, 3, 4, 5]  # one desk per review while waits run long
    assert understaffed.summary["desks_at_end"]["buergerbuero_lemgo"] >= 4
    # Settled: after the climb it only moves between the two desk counts around the target. With four
    # desks the Monday peak (Saturday's needs come on Monday) lifts the wait above the band, with five
    # it falls below: no whole number of desks sits inside it, so a review may step between them.
    assert {e["desks"] for e in lemgo[4:]} <= {4, 5}
    places = understaffed.daily_places
    late = places[(places.service_point == "buergerbuero_lemgo") & (places.day >= 98)]
    mean_wait = np.average(late.mean_wait_minutes.fillna(0.0), weights=late.served)
    assert mean_wait <= 6.0 + 2.0  # within the target band or below it
    early = places[(places.service_point == "buergerbuero_lemgo") & (places.day < 28)]
    assert np.average(early.mean_wait_minutes.fillna(0.0), weights=early.served) > 60.0
    assert all(understaffed.summary["invariants"].values())


def test_a_member_leaves_when_its_share_exceeds_its_stand_alone_cost():
    overrides = {
        "agreements": {"ikz": {"name": "test", "members": ["lemgo", "kalletal"], "services": ["citizen_office"],
                               "cost_key": "usage"}},
        "municipal_behaviour": {"membership_review": {"threshold_share": 0.0, "review_days": 30}},
    }  # fmt: skip
    result = simulate(with_seed_and_days(load_scenario(BASELINE, overrides), days=120))
    decisions = result.summary["municipal_decisions"]
    assert [(e["municipality"], e["decision"], e["day"]) for e in decisions] == [("lemgo", "leaves", 30)]
    assert decisions[0]["share_paid_eur"] > decisions[0]["standalone_eur"]
    assert all(result.summary["invariants"].values())
    # Kalletal, the last member, stays; once Lemgo has left, nobody may cross the border for the Bürgerbüro.
    staying = {"agreements": overrides["agreements"]}
    together = simulate(with_seed_and_days(load_scenario(BASELINE, staying), days=120))
    office = "citizen_office"
    assert result.summary["by_service"][office]["cross_border_share"] < (
        0.5 * together.summary["by_service"][office]["cross_border_share"]
    )
    assert (
        result.summary["agreements"]["ikz"]["shares"]["lemgo"]
        < together.summary["agreements"]["ikz"]["shares"]["lemgo"]
    )


def test_behaviour_is_off_unless_a_scenario_turns_it_on(baseline_year):
    assert "municipal_decisions" not in baseline_year
