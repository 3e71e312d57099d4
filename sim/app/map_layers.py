"""The map's layers, legend and tooltips from a run summary (pydeck objects, no Streamlit).

Drawn bottom to top: Ortsteil areas coloured by the chosen figure, municipal borders, the largest
cross-border flows as arcs, service points, and labels. Every pickable row carries a `tooltip`
sentence with units, so the tooltip never shows a raw {placeholder}.
"""

from dataclasses import dataclass
from typing import Any

import pydeck as pdk

from sim.app.geometry import RegionShapes, fit_zoom
from sim.app.i18n import label, number
from sim.app.names import PlaceNames
from sim.summary.kpi_registry import DISTRICT_BY_KEY, MAP_LAYER_KEYS

MAX_ARCS = 12  # the largest flows only; more arcs hide the places they connect
LABEL_MIN_POPULATION = 900  # Ortsteile at least this large get a label
MAP_WIDTH_PX, MAP_HEIGHT_PX = 900, 560  # the view the zoom is fitted to (the map column on a laptop)
# Light yellow to dark red (ColorBrewer YlOrRd): more minutes are worse.
SEQUENTIAL = ((255, 255, 204), (254, 217, 118), (253, 141, 60), (227, 26, 28), (128, 0, 38))
DIVERGING = ((33, 102, 172), (146, 197, 222), (247, 247, 247), (244, 165, 130), (178, 24, 43))
BORDER_COLOUR = [40, 40, 40]
POINT_COLOUR = [20, 40, 120, 230]
ARC_COLOUR = [90, 60, 160, 170]


@dataclass(frozen=True)
class Legend:
    """What the colour bar next to the map shows."""

    title: str
    low: str
    high: str
    gradient: str  # a CSS linear-gradient
    note: str


def map_layers(summary: dict[str, Any]) -> list[str]:
    """Return the figures the map can colour the Ortsteile by: those the summary holds, in the registry's order."""
    figures: dict[str, Any] = next(iter(summary["by_district"].values()), {})
    return [key for key in MAP_LAYER_KEYS if key in figures]


def ramp(share: float, stops: tuple[tuple[int, int, int], ...]) -> list[int]:
    """Return the colour (RGBA) at a share 0..1 along the stops."""
    position = max(0.0, min(1.0, share)) * (len(stops) - 1)
    low = min(int(position), len(stops) - 2)
    weight = position - low
    return [round(a + (b - a) * weight) for a, b in zip(stops[low], stops[low + 1], strict=True)] + [190]


def gradient(stops: tuple[tuple[int, int, int], ...]) -> str:
    """Return the stops as a CSS linear-gradient, for a legend's colour bar."""
    colours = ", ".join(f"rgb{stop}" for stop in stops)
    return f"linear-gradient(to right, {colours})"


def district_values(summary: dict[str, Any], reference: dict[str, Any] | None, layer: str) -> dict[str, float]:
    """Return each Ortsteil's figure, or its difference to the reference."""
    values = {}
    for district_id, figures in summary["by_district"].items():
        value = float(figures[layer])
        if reference is not None and district_id in reference["by_district"]:
            value -= float(reference["by_district"][district_id][layer])
        values[district_id] = value
    return values


def colours_and_legend(
    values: dict[str, float], layer: str, is_difference: bool, reference_name: str, language: str
) -> tuple[dict[str, list[int]], Legend]:
    """Return a colour per Ortsteil and the legend that explains it (units included)."""
    kpi = DISTRICT_BY_KEY[layer]
    title = kpi.label(language)
    numbers = list(values.values()) or [0.0]
    if is_difference:
        largest = max(max(abs(v) for v in numbers), 10**-kpi.decimals)
        # For a figure where higher is better, an increase is shown blue.
        sign = -1.0 if kpi.better == "higher" else 1.0
        colours = {d: ramp(0.5 + 0.5 * sign * v / largest, DIVERGING) for d, v in values.items()}
        low, high = kpi.format(-largest, language, signed=True), kpi.format(largest, language, signed=True)
        note = label("legend_difference", language, reference=reference_name)
        stops = DIVERGING if sign > 0 else DIVERGING[::-1]
        return colours, Legend(f"Δ {title}", low, high, gradient(stops), note)
    lowest, highest = min(numbers), max(numbers)
    span = highest - lowest if highest > lowest else 1.0
    stops = SEQUENTIAL if kpi.better != "higher" else SEQUENTIAL[::-1]
    colours = {d: ramp((v - lowest) / span, stops) for d, v in values.items()}
    legend = Legend(title, kpi.format(lowest, language), kpi.format(highest, language), gradient(stops), "")
    return colours, legend


def _area_rows(
    summary: dict[str, Any], shapes: RegionShapes, values: dict[str, float], colours: dict[str, list[int]],
    layer: str, is_difference: bool, places: PlaceNames, language: str,
) -> list[dict[str, Any]]:  # fmt: skip
    kpi = DISTRICT_BY_KEY[layer]
    rows = []
    for district_id, figures in summary["by_district"].items():
        if district_id not in shapes.areas:
            continue
        value = kpi.format(values[district_id], language, signed=is_difference)
        unit = kpi.unit_in(language)
        text = label(
            "tooltip_district",
            language,
            district=places.district(district_id),
            municipality=places.municipality(figures["municipality"]),
            population=number(figures["population"], language),
            metric=("Δ " if is_difference else "") + (kpi.label_de if language == "de" else kpi.label_en),
            value=f"{value} {unit}".strip(),
        )
        rows.append({"polygon": [list(p) for p in shapes.areas[district_id]], "colour": colours[district_id],
                     "tooltip": text})  # fmt: skip
    return rows


def _point_rows(summary: dict[str, Any], places: PlaceNames, language: str) -> list[dict[str, Any]]:
    points = [(point_id, f) for point_id, f in summary["service_points"].items() if not f["is_back_office"]]
    most = max([f["visits"] for _, f in points] + [1])
    return [
        {
            "position": [f["lon"], f["lat"]],
            "radius": 4.0 + 10.0 * (f["visits"] / most) ** 0.5,
            "tooltip": label(
                "tooltip_point",
                language,
                point=places.point(point_id, language),
                visits=number(f["visits"], language),
                utilisation=number(100 * f["utilisation"], language),
                wait=number(f["mean_wait_minutes"], language, 1),
            ),
        }
        for point_id, f in points
    ]


def arc_rows(summary: dict[str, Any], places: PlaceNames, language: str) -> tuple[list[dict[str, Any]], int]:
    """Return the largest cross-border flows as arcs (with tooltips) and how many cross-border flows there are."""
    districts, points = summary["by_district"], summary["service_points"]
    flows = [f for f in summary["flows"] if f["cross_border"] and f["trips"] > 0]
    flows.sort(key=lambda f: -f["trips"])
    largest = flows[0]["trips"] if flows else 1
    rows = [
        {
            "source": [districts[f["district"]]["lon"], districts[f["district"]]["lat"]],
            "target": [points[f["service_point"]]["lon"], points[f["service_point"]]["lat"]],
            "width": 1.5 + 7.0 * f["trips"] / largest,
            "tooltip": label(
                "tooltip_flow",
                language,
                trips=number(f["trips"], language),
                district=places.district(f["district"]),
                point=places.point(f["service_point"], language),
            ),
        }
        for f in flows[:MAX_ARCS]
    ]
    return rows, len(flows)


def _label_rows(summary: dict[str, Any], shapes: RegionShapes, places: PlaceNames) -> list[dict[str, Any]]:
    rows = [
        {"position": list(centre), "text": places.municipality(municipality), "size": 22, "colour": [20, 20, 20, 255]}
        for municipality, centre in shapes.centres.items()
    ]
    for district_id, figures in summary["by_district"].items():
        if figures["population"] >= LABEL_MIN_POPULATION:
            rows.append(
                {
                    "position": [figures["lon"], figures["lat"] - 0.004],
                    "text": places.district(district_id),
                    "size": 13,
                    "colour": [60, 60, 60, 255],
                }
            )
    return rows


TOOLTIP = {"html": "{tooltip}", "style": {"fontSize": "14px", "maxWidth": "320px", "whiteSpace": "normal"}}


def fitted_view(shapes: RegionShapes) -> pdk.ViewState:
    """Return the view that shows the whole region in the map's size."""
    lon_min, lat_min, lon_max, lat_max = shapes.bounds
    return pdk.ViewState(
        longitude=(lon_min + lon_max) / 2,
        latitude=(lat_min + lat_max) / 2,
        zoom=round(fit_zoom(shapes.bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX) - 0.15, 2),
    )


@dataclass(frozen=True)
class MapChoice:
    """What the user chose to see on the map."""

    layer: str
    is_difference: bool
    show_arcs: bool
    show_background: bool


def build_deck(
    summary: dict[str, Any], reference: dict[str, Any] | None, shapes: RegionShapes, places: PlaceNames,
    choice: MapChoice, reference_name: str, language: str,
) -> tuple[pdk.Deck, Legend, tuple[int, int]]:  # fmt: skip
    """Return the deck, its legend and (arcs shown, cross-border flows in all)."""
    compared = reference if choice.is_difference else None
    values = district_values(summary, compared, choice.layer)
    colours, legend = colours_and_legend(values, choice.layer, compared is not None, reference_name, language)
    areas = _area_rows(summary, shapes, values, colours, choice.layer, compared is not None, places, language)
    borders = [{"path": [list(p) for p in path]} for paths in shapes.outlines.values() for path in paths]
    arcs, flows = arc_rows(summary, places, language) if choice.show_arcs else ([], 0)
    layers = [
        pdk.Layer("PolygonLayer", areas, id="areas", get_polygon="polygon", get_fill_color="colour",
                  get_line_color=[255, 255, 255, 200], line_width_min_pixels=1, stroked=True, pickable=True),
        pdk.Layer("PathLayer", borders, id="borders", get_path="path", get_color=BORDER_COLOUR,
                  width_units=pdk.types.String("pixels"), get_width=3, pickable=False),
        pdk.Layer("ArcLayer", arcs, id="arcs", get_source_position="source", get_target_position="target",
                  get_width="width", get_source_color=ARC_COLOUR, get_target_color=ARC_COLOUR, pickable=True),
        pdk.Layer("ScatterplotLayer", _point_rows(summary, places, language), id="points", get_position="position",
                  get_radius="radius", radius_units=pdk.types.String("pixels"), get_fill_color=POINT_COLOUR,
                  get_line_color=[255, 255, 255, 255], line_width_min_pixels=1, stroked=True, pickable=True),
        pdk.Layer("TextLayer", _label_rows(summary, shapes, places), id="labels", get_position="position",
                  get_text="text", get_size="size", get_color="colour", character_set=pdk.types.String("auto"),
                  font_family=pdk.types.String("Source Sans Pro, Helvetica, Arial, sans-serif"),
                  font_weight=600, outline_width=2, outline_color=[255, 255, 255, 255], font_settings={"sdf": True},
                  pickable=False),
    ]  # fmt: skip
    style = pdk.map_styles.CARTO_LIGHT if choice.show_background else None
    deck = pdk.Deck(
        layers=layers, initial_view_state=fitted_view(shapes), map_style=style, tooltip=TOOLTIP, map_provider="carto"
    )
    return deck, legend, (len(arcs), flows)
