"""The map: a layer switch, arcs and background on or off, the deck, a colour bar with units and the method."""

import html
from typing import Any

import streamlit as st

from sim.app.fairness_tables import beyond_table, fairness_table, left_behind_table
from sim.app.geometry import RegionShapes, region_shapes
from sim.app.i18n import label
from sim.app.map_layers import Legend, MapChoice, build_deck, map_layers
from sim.app.names import PlaceNames
from sim.app.views.state import remember, remembered
from sim.io.schema import RegionConfig
from sim.runner import RunResult
from sim.summary.kpi_registry import DISTRICT_BY_KEY, PER_SERVICE_LAYER_KEYS

MAP_HEIGHT_PX = 560
CHECKBOX_LABELS = {"difference": "difference", "arcs": "map_arcs", "background": "map_background",
                   "left_behind": "left_behind"}  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=8)
def _shapes(region_json: str, _region: RegionConfig) -> RegionShapes:
    return region_shapes(_region)


def shapes_of(region: RegionConfig) -> RegionShapes:
    """Return the region's approximate areas, computed once per region content."""
    return _shapes(region.model_dump_json(), region)


def legend_html(legend: Legend) -> str:
    """Return the colour bar with its title (unit included), its ends and its note, as HTML."""
    note = f"<div style='font-size:0.85em;margin-top:4px'>{html.escape(legend.note)}</div>" if legend.note else ""
    return (
        "<div data-testid='map-legend'>"
        f"<div style='font-weight:600'>{html.escape(legend.title)}</div>"
        f"<div style='height:14px;border-radius:3px;background:{legend.gradient}'></div>"
        "<div style='display:flex;justify-content:space-between;font-size:0.9em'>"
        f"<span>{html.escape(legend.low)}</span><span>{html.escape(legend.high)}</span></div>{note}</div>"
    )


def _layer(layers: list[str], places: PlaceNames, lang: str) -> tuple[str, list[str]]:
    """Return the chosen layer ('key' or 'key:service') and the services the summary has per-service figures for."""
    bases = list(dict.fromkeys(layer.partition(":")[0] for layer in layers))
    remembered("metric", bases, bases[0])
    base = st.radio(
        label("map_layer", lang), bases, horizontal=True, key="metric",
        format_func=lambda key: DISTRICT_BY_KEY[key].label(lang),
    )  # fmt: skip
    remember("metric")
    services = list(dict.fromkeys(layer.partition(":")[2] for layer in layers if ":" in layer))
    if services and (base in PER_SERVICE_LAYER_KEYS or st.session_state.get("left_behind")):
        remembered("map_service", services, services[0])
        service = st.selectbox(label("map_service", lang), services, key="map_service",
                               format_func=lambda s: places.service(s, lang))  # fmt: skip
        remember("map_service")
        return (f"{base}:{service}" if base in PER_SERVICE_LAYER_KEYS else base), services
    return base, services


def _choice(layers: list[str], names: list[str], places: PlaceNames, lang: str) -> tuple[int, MapChoice]:
    indices = list(range(len(names)))
    remembered("map_scenario", indices, len(names) - 1)
    shown = st.selectbox(label("map_scenario", lang), indices, key="map_scenario", format_func=names.__getitem__)
    remember("map_scenario")
    layer, services = _layer(layers, places, lang)
    columns = st.columns(4)
    checkboxes = (("difference", False), ("arcs", True), ("background", True), ("left_behind", False))
    for column, (key, default) in zip(columns, checkboxes, strict=True):
        remembered(key, [True, False], default)
        with column:
            st.checkbox(label(CHECKBOX_LABELS[key], lang), key=key,
                        help=label("left_behind_help", lang) if key == "left_behind" else None)  # fmt: skip
        remember(key)
    service = st.session_state.get("map_service") if st.session_state.left_behind and services else None
    choice = MapChoice(layer, bool(st.session_state.difference), bool(st.session_state.arcs),
                       bool(st.session_state.background), service)  # fmt: skip
    return shown, choice


def show_map(names: list[str], results: list[RunResult], region: RegionConfig, places: PlaceNames, lang: str) -> None:
    """Draw the map of the chosen scenario with its legend, the method of the borders and the background's source."""
    layers = map_layers(results[0].summary)
    shown, choice = _choice(layers, names, places, lang)
    summary = results[shown].summary
    deck, legend, (arcs, flows) = build_deck(
        summary, results[0].summary, shapes_of(region), places, choice, names[0], lang
    )
    map_column, legend_column = st.columns([4, 1])
    with map_column:
        st.pydeck_chart(deck, height=MAP_HEIGHT_PX, key="map_chart")
    with legend_column:
        st.markdown(legend_html(legend), unsafe_allow_html=True)
        st.markdown(
            "<div style='margin-top:12px'><span style='display:inline-block;width:12px;height:12px;"
            "border-radius:6px;background:rgb(20,40,120)'></span> "
            f"{html.escape(label('legend_points', lang))}</div>",
            unsafe_allow_html=True,
        )
        if choice.show_arcs:
            st.caption(label("map_arcs_count", lang, shown=arcs, total=flows))
    st.caption(label("map_method", lang))
    if choice.show_background:
        st.caption(label("map_tiles_note", lang))
    if choice.left_behind:
        _show_left_behind(summary, choice.left_behind, places, lang)


def _show_left_behind(summary: dict[str, Any], service: str, places: PlaceNames, lang: str) -> None:
    """Draw who is left behind: the Ortsteile beyond 30 minutes, the shares by group, the fairness figures."""
    st.markdown(f"**{label('left_behind', lang)}** – {places.service(service, lang)}")
    table = left_behind_table(summary, service, places, lang)
    if table.empty:
        st.caption(label("left_behind_none", lang))
    else:
        st.dataframe(table, hide_index=True, key="left_behind_table")
    st.dataframe(beyond_table(summary, places, lang), hide_index=True, key="beyond_table")
    with st.expander(label("fairness_title", lang)):
        st.caption(label("fairness_caption", lang))
        st.dataframe(fairness_table(summary, places, lang), hide_index=True, key="fairness_table")
