"""The app's further views driven with AppTest: intervals on the cards, coalitions, 2025 vs 2040, adoption, robustness.

Every view is checked in German and English, pressed twice, and across a language switch that must keep
its choices; the figures are checked against the analysis called directly.
"""

import json
import re
import shutil

import numpy as np
import pytest
from app_helpers import (
    REPO,
    assert_clean,
    assert_readable,
    cards,
    chart_data,
    chart_specs,
    open_tab,
    run_scenarios,
    start_app,
    tiny_sweep,
)
from scipy import stats

from sim.analysis.coalitions import CoalitionSettings, analyse_coalitions
from sim.analysis.compare import compare
from sim.analysis.diffusion import simulate_diffusion
from sim.analysis.diffusion_benefits import resolve_benefits
from sim.analysis.diffusion_views import adopters_in_year
from sim.analysis.sweep.view import MAX_BROWSER_JOBS
from sim.app.i18n import label, number
from sim.app.presentation import card_kpis
from sim.io.config import load_scenario
from sim.io.diffusion_config import load_diffusion
from sim.runner import simulate, with_seed_and_days

LK = REPO / "scenarios" / "lemgo_kalletal"
SWF_DIFFUSION = REPO / "scenarios" / "suedwestfalen" / "diffusion" / "shared_solutions.yaml"


@pytest.fixture(autouse=True)
def app_folders(tmp_path, monkeypatch):
    """Caches and sweep folders of these tests live in a temporary folder, never in the repository's results/."""
    monkeypatch.setenv("IKZ_SIM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("IKZ_SIM_SWEEPS", str(tmp_path / "sweeps"))
    monkeypatch.setenv("IKZ_SIM_SWEEP_FILES", str(tmp_path / "sweep_files"))
    (tmp_path / "sweep_files").mkdir()
    return tmp_path


def markdown_lines(at) -> list[str]:
    return [line for item in at.markdown for line in item.value.splitlines()]


def half_width(values: np.ndarray) -> float:
    """Student-t 95 % half-width, written out here rather than taken from sim.runner."""
    return float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))


# ------------------------------------------------------------------------------------------ intervals


def plus_minus(kpi, mean: float, half: float, lang: str, signed: bool = False) -> str:
    """'mean ± half-width' as a card shows it: one decimal more where a non-zero half-width would read 0."""
    decimals = kpi.decimals + (1 if 0 < half < 0.5 * 10**-kpi.decimals else 0)

    def text(value: float, sign: bool) -> str:
        value = 0.0 if round(value, decimals) == 0 else value
        english = f"{value:{'+' if sign else ''},.{decimals}f}"
        return english if lang == "en" else english.replace(",", "_").replace(".", ",").replace("_", ".")

    return f"{text(mean, signed)} ± {text(half, False)}"


def test_cards_carry_the_paired_intervals_of_compare_and_say_when_a_difference_is_not_distinguishable():
    at = start_app()
    at.number_input(key="reps").set_value(3)
    at = run_scenarios(at, ["baseline", "shared_citizen_office"], days=21, seed=5)
    scenarios = [load_scenario(LK / f"{name}.yaml") for name in ("baseline", "shared_citizen_office")]
    expected = compare(scenarios, seed=5, days=21, replications=3)
    summary = expected.results[0].summary
    rows = [[m for m in at.metric][start : start + 6] for start in (0, 6)]
    indistinct = []
    for column, kpi in enumerate(card_kpis(summary)):
        values = expected.values[kpi.key]
        own = plus_minus(kpi, values[1].mean(), half_width(values[1]), "de")
        assert rows[1][column].value == own, (kpi.key, rows[1][column].value, own)
        differences = values[1] - values[0]
        mean, half = differences.mean(), half_width(differences)
        if mean or half:
            shown = plus_minus(kpi, mean, half, "de", signed=True)
            assert rows[1][column].delta == shown, (kpi.key, rows[1][column].delta, shown)
            if mean - half <= 0 <= mean + half:
                indistinct.append(rows[1][column].label)
    sentences = [c.value for c in at.caption if c.value.startswith("Nicht von null unterscheidbar")]
    if indistinct:
        assert sentences == [label("indistinct", "de", kpis="; ".join(indistinct))]
    else:
        assert sentences == []
    assert any(label("difference_mean", "de") in str(spec) and "facet" in spec for spec in chart_specs(at))
    first = cards(at)
    at.button(key="run").click().run()  # a second press: the same figures, from the memo
    assert_clean(at)
    assert cards(at) == first
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.number_input(key="reps").value == 3
    english = [m.value for m in at.metric][6:]
    for column, kpi in enumerate(card_kpis(summary)):
        values = expected.values[kpi.key][1]
        assert english[column] == plus_minus(kpi, values.mean(), half_width(values), "en")


# ------------------------------------------------------------------------------------------ coalitions


def test_coalitions_say_who_pays_what_in_german_and_english():
    at = open_tab(start_app(), "coalitions_tab")
    at.multiselect(key="scenarios").set_value(["baseline"])
    at.run()
    assert label("no_cooperation", "de") in [i.value for i in at.info]
    at = run_scenarios(at, ["baseline", "shared_citizen_office"], days=30, seed=9)
    assert at.selectbox(key="coalition_scenario").value == "shared_citizen_office"
    assert any(c.value.startswith("Aufwand (vorab geschätzt): Läufe: 2,") for c in at.caption)
    at.button(key="coalitions_run").click().run()
    assert_clean(at)
    scenario = with_seed_and_days(load_scenario(LK / "shared_citizen_office.yaml"), seed=9, days=30)
    result = analyse_coalitions(scenario, CoalitionSettings(days=30, seed=9, cache_dir=None))
    budget = result.views["budget"]
    lemgo = result.players.index("lemgo")
    extra = -float(budget.savings("population")[lemgo])
    lines = markdown_lines(at)
    assert f"- Unter dem Schlüssel »nach Einwohnerzahl« zahlt Lemgo {number(extra, 'de')} EUR mehr als allein." in lines
    [own] = [line for line in lines if line.startswith("- Unter dem Schlüssel des Szenarios (nach Nutzung)")]
    assert own.endswith("; nach dem Shapley-Wert spart jede Kommune.")
    together = number(budget.grand_cost, "de")
    assert any(line.startswith(f"- Zusammen zahlen die Kommunen {together} EUR im Jahr") for line in lines)
    assert "- **Schlüssel »nach Einwohnerzahl«**: :red-badge[nicht individuell rational für Lemgo] " \
        ":red-badge[nicht im Kern]" in lines  # fmt: skip
    assert "- **Shapley-Wert**: :green-badge[individuell rational für alle] :green-badge[im Kern]" in lines
    assert any("facet" in spec for spec in chart_specs(at))
    assert_readable(at)
    at.button(key="coalitions_run").click().run()  # a second press: the same reading
    assert markdown_lines(at) == lines
    at.radio(key="coalition_view").set_value("generalised").run()
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.session_state["tab"] == "Does it pay off? Who pays what?"  # the open tab stays open
    assert at.radio(key="coalition_view").value == "generalised"
    assert at.selectbox(key="coalition_scenario").value == "shared_citizen_office"
    english = markdown_lines(at)
    assert any(line.startswith("- Under the key 'by population', Lemgo pays") for line in english)
    assert any("residents' time" in c.value.lower() or "Residents' time" in c.value for c in at.caption)
    assert_readable(at)
    at.slider(key="days").set_value(31).run()
    assert label("coalitions_stale", "en") in [w.value for w in at.warning]


# ------------------------------------------------------------------------------------------ 2025 vs 2040


def test_the_same_scenarios_at_two_years_and_the_year_slider():
    at = run_scenarios(open_tab(start_app(), "years_tab"), ["baseline", "shared_citizen_office"], days=14, seed=3)
    assert at.slider(key="years_pair").value == (2025, 2040)
    at.button(key="years_run").click().run()
    assert_clean(at)
    [table] = [t.value for t in at.table if "Änderung 2025 → 2040" in t.value.columns]
    older = simulate(load_scenario(LK / "baseline.yaml", {"simulation": {"population_year": 2040, "days": 14,
                                                                         "seed": 3}}))  # fmt: skip
    requests = table[(table["Kennzahl"] == "Anliegen") & (table["Szenario"] == "Ausgangslage")]
    assert requests["2040"].tolist() == [number(older.summary["requests"]["total"], "de")]
    assert_readable(at)
    at.button(key="years_run").click().run()
    assert [t.value.equals(table) for t in at.table if "Änderung 2025 → 2040" in t.value.columns] == [True]
    at.slider(key="years_pair").set_value((2025, 2035)).run()
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.slider(key="years_pair").value == (2025, 2035)
    assert label("years_stale", "en") in [w.value for w in at.warning]
    # The sidebar's year reweights the main comparison's residents, as a file with population_year does.
    at.slider(key="year").set_value(2040).run()
    at.button(key="run").click().run()
    assert_clean(at)
    assert at.query_params["year"] in ("2040", ["2040"])
    [residents] = [t.value for t in at.table if "residents" in t.value.columns]
    shown = residents[residents["Scenario"] == "Baseline"]["residents"].str.replace(",", "").astype(int).sum()
    assert shown == older.summary["population"]


# ------------------------------------------------------------------------------------------ adoption


def test_adoption_curve_map_by_year_and_costs(app_folders):
    at = open_tab(start_app(), "diffusion_tab")
    assert label("no_diffusion", "de") in [i.value for i in at.info]
    at.selectbox(key="region").set_value("suedwestfalen").run()
    assert_clean(at)
    at.button(key="diffusion_run").click().run()
    assert_clean(at)
    loaded = load_diffusion(SWF_DIFFUSION)
    benefits = resolve_benefits(loaded, loaded.config.seed, app_folders / "cache" / "diffusion")  # the app's cache
    result = simulate_diffusion(loaded, benefits)
    [costs] = [t.value for t in at.table if "Nutzer am Ende" in t.value.columns]
    final = result.curve.sort_values("step").groupby(["solution", "world"], sort=False)["adopters"].last()
    assert costs["Nutzer am Ende"].tolist() == [int(final[(s, w)]) for s in loaded.config.solutions
                                                for w in ("shared", "alone")]  # fmt: skip
    at.slider(key="diffusion_year").set_value(2027).run()
    [deck] = [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart") if "adopters" in d.proto.json]
    dots = deck["layers"][0]["data"]
    using = int(adopters_in_year(result, "online_services", 2027)["has_adopted"].sum())
    assert sum(1 for dot in dots if dot["colour"] != [180, 180, 180, 170]) == using
    assert re.match(r"^Arnsberg \([\d.]+ Einwohner\): Pionier seit 2022\.$", dots[0]["tooltip"])
    assert_readable(at)
    at.selectbox(key="diffusion_solution").set_value("data_platform").run()
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.selectbox(key="diffusion_solution").value == "data_platform"
    assert at.slider(key="diffusion_year").value == 2027
    assert_readable(at)


# ------------------------------------------------------------------------------------------ robustness


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory):
    """The tiny sweep of tests/data/sweeps, run once (34 runs of 7 days)."""
    return tiny_sweep(tmp_path_factory.mktemp("sweeps") / "app_robustness")


def test_robustness_reads_a_finished_sweep_and_refuses_a_large_one(app_folders, sweep_folder):
    shutil.copytree(sweep_folder, app_folders / "sweeps" / sweep_folder.name)
    large = (REPO / "scenarios" / "sweeps" / "shared_office_choice.yaml").read_text(encoding="utf-8")
    large = large.replace("../lemgo_kalletal/", f"{LK}/").replace("samples: 16", "samples: 64")
    (app_folders / "sweep_files" / "large.yaml").write_text(large, encoding="utf-8")
    at = open_tab(start_app(), "robustness_tab")
    [signs] = [t.value for t in at.table if "Befund" in t.value.columns]
    assert signs["Kennzahl"].tolist()[0] == "Pkw-Fahrleistung (km): Gemeinsames Bürgerbüro minus Ausgangslage"
    manifest = json.loads((sweep_folder / "manifest.json").read_text(encoding="utf-8"))
    assert f"{manifest['jobs']} Läufe" in " ".join(c.value for c in at.caption)
    refused = [w.value for w in at.warning if "höchstens" in w.value]
    assert refused and f"höchstens {MAX_BROWSER_JOBS}" in refused[0] and "770" in refused[0]
    assert at.button(key="sweep_start").disabled
    tornado = at.selectbox(key="tornado_difference")
    assert len(tornado.options) == 5 and "Gemeinsames Bürgerbüro minus Ausgangslage" in tornado.options[0]
    assert_readable(at)
    chosen = "shared_citizen_office - baseline: citizen_hours"
    tornado.set_value(chosen).run()
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.selectbox(key="tornado_difference").value == chosen
    assert any("Reading" in t.value.columns for t in at.table)
    assert_readable(at)


def test_a_small_sweep_starts_from_the_browser(app_folders):
    text = (REPO / "tests" / "data" / "sweeps" / "app_robustness.yaml").read_text(encoding="utf-8")
    (app_folders / "sweep_files" / "tiny.yaml").write_text(text.replace("../../../scenarios/", f"{REPO}/scenarios/"))
    at = open_tab(start_app(), "robustness_tab")
    assert label("no_sweeps", "de") in [i.value for i in at.info]
    assert not at.button(key="sweep_start").disabled
    at.button(key="sweep_start").click().run()
    assert_clean(at)
    assert label("sweep_done", "de") in [s.value for s in at.success]
    assert (app_folders / "sweeps" / "app_robustness" / "results.parquet").is_file()
    assert at.selectbox(key="sweep_result").value == "app_robustness"
    assert any("Befund" in t.value.columns for t in at.table)


# ------------------------------------------------------------------------------------------ Südwestfalen


def visible_span_degrees(zoom: float, width_px: int, height_px: int, latitude: float) -> tuple[float, float]:
    """The longitude and latitude a web map of this size shows at this zoom (near the given latitude)."""
    lon_span = width_px * 360.0 / (512.0 * 2**zoom)
    return lon_span, lon_span * height_px / width_px * np.cos(np.radians(latitude))


def test_suedwestfalen_is_offered_runs_and_its_map_fits_the_whole_region():
    at = start_app()
    region = at.selectbox(key="region")
    assert any("Südwestfalen" in option for option in region.options), region.options
    region.set_value("suedwestfalen").run()
    assert_clean(at)
    assert at.multiselect(key="scenarios").value == ["baseline"]
    # 400 service points: the sidebar shows one municipality's at a time, not 1,700 widgets.
    assert at.selectbox(key="baseline__adjust_municipality").value == "arnsberg"
    assert len(at.number_input) < 40
    [point] = [n for n in at.number_input if n.key.startswith("baseline__desks__") and "arnsberg" in n.key][:1]
    point.set_value(point.value + 1).run()
    at.selectbox(key="baseline__adjust_municipality").set_value("menden").run()
    assert_clean(at)
    changes = json.loads(at.query_params["ov"] if isinstance(at.query_params["ov"], str) else at.query_params["ov"][0])
    assert changes["service_points"][point.key.removeprefix("baseline__desks__")]["desks"] == point.value
    at.selectbox(key="baseline__adjust_municipality").set_value("arnsberg").run()
    point = at.number_input(key=point.key)
    point.set_value(point.value - 1).run()
    # A whole year of 1.39 million residents is within the caps, and the sidebar says what it costs.
    at.slider(key="days").set_value(365).run()
    assert not [w.value for w in at.sidebar.warning]
    [cost] = [c.value for c in at.sidebar.caption if c.value.startswith("Aufwand")]
    assert re.search(r"Läufe: 1, Anliegen: 1\d\.\d{3}\.\d{3}, Arbeitsspeicher je Lauf: bis zu 1,\d GB", cost), cost
    at = run_scenarios(at, ["baseline"], days=7)
    [deck] = [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]
    view = deck["initialViewState"]
    assert 6.5 < view["zoom"] < 9.0
    scenario = load_scenario(REPO / "scenarios" / "suedwestfalen" / "baseline.yaml")
    lats = [d.lat for m in scenario.region.municipalities.values() for d in m.districts.values()]
    lons = [d.lon for m in scenario.region.municipalities.values() for d in m.districts.values()]
    lon_span, lat_span = visible_span_degrees(view["zoom"], 900, 560, view["latitude"])
    assert view["longitude"] - lon_span / 2 < min(lons) and max(lons) < view["longitude"] + lon_span / 2
    assert view["latitude"] - lat_span / 2 < min(lats) and max(lats) < view["latitude"] + lat_span / 2
    labels = next(layer for layer in deck["layers"] if layer["id"] == "labels")["data"]
    towns = [m.name for m in scenario.region.municipalities.values() if m.population >= 20_000]
    assert 10 < len(towns) < 40 and sorted(row["text"] for row in labels) == sorted(towns)
    # 59 payers: the smallest are one bar part; 59 municipalities: one panel of travel times for the region.
    payers = set(chart_data(at, "Zahler")["Zahler"])
    assert len(payers) == 12 and any(re.fullmatch(r"\d+ weitere Kommunen", payer) for payer in payers), payers
    assert label("whole_region_note", "de") in [c.value for c in at.caption]
