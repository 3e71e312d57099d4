"""The charts: daily waits by service with a place selector, travel times, and costs by who pays."""

from typing import Any

import altair as alt
import streamlit as st

from sim.app.i18n import label, register_labels
from sim.app.intervals import Values, difference_frame, mean_cost_frame
from sim.app.names import PlaceNames, markdown_safe
from sim.app.presentation import cost_frame, daily_wait_frame, largest_payers, travel_histogram_frame
from sim.app.views.state import remember, remembered
from sim.io.config import Scenario
from sim.runner import RunResult

ALL = ""  # the place selector's "all service points"
MAX_MUNICIPALITY_PANELS = 8  # more municipalities (a whole region) are summed in one panel, and the smallest payers
MAX_PAYERS = 12  # ... are summed into one bar part
Replications = list[list[RunResult]]  # per scenario, every replication (the first one first)
GERMAN_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]}

register_labels({
    "whole_region_note": {
        "de": "Die ganze Region in einem Bild (zu viele Kommunen für je ein eigenes).",
        "en": "The whole region in one panel (too many municipalities for one each).",
    },
    "cost_interval_note": {
        "de": "Balken: Mittel über die Wiederholungen; schwarze Linie: 95-%-Intervall der Summe je Szenario.",
        "en": "Bars: mean over the replications; black line: 95 % interval of each scenario's total.",
    },
})  # fmt: skip


def localised(chart: Any, lang: str) -> Any:
    """Return the chart with numbers written as the language writes them (12.345,6 in German)."""
    return chart.configure(locale={"number": GERMAN_NUMBERS}) if lang == "de" else chart


def _daily_waits(names: list[str], results: list[RunResult], scenarios: list[Scenario], places: PlaceNames,
                 lang: str) -> None:  # fmt: skip
    index = st.session_state.get("map_scenario", len(names) - 1)
    index = index if isinstance(index, int) and 0 <= index < len(names) else len(names) - 1
    result, config = results[index], scenarios[index].config
    summary = result.summary
    points = [ALL] + [p for p, f in summary["service_points"].items() if f["visits"] > 0]
    remembered("wait_place", points, ALL)
    point = st.selectbox(
        label("place", lang), points, key="wait_place",
        format_func=lambda p: label("all_points", lang) if p == ALL else places.point(p, lang),
    )  # fmt: skip
    remember("wait_place")
    frame = daily_wait_frame(result, config, places, lang, point or None)
    day, service, wait = label("day", lang), label("service", lang), label("mean_wait_axis", lang)
    st.markdown(f"**{label('daily_waits', lang)}** – {markdown_safe(names[index])}")
    chart = (
        alt.Chart(frame)
        .mark_line(point=summary["days"] <= 60)
        .encode(
            x=alt.X(
                f"{day}:Q",
                title=day,
                scale=alt.Scale(domain=[1, summary["days"]], nice=False),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),  # fmt: skip
            y=alt.Y(f"{wait}:Q", title=wait),
            color=alt.Color(f"{service}:N", title=service, legend=alt.Legend(orient="bottom", labelLimit=0)),
            tooltip=[day, service, wait],
        )
    )
    warmup = int(summary.get("warmup_days", 0) or 0)
    if warmup:
        band = alt.Chart({"values": [{"start": 1, "end": warmup}]}).mark_rect(color="#dddddd", opacity=0.6)
        chart = band.encode(x="start:Q", x2="end:Q") + chart
    st.altair_chart(localised(chart, lang), width="stretch")
    minutes = config.behaviour.initial_expected_wait_minutes
    st.caption(
        label("warmup_excluded", lang, days=warmup) if warmup else label("warmup_note", lang, minutes=f"{minutes:g}")
    )


def _travel_times(names: list[str], results: list[RunResult], places: PlaceNames, lang: str) -> None:
    frame = travel_histogram_frame(names, results, places, lang)
    scenario, municipality = label("scenario", lang), label("municipality", lang)
    age, travel, trips = label("age_group", lang), label("travel_from_axis", lang), label("trips_axis", lang)
    per_municipality = frame[municipality].nunique() <= MAX_MUNICIPALITY_PANELS
    st.markdown(f"**{label('travel_distribution', lang)}**")
    panels = {"column": alt.Column(f"{municipality}:N", title=municipality)} if per_municipality else {}
    chart = (
        alt.Chart(frame, height=120, width=320 if per_municipality else 640)
        .mark_bar()
        .encode(
            x=alt.X(f"{travel}:O", title=travel, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"sum({trips}):Q", title=trips),
            color=alt.Color(f"{age}:N", title=age, legend=alt.Legend(orient="bottom", labelLimit=0)),
            row=alt.Row(f"{scenario}:N", title=scenario, header=alt.Header(labelLimit=0, labelAngle=0,
                                                                             labelAlign="left")),
            tooltip=[scenario, age, travel, f"sum({trips}):Q"], **panels,
        )
    )  # fmt: skip
    st.altair_chart(localised(chart, lang))
    if not per_municipality:
        st.caption(label("whole_region_note", lang))


def _costs(names: list[str], per_scenario: list[list[RunResult]], places: PlaceNames, lang: str) -> None:
    replicated = len(per_scenario[0]) > 1
    if replicated:
        frame, totals = mean_cost_frame(names, per_scenario, places, lang)
    else:
        frame, totals = cost_frame(names, [runs[0] for runs in per_scenario], places, lang), None
    frame = largest_payers(frame, MAX_PAYERS, lang)
    scenario, payer, cost = frame.columns
    st.markdown(f"**{label('costs_by_payer', lang)}**")
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{scenario}:N", title=scenario, sort=names, axis=alt.Axis(labelLimit=0)),
            x=alt.X(f"sum({cost}):Q", title=cost, axis=alt.Axis(format=",.0f")),
            color=alt.Color(f"{payer}:N", title=payer, legend=alt.Legend(orient="bottom", labelLimit=0)),
            tooltip=[scenario, payer, alt.Tooltip(f"sum({cost}):Q", title=cost, format=",.0f")],
        )
    )
    if totals is not None:
        _, _, low, high = totals.columns
        whiskers = alt.Chart(totals).mark_rule(color="black", strokeWidth=2).encode(
            y=alt.Y(f"{scenario}:N", title=scenario, sort=names), x=alt.X(f"{low}:Q", title=cost), x2=f"{high}:Q",
            tooltip=[scenario, alt.Tooltip(f"{cost}:Q", title=cost, format=",.0f"),
                     alt.Tooltip(f"{low}:Q", format=",.0f"), alt.Tooltip(f"{high}:Q", format=",.0f")],
        )  # fmt: skip
        chart = chart + whiskers
    st.altair_chart(localised(chart, lang), width="stretch")
    st.caption(label("cost_payers_note", lang) + (" " + label("cost_interval_note", lang) if replicated else ""))


def _differences(names: list[str], values: Values, refs: list[int], summary: dict[str, Any], lang: str) -> None:
    """Draw each scenario's paired difference to its reference per card KPI, as a point with its 95 % interval."""
    frame = difference_frame(names, values, refs, summary, lang)
    if frame.empty:
        return
    scenario, figure, difference, low, high, verdict = frame.columns
    st.markdown(f"**{label('differences_chart', lang)}**")
    axis = alt.Y(f"{scenario}:N", title=None, sort=names, axis=alt.Axis(labelLimit=0))
    tooltip = [scenario, figure, difference, low, high, verdict]
    domain = [label("distinguishable", lang), label("not_distinguishable", lang)]
    colour = alt.Color(f"{verdict}:N", title=verdict, legend=alt.Legend(orient="bottom", labelLimit=0),
                       scale=alt.Scale(domain=domain, range=["#1f5fa8", "#999999"]))  # fmt: skip
    whiskers = (
        alt.Chart()
        .mark_rule(strokeWidth=2)
        .encode(x=alt.X(f"{low}:Q", title=difference), x2=f"{high}:Q", y=axis, color=colour, tooltip=tooltip)
    )
    points = (
        alt.Chart()
        .mark_point(filled=True, size=70)
        .encode(x=alt.X(f"{difference}:Q", title=difference), y=axis, color=colour, tooltip=tooltip)
    )
    zero = alt.Chart().mark_rule(strokeDash=[4, 4], color="#555555").encode(x=alt.datum(0))
    chart = (
        alt.layer(whiskers, points, zero, data=frame)
        .properties(height=24 * (len(names) - 1) + 10, width=520)
        .facet(row=alt.Row(f"{figure}:N", title=figure, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                         labelLimit=0)))
        .resolve_scale(x="independent")
    )  # fmt: skip
    st.altair_chart(localised(chart, lang))


def show_differences(names: list[str], values: Values | None, refs: list[int], summary: dict[str, Any],
                     lang: str) -> None:  # fmt: skip
    """Draw the paired differences with their intervals, where there are replications and something to compare."""
    if values is not None and next(iter(values.values())).shape[1] > 1 and len(names) > 1:
        _differences(names, values, refs, summary, lang)


def show_charts(names: list[str], results: list[RunResult], scenarios: list[Scenario], places: PlaceNames,
                lang: str, replications: Replications | None = None) -> None:  # fmt: skip
    """Draw daily waits, costs by who pays (with intervals where there are replications) and travel times."""
    _daily_waits(names, results, scenarios, places, lang)
    _costs(names, replications or [[result] for result in results], places, lang)
    _travel_times(names, results, places, lang)
