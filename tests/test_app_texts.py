"""What the planner reads: messages in German naming the widget, variant names, the report, the cost chart's payers."""

import pickle
import re
from html.parser import HTMLParser

import pytest

from sim import load_scenario, simulate, with_seed_and_days
from sim.app.messages import describe, field_label, translate
from sim.app.names import both, place_names, shipped_entry
from sim.app.presentation import (
    cost_frame,
    daily_wait_frame,
    gains_lines,
    kpi_label,
    municipality_table,
    per_year_twin,
)
from sim.app.report import ReportInput, report_html
from sim.app.variants import clean_name, describe_changes, variant_entry, variant_yaml
from sim.errors import InputError
from sim.io.config import load_scenario_text
from sim.summary.kpi_registry import BY_KEY, CARDS

DAYS = 10


@pytest.fixture(scope="module")
def runs(repo):
    folder = repo / "scenarios" / "lemgo_kalletal"
    scenarios = [load_scenario(folder / f"{name}.yaml") for name in ("baseline", "shared_citizen_office")]
    results = [simulate(with_seed_and_days(s, days=DAYS)) for s in scenarios]
    return scenarios, results


def places_of(scenarios):
    return place_names(scenarios[0].region, [s.config for s in scenarios])


def test_messages_are_german_and_name_the_widget(repo):
    baseline = load_scenario(repo / "scenarios" / "lemgo_kalletal" / "baseline.yaml")
    places = places_of([baseline])
    with pytest.raises(InputError) as raised:
        load_scenario(repo / "scenarios" / "lemgo_kalletal" / "baseline.yaml",
                      {"service_points": {"buergerbuero_kalletal": {"desks": 999}}})  # fmt: skip
    [line] = describe(raised.value, "de", lambda path: field_label(path, baseline.config, places, "de"), False)
    point = "Bürgerbüro Kalletal (Rathaus Hohenhausen, Rintelner Str. 3)"
    assert line == f"Schalter – {point}: Der Wert darf höchstens 200 sein (eingegeben: 999)"
    [english] = describe(raised.value, "en", lambda path: field_label(path, baseline.config, places, "en"), False)
    assert english.startswith("Desks – Bürgerbüro Kalletal") and "less than or equal to 200" in english
    assert (
        field_label("services.citizen_office.online_share", baseline.config, places, "de")
        == "Online-Anteil – Bürgerbüro"
    )
    hours = field_label("service_points.buergerbuero_lemgo.opening_hours.sat", baseline.config, places, "en")
    assert hours.startswith("Opening hours – Bürgerbüro Lemgo") and hours.endswith(", Saturday")


def test_editor_messages_keep_file_line_and_key_and_suggestions_are_translated(repo):
    text = "extends: baseline.yaml\nservice_points:\n  buergerbuero_kalletal:\n    desk: 3\n"
    with pytest.raises(InputError) as raised:
        load_scenario_text(text, "mine.yaml", repo / "scenarios" / "lemgo_kalletal", repo / "scenarios")
    [line] = describe(raised.value, "de")
    assert line.startswith("mine.yaml:4: service_points.buergerbuero_kalletal.desk: unbekannter Schlüssel"), line
    assert translate("unknown key (check the spelling); did you mean 'desks'?", "de").endswith("meinten Sie »desks«?")


def test_variant_names_say_what_changed(repo):
    base = load_scenario(repo / "scenarios" / "lemgo_kalletal" / "shared_citizen_office.yaml").config
    places = place_names(load_scenario(repo / "scenarios" / "lemgo_kalletal" / "baseline.yaml").region, [base])
    overrides = {"service_points": {"buergerbuero_kalletal": {"desks": 3, "opening_hours": {"sat": ["09:00-12:00"]}}},
                 "services": {"citizen_office": {"online_share": 0.3}}}  # fmt: skip
    changes = describe_changes(overrides, base, places)
    assert [c["de"] for c in changes] == [
        "+1 Schalter Bürgerbüro Kalletal",
        "Öffnungszeiten Bürgerbüro Kalletal am Samstag",
        "Online-Anteil Bürgerbüro 30 %",
    ]
    entry = variant_entry("shared_citizen_office", base, changes, "")
    assert entry.title == {"de": "Gemeinsames Bürgerbüro + 1 Schalter Bürgerbüro Kalletal (und 2 weitere)",
                           "en": "Shared citizen office + 1 desk Bürgerbüro Kalletal (and 2 more)"}  # fmt: skip
    assert entry.original == "shared_citizen_office"
    assert variant_entry("shared_citizen_office", base, changes, "Samstags offen").title == both("Samstags offen")
    assert clean_name("  a\x00b\n" + "x" * 200) == ("ab" + "x" * 200)[:80]


def test_a_saved_variant_is_a_valid_extends_file(repo):
    folder = repo / "scenarios" / "lemgo_kalletal"
    base = load_scenario(folder / "baseline.yaml")
    overrides = {"service_points": {"buergerbuero_kalletal": {"desks": 4}}}
    entry = variant_entry("baseline", base.config, describe_changes(overrides, base.config, places_of([base])), "")
    scenario = load_scenario_text(variant_yaml("baseline.yaml", entry, overrides), "v.yaml", folder, repo / "scenarios")
    assert scenario.config.service_points["buergerbuero_kalletal"].desks == 4
    assert scenario.config.title.de == "Ausgangslage + 2 Schalter Bürgerbüro Kalletal"


def test_tables_use_labels_german_numbers_and_only_paying_payers(runs):
    scenarios, results = runs
    places = places_of(scenarios)
    table = municipality_table(["A", "B"], results, places, "de")
    assert list(table.columns)[:4] == ["Szenario", "Kommune", "Einwohner", "Anliegen"]
    assert "Kosten nach Teilung (EUR, 10 Tage)" in table.columns
    assert set(table["Kommune"]) == {"Lemgo", "Kalletal"}
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*", value) for value in table["Einwohner"])
    assert all(re.fullmatch(r"\d+,\d", value) for value in table["Anfahrt, Mittel (min)"])
    costs = cost_frame(["A", "B"], results, places, "de")
    assert "Krankenkassen" not in set(costs["Zahler"])  # the GPs cost the municipalities nothing here
    assert set(costs["Zahler"]) == {"Lemgo", "Kalletal"}
    daily = daily_wait_frame(results[0], scenarios[0].config, places, "en")
    assert daily["Day"].between(1, DAYS).all()
    assert set(daily["Service"]) <= {"Citizen office", "GP practice", "Library"}


def test_who_gains_names_each_municipality_and_the_period(runs):
    scenarios, results = runs
    [line] = gains_lines(["Ausgangslage", "Gemeinsam"], results, places_of(scenarios), "de")
    assert line.startswith("**Gemeinsam:** Lemgo zahlt") and "Kalletal zahlt" in line
    assert "(je Jahr)" in line and "min" in line


def test_cost_card_labels_say_the_period():
    horizon = kpi_label(BY_KEY["cost_eur.per_capita"], {"days": 60}, "de")
    assert horizon == "Kosten je Einwohner im Zeitraum (EUR, 60 Tage)"
    summary = {"days": 60, "per_year": {"cost_eur_per_capita": 1.0, "co2_kg": 1.0}}
    annual = [kpi_label(per_year_twin(kpi, summary), summary, "de") for kpi in CARDS]
    assert "Kosten je Einwohner pro Jahr (EUR/Jahr)" in annual and "CO2 pro Jahr (t/Jahr)" in annual


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith(("#", "data:")):
                self.external.append(value)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_is_one_self_contained_page(runs, lang):
    scenarios, results = runs
    entries = [shipped_entry(s.slug, s) for s in scenarios]
    page = report_html(ReportInput(entries, results, scenarios, lang))
    parser = _Links()
    parser.feed(page)
    assert parser.external == [] and "script" not in parser.tags
    assert page.count("<svg") == 2  # the map and the cost chart
    heading = "Wer gewinnt, wer zahlt" if lang == "de" else "Who gains, who pays"
    assert heading in page
    assert ("Gemeinsames Bürgerbüro" if lang == "de" else "Shared citizen office") in page
    assert ("Annahmen und Quellen" if lang == "de" else "Assumptions and sources") in page
    assert "Voronoi" in page and "Barmer" in page  # the method of the map and a source of the services
    headers = re.findall(r"<th>([^<]*)</th>", page) + re.findall(r"<tr><td>([^<]*)</td>", page)
    assert headers and not [h for h in headers if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", h)]


def test_the_report_carries_intervals_with_replications(runs, repo):
    from sim.runner import replicate

    scenarios, _ = runs
    result = replicate(with_seed_and_days(scenarios[0], days=5), 2)
    page = report_html(ReportInput([shipped_entry("baseline", scenarios[0])], [result], scenarios[:1], "de"))
    assert "95-%-Konfidenzintervall über 2 Wiederholungen" in page
    assert re.search(r"\(\d+,\d – \d+,\d\)", page)


def test_entries_survive_pickling(runs):
    scenarios, _ = runs
    entry = shipped_entry("baseline", scenarios[0])
    assert pickle.loads(pickle.dumps(entry)) == entry
