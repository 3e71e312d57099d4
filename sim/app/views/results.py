"""The results of the last run: out-of-date banner, who gains and who pays, cards, table, map, charts, downloads."""

import json
from typing import Literal

import streamlit as st

from sim.app.i18n import label
from sim.app.intervals import Card, Values, indistinct_sentence, interval_cards
from sim.app.names import Entry, PlaceNames, markdown_safe, pick, place_names
from sim.app.presentation import gains_lines, kpi_cards, municipality_table, period_note
from sim.app.report import ReportInput, report_html
from sim.app.variants import variant_yaml
from sim.app.views.charts import show_charts, show_differences
from sim.app.views.map_view import shapes_of, show_map
from sim.app.views.runs import aligned
from sim.app.views.sidebar import Comparison
from sim.io.config import Scenario
from sim.runner import RunResult

# Card labels carry their unit and period; they wrap instead of being cut off.
METRIC_LABELS_WRAP = (
    "<style>[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] * "
    "{ white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }</style>"
)
LONG_TABLE_ROWS = 20
DELTA_COLOURS: dict[str, Literal["inverse", "normal", "off"]] = {
    "lower": "inverse",
    "higher": "normal",
    "neither": "off",
}


def is_stale(comparison: Comparison) -> bool:
    """Return whether the settings changed since the results on screen were computed."""
    _, keys = aligned(comparison.scenarios)
    last = st.session_state.get("last_entries", [])
    return keys != st.session_state.get("last_keys") or [e.key for e in comparison.entries] != [e.key for e in last]


def _show_gains(names: list[str], results: list[RunResult], places: PlaceNames, lang: str) -> None:
    if len(results) < 2:
        return
    st.subheader(label("who_gains", lang))
    st.caption(label("gains_reference", lang, reference=markdown_safe(names[0])))
    safe = [markdown_safe(name) for name in names]
    st.markdown("\n".join(f"- {line}" for line in gains_lines(safe, results, places, lang)))


def references(entries: list[Entry]) -> list[int]:
    """Return for each entry the index of the one it is compared with: its original (a variant), else the first."""
    keys = [entry.key for entry in entries]
    return [keys.index(entry.original) if entry.original in keys else 0 for entry in entries]


def _card_row_title(entries: list[Entry], index: int, compared: int, lang: str) -> None:
    entry = entries[index]
    title, other = markdown_safe(entry.name(lang)), markdown_safe(entries[compared].name(lang))
    if index == 0:
        st.markdown(f"**{title}** · {label('reference_mark', lang)}")
    elif entry.original is not None:
        st.markdown(f"**{title}** · {label('variant_of', lang, name=other)}")
    else:
        st.markdown(f"**{title}** · {label('against', lang, name=other)}")


def _show_cards(entries: list[Entry], results: list[RunResult], values: Values | None, lang: str) -> None:
    replications = next(iter(values.values())).shape[1] if values else 1
    refs = references(entries)
    for index, result in enumerate(results):
        compared = refs[index]
        _card_row_title(entries, index, compared, lang)
        against = label("against", lang, name=entries[compared].name(lang)) if index else None
        if replications > 1 and values is not None:
            cards = interval_cards(result.summary, values, index, compared if index else None, lang)
        else:
            reference = results[compared].summary if index else None
            cards = [Card(kpi, title, value, delta, False) for kpi, title, value, delta in
                     kpi_cards(result.summary, reference, lang)]  # fmt: skip
        columns = st.columns(len(cards))
        for column, card in zip(columns, cards, strict=True):
            verdict = label("not_distinguishable" if card.indistinct else "distinguishable", lang)
            colour = "off" if card.indistinct else DELTA_COLOURS[card.kpi.better]
            column.metric(
                card.label, card.value, card.delta, delta_color=colour,
                delta_description=against if card.delta else None,
                help=label("card_help", lang, verdict=verdict) if card.delta and replications > 1 else None,
            )  # fmt: skip
        sentence = indistinct_sentence(cards, lang)
        if sentence:
            st.caption(sentence)
    st.caption(period_note(results[0].summary, lang))
    st.caption(label("interval_note", lang, reps=replications) if replications > 1 else label("single_run_note", lang))


def _show_descriptions(entries: list[Entry], lang: str) -> None:
    with st.expander(label("scenario_descriptions", lang)):
        for entry in entries:
            st.markdown(f"**{markdown_safe(entry.name(lang))}** – {markdown_safe(pick(entry.summary, lang))}")


def _show_downloads(comparison: Comparison, entries: list[Entry], results: list[RunResult],
                    scenarios: list[Scenario], lang: str) -> None:  # fmt: skip
    st.subheader(label("downloads", lang))
    names = [markdown_safe(entry.name(lang)) for entry in entries]
    report = ReportInput(entries, results, scenarios, lang, st.session_state.get("last_values"))
    st.download_button(
        label("report_download", lang), report_html(report), "ikz_bericht.html" if lang == "de" else "ikz_report.html",
        mime="text/html", key="dl_report", type="primary", help=label("report_help", lang),
    )  # fmt: skip
    for entry, name, result in zip(entries, names, results, strict=True):
        slug = entry.key.replace("+", "_").replace(":", "_")
        columns = st.columns(3)
        columns[0].download_button(
            f"{name}: summary.json", json.dumps(result.summary, indent=2, ensure_ascii=False),
            f"{slug}_summary.json", key=f"dl_summary_{slug}",
        )  # fmt: skip
        columns[1].download_button(
            "by_municipality.csv", result.by_municipality.to_csv(index=False), f"{slug}_by_municipality.csv",
            key=f"dl_muni_{slug}",
        )  # fmt: skip
        columns[2].download_button(
            "daily.csv", result.daily.to_csv(index=False), f"{slug}_daily.csv", key=f"dl_daily_{slug}"
        )
    if comparison.edit and comparison.variant is not None:
        text = variant_yaml(f"{comparison.edit}.yaml", comparison.variant, comparison.overrides)
        st.download_button(label("variant_save", lang), text, f"{comparison.edit}_variante.yaml", key="dl_yaml")
        st.caption(label("variant_link", lang))


def show_results(comparison: Comparison, lang: str) -> None:
    """Draw the last finished run of this session, with a banner if the settings changed since."""
    if st.session_state.get("last_keys") is None:
        st.info(label("press_run", lang))
        return
    entries: list[Entry] = st.session_state.last_entries
    results: list[RunResult] = st.session_state.last_results
    scenarios: list[Scenario] = st.session_state.last_scenarios
    st.markdown(METRIC_LABELS_WRAP, unsafe_allow_html=True)
    if is_stale(comparison):
        st.warning(label("stale", lang), icon="⚠️")
    names = [entry.name(lang) for entry in entries]
    region = scenarios[0].region
    places = place_names(region, [scenario.config for scenario in scenarios])
    _show_gains(names, results, places, lang)
    _show_cards(entries, results, st.session_state.get("last_values"), lang)
    show_differences(names, st.session_state.get("last_values"), references(entries), results[0].summary, lang)
    _show_descriptions(entries, lang)
    st.subheader(label("by_municipality", lang))
    st.caption(label("table_note", lang))
    table = municipality_table(names, results, places, lang)
    if len(table) > LONG_TABLE_ROWS:
        st.dataframe(table, hide_index=True, height=420)  # a whole region: scroll instead of a page of rows
    else:
        st.table(table, hide_index=True)
    st.subheader(label("map", lang))
    shapes_of(region)
    show_map(names, results, region, places, lang)
    st.subheader(label("charts", lang))
    show_charts(names, results, scenarios, places, lang, st.session_state.get("last_replications"))
    _show_downloads(comparison, entries, results, scenarios, lang)
