"""The tab '2025 vs 2040': the projected residents without a run, and the same scenarios run at two years."""

from typing import Any

import altair as alt
import streamlit as st

from sim.app.i18n import label, register_labels
from sim.app.views.charts import localised
from sim.app.views.queued import JOBS, collect, submit
from sim.app.views.runs import aligned, replication_batch
from sim.app.views.state import KEEP, remember
from sim.app.workload import describe_refusal, describe_workload, estimate_batch, refusal
from sim.app.years import (
    age_frame,
    demand_frame,
    municipality_frame,
    with_population_year,
    year_range,
    years_comparison_frame,
)  # fmt: skip
from sim.io.config import Scenario
from sim.runner import RunResult, replication_seeds, with_replication_block

SLOT = "years"
DEFAULT_SECOND_YEAR = 2040

register_labels({
    "years_tab": {"de": "2025 vs 2040", "en": "2025 vs 2040"},
    "years_intro": {
        "de": (
            "Die Bevölkerung altert: Die Vorausberechnung (je Kreis und Altersgruppe, docs/YEARS_AHEAD.md) verteilt "
            "die Einwohner auf ein anderes Jahr um. Die Einwohnerzahlen stehen ohne Lauf fest; was das für "
            "Wartezeiten, Wege und Kosten heißt, zeigen Läufe derselben Szenarien in beiden Jahren."
        ),
        "en": (
            "The population ages: the projection (by Kreis and age group, docs/YEARS_AHEAD.md) reweights the residents "
            "to another year. The residents follow without a run; what that means for waits, trips and costs needs "
            "runs of the same scenarios in both years."
        ),
    },
    "no_projections": {
        "de": "Für diese Region gibt es keine Bevölkerungsvorausberechnung.",
        "en": "This region has no population projection.",
    },
    "years_pair": {"de": "Welche Jahre", "en": "Which years"},
    "residents_by_age": {"de": "Einwohner nach Altersgruppe", "en": "Residents by age group"},
    "demand_by_year": {"de": "Anliegen je Einwohner und Jahr", "en": "Requests per resident and year"},
    "years_by_municipality": {"de": "Einwohner je Kommune", "en": "Residents by municipality"},
    "years_run": {"de": "Beide Jahre rechnen", "en": "Run both years"},
    "years_runs_title": {"de": "Dieselben Szenarien in beiden Jahren", "en": "The same scenarios in both years"},
    "years_press": {
        "de": "»Beide Jahre rechnen« rechnet die Szenarien der Seitenleiste in beiden Jahren.",
        "en": "'Run both years' runs the sidebar's scenarios in both years.",
    },
    "years_stale": {
        "de": "Diese Ergebnisse gehören zu anderen Einstellungen. Bitte »Beide Jahre rechnen« drücken.",
        "en": "These results belong to other settings. Please press 'Run both years'.",
    },
    "years_note": {
        "de": (
            "Gleicher Startwert in beiden Jahren: Wer bleibt, behält Wohnort, Alter, Auto und Online-Nutzung; die "
            "Anliegen werden neu gezogen. Mit Wiederholungen: Mittelwerte. Kosten je Jahr."
        ),
        "en": (
            "The same seed in both years: those who remain keep home, age, car and online use; their needs are drawn "
            "afresh. With replications: means. Costs per year."
        ),
    },
})  # fmt: skip


def _projection(scenario: Scenario, years: tuple[int, int], lang: str) -> None:
    region = scenario.region
    st.markdown(f"**{label('residents_by_age', lang)}**")
    frame = age_frame(region, list(years), lang)
    year, age, residents = frame.columns
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{age}:N", title=age, axis=alt.Axis(labelAngle=0)), xOffset=alt.XOffset(f"{year}:N"),
        y=alt.Y(f"{residents}:Q", title=residents, axis=alt.Axis(format=",.0f")),
        color=alt.Color(f"{year}:N", title=year, legend=alt.Legend(orient="bottom")), tooltip=[year, age, residents],
    )  # fmt: skip
    st.altair_chart(localised(chart, lang), width="stretch")
    st.markdown(f"**{label('demand_by_year', lang)}**")
    demand = demand_frame(scenario.config, region, list(years), lang)
    service, year, per_head = demand.columns
    chart = alt.Chart(demand).mark_bar().encode(
        x=alt.X(f"{service}:N", title=service, axis=alt.Axis(labelAngle=0)), xOffset=alt.XOffset(f"{year}:N"),
        y=alt.Y(f"{per_head}:Q", title=per_head), color=alt.Color(f"{year}:N", title=year,
                                                                  legend=alt.Legend(orient="bottom")),
        tooltip=[service, year, per_head],
    )  # fmt: skip
    st.altair_chart(localised(chart, lang), width="stretch")
    with st.expander(label("years_by_municipality", lang)):
        st.dataframe(municipality_frame(region, years[0], years[1], lang), hide_index=True)


def _batch(scenarios: list[Scenario], years: tuple[int, int]) -> tuple[list[Any], list[Scenario], list[int]]:
    """Return the jobs of both years (year-major, then scenario, then replication), the scenarios and the seeds."""
    runs, _ = aligned(scenarios)
    seeds = replication_seeds(int(st.session_state.seed), int(st.session_state.reps))
    shifted = [with_population_year(scenario, year) for year in years for scenario in runs]
    return replication_batch(shifted, seeds), shifted, seeds


def _results(results: list[RunResult], seeds: list[int]) -> list[RunResult]:
    reps = len(seeds)
    groups = [results[start : start + reps] for start in range(0, len(results), reps)]
    return [runs[0] if reps == 1 else with_replication_block(runs, seeds) for runs in groups]


def _runs(scenarios: list[Scenario], names: list[str], years: tuple[int, int], lang: str) -> None:
    st.markdown(f"**{label('years_runs_title', lang)}**")
    batch, shifted, seeds = _batch(scenarios, years)
    workload = estimate_batch((scenario, len(seeds)) for scenario in shifted)
    st.caption(describe_workload(workload, len(batch), min(JOBS, len(batch)), lang))
    refused = refusal(workload)
    if refused is not None:
        st.warning(describe_refusal(refused, lang))
    keys = tuple(key for key, _ in batch)
    if st.button(label("years_run", lang), key="years_run", type="primary", disabled=refused is not None):
        submit(SLOT, batch, lang)
    done = collect(SLOT, lang)
    if done is None:
        st.info(label("years_press", lang))
        return
    if done[0] != keys:
        st.warning(label("years_stale", lang))
        if len(done[1]) != len(batch):
            return
    results = _results(done[1], seeds)
    half = len(results) // 2
    st.table(years_comparison_frame(names, results[:half], results[half:], years, lang), hide_index=True)
    st.caption(label("years_note", lang))


def draw_years(lang: str) -> None:
    """Draw the tab: two years, the residents and demand per head in each, and the sidebar's scenarios run in both."""
    st.caption(label("years_intro", lang))
    comparison = st.session_state.get("comparison")
    if comparison is None or not comparison.scenarios:
        return
    first_scenario = comparison.scenarios[0]
    span = year_range(first_scenario.region)
    if span is None:
        st.info(label("no_projections", lang))
        return
    low, high, base = span
    default = (base, min(max(DEFAULT_SECOND_YEAR, low), high))
    if not isinstance(st.session_state.get("years_pair"), tuple):
        kept = st.session_state.get(KEEP + "years_pair")
        st.session_state["years_pair"] = kept if isinstance(kept, tuple) else default
    pair: tuple[int, int] = st.slider(label("years_pair", lang), low, high, key="years_pair")  # type: ignore[assignment]
    remember("years_pair")
    years = (int(pair[0]), int(pair[1]))
    _projection(first_scenario, years, lang)
    names = [entry.name(lang) for entry in comparison.entries]
    _runs(comparison.scenarios, names, years, lang)
