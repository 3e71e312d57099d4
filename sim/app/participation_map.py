"""The map of residents' ratings by Ortsteil, with the model's figure for the same Ortsteil in each tooltip (pydeck).

Ortsteile are coloured by the mean score (1 red to 5 blue); those with fewer ratings than the
comparison's smallest group stay grey. No background tiles are fetched.
"""

import html
import math
from typing import Any

import pydeck as pdk

from sim.app.geometry import RegionShapes
from sim.app.i18n import label, number
from sim.app.map_layers import BORDER_COLOUR, DIVERGING, TOOLTIP, Legend, fitted_view, gradient, ramp
from sim.participation.aggregate import GroupedPreferences
from sim.participation.submission import HIGHEST_SCORE, LOWEST_SCORE
from sim.summary.kpi_registry import DISTRICT_BY_KEY

GREY = [200, 200, 200, 150]
GOOD_IS_BLUE = DIVERGING[::-1]  # low scores red, high scores blue


def score_colour(mean: float) -> list[int]:
    """Return the colour of a mean score between 1 and 5."""
    return ramp((mean - LOWEST_SCORE) / (HIGHEST_SCORE - LOWEST_SCORE), GOOD_IS_BLUE)


def _model_text(summary: dict[str, Any] | None, district_id: str, district_kpi: str | None, language: str) -> str:
    if summary is None or district_kpi is None or district_id not in summary.get("by_district", {}):
        return ""
    kpi = DISTRICT_BY_KEY[district_kpi]
    value = kpi.format(kpi.value(summary["by_district"][district_id]), language)
    return label("pt_tooltip_model", language, kpi=kpi.label(language), value=value)


def _mean(means: dict[str, float], criterion: str | None) -> float:
    if criterion is None:
        return sum(means.values()) / len(means) if means else math.nan
    return means.get(criterion, math.nan)


def rating_rows(
    grouped: GroupedPreferences, shapes: RegionShapes, names: dict[str, str], criterion: str | None,
    summary: dict[str, Any] | None, district_kpi: str | None, language: str,
) -> list[dict[str, Any]]:  # fmt: skip
    """Return one polygon row per Ortsteil: colour by mean score (grey if withheld) and a tooltip sentence."""
    rows = []
    for district_id, polygon in shapes.areas.items():
        name = html.escape(names.get(district_id, district_id))
        shown = grouped.groups.get(district_id)
        mean = _mean(shown.means, criterion) if shown is not None else math.nan
        if shown is None or math.isnan(mean):
            colour, text = GREY, label("pt_tooltip_few", language, district=name)
        else:
            model = _model_text(summary, district_id, district_kpi, language)
            colour = score_colour(mean)
            text = label("pt_tooltip", language, district=name, mean=number(mean, language, 1),
                         count=number(shown.ratings, language), model=model)  # fmt: skip
        rows.append({"polygon": [list(p) for p in polygon], "colour": colour, "tooltip": text, "district": district_id})
    return rows


def rating_deck(rows: list[dict[str, Any]], shapes: RegionShapes, language: str) -> tuple[pdk.Deck, Legend]:
    """Return the deck of rated Ortsteile with municipal borders, and its legend."""
    borders = [{"path": [list(p) for p in path]} for paths in shapes.outlines.values() for path in paths]
    layers = [
        pdk.Layer("PolygonLayer", rows, id="ratings", get_polygon="polygon", get_fill_color="colour",
                  get_line_color=[255, 255, 255, 200], line_width_min_pixels=1, stroked=True, pickable=True),
        pdk.Layer("PathLayer", borders, id="borders", get_path="path", get_color=BORDER_COLOUR,
                  width_units=pdk.types.String("pixels"), get_width=3, pickable=False),
    ]  # fmt: skip
    deck = pdk.Deck(
        layers=layers, initial_view_state=fitted_view(shapes), map_style=None, tooltip=TOOLTIP, map_provider="carto"
    )
    legend = Legend(
        label("pt_legend", language), number(LOWEST_SCORE, language), number(HIGHEST_SCORE, language),
        gradient(GOOD_IS_BLUE), "",
    )  # fmt: skip
    return deck, legend
