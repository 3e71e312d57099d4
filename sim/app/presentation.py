"""Tables for the app's cards, maps and charts, built from run summaries (no Streamlit here)."""

from typing import Any

import pandas as pd

from sim.runner import RunResult

KPI_FIELDS = (
    ("travel", ("travel_minutes", "mean"), 1.0, "{:.1f}"),
    ("wait", ("wait_minutes", "mean"), 1.0, "{:.1f}"),
    ("unserved", ("outcomes", "unserved"), 1.0, "{:,.0f}"),
    ("cost_per_capita", ("cost_eur", "per_capita"), 1.0, "{:.2f}"),
    ("co2", ("co2_kg",), 0.001, "{:,.1f}"),
    ("cross_border", ("cross_border_share",), 100.0, "{:.1f} %"),
)


def kpi_value(summary: dict[str, Any], path: tuple[str, ...], scale: float) -> float:
    """Return a KPI from a summary, scaled for display."""
    value: Any = summary
    for part in path:
        value = value[part]
    return float(value) * scale


def kpi_cards(summary: dict[str, Any], reference: dict[str, Any] | None) -> list[tuple[str, str, str | None]]:
    """Return (label key, value text, delta text or None) for each KPI card."""
    cards = []
    for key, path, scale, form in KPI_FIELDS:
        value = kpi_value(summary, path, scale)
        delta = None
        if reference is not None:
            difference = value - kpi_value(reference, path, scale)
            shown = form.format(difference)
            # A difference that rounds to nothing gets no arrow: it is not a change.
            if shown.strip("+-0.,% ") != "":
                delta = ("+" if difference >= 0 else "") + shown
        cards.append((key, form.format(value), delta))
    return cards


def municipality_table(names: list[str], results: list[RunResult]) -> pd.DataFrame:
    """Return one row per scenario and municipality: requests, travel, wait, costs before and after sharing."""
    rows = []
    for name, result in zip(names, results, strict=True):
        for municipality, figures in result.summary["by_municipality"].items():
            rows.append(
                {
                    "scenario": name,
                    "municipality": municipality,
                    "requests": figures["requests"]["total"],
                    "travel_minutes_mean": figures["travel_minutes"]["mean"],
                    "wait_minutes_mean": figures["wait_minutes"]["mean"],
                    "cross_border_share": figures["cross_border_share"],
                    "cost_standalone_eur": figures["cost_standalone_eur"],
                    "cost_paid_eur": figures["cost_paid_eur"],
                    "cost_paid_eur_per_capita": figures["cost_paid_eur_per_capita"],
                }
            )
    return pd.DataFrame(rows)


def district_frame(summary: dict[str, Any], reference: dict[str, Any] | None, metric: str) -> pd.DataFrame:
    """Return districts with position, population and the metric (or its difference to the reference)."""
    rows = []
    for district_id, figures in summary["by_district"].items():
        value = figures[metric]
        if reference is not None:
            value -= reference["by_district"][district_id][metric]
        rows.append(
            {
                "district": figures["name"],
                "municipality": figures["municipality"],
                "lat": figures["lat"],
                "lon": figures["lon"],
                "population": figures["population"],
                "value": round(value, 2),
            }
        )
    return pd.DataFrame(rows)


def colour_scale(values: pd.Series, diverging: bool) -> list[list[int]]:
    """Return RGBA colours: green (low) to red (high), or blue-white-red around zero for differences."""
    colours = []
    if diverging:
        largest = max(float(values.abs().max()), 1e-9)
        for value in values:
            share = max(-1.0, min(1.0, float(value) / largest))
            if share >= 0:
                colours.append([255, int(255 * (1 - share)), int(255 * (1 - share)), 200])
            else:
                colours.append([int(255 * (1 + share)), int(255 * (1 + share)), 255, 200])
        return colours
    low, high = float(values.min()), float(values.max())
    for value in values:
        share = 0.0 if high <= low else (float(value) - low) / (high - low)
        colours.append([int(40 + 215 * share), int(180 - 140 * share), 60, 200])
    return colours


def point_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """Return service points with position, visits and utilisation (back offices have no place on the map)."""
    rows = [
        {
            "point": figures["name"],
            "lat": figures["lat"],
            "lon": figures["lon"],
            "visits": figures["visits"],
            "utilisation": round(100 * figures["utilisation"], 1),
            "mean_wait_minutes": figures["mean_wait_minutes"],
        }
        for figures in summary["service_points"].values()
        if not figures["is_back_office"]
    ]
    return pd.DataFrame(rows)


def flow_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """Return cross-border trips as arcs from the Ortsteil to the service point."""
    districts, points = summary["by_district"], summary["service_points"]
    rows = [
        {
            "from_lon": districts[flow["district"]]["lon"],
            "from_lat": districts[flow["district"]]["lat"],
            "to_lon": points[flow["service_point"]]["lon"],
            "to_lat": points[flow["service_point"]]["lat"],
            "trips": flow["trips"],
            "district": districts[flow["district"]]["name"],
            "point": points[flow["service_point"]]["name"],
        }
        for flow in summary["flows"]
        if flow["cross_border"]
    ]
    return pd.DataFrame(rows, columns=["from_lon", "from_lat", "to_lon", "to_lat", "trips", "district", "point"])


def daily_wait_frame(result: RunResult) -> pd.DataFrame:
    """Return day, service point and mean wait for the daily wait chart."""
    frame = result.daily_places.copy()
    return frame.groupby(["day", "service_point"], as_index=False)["mean_wait_minutes"].mean()


def travel_histogram_frame(names: list[str], results: list[RunResult]) -> pd.DataFrame:
    """Return trips per travel-time bin by scenario, municipality and age group."""
    rows = [
        {"scenario": name, **row}
        for name, result in zip(names, results, strict=True)
        for row in result.summary["travel_histogram"]
    ]
    return pd.DataFrame(rows)


def cost_frame(names: list[str], results: list[RunResult], health_label: str) -> pd.DataFrame:
    """Return who pays how much in each scenario (municipalities after sharing, and health insurance)."""
    rows = []
    for name, result in zip(names, results, strict=True):
        for municipality, figures in result.summary["by_municipality"].items():
            rows.append({"scenario": name, "payer": municipality, "cost_eur": figures["cost_paid_eur"]})
        rows.append(
            {"scenario": name, "payer": health_label, "cost_eur": result.summary["cost_eur"]["health_insurance"]}
        )
    return pd.DataFrame(rows)
