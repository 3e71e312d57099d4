"""The Region model end to end: real data, plausible volumes, invariants, determinism and CRN."""

import json

import numpy as np
import yaml

from sim.analysis.compare import compare
from sim.cli import main
from sim.io.config import load_scenario
from sim.model.geography import build_geography
from sim.model.population import synthesize_citizens
from sim.model.region import Region
from sim.model.requests import CHANNEL_IN_PERSON, STATUS_SERVED

BASELINE = "scenarios/lemgo_kalletal/baseline.yaml"


def test_population_matches_region_file(baseline_year, repo):
    region = yaml.safe_load((repo / "scenarios/regions/lemgo_kalletal.yaml").read_text())
    district_total = sum(d["population"] for m in region["municipalities"].values() for d in m["districts"].values())
    assert abs(baseline_year["population"] - district_total) <= 0.01 * district_total


def test_conservation_invariants_hold(baseline_year):
    requests, outcomes = baseline_year["requests"], baseline_year["outcomes"]
    assert requests["total"] == requests["online"] + requests["in_person"] + requests["mobile"]
    assert requests["total"] == outcomes["served"] + outcomes["unserved"]
    assert all(baseline_year["invariants"].values())
    for figures in baseline_year["by_municipality"].values():
        assert figures["requests"]["total"] == figures["outcomes"]["served"] + figures["outcomes"]["unserved"]


def test_citizen_office_volume_is_plausible(baseline_year):
    per_inhabitant = baseline_year["by_service"]["citizen_office"]["requests"]["total"] / baseline_year["population"]
    assert 0.4 <= per_inhabitant <= 1.0  # facts: 0.6 in-person visits per inhabitant and year, range 0.4-1.0
    gp = baseline_year["by_service"]["gp"]["requests"]["total"] / baseline_year["population"]
    assert 4.5 <= gp <= 8.0  # facts: 6.4 GP contacts per capita and year (Barmer)
    library = baseline_year["by_service"]["library"]["requests"]["total"] / baseline_year["population"]
    assert 1.0 <= library <= 1.6  # facts: 1.3 visits per inhabitant in Lemgo


def test_modal_split_is_car_dominated_as_in_rural_nrw(baseline_year):
    by_mode = baseline_year["trips_by_mode"]
    assert sum(by_mode.values()) == baseline_year["trips"]
    car_share = by_mode["car"] / baseline_year["trips"]
    assert 0.6 <= car_share <= 0.8  # facts: up to 70 % of rural trips by car (MiD 2017)
    assert by_mode["walk"] > 0 and by_mode["bike"] > 0 and by_mode["transit"] > 0
    car_km_per_trip = baseline_year["car_km"] / by_mode["car"]
    assert 2.0 < car_km_per_trip < 30.0
    assert 0.0 < baseline_year["cross_border_share"] < 0.5


def test_same_seed_same_bytes_other_seed_other_figures(tmp_path):
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        assert main(["run", BASELINE, "--days", "30", "--seed", seed, "--out", str(tmp_path / name)]) == 0
    first = (tmp_path / "a" / "summary.json").read_bytes()
    assert first == (tmp_path / "b" / "summary.json").read_bytes()
    other = json.loads((tmp_path / "c" / "summary.json").read_text())
    assert other["requests"]["total"] != json.loads(first)["requests"]["total"]
    assert json.loads(first)["seed"] == 7 and other["seed"] == 8


def test_run_leaves_numpy_global_random_state_untouched():
    before = np.random.get_state()  # noqa: NPY002 - reading the legacy global state is the point
    scenario = load_scenario(BASELINE)
    from sim.runner import simulate, with_seed_and_days

    simulate(with_seed_and_days(scenario, days=5))
    after = np.random.get_state()  # noqa: NPY002
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


def test_common_random_numbers_when_only_desks_differ(tmp_path):
    base = load_scenario(BASELINE)
    more_desks_file = tmp_path / "more_desks.yaml"
    more_desks_file.write_text(
        f"extends: {(load_scenario(BASELINE).path.resolve())}\n"
        "name: one more desk in Kalletal\n"
        "service_points:\n  buergerbuero_kalletal:\n    desks: 3\n"
    )
    more = load_scenario(more_desks_file)
    comparison = compare([base, more], days=40)
    first, second = (result.summary for result in comparison.results)
    assert first["requests"]["total"] == second["requests"]["total"]
    assert first["requests"] == second["requests"]  # same needs, same channels: only queues differ
    kalletal_office = "buergerbuero_kalletal"
    assert (
        second["service_points"][kalletal_office]["mean_wait_minutes"]
        < first["service_points"][kalletal_office]["mean_wait_minutes"]
    )


def test_citizens_are_placed_near_their_district(repo):
    scenario = load_scenario(BASELINE)
    geography = build_geography(scenario.region)
    citizens = synthesize_citizens(scenario.region, geography, seed=1)
    assert citizens.count == int(geography.district_population.sum())
    lat_offset_km = np.abs(citizens.lat - geography.district_lat[citizens.district]) * 111.195
    assert (lat_offset_km <= geography.district_radius_km[citizens.district] * 1.0001).all()
    shares = (
        np.bincount(citizens.age_group[citizens.municipality == 1], minlength=3) / (citizens.municipality == 1).sum()
    )
    kalletal = scenario.region.municipalities["kalletal"].age_shares.as_tuple()
    assert np.allclose(shares, kalletal, atol=0.015)
    car_share = citizens.has_car[citizens.age_group == 1].mean()
    assert abs(car_share - 0.9) < 0.01


def test_transit_pairs_add_frequencies_and_transfers_cost_a_wait():
    scenario = load_scenario(BASELINE)
    geography = build_geography(scenario.region)
    kern, hohen = geography.district_index("kernstadt"), geography.district_index("hohenhausen")
    langen = geography.district_index("langenholzhausen")
    kern_to_hohen = geography.transit_minutes[kern, hohen]
    # S33 and 733 hourly each: 30-minute combined headway, so 15 minutes of expected wait plus the ride.
    assert 15.0 < kern_to_hohen < 15.0 + 30.0
    assert np.isinf(geography.transit_minutes[kern, kern])
    assert np.isfinite(geography.transit_minutes[langen, kern])
    voss = geography.district_index("vossheide")
    assert np.isinf(geography.transit_minutes[voss]).all()  # Voßheide has no line in the region file


def test_learning_moves_expected_waits_towards_experience():
    scenario = load_scenario(BASELINE)
    from sim.runner import with_seed_and_days

    model = Region(with_seed_and_days(scenario, days=20))
    initial = scenario.config.behaviour.initial_expected_wait_minutes
    model.run()
    visited = (model.book.channel == CHANNEL_IN_PERSON) & (model.book.status == STATUS_SERVED)
    assert visited.any()
    memory = model.shared.memory
    remembered = memory.place >= 0
    assert remembered.any(axis=1)[model.book.citizen[visited]].all()  # every visitor remembers somewhere
    assert not np.allclose(memory.wait[remembered], initial)
    assert (memory.wait >= 0).all()
    assert not np.allclose(memory.public_wait, initial)
