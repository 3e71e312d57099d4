"""Demography: reweighting residents to a projected year (simulation.population_year) and its cross-checks."""

import json
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.demography import demand_per_head, expected_counts, projected_residents
from sim.cli import main
from sim.io.config import load_region, load_scenario
from sim.io.cross_checks import check_projections, check_references
from sim.io.schema import RegionConfig
from sim.model.geography import build_geography
from sim.model.population import (
    Citizens,
    base_counts,
    largest_remainder,
    municipality_population,
    synthesize_citizens,
)
from sim.model.region import Region
from sim.runner import simulate, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
LEMGO = REPO / "scenarios/lemgo_kalletal/baseline.yaml"
THREE_TOWNS = REPO / "tests/data/projections/three_towns_region.yaml"
FIELDS = ("district", "municipality", "age_group", "lat", "lon", "has_car", "is_online_user", "resident_id")
GP = 1  # position of the gp service in the Lemgo-Kalletal baseline


@pytest.fixture(scope="module")
def lemgo_region() -> RegionConfig:
    return load_scenario(LEMGO).region


@pytest.fixture(scope="module")
def three_towns() -> RegionConfig:
    return load_region(THREE_TOWNS)


def residents(region: RegionConfig, year: int | None, seed: int = 7) -> Citizens:
    return synthesize_citizens(region, build_geography(region), seed, year)


def same_residents(first: Citizens, second: Citizens) -> bool:
    return all(np.array_equal(getattr(first, name), getattr(second, name)) for name in FIELDS)


def test_base_year_is_the_identity(lemgo_region: RegionConfig) -> None:
    assert same_residents(residents(lemgo_region, None), residents(lemgo_region, 2025))


def test_base_year_run_is_byte_identical_to_a_run_without_population_year() -> None:
    plain = simulate(with_seed_and_days(load_scenario(LEMGO), days=3))
    based = simulate(with_seed_and_days(load_scenario(LEMGO, {"simulation": {"population_year": 2025}}), days=3))
    assert plain.summary == based.summary
    assert plain.daily.equals(based.daily) and plain.by_municipality.equals(based.by_municipality)


@pytest.mark.parametrize("year", [2030, 2040, 2047])
def test_kreis_totals_per_age_group_follow_the_table(lemgo_region: RegionConfig, year: int) -> None:
    geography = build_geography(lemgo_region)
    before = base_counts(geography, residents(lemgo_region, None)).sum(axis=0)
    after = base_counts(geography, residents(lemgo_region, year)).sum(axis=0)
    assert lemgo_region.projections is not None
    factors = np.array(lemgo_region.projections.kreise["kreis_lippe"].factors(year, 2025))
    assert np.all(np.abs(after - before * factors) <= 0.5)


def test_own_projection_and_kreis_remainder_both_match(three_towns: RegionConfig) -> None:
    geography = build_geography(three_towns)
    before = base_counts(geography, residents(three_towns, None))
    after = base_counts(geography, residents(three_towns, 2040))
    assert three_towns.projections is not None
    alpha = np.array(three_towns.projections.municipalities["alpha"].factors(2040, 2025))
    kreis = np.array(three_towns.projections.kreise["kreis_mini"].factors(2040, 2025))
    assert np.all(np.abs(after[0] - before[0] * alpha) <= 0.5)
    assert np.all(np.abs(after.sum(axis=0) - before.sum(axis=0) * kreis) <= 0.5)


def test_same_seed_same_residents_and_those_who_remain_keep_their_draws(lemgo_region: RegionConfig) -> None:
    assert same_residents(residents(lemgo_region, 2040), residents(lemgo_region, 2040))
    assert not same_residents(residents(lemgo_region, 2040), residents(lemgo_region, 2040, seed=8))
    today, later = residents(lemgo_region, None), residents(lemgo_region, 2040)
    _, in_today, in_later = np.intersect1d(today.resident_id, later.resident_id, return_indices=True)
    assert in_today.size > 0.9 * today.count
    for name in FIELDS:
        assert np.array_equal(getattr(today, name)[in_today], getattr(later, name)[in_later]), name


def test_new_residents_get_ids_beyond_the_base_range_and_keep_them_across_years(lemgo_region: RegionConfig) -> None:
    today = residents(lemgo_region, None)
    new_2035 = residents(lemgo_region, 2035).resident_id
    new_2040 = residents(lemgo_region, 2040).resident_id
    new_2035, new_2040 = new_2035[new_2035 >= today.count], new_2040[new_2040 >= today.count]
    assert new_2040.size > 0
    # Lippe's 65+ peak in 2035 and fall by 2040: the newcomers of 2040 are the first ones of 2035.
    assert set(new_2040.tolist()) <= set(new_2035.tolist())


def test_shrinking_groups_keep_a_nested_set(lemgo_region: RegionConfig) -> None:
    ids_2040, ids_2050 = residents(lemgo_region, 2040), residents(lemgo_region, 2050)
    young_2040 = set(ids_2040.resident_id[ids_2040.age_group < 2].tolist())
    young_2050 = set(ids_2050.resident_id[ids_2050.age_group < 2].tolist())
    assert young_2050 < young_2040


def test_residents_stay_ordered_by_district(lemgo_region: RegionConfig) -> None:
    assert np.all(np.diff(residents(lemgo_region, 2040).district) >= 0)


def test_largest_remainder_splits_exactly() -> None:
    assert largest_remainder(10, np.array([1.0, 1.0, 1.0])).tolist() == [4, 3, 3]
    assert largest_remainder(5, np.array([0.0, 0.0])).tolist() == [0, 0]
    assert largest_remainder(7, np.array([2.0, 5.0])).tolist() == [2, 5]


def gp_contacts_per_head(year: int) -> float:
    scenario = with_seed_and_days(load_scenario(LEMGO, {"simulation": {"population_year": year}}), days=365)
    model = Region(scenario)
    return float(np.count_nonzero(model.book.service == GP) / model.citizens.count)


def test_2040_residents_need_more_gp_contacts_per_head() -> None:
    assert load_scenario(LEMGO).config.services["gp"].requests_per_person_year.age_65_plus > 10
    assert gp_contacts_per_head(2040) > 1.03 * gp_contacts_per_head(2025)


def test_a_2040_run_from_the_command_line(tmp_path: Path) -> None:
    scenario = tmp_path / "ageing.yaml"
    scenario.write_text(f"extends: {LEMGO}\nsimulation:\n  population_year: 2040\n", encoding="utf-8")
    assert main(["run", str(scenario), "--days", "2", "--out", str(tmp_path / "out")]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert 52_000 < summary["population"] < 53_500  # Kreis Lippe 2040: -3.9 % from 55,010


def test_population_year_needs_a_projection_table() -> None:
    scenario = load_scenario(LEMGO, {"simulation": {"population_year": 2040}})
    bare = scenario.region.model_copy(update={"projections": None})
    problems: list[tuple[str, str]] = []
    check_references(scenario.config, bare, lambda key_path, message: problems.append((key_path, message)))
    assert problems == [("simulation.population_year", "region 'lemgo_kalletal' has no projections table; "
                         "remove population_year or add projections")]  # fmt: skip


def test_a_municipality_without_kreis_or_own_projection_is_reported(three_towns: RegionConfig) -> None:
    beta = three_towns.municipalities["beta"].model_copy(update={"kreis": None})
    region = three_towns.model_copy(update={"municipalities": {**three_towns.municipalities, "beta": beta}})
    problems: list[tuple[str, str]] = []
    check_projections(region, lambda key_path, message: problems.append((key_path, message)))
    assert [key_path for key_path, _ in problems] == ["municipalities.beta.kreis"]


def test_projected_residents_without_a_run(lemgo_region: RegionConfig) -> None:
    base, later = projected_residents(lemgo_region, 2025), projected_residents(lemgo_region, 2040)
    assert np.all(np.abs(base["total"].to_numpy() - [41474, 13391]) <= 1)  # rounding of each age group
    assert lemgo_region.projections is not None
    factors = lemgo_region.projections.kreise["kreis_lippe"].factors(2040, 2025)
    expected = expected_counts(lemgo_region).sum(axis=0)
    for index, group in enumerate(("0-17", "18-64", "65+")):
        assert abs(later[group].sum() - expected[index] * factors[index]) <= 1.0
    assert {"lat", "lon", "kreis"} <= set(later.columns)


def test_demand_per_head_follows_the_age_mix() -> None:
    scenario = load_scenario(LEMGO)
    table = demand_per_head(scenario.config, scenario.region, [2025, 2040]).set_index(["service", "year"])
    gp = table["requests_per_person_year"]
    assert gp[("gp", 2040)] > 1.04 * gp[("gp", 2025)]


def test_population_keys_follow_the_projected_year() -> None:
    """A population key splits by the official figures in the base year and by the reweighted ones in 2040."""
    base = Region(with_seed_and_days(load_scenario(LEMGO), days=1))
    geography = base.geography
    official = dict(zip(geography.municipality_ids, geography.municipality_population_official.tolist(), strict=True))
    assert municipality_population(base.geography, base.citizens) == {k: float(v) for k, v in official.items()}
    aged = Region(with_seed_and_days(load_scenario(LEMGO, {"simulation": {"population_year": 2040}}), days=1))
    aged_population = municipality_population(aged.geography, aged.citizens)
    residents = np.bincount(aged.citizens.municipality, minlength=len(official))
    base_residents = np.bincount(base.citizens.municipality, minlength=len(official))
    for index, (municipality, people) in enumerate(official.items()):
        expected = people * residents[index] / base_residents[index]
        assert aged_population[municipality] == pytest.approx(expected, rel=1e-12)
        assert aged_population[municipality] < people  # both shrink by 2040 in the projection
