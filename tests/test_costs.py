"""Cost sharing: keys computed by hand, pools add up, GP costs stay out of municipal budgets."""

import pytest

from sim.io.config import load_scenario
from sim.io.schema import Agreement
from sim.model.costs import account_costs, pooled_points, split_shares

POPULATION = {"lemgo": 41474.0, "kalletal": 13391.0}


def agreement(**changes):
    fields = {"name": "test", "members": ["lemgo", "kalletal"], "services": ["citizen_office"], "cost_key": "equal"}
    return Agreement.model_validate({**fields, **changes})


def test_keys_by_hand():
    assert split_shares(agreement(cost_key="equal"), POPULATION, {}) == {"lemgo": 0.5, "kalletal": 0.5}
    shares = split_shares(agreement(cost_key="population"), POPULATION, {})
    assert shares["lemgo"] == pytest.approx(41474 / 54865)
    shares = split_shares(agreement(cost_key="usage"), POPULATION, {"lemgo": 300.0, "kalletal": 100.0})
    assert shares == {"lemgo": 0.75, "kalletal": 0.25}
    fixed = agreement(cost_key="fixed", fixed_shares={"lemgo": 0.6, "kalletal": 0.4})
    assert split_shares(fixed, POPULATION, {}) == {"lemgo": 0.6, "kalletal": 0.4}


def test_usage_key_without_any_usage_falls_back_to_population():
    shares = split_shares(agreement(cost_key="usage"), POPULATION, {})
    assert shares["kalletal"] == pytest.approx(13391 / 54865)


def test_shared_scenario_splits_each_pooled_point_by_its_own_use(repo):
    scenario = load_scenario(repo / "scenarios/lemgo_kalletal/shared_citizen_office.yaml").config
    pooled = set(pooled_points(scenario, "ikz_buergerservice"))
    assert pooled == {"buergerbuero_lemgo", "buergerbuero_kalletal", "back_office_shared"}
    usage = {"buergerbuero_lemgo": {"lemgo": 900.0, "kalletal": 100.0}, "buergerbuero_kalletal": {"kalletal": 500.0}}
    report = account_costs(scenario, ("lemgo", "kalletal"), POPULATION, usage)
    lemgo_office, kalletal_office, back_office = 5 * 85000 + 40000, 2 * 85000 + 20000, 85000 + 10000
    pool = report.agreement_pool_eur["ikz_buergerservice"]
    assert pool == pytest.approx(lemgo_office + kalletal_office + back_office)
    # Lemgo's office by its use (90 % Lemgo), Kalletal's only by Kalletal, the unused back office by population.
    kalletal_pays = 0.1 * lemgo_office + kalletal_office + back_office * 13391 / 54865
    assert report.agreement_shares["ikz_buergerservice"]["kalletal"] == pytest.approx(kalletal_pays / pool)
    libraries = (2 * 70000 + 250000) + (60000 + 40000)
    assert report.paid_eur.sum() == pytest.approx(pool + libraries)
    assert report.paid_eur[1] == pytest.approx(kalletal_pays + 60000 + 40000)


def test_base_plus_usage_key_splits_a_base_equally_and_the_rest_by_use():
    key = agreement(cost_key="base_plus_usage", base_share=0.4)
    shares = split_shares(key, POPULATION, {"lemgo": 300.0, "kalletal": 100.0})
    assert shares == pytest.approx({"lemgo": 0.4 * 0.5 + 0.6 * 0.75, "kalletal": 0.4 * 0.5 + 0.6 * 0.25})
    assert sum(shares.values()) == pytest.approx(1.0)


def test_a_game_key_sets_each_members_total_and_the_pool_pays_the_rest(repo):
    scenario = load_scenario(repo / "scenarios/lemgo_kalletal/shared_citizen_office.yaml").config
    totals = {"lemgo": 800_000.0, "kalletal": 440_000.0}  # per year; they add up to the pooled scenario's 1,240,000
    game = scenario.agreements["ikz_buergerservice"].model_copy(
        update={"cost_key": "shapley", "game_costs_eur_per_year": totals}
    )
    scenario = scenario.model_copy(update={"agreements": {"ikz_buergerservice": game}})
    report = account_costs(scenario, ("lemgo", "kalletal"), POPULATION, {})
    years = scenario.simulation.days / 365
    assert report.paid_eur == pytest.approx([800_000 * years, 440_000 * years])


def test_usage_no_longer_makes_lemgo_pay_more_than_alone(repo):
    from sim import simulate, with_seed_and_days

    result = simulate(with_seed_and_days(load_scenario(repo / "scenarios/lemgo_kalletal/shared_citizen_office.yaml"),
                                         days=60))  # fmt: skip
    for figures in result.summary["by_municipality"].values():
        assert figures["cost_paid_eur"] < figures["cost_standalone_eur"]


def test_gp_costs_are_borne_by_health_insurance(repo):
    scenario = load_scenario(repo / "scenarios/lemgo_kalletal/digital_quick_wins.yaml").config
    report = account_costs(scenario, ("lemgo", "kalletal"), POPULATION, {})
    gp_points = [p for p, point in scenario.service_points.items() if point.services == ["gp"]]
    assert report.health_insurance_eur == pytest.approx(sum(report.point_cost_eur[p] for p in gp_points))
    # Region-wide app costs (no owner) are split by population.
    app_costs = 30000 + 12000
    assert report.before_sharing_eur[0] - (5 * 85000 + 40000 + 85000 + 2 * 70000 + 250000) == pytest.approx(
        app_costs * 41474 / 54865
    )
