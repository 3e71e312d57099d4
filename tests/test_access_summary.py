"""Accessibility and fairness in every summary: kernels equal their twins, measures keep their invariants."""

import math

import numpy as np
import pytest
import twins
from hypothesis import given, settings
from hypothesis import strategies as st
from test_choice import TABLE
from test_summary_kernels import requests

from kernels.fairness import CELL_FIELDS, cell_sums
from kernels.travel import place_minutes
from sim.io.config import load_scenario
from sim.model.facilities import build_facilities
from sim.model.geography import build_geography
from sim.runner import simulate, with_seed_and_days
from sim.summary.fairness import inequality_figures
from sim.summary.reach import build_reach

SCENARIOS = "scenarios/lemgo_kalletal"


def python_cell_sums(r: dict, citizen_cell: np.ndarray, cells: int) -> np.ndarray:
    table = np.zeros((cells, CELL_FIELDS))
    for i in range(len(r["citizen"])):
        row = table[citizen_cell[r["citizen"][i]]]
        if r["channel"][i] in (1, 2):
            minutes = 0.0 if math.isnan(r["travel_minutes"][i]) else r["travel_minutes"][i]
            row[0] += float(r["tries"][i])
            row[1] += minutes * float(r["tries"][i])
        if r["status"][i] == 1 and r["channel"][i] >= 0:
            row[2] += 1.0
            row[3] += int(r["served_day"][i]) - int(r["need_day"][i])
    return table


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 300), seed=st.integers(0, 10_000))
def test_cell_sums_equal_python_twin(size, seed):
    r = requests(size, seed)
    citizen_cell = np.random.default_rng(seed).integers(0, 7, 20)
    table = cell_sums(
        r["citizen"], r["channel"], r["status"], r["tries"], r["travel_minutes"], r["need_day"], r["served_day"],
        citizen_cell, 7,
    )  # fmt: skip
    assert np.array_equal(table, python_cell_sums(r, citizen_cell, 7))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_place_minutes_equal_python_twin(seed):
    rng = np.random.default_rng(seed)
    origins, targets = 4, 5
    lat, lon = 52.0 + rng.random(origins) * 0.2, 8.8 + rng.random(origins) * 0.2
    radius = rng.random(origins) * 2.0
    to_lat, to_lon = 52.0 + rng.random(targets) * 0.2, 8.8 + rng.random(targets) * 0.2
    to_district = rng.integers(0, origins, targets)
    transit = np.where(rng.random((origins, origins)) < 0.3, np.inf, rng.random((origins, origins)) * 60)
    minutes = place_minutes(lat, lon, radius, np.arange(origins), to_lat, to_lon, to_district, transit, TABLE)
    for mode in range(4):
        for origin in range(origins):
            for target in range(targets):
                centre = twins.local_km(lat[origin], lon[origin], to_lat[target], to_lon[target])
                crow = math.sqrt(centre**2 + radius[origin] ** 2 / 2)
                expected = twins.mode_minutes(mode, crow, transit[origin, to_district[target]], TABLE.tolist())
                assert minutes[mode, origin, target] == pytest.approx(expected, rel=1e-12)


def test_every_desk_hour_is_shared_out_among_residents(baseline_year: dict) -> None:
    # With every place in some catchment, residents x accessibility adds up to the supply (Luo and Wang 2003).
    districts = baseline_year["by_district"].values()
    for service, figures in baseline_year["accessibility"]["by_service"].items():
        shared = sum(d["population"] * d["accessibility"][service] for d in districts) / 1000
        assert shared == pytest.approx(figures["desk_hours_per_week"], rel=1e-4), service
    assert baseline_year["accessibility"]["by_service"]["citizen_office"]["desk_hours_per_week"] == pytest.approx(
        5 * 30 + 2 * 26  # Lemgo: 5 desks, 30 h a week; Kalletal: 2 desks, 26 h
    )


def test_fairness_figures_are_consistent(baseline_year: dict) -> None:
    fairness = baseline_year["fairness"]
    blocks = [fairness["travel_minutes"], fairness["days_to_done"], *fairness["accessibility"].values()]
    for block in blocks:
        for group in ("everyone", "age_65_plus", "without_car"):
            figures = block[group]
            assert 0.0 <= figures["gini"] < 1.0
            between, within = figures["theil_between_municipalities"], figures["theil_within_municipalities"]
            assert between + within == pytest.approx(figures["theil"], abs=2e-6)
    for shares in fairness["beyond_30_minutes_by_transit"].values():
        assert all(0.0 <= share <= 1.0 for share in shares.values())
    assert "75+" in fairness["groups_note"]
    # Residents without a car reach less of every service than the others.
    for figures in baseline_year["accessibility"]["by_service"].values():
        assert figures["without_car_mean"] < figures["with_car_mean"]
    kernstadt = baseline_year["by_district"]["kernstadt"]
    assert kernstadt["transit_minutes_nearest"]["citizen_office"] < 30
    assert kernstadt["days_to_done_mean"] >= 0


def test_inequality_figures_by_hand() -> None:
    # Two municipalities: a has 10 and 30 minutes (1 resident each), b has 20 (2 residents); a zero weight is absent.
    figures = inequality_figures(np.array([10.0, 30.0, 20.0, 99.0]), np.array([1.0, 1.0, 2.0, 0.0]),
                                 np.array([0, 0, 1, 1]))  # fmt: skip
    assert figures["mean"] == 20.0
    # Pairs |x_i - x_j| weighted: (10,30) 20, (10,20) 10 x 2, (30,20) 10 x 2 -> 60 over ordered pairs 2 x 60;
    # G = 120 / (2 x 4^2 x 20) = 0.1875.
    assert figures["gini"] == pytest.approx(0.1875)
    assert figures["theil_between_municipalities"] == pytest.approx(0.0)  # both municipalities have mean 20
    assert figures["theil_within_municipalities"] == pytest.approx(figures["theil"])
    assert inequality_figures(np.zeros(2), np.ones(2), np.zeros(2))["palma"] is None
    assert inequality_figures(np.ones(2), np.zeros(2), np.zeros(2))["gini"] == 0.0


def test_mutual_access_opens_the_other_office_and_evens_out_accessibility() -> None:
    shared_reach, alone_reach = (
        build_reach(scenario, geography, build_facilities(scenario.config, geography))
        for scenario in (load_scenario(f"{SCENARIOS}/{name}.yaml") for name in ("shared_citizen_office", "baseline"))
        for geography in (build_geography(scenario.region),)
    )
    lemgo_office = alone_reach.place_labels.index("buergerbuero_lemgo")
    talle = build_geography(load_scenario(f"{SCENARIOS}/baseline.yaml").region).district_index("talle")
    assert not alone_reach.usable[talle, lemgo_office, 0]  # a Kalletal village may not use Lemgo's office today
    assert shared_reach.usable[talle, shared_reach.place_labels.index("buergerbuero_lemgo"), 0]
    alone, shared = (
        simulate(with_seed_and_days(load_scenario(f"{SCENARIOS}/{name}.yaml"), days=8)).summary["fairness"]
        for name in ("baseline", "shared_citizen_office")
    )
    assert (
        shared["accessibility"]["citizen_office"]["everyone"]["gini"]
        < alone["accessibility"]["citizen_office"]["everyone"]["gini"]
    )
