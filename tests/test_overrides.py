"""Scenario overrides from the app's widgets and URL: they merge, validate, round-trip, and the URL is sanitised."""

import json

import pytest

from sim.app import overrides as ov
from sim.app.map_layers import colours_and_legend
from sim.app.presentation import kpi_cards
from sim.errors import InputError
from sim.io.config import load_scenario, load_scenario_text
from sim.io.synth import GP_PER_INHABITANT, synthesize_region


def test_overrides_merge_deeply(repo):
    merged = ov.merge_overrides(
        ov.desks("buergerbuero_kalletal", 3),
        ov.opening_hours("buergerbuero_kalletal", "sat", "09:00-12:00"),
        ov.online_share("citizen_office", 0.3),
    )
    scenario = load_scenario(repo / "scenarios/lemgo_kalletal/baseline.yaml", merged).config
    point = scenario.service_points["buergerbuero_kalletal"]
    assert point.desks == 3 and point.opening_hours.sat == ["09:00-12:00"]
    assert point.opening_hours.mon == ["08:00-12:00"]  # the other days stay as they were
    assert scenario.services["citizen_office"].online_share == 0.3


def test_bad_hours_and_lonely_agreements():
    with pytest.raises(ValueError):
        ov.opening_hours("x", "mon", "8 to 12")
    assert ov.opening_hours("x", "sun", "")["service_points"]["x"]["opening_hours"]["sun"] == []
    assert ov.agreement("ikz", ["lemgo"], "usage") == {"agreements": {"ikz": None}}


def test_new_agreement_is_a_valid_scenario(repo):
    change = ov.new_agreement(
        "app_agreement", "new", ["lemgo", "kalletal"], ["citizen_office", "library"], "population"
    )
    scenario = load_scenario(repo / "scenarios/lemgo_kalletal/baseline.yaml", change).config
    assert scenario.agreements["app_agreement"].services == ["citizen_office", "library"]


def test_adjusted_scenario_file_round_trips(repo):
    change = ov.merge_overrides(
        ov.desks("stadtbuecherei_lemgo", 3), ov.agreement("ikz_buergerservice", ["lemgo", "kalletal"], "equal")
    )
    folder = repo / "scenarios/lemgo_kalletal"
    text = ov.scenario_yaml("shared_citizen_office.yaml", "adjusted", change)
    from_file = load_scenario_text(text, "adjusted.yaml", folder, repo / "scenarios").config
    direct = load_scenario(folder / "shared_citizen_office.yaml", change).config
    assert from_file.service_points == direct.service_points
    assert from_file.agreements == direct.agreements
    with pytest.raises(InputError):
        ov_text = ov.scenario_yaml("shared_citizen_office.yaml", "bad", ov.desks("stadtbuecherei_lemgo", 0))
        load_scenario_text(ov_text, "bad.yaml", folder, repo / "scenarios")


def test_kpi_cards_show_differences_but_no_arrow_for_nothing():
    reference = {
        "days": 365,
        "travel_minutes": {"mean": 12.3},
        "wait_minutes": {"mean": 4.8},
        "outcomes": {"unserved": 0},
        "per_year": {"cost_eur_per_capita": 23.9, "co2_kg": 355700.0},
        "cross_border_share": 0.053,
    }
    other = {**reference, "wait_minutes": {"mean": 4.0}, "per_year": {"cost_eur_per_capita": 23.9, "co2_kg": 364200.0}}
    assert all(delta is None for _, _, _, delta in kpi_cards(reference, None, "en"))
    deltas = {kpi.key: delta for kpi, _, _, delta in kpi_cards(other, reference, "en")}
    assert deltas["wait_minutes.mean"] == "-0.8" and deltas["per_year.co2_kg"] == "+8.5"
    assert deltas["travel_minutes.mean"] is None and deltas["outcomes.unserved"] is None
    german = {kpi.key: delta for kpi, _, _, delta in kpi_cards(other, reference, "de")}
    assert german["wait_minutes.mean"] == "-0,8"


def test_colour_scales():
    values = {"a": -2.0, "b": 0.0, "c": 4.0}
    diverging, legend = colours_and_legend(values, "wait_minutes_mean", True, "Ausgangslage", "de")
    assert diverging["b"][:3] == [247, 247, 247] and diverging["c"][:3] == [178, 24, 43]
    assert legend.title == "Δ Wartezeit, Mittel (min)" and legend.low == "-4,0" and legend.high == "+4,0"
    sequential, legend = colours_and_legend(values, "travel_minutes_mean", False, "", "en")
    assert sequential["a"][2] > sequential["c"][2]  # light yellow to dark red
    assert legend.title == "travel, mean (min)" and (legend.low, legend.high) == ("-2.0", "4.0")


def test_synthetic_region_follows_gp_density():
    region, scenario = synthesize_region(200_000, 10, seed=3)
    people = sum(m["population"] for m in region["municipalities"].values())
    assert people == 200_000
    assert all(
        sum(d["population"] for d in m["districts"].values()) == m["population"]
        for m in region["municipalities"].values()
    )
    doctors = sum(p["desks"] for p in scenario["service_points"].values() if p["services"] == ["gp"])
    assert abs(doctors - 200_000 * GP_PER_INHABITANT) <= 10


def app_overrides() -> dict:
    """Every kind of override the app writes into its URL."""
    return ov.merge_overrides(
        ov.desks("buergerbuero_kalletal", 3),
        ov.opening_hours("buergerbuero_kalletal", "sat", "09:00-12:00"),
        ov.online_share("citizen_office", 0.3),
        ov.timetable("mobile_kalletal", [{"weekday": "mon", "district": "hohenhausen", "hours": "09:00-11:00"}]),
        ov.agreement("ikz_buergerservice", ["lemgo"], "equal"),
        ov.agreement("ikz_library", ["lemgo", "kalletal"], "usage"),
        ov.new_agreement("app_agreement", "Neue Vereinbarung", ["lemgo", "kalletal"], ["citizen_office"], "equal"),
    )


def test_url_keeps_what_the_app_writes():
    written = app_overrides()
    assert ov.url_overrides(json.dumps(written, separators=(",", ":"))) == (written, False)
    assert ov.url_overrides(None) == ({}, False)
    assert ov.url_overrides("") == ({}, False)
    assert ov.url_overrides("{}") == ({}, False)


@pytest.mark.parametrize(
    "extra",
    [
        {"region": "/etc/passwd"},
        {"extends": "../../etc/passwd"},
        {"simulation": {"days": 3650}},
        {"services": {"citizen_office": {"online_share": 0.5, "requests_per_person_year": {"0-17": 60}}}},
        {"service_points": {"buergerbuero_lemgo": {"desks": 2, "region": "/etc/passwd"}}},
        {"service_points": {"buergerbuero_lemgo": {"desks": True}}},
        {"service_points": {"buergerbuero_lemgo": {"desks": "3"}}},
        {"service_points": {"../x": {"desks": 3}}},
        {"service_points": {"buergerbuero_lemgo": {"opening_hours": {"holiday": ["08:00-12:00"]}}}},
        {"service_points": {"buergerbuero_lemgo": {"opening_hours": {"mon": "08:00-12:00" * 100}}}},
        {"agreements": {"ikz": {"members": ["lemgo", "kalletal"], "cost_key": "fixed", "fixed_shares": {}}}},
        {"agreements": {"ikz": {"members": ["lemgo", "/etc"], "cost_key": "usage"}}},
        {"agreements": {"ikz": {"members": ["lemgo"] * 1000, "cost_key": "usage"}}},
    ],
)
def test_url_drops_every_other_key_and_keeps_the_rest(extra):
    written = app_overrides()
    text = json.dumps(ov.merge_overrides(written, extra))
    kept, dropped = ov.url_overrides(text)
    assert dropped
    assert "region" not in json.dumps(kept) and "extends" not in kept and "/etc" not in json.dumps(kept)
    # What remains is a subset of what the app wrote: the bad entry goes, its neighbours stay.
    for section, entries in kept.items():
        for entry_id, value in entries.items():
            assert written[section][entry_id] == value


@pytest.mark.parametrize(
    "text",
    [
        "[" * 9000 + "]" * 9000,  # nests deeper than the JSON parser recurses
        '{"service_points":' * 5000 + "{}" + "}" * 5000,
        json.dumps({"services": {f"s{n}": {"online_share": 0.5} for n in range(5000)}}),  # longer than the cap
        "not json",
        "[1]",
        '"text"',
        "null",
        '{"services": [1, 2]}',
    ],
)
def test_url_survives_hostile_text(text):
    kept, dropped = ov.url_overrides(text)
    assert kept == {} and dropped


def test_url_overrides_load_like_widget_overrides(repo):
    text = json.dumps(ov.merge_overrides(ov.desks("buergerbuero_kalletal", 4), {"region": "/etc/passwd"}))
    kept, dropped = ov.url_overrides(text)
    assert dropped
    scenario = load_scenario(repo / "scenarios/lemgo_kalletal/baseline.yaml", kept)
    assert scenario.config.service_points["buergerbuero_kalletal"].desks == 4
    assert scenario.region_path.name == "lemgo_kalletal.yaml"
