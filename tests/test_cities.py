"""Bochum and Lünen: official totals from the facts, flagged estimates, offices, engines alike, the outage."""

from pathlib import Path

import numpy as np
import pytest
import yaml

from sim.io.config import load_scenario
from sim.model.policy import agreement_state
from sim.model.region import Region
from sim.runner import simulate, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
# The project's facts, copied into tests/data/facts so that a bare clone can check against them.
FACTS_FILE = Path(__file__).resolve().parent / "data" / "facts" / "suedwestfalen_facts.yaml"
CITIES = ("bochum", "luenen")
TOLERANCE = 0.01


def region_mapping(city: str) -> dict:
    return yaml.safe_load((REPO / "scenarios" / "regions" / f"{city}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("city", CITIES)
def test_population_totals_are_within_one_percent_of_the_official_figures(city):
    if not FACTS_FILE.exists():
        pytest.skip(f"facts file not found at {FACTS_FILE} (CI clones may not have shared/data beside the repo)")
    official = int(yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))[city]["population"]["value"])
    municipality = region_mapping(city)["municipalities"][city]
    residents = sum(district["population"] for district in municipality["districts"].values())
    assert abs(municipality["population"] - official) <= TOLERANCE * official
    assert abs(residents - official) <= TOLERANCE * official


@pytest.mark.parametrize("city", CITIES)
def test_estimates_are_flagged_and_sourced_districts_keep_their_figures(city):
    municipality = region_mapping(city)["municipalities"][city]
    sourced = 0
    for district in municipality["districts"].values():
        assert district["source"]
        if "ESTIMATE" in district["source"]:
            assert district["estimate"] is True, district["name"]
        else:
            sourced += 1
            assert district["estimate"] is False and district["population_date"]
        assert ("ESTIMATE" in district["coord_source"]) == district["coord_estimate"]
    assert sourced >= (16 if city == "bochum" else 3)
    assert all(line["estimate"] for line in region_mapping(city)["transit_lines"].values())


def test_bochum_has_six_buergerbueros_and_free_choice_across_the_city():
    scenario = load_scenario(REPO / "scenarios" / "bochum" / "baseline.yaml")
    offices = [p for p, point in scenario.config.service_points.items() if "registration" in point.services]
    assert len(offices) == 6
    model = Region(with_seed_and_days(scenario, days=1))
    point_ids = model.facilities.point_ids
    access = model.policy.access(model.policy.choice_state(0, agreement_state(scenario.config, 0, frozenset())))
    registration = list(scenario.config.services).index("registration")
    for district in range(len(model.geography.district_ids)):
        group = district * len(scenario.config.services) + registration
        places = access.group_places[access.group_offsets[group] : access.group_offsets[group + 1]]
        assert {point_ids[model.facilities.place_point[p]] for p in places} == set(offices)


def test_luenen_has_its_buergerbuero_and_the_service_point():
    points = load_scenario(REPO / "scenarios" / "luenen" / "baseline.yaml").config.service_points
    assert {"buergerbuero_luenen", "servicepoint_luenen"} <= set(points)
    assert points["servicepoint_luenen"].district == points["buergerbuero_luenen"].district == "luenen_mitte"


def test_engines_give_identical_outputs_on_bochum_with_adoption_over_14_days():
    # Full population (372,490 residents, one Citizen agent each): about 10 s for the agents engine here.
    scenario = with_seed_and_days(load_scenario(REPO / "scenarios" / "bochum" / "online_registration.yaml"), days=14)
    kernels, agents = simulate(scenario, engine="kernels"), simulate(scenario, engine="agents")
    assert kernels.summary["population"] == 372490
    assert kernels.summary["adoption"]["by_service"]["registration"]["online"] > 0
    assert {**kernels.summary, "engine": ""} == {**agents.summary, "engine": ""}
    assert kernels.daily.equals(agents.daily) and kernels.daily_places.equals(agents.daily_places)


def test_the_outage_takes_luenens_online_services_down_and_only_for_its_days():
    base, outage = (
        simulate(with_seed_and_days(load_scenario(REPO / "scenarios" / "luenen" / f"{name}.yaml"), days=45))
        for name in ("baseline", "it_outage")
    )
    before, during = slice(0, 29), slice(29, 45)
    online_base, online_outage = base.daily["online"].to_numpy(), outage.daily["online"].to_numpy()
    assert np.array_equal(online_base[before], online_outage[before])
    # Only the library's e-lending is left online (and nothing at all on Sundays, when no needs arise).
    assert (online_outage[during] <= online_base[during]).all()
    assert online_outage[during].sum() < online_base[during].sum()
    assert outage.summary["requests"]["total"] == base.summary["requests"]["total"]
    assert outage.summary["trips"] > base.summary["trips"]
