"""Opening hours move cost as well as wait; Saturday needs exist; the warm-up counts in no key figure."""

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from sim.io.config import load_scenario
from sim.model.costs import desk_cost_eur_per_year
from sim.model.region import Region
from sim.runner import simulate, with_seed_and_days
from sim.summary.key_figures import build_summary

SATURDAY = {"service_points": {"buergerbuero_kalletal": {"opening_hours": {"sat": ["10:00-13:00"]}}}}
DAYS = 56


@pytest.fixture(scope="module")
def baseline(repo):
    return with_seed_and_days(load_scenario(repo / "scenarios/lemgo_kalletal/baseline.yaml"), days=DAYS)


@pytest.fixture(scope="module")
def with_saturday(repo):
    scenario = load_scenario(repo / "scenarios/lemgo_kalletal/baseline.yaml", SATURDAY)
    return with_seed_and_days(scenario, days=DAYS)


def test_desk_cost_follows_the_opening_hours_by_the_documented_rule(baseline, with_saturday):
    # Kalletal's office is quoted for its own 26 hours; three Saturday hours add 0.7 x 3 / 26 of a desk-year.
    assert desk_cost_eur_per_year(baseline.config, "buergerbuero_kalletal") == pytest.approx(85000.0)
    extra = desk_cost_eur_per_year(with_saturday.config, "buergerbuero_kalletal") - 85000.0
    assert extra == pytest.approx(85000.0 * 0.7 * 3 / 26)
    # A point without a quote uses desk_costs.quoted_hours_per_week (30 h): 26 h cost 0.3 + 0.7 x 26 / 30.
    point = with_saturday.config.service_points["buergerbuero_kalletal"]
    unquoted = point.model_copy(update={"cost_quoted_hours_per_week": None})
    assert baseline.config.desk_costs.factor(unquoted) == pytest.approx(0.3 + 0.7 * 29 / 30)


def test_saturday_hours_change_both_wait_and_cost(baseline, with_saturday):
    before, after = simulate(baseline).summary, simulate(with_saturday).summary
    kalletal_before, kalletal_after = before["by_municipality"]["kalletal"], after["by_municipality"]["kalletal"]
    yearly_extra = 2 * 85000.0 * 0.7 * 3 / 26
    assert kalletal_after["cost_paid_eur_per_year"] - kalletal_before["cost_paid_eur_per_year"] == pytest.approx(
        yearly_extra, abs=1.0
    )
    # Saturday needs no longer wait for Monday: Kalletal's Bürgerbüro requests are done sooner.
    office_before = before["by_service"]["citizen_office"]["days_to_done"]["mean"]
    office_after = after["by_service"]["citizen_office"]["days_to_done"]["mean"]
    assert office_after < office_before
    saturdays = [day for day in range(DAYS) if day % 7 == 5]  # the horizon starts on a Monday
    daily = simulate(with_saturday).daily_places
    office = daily[daily["service_point"] == "buergerbuero_kalletal"]
    assert office[office["day"].isin(saturdays)]["served"].sum() > 0


def test_the_warm_up_is_left_out_of_request_figures_but_not_out_of_costs(baseline):
    assert baseline.config.simulation.warmup_days == 7
    model = Region(baseline)
    model.run()
    outcome = model.outcome()
    summary, _ = build_summary(outcome)
    book = outcome.book
    measured = book.need_day >= 7
    assert summary["warmup_days"] == 7
    assert summary["requests"]["total"] == int(measured.sum()) < book.citizen.shape[0]
    # Each point's visits count the measured requests only: the totals after the warm-up.
    visits = sum(point["visits"] for point in summary["service_points"].values())
    assert visits < int(model.shared.place_totals[:, 0].sum())
    # Costs still cover every day: the same as without a warm-up.
    no_warmup = baseline.config.model_copy(
        update={"simulation": baseline.config.simulation.model_copy(update={"warmup_days": 0})}
    )
    plain = simulate(dataclasses.replace(baseline, config=no_warmup)).summary
    assert plain["warmup_days"] == 0 and plain["cost_eur"] == summary["cost_eur"]
    assert plain["requests"]["total"] == book.citizen.shape[0]
    # The first days' spikes raise the mean wait when counted.
    assert plain["wait_minutes"]["mean"] > summary["wait_minutes"]["mean"]
    assert np.isfinite(summary["per_year"]["co2_kg"])


def test_a_horizon_within_the_warm_up_turns_it_off(baseline):
    short = with_seed_and_days(baseline, days=5)
    assert short.config.simulation.warmup_days == 0
    assert simulate(short).summary["warmup_days"] == 0


def test_a_file_whose_warm_up_is_not_shorter_than_its_horizon_exits_2(tmp_path, repo):
    scenario = tmp_path / "long_warmup.yaml"
    scenario.write_text(
        f"extends: {repo / 'scenarios/lemgo_kalletal/baseline.yaml'}\nsimulation: {{days: 7, warmup_days: 7}}\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-m", "sim", "validate", str(scenario)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "simulation.warmup_days" in done.stderr or "simulation" in done.stderr
    assert "must be shorter than days" in done.stderr and "Traceback" not in done.stderr
