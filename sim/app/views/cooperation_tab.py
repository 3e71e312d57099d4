"""The tab 'Lohnt es sich? Wer zahlt was?': a coalition analysis of one cooperation scenario of the comparison."""

import altair as alt
import pandas as pd
import streamlit as st

from sim.analysis.coalition_report import allocation_content
from sim.analysis.coalition_views import ViewAllocation
from sim.analysis.coalitions import CoalitionResult
from sim.app.cooperation import (
    badges,
    bar_frame,
    has_agreements,
    plan_coalitions,
    plan_refusal,
    reading,
    saving_frame,
)  # fmt: skip
from sim.app.i18n import label, number, register_labels
from sim.app.jobs import CoalitionJob, cache_folder
from sim.app.names import PlaceNames, markdown_safe, place_names
from sim.app.views.charts import localised
from sim.app.views.queued import ENGINE, collect, submit
from sim.app.views.runs import aligned
from sim.app.views.state import kept_choice
from sim.app.workload import describe_workload
from sim.io.outputs import json_text

SLOT = "coalitions"
BADGE_COLOURS = {True: "green", False: "red", None: "gray"}

register_labels({
    "coalitions_intro": {
        "de": (
            "Für jede Gruppe der Mitglieder (Koalition) wird das Szenario gerechnet, in dem nur diese Gruppe "
            "zusammenarbeitet; die anderen bleiben allein wie im Basisszenario. Daraus folgt, was jede Kommune "
            "allein zahlen würde und wie die Kosten der Zusammenarbeit nach verschiedenen Regeln aufgeteilt werden "
            "(docs/COALITIONS.md). Tage, Startwert, Wiederholungen und Bevölkerungsjahr kommen aus der Seitenleiste."
        ),
        "en": (
            "For every group of members (coalition) the scenario is run in which only that group cooperates; the "
            "others stand alone as in the base scenario. That gives what each municipality would pay alone and how "
            "the cost of cooperation is split by different rules (docs/COALITIONS.md). Days, seed, replications and "
            "population year come from the sidebar."
        ),
    },
    "coalition_scenario": {"de": "Zusammenarbeit", "en": "Cooperation"},
    "coalitions_run": {"de": "Koalitionen rechnen", "en": "Run the coalitions"},
    "no_cooperation": {
        "de": "Keines der gewählten Szenarien hat eine Vereinbarung. Bitte ein Szenario mit Zusammenarbeit wählen.",
        "en": "None of the chosen scenarios has an agreement. Please choose a scenario with cooperation.",
    },
    "coalitions_press": {
        "de": "»Koalitionen rechnen« drücken, um die Aufteilungen zu sehen.",
        "en": "Press 'Run the coalitions' to see the allocations.",
    },
    "coalitions_stale": {
        "de": "Diese Ergebnisse gehören zu anderen Einstellungen. Bitte »Koalitionen rechnen« drücken.",
        "en": "These results belong to other settings. Please press 'Run the coalitions'.",
    },
    "cost_view": {"de": "Welche Kosten", "en": "Which costs"},
    "badges_title": {
        "de": "Fair? Individuell rational und im Kern", "en": "Fair? Individually rational and in the core"
    },
    "badges_note": {
        "de": (
            "Individuell rational: keine Kommune zahlt mehr als allein. Im Kern: auch keine Gruppe von Kommunen "
            "zahlt zusammen mehr, als sie ohne die anderen zahlen würde."
        ),
        "en": (
            "Individually rational: no municipality pays more than alone. In the core: no group of municipalities "
            "pays more together than it would without the others either."
        ),
    },
    "reading_title": {"de": "Was das heißt", "en": "What it means"},
    "cost_chart_title": {
        "de": "Was jede Kommune zahlt: allein und nach jeder Aufteilung",
        "en": "What each municipality pays: alone and under each allocation",
    },
    "saving_chart_title": {
        "de": "Ersparnis gegenüber allein (negativ: zahlt mehr als allein)",
        "en": "Saving against alone (negative: pays more than alone)",
    },
    "generalised_values": {
        "de": "Zeit der Bürger zu {time} EUR je Stunde, CO2 zu {co2} EUR je Tonne (Quellen: docs/COALITIONS.md).",
        "en": "Residents' time at {time} EUR an hour, CO2 at {co2} EUR a tonne (sources: docs/COALITIONS.md).",
    },
    "saving_interval_note": {
        "de": "Linien: gepaartes 95-%-Intervall der Ersparnis gegenüber allein über {reps} Wiederholungen.",
        "en": "Lines: paired 95 % interval of the saving against alone over {reps} replications.",
    },
    "nucleolus_missing": {
        "de": "Kein Nukleolus: Er ist nicht definiert, wenn keine Aufteilung jede Kommune so gut stellt wie allein.",
        "en": "No nucleolus: it is undefined when no allocation leaves every municipality as well off as alone.",
    },
    "allocation_download": {"de": "Aufteilung herunterladen (allocation.json)", "en": "Download the allocation (allocation.json)"},  # noqa: E501 - text
})  # fmt: skip


def _faceted_bars(frame: pd.DataFrame, replicated: bool, lang: str) -> None:
    """Draw a value per allocation as bars coloured by 'saves / pays more', one panel per member, with intervals."""
    municipality, method, value, low, high, status = frame.columns
    order = list(dict.fromkeys(frame[method]))
    colour = alt.Color(f"{status}:N", title=status, legend=alt.Legend(orient="bottom"), scale=alt.Scale(
        domain=[label("alone_word", lang), label("saves", lang), label("pays_more_word", lang)],
        range=["#9e9e9e", "#2e7d32", "#c62828"]))  # fmt: skip
    axis = alt.Y(f"{method}:N", title=method, sort=order, axis=alt.Axis(labelLimit=0))
    layers = [alt.Chart().mark_bar().encode(
        y=axis, x=alt.X(f"{value}:Q", title=value, axis=alt.Axis(format=",.0f")), color=colour,
        tooltip=[municipality, method, alt.Tooltip(f"{value}:Q", format=",.0f"), status],
    )]  # fmt: skip
    if replicated:
        layers.append(alt.Chart().mark_rule(color="black").encode(y=axis, x=alt.X(f"{low}:Q", title=value),
                                                                    x2=f"{high}:Q"))  # fmt: skip
    chart = alt.layer(*layers, data=frame).properties(width=520).facet(
        row=alt.Row(f"{municipality}:N", title=municipality, header=alt.Header(labelAngle=0, labelAlign="left"))
    )  # fmt: skip
    st.altair_chart(localised(chart, lang))


def _charts(view: ViewAllocation, result: CoalitionResult, places: PlaceNames, lang: str) -> None:
    bars = bar_frame(view, result.own_cost_keys, places, lang)
    replicated = len(result.seeds) > 1
    st.markdown(f"**{label('cost_chart_title', lang)}**")
    _faceted_bars(bars, replicated, lang)
    st.markdown(f"**{label('saving_chart_title', lang)}**")
    _faceted_bars(saving_frame(bars, lang), replicated, lang)
    if replicated:
        st.caption(label("saving_interval_note", lang, reps=len(result.seeds)))


def _badges(view: ViewAllocation, result: CoalitionResult, places: PlaceNames, lang: str) -> None:
    st.markdown(f"**{label('badges_title', lang)}**")
    lines = []
    for name, shown in badges(view, result.own_cost_keys, places, lang):
        marks = " ".join(f":{BADGE_COLOURS[state]}-badge[{markdown_safe(text)}]" for text, state in shown)
        lines.append(f"- **{markdown_safe(name)}**: {marks}")
    st.markdown("\n".join(lines))
    st.caption(label("badges_note", lang))
    if "nucleolus" not in view.allocations:
        st.caption(label("nucleolus_missing", lang))


def show_result(result: CoalitionResult, lang: str) -> None:
    """Draw the chosen view of a finished analysis: bars, badges and the reading."""
    places = place_names(result.scenario.region, [result.scenario.config])
    views = list(result.views)
    chosen = kept_choice(st.radio, label("cost_view", lang), views, "coalition_view", views[0], horizontal=True,
                         format_func=lambda view: label(f"view_{view}", lang))  # fmt: skip
    view = result.views[chosen]
    if chosen == "generalised":
        values = result.values
        st.caption(label("generalised_values", lang, time=number(values.value_of_time_eur_per_hour, lang, 2),
                         co2=number(values.co2_eur_per_tonne, lang)))  # fmt: skip
    st.markdown(f"**{label('reading_title', lang)}**")
    st.markdown("\n".join(f"- {markdown_safe(line)}" for line in reading(view, result.own_cost_keys, places, lang)))
    _charts(view, result, places, lang)
    _badges(view, result, places, lang)
    st.download_button(label("allocation_download", lang), json_text(allocation_content(result)),
                       "allocation.json", mime="application/json", key="coalition_download")  # fmt: skip


def draw_cooperation(lang: str) -> None:
    """Draw the tab: pick a cooperation scenario, see the cost beforehand, run the coalitions, read the result."""
    st.caption(label("coalitions_intro", lang))
    comparison = st.session_state.get("comparison")
    candidates = [] if comparison is None else [
        (entry, scenario) for entry, scenario in zip(comparison.entries, comparison.scenarios, strict=True)
        if has_agreements(scenario)
    ]  # fmt: skip
    if not candidates:
        st.info(label("no_cooperation", lang))
        return
    keys = [entry.key for entry, _ in candidates]
    names = {entry.key: entry.name(lang) for entry, _ in candidates}
    chosen = kept_choice(st.selectbox, label("coalition_scenario", lang), keys, "coalition_scenario", keys[-1],
                         format_func=lambda key: names[key])  # fmt: skip
    [scenario], _ = aligned([dict(zip(keys, (s for _, s in candidates), strict=True))[chosen]])
    days, seed, reps = scenario.config.simulation.days, scenario.config.simulation.seed, int(st.session_state.reps)
    plan = plan_coalitions(scenario, days, reps)
    st.caption(describe_workload(plan.workload, plan.runs, 1, lang))
    refused = plan_refusal(plan, lang)
    if refused is not None:
        st.warning(refused)
    job_key = ("coalitions", scenario.sha256, seed, days, reps, ENGINE)
    if st.button(label("coalitions_run", lang), key="coalitions_run", type="primary", disabled=refused is not None):
        job = CoalitionJob(scenario, days, seed, reps, cache_folder("coalitions"), ENGINE)
        submit(SLOT, [(job_key, job)], lang)
    done = collect(SLOT, lang)
    if done is None:
        st.info(label("coalitions_press", lang))
        return
    done_keys, [result] = done
    if done_keys != (job_key,):
        st.warning(label("coalitions_stale", lang))
    st.subheader(label("coalitions_tab", lang))
    show_result(result, lang)
