"""Static SVG pictures for the report: the map of the Ortsteile and the costs by who pays (no scripts, no downloads)."""

import html
import math
from typing import Any

from sim.app.geometry import RegionShapes
from sim.app.i18n import label, number
from sim.app.map_layers import LABEL_MIN_POPULATION, SEQUENTIAL, colours_and_legend, district_values
from sim.app.names import PlaceNames

PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2")


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _projector(bounds: tuple[float, float, float, float], width: float, height: float, margin: float):
    lon_min, lat_min, lon_max, lat_max = bounds
    scale_x = math.cos(math.radians((lat_min + lat_max) / 2))
    span_x, span_y = (lon_max - lon_min) * scale_x, lat_max - lat_min
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)

    def project(point: tuple[float, float] | list[float]) -> tuple[float, float]:
        x = margin + (point[0] - lon_min) * scale_x * scale
        y = height - margin - (point[1] - lat_min) * scale
        return round(x, 1), round(y, 1)

    return project


def map_svg(
    summary: dict[str, Any], shapes: RegionShapes, places: PlaceNames, layer: str, language: str,
    width: int = 460, height: int = 400,
) -> str:  # fmt: skip
    """Return the Ortsteile coloured by a figure, the municipal borders, service points, labels and a colour bar."""
    project = _projector(shapes.bounds, width, height - 40, 10)
    values = district_values(summary, None, layer)
    colours, legend = colours_and_legend(values, layer, False, "", language)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
             ' font-family="sans-serif">']  # fmt: skip
    for district_id, area in shapes.areas.items():
        red, green, blue, _ = colours.get(district_id, [230, 230, 230, 0])
        corners = " ".join(f"{x},{y}" for x, y in map(project, area))
        parts.append(
            f'<polygon points="{corners}" fill="rgb({red},{green},{blue})" stroke="white" stroke-width="0.8"/>'
        )
    for paths in shapes.outlines.values():
        for path in paths:
            corners = " ".join(f"{x},{y}" for x, y in map(project, path))
            parts.append(f'<polyline points="{corners}" fill="none" stroke="#282828" stroke-width="2"/>')
    for figures in summary["service_points"].values():
        if not figures["is_back_office"]:
            x, y = project((figures["lon"], figures["lat"]))
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="rgb(20,40,120)" stroke="white" stroke-width="0.8"/>')
    for district_id, figures in summary["by_district"].items():
        if figures["population"] >= LABEL_MIN_POPULATION:
            x, y = project((figures["lon"], figures["lat"]))
            parts.append(f'<text x="{x}" y="{y + 11}" font-size="9" text-anchor="middle" fill="#333">'
                         f"{_escape(places.district(district_id))}</text>")  # fmt: skip
    for municipality_id, centre in shapes.centres.items():
        x, y = project(centre)
        parts.append(f'<text x="{x}" y="{y}" font-size="16" font-weight="bold" text-anchor="middle" fill="#111" '
                     f'stroke="white" stroke-width="3" paint-order="stroke">'
                     f"{_escape(places.municipality(municipality_id))}</text>")  # fmt: skip
    parts.append(_colour_bar(legend.title, legend.low, legend.high, width, height))
    parts.append("</svg>")
    return "".join(parts)


def _colour_bar(title: str, low: str, high: str, width: int, height: int) -> str:
    stops = "".join(
        f'<stop offset="{index / (len(SEQUENTIAL) - 1):.2f}" stop-color="rgb{colour}"/>'
        for index, colour in enumerate(SEQUENTIAL)
    )
    top = height - 34
    return (
        f'<defs><linearGradient id="ramp">{stops}</linearGradient></defs>'
        f'<text x="10" y="{top}" font-size="11">{_escape(title)}</text>'
        f'<rect x="10" y="{top + 5}" width="{width // 2}" height="10" fill="url(#ramp)"/>'
        f'<text x="10" y="{top + 27}" font-size="10">{_escape(low)}</text>'
        f'<text x="{10 + width // 2}" y="{top + 27}" font-size="10" text-anchor="end">{_escape(high)}</text>'
    )


def cost_svg(rows: list[tuple[str, dict[str, float]]], language: str, period: str, width: int = 460) -> str:
    """Return stacked horizontal bars: what each payer pays in each scenario (payers who pay nothing are left out)."""
    payers = sorted({payer for _, paid in rows for payer, value in paid.items() if value > 0})
    largest = max([sum(paid.values()) for _, paid in rows] + [1.0])
    bar, gap, left, top = 18, 10, 150, 24
    height = top + len(rows) * (bar + gap) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
             ' font-family="sans-serif" font-size="10">',
             f'<text x="0" y="12" font-size="11" font-weight="bold">'
             f'{_escape(label("cost_axis", language, period=period))}</text>']  # fmt: skip
    for index, (name, paid) in enumerate(rows):
        y = top + index * (bar + gap)
        parts.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{_escape(name[:30])}</text>')
        x = float(left)
        for colour_index, payer in enumerate(payers):
            length = (width - left - 70) * paid.get(payer, 0.0) / largest
            if length > 0:
                colour = PALETTE[colour_index % len(PALETTE)]
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}"/>')
                x += length
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{number(sum(paid.values()), language)} EUR</text>')
    legend_y = top + len(rows) * (bar + gap) + 14
    x = float(left)
    for colour_index, payer in enumerate(payers):
        colour = PALETTE[colour_index % len(PALETTE)]
        parts.append(f'<rect x="{x:.0f}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14:.0f}" y="{legend_y}">{_escape(payer)}</text>')  # fmt: skip
        x += 24 + 6 * len(payer)
    parts.append("</svg>")
    return "".join(parts)
