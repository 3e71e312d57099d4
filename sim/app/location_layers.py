"""The "Standorte" map (pydeck, no Streamlit): Ortsteile by minutes to their site, today's sites and the proposal."""

from typing import Any

import pydeck as pdk

from sim.app.geometry import RegionShapes, fit_zoom
from sim.app.i18n import label, number, register_labels
from sim.app.map_layers import MAP_HEIGHT_PX, MAP_WIDTH_PX, SEQUENTIAL, ramp
from sim.app.names import PlaceNames

TODAY_COLOUR = [20, 40, 120, 230]
PROPOSED_COLOUR = [230, 120, 0, 240]
MOVE_COLOUR = [230, 120, 0, 200]

register_labels({
    "tooltip_site_today": {"de": "Heute: {name}", "en": "Today: {name}"},
    "tooltip_site_proposed": {"de": "Vorschlag ({change}): {name}", "en": "Proposal ({change}): {name}"},
    "tooltip_assigned": {
        "de": "{district}: {residents} Einwohner, {minutes} min zum Standort {site} (Versprechen des Optimierers)",
        "en": "{district}: {residents} residents, {minutes} min to the site {site} (the optimiser's promise)",
    },
    "legend_today": {"de": "heutige Standorte", "en": "today's sites"},
    "legend_proposed": {"de": "vorgeschlagene Standorte (Linie: Verlegung)", "en": "proposed sites (line: move)"},
})  # fmt: skip


def _areas(record: dict[str, Any], shapes: RegionShapes, populations: dict[str, int], places: PlaceNames,
           language: str) -> list[dict[str, Any]]:  # fmt: skip
    """Return one polygon per Ortsteil coloured by its minutes to the assigned site."""
    minutes = record["assigned_minutes"]
    finite = [m for m in minutes.values() if m is not None] or [0.0]
    low, high = min(finite), max(finite)
    names = {site["candidate"]: site["name"] for site in record["sites"]}
    rows = []
    for district, area in shapes.areas.items():
        value = minutes.get(district)
        share = 1.0 if value is None else (value - low) / (high - low if high > low else 1.0)
        text = label("tooltip_assigned", language, district=places.district(district),
                     residents=number(populations.get(district, 0), language),
                     minutes="–" if value is None else number(value, language, 1),
                     site=names.get(record["assignment"].get(district), "–"))  # fmt: skip
        rows.append({"polygon": [list(p) for p in area], "colour": ramp(share, SEQUENTIAL), "tooltip": text})
    return rows


def location_deck(
    record: dict[str, Any], today: list[tuple[str, float, float]], shapes: RegionShapes, populations: dict[str, int],
    places: PlaceNames, language: str,
) -> pdk.Deck:  # fmt: skip
    """Return the deck: Ortsteile by promised minutes, today's sites (blue), proposed sites (orange), moves as lines."""
    where = {point: (lon, lat) for point, lat, lon in today}
    proposed = [
        {"position": [site["lon"], site["lat"]], "tooltip": label(
            "tooltip_site_proposed", language, change=label(f"change_{site['change']}", language), name=site["name"])}
        for site in record["sites"]
    ]  # fmt: skip
    current = [
        {"position": [lon, lat], "tooltip": label("tooltip_site_today", language, name=places.point(p, language))}
        for p, lat, lon in today
    ]
    moves = [
        {"source": list(where[site["service_point"]]), "target": [site["lon"], site["lat"]]}
        for site in record["sites"] if site["change"] == "moved" and site["service_point"] in where
    ]  # fmt: skip
    layers = [
        pdk.Layer("PolygonLayer", _areas(record, shapes, populations, places, language), id="assigned",
                  get_polygon="polygon", get_fill_color="colour", get_line_color=[255, 255, 255, 200],
                  line_width_min_pixels=1, stroked=True, pickable=True),
        pdk.Layer("LineLayer", moves, id="moves", get_source_position="source", get_target_position="target",
                  get_color=MOVE_COLOUR, get_width=3, width_units=pdk.types.String("pixels")),
        pdk.Layer("ScatterplotLayer", current, id="today", get_position="position", get_radius=9,
                  radius_units=pdk.types.String("pixels"), get_fill_color=TODAY_COLOUR, pickable=True),
        pdk.Layer("ScatterplotLayer", proposed, id="proposed", get_position="position", get_radius=6,
                  radius_units=pdk.types.String("pixels"), get_fill_color=PROPOSED_COLOUR,
                  get_line_color=[255, 255, 255, 255], line_width_min_pixels=1, stroked=True, pickable=True),
    ]  # fmt: skip
    lon_min, lat_min, lon_max, lat_max = shapes.bounds
    view = pdk.ViewState(longitude=(lon_min + lon_max) / 2, latitude=(lat_min + lat_max) / 2,
                         zoom=round(fit_zoom(shapes.bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX) - 0.15, 2))  # fmt: skip
    tooltip = {"html": "{tooltip}", "style": {"fontSize": "14px", "maxWidth": "320px", "whiteSpace": "normal"}}
    return pdk.Deck(layers=layers, initial_view_state=view, map_style=None, tooltip=tooltip, map_provider="carto")
