"""Every shipped scenario runs briefly and keeps its invariants; the policies move the right figures."""

import pytest
from conftest import shipped_scenarios

from sim.analysis.compare import compare
from sim.io.config import load_scenario
from sim.runner import simulate, with_seed_and_days

SCENARIO_FILES = shipped_scenarios()


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_scenario_runs_briefly(path):
    result = simulate(with_seed_and_days(load_scenario(path), days=14))
    summary = result.summary
    assert summary["requests"]["total"] > 0
    assert all(summary["invariants"].values())
    assert len(result.daily) >= 14


@pytest.fixture(scope="module")
def five_scenarios(repo):
    names = ["baseline", "shared_citizen_office", "digital_quick_wins", "mobile_office", "combined"]
    scenarios = [load_scenario(repo / "scenarios/lemgo_kalletal" / f"{name}.yaml") for name in names]
    comparison = compare(scenarios, days=56)
    return dict(zip(names, (result.summary for result in comparison.results), strict=True))


def test_all_scenarios_see_the_same_needs(five_scenarios):
    totals = {summary["requests"]["total"] for summary in five_scenarios.values()}
    assert len(totals) == 1


def test_mutual_access_creates_cross_border_visits(five_scenarios):
    office = "citizen_office"
    base = five_scenarios["baseline"]["by_service"][office]["cross_border_share"]
    shared = five_scenarios["shared_citizen_office"]["by_service"][office]["cross_border_share"]
    assert base == 0.0  # without an agreement nobody may use the other municipality's Bürgerbüro
    assert shared > 0.0


def test_shared_back_office_saves_a_workplace(five_scenarios):
    saved = (
        five_scenarios["baseline"]["cost_eur"]["total"] - five_scenarios["shared_citizen_office"]["cost_eur"]["total"]
    )
    assert saved == pytest.approx((85000 - 10000) * 56 / 365, rel=1e-6)


def test_digital_quick_wins_move_requests_online(five_scenarios):
    assert five_scenarios["digital_quick_wins"]["requests"]["online"] > five_scenarios["baseline"]["requests"]["online"]
    assert five_scenarios["digital_quick_wins"]["trips"] < five_scenarios["baseline"]["trips"]


def test_mobile_office_takes_requests_in_kalletal_only(five_scenarios):
    mobile = five_scenarios["mobile_office"]["by_municipality"]
    assert mobile["kalletal"]["requests"]["mobile"] > 0
    assert mobile["lemgo"]["requests"]["mobile"] == 0
    assert five_scenarios["combined"]["requests"]["mobile"] > 0
