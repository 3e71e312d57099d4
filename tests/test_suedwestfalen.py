"""Südwestfalen region: official town totals, district sums, validation and a short run of both scenarios."""

from pathlib import Path

import pytest
import yaml

from sim.io.config import load_region, load_scenario
from sim.runner import simulate, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
REGION_FILE = REPO / "scenarios" / "regions" / "suedwestfalen.yaml"
SCENARIOS = REPO / "scenarios" / "suedwestfalen"
SCENARIO_FILES = [SCENARIOS / "baseline.yaml", SCENARIOS / "stadtbueros_2017.yaml"]
# The project's facts, copied into tests/data/facts so that a bare clone can check against them.
FACTS_FILE = Path(__file__).resolve().parent / "data" / "facts" / "suedwestfalen_facts.yaml"
TOWN_IDS = {
    "Arnsberg": "arnsberg",
    "Bad Berleburg": "bad_berleburg",
    "Menden (Sauerland)": "menden",
    "Olpe": "olpe",
    "Soest": "soest",
    "Iserlohn": "iserlohn",
}
REGION_INHABITANTS = 1_380_000  # facts: suedwestfalen_project.region.inhabitants (59 municipalities, 5 Kreise)
TOLERANCE_TOWN = 0.01
TOLERANCE_REGION = 0.03


@pytest.fixture(scope="module")
def region() -> dict:
    return yaml.safe_load(REGION_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def official_towns() -> dict[str, int]:
    if not FACTS_FILE.exists():
        pytest.skip(f"facts file not found at {FACTS_FILE} (CI clones may not have shared/data beside the repo)")
    facts = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    return {TOWN_IDS[town["name"]]: int(town["population"]) for town in facts["towns"]}


def district_sum(region: dict, municipality_id: str) -> int:
    return sum(d["population"] for d in region["municipalities"][municipality_id]["districts"].values())


def test_facts_name_the_six_towns(official_towns):
    assert set(official_towns) == set(TOWN_IDS.values())


@pytest.mark.parametrize("town", sorted(TOWN_IDS.values()))
def test_town_totals_match_the_official_figures_in_the_facts(region, official_towns, town):
    official = official_towns[town]
    assert abs(region["municipalities"][town]["population"] - official) <= TOLERANCE_TOWN * official
    assert abs(district_sum(region, town) - official) <= TOLERANCE_TOWN * official


@pytest.mark.parametrize("town", sorted(TOWN_IDS.values()))
def test_towns_are_modelled_with_their_districts(region, town):
    assert len(region["municipalities"][town]["districts"]) >= 6


def test_district_sums_match_each_municipality_within_one_percent(region):
    assert len(region["municipalities"]) == 59
    for municipality_id, municipality in region["municipalities"].items():
        official = municipality["population"]
        assert abs(district_sum(region, municipality_id) - official) <= TOLERANCE_TOWN * official, municipality_id


def test_the_whole_region_has_about_1_38_million_residents(region):
    residents = sum(district_sum(region, m) for m in region["municipalities"])
    assert abs(residents - REGION_INHABITANTS) <= TOLERANCE_REGION * REGION_INHABITANTS


def test_estimates_are_flagged(region):
    for municipality in region["municipalities"].values():
        for district in municipality["districts"].values():
            if "ESTIMATE" in district["source"]:
                assert district["estimate"] is True, district["name"]
            if "ESTIMATE" in district.get("coord_source", ""):
                assert district["coord_estimate"] is True, district["name"]
    assert all(line["estimate"] for line in region["transit_lines"].values())


def test_every_file_validates():
    loaded = load_region(REGION_FILE)
    assert loaded.district_sum_tolerance_share == 0.01
    for path in SCENARIO_FILES:
        assert load_scenario(path).config.service_points


def test_stadtbueros_2017_reopen_only_huesten_and_oeventrop():
    base = load_scenario(SCENARIO_FILES[0]).config.service_points
    then = load_scenario(SCENARIO_FILES[1]).config.service_points
    assert set(then) - set(base) == {"stadtbuero_huesten", "stadtbuero_oeventrop"}
    assert set(base) <= set(then)


@pytest.fixture(scope="module")
def week_summaries() -> list[dict]:
    return [simulate(with_seed_and_days(load_scenario(path), days=7)).summary for path in SCENARIO_FILES]


def test_a_week_of_both_scenarios_runs_with_the_same_population(region, week_summaries):
    residents = sum(district_sum(region, m) for m in region["municipalities"])
    baseline, year_2017 = week_summaries
    assert baseline["population"] == year_2017["population"] == residents
    assert baseline["requests"]["total"] == year_2017["requests"]["total"] > 0
    assert all(baseline["invariants"].values()) and all(year_2017["invariants"].values())
    assert year_2017["service_points"]["stadtbuero_huesten"]["visits"] > 0
