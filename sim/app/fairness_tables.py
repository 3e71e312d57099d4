"""Who is left behind, and how unequal: tables from a run's fairness and per-Ortsteil figures (no Streamlit)."""

import math
from typing import Any

import pandas as pd

from sim.app.i18n import label, number, register_labels
from sim.app.names import PlaceNames
from sim.summary.fairness import GROUPS, TRANSIT_THRESHOLD_MINUTES
from sim.summary.kpi_registry import BEYOND_TRANSIT, FAIRNESS_GROUPS, FAIRNESS_KPIS, FAIRNESS_MEASURES

register_labels({
    "left_behind": {"de": "Wer bleibt zurück?", "en": "Who is left behind?"},
    "left_behind_help": {
        "de": "Ortsteile, von denen das nächste nutzbare Angebot mit Bus oder zu Fuß mehr als 30 Minuten entfernt ist "
              "(rot umrandet). Die Busminuten enthalten die mittlere Wartezeit (halber Takt).",
        "en": "Ortsteile from which the nearest place residents may use is more than 30 minutes away by bus or on foot "
              "(red outline). Bus minutes include the mean wait (half the headway).",
    },
    "left_behind_none": {
        "de": "Kein Ortsteil liegt mehr als 30 Minuten mit Bus oder zu Fuß vom nächsten Angebot entfernt.",
        "en": "No Ortsteil is more than 30 minutes by bus or on foot from the nearest place.",
    },
    "map_service": {"de": "Leistung", "en": "Service"},
    "column_district": {"de": "Ortsteil", "en": "Ortsteil"},
    "column_municipality": {"de": "Kommune", "en": "Municipality"},
    "column_residents": {"de": "Einwohner", "en": "Residents"},
    "column_transit_minutes": {"de": "Bus/zu Fuß (min)", "en": "bus/on foot (min)"},
    "column_service": {"de": "Leistung", "en": "Service"},
    "column_measure": {"de": "Größe", "en": "Figure"},
    "column_group": {"de": "Gruppe", "en": "Group"},
    "fairness_title": {"de": "Gerechtigkeit über die Einwohner", "en": "Fairness across residents"},
    "fairness_caption": {
        "de": "Gini 0 = alle gleich; Palma = Anteil der obersten 10 % / Anteil der untersten 40 %; Theil zerlegt in "
              "Unterschiede zwischen und innerhalb der Kommunen. Je Zelle aus Ortsteil, Altersgruppe und Auto. "
              "75+ kennt das Modell nicht; die Gruppe 65+ steht dafür.",
        "en": "Gini 0 = all equal; Palma = share of the top 10 % / share of the bottom 40 %; Theil split into "
              "differences between and within municipalities. Per cell of Ortsteil, age group and car. The model "
              "has no 75+ group; 65+ stands in for it.",
    },
})  # fmt: skip


def left_behind(summary: dict[str, Any], service: str) -> list[str]:
    """Return the Ortsteile whose nearest usable place of a service is beyond 30 minutes by bus or on foot."""
    found = []
    for district_id, figures in summary["by_district"].items():
        minutes = figures.get("transit_minutes_nearest", {}).get(service, 0.0)
        if minutes is None or minutes > TRANSIT_THRESHOLD_MINUTES:
            found.append(district_id)
    return found


def left_behind_table(summary: dict[str, Any], service: str, places: PlaceNames, language: str) -> pd.DataFrame:
    """Return the left-behind Ortsteile with municipality, residents and minutes, farthest first."""
    rows: list[tuple[float, dict[str, str]]] = []
    for district_id in left_behind(summary, service):
        figures = summary["by_district"][district_id]
        minutes = figures["transit_minutes_nearest"][service]
        rows.append((math.inf if minutes is None else float(minutes), {
            label("column_district", language): places.district(district_id),
            label("column_municipality", language): places.municipality(figures["municipality"]),
            label("column_residents", language): number(figures["population"], language),
            label("column_transit_minutes", language): (
                label("unreachable", language) if minutes is None else number(minutes, language)
            ),
        }))  # fmt: skip
    rows.sort(key=lambda row: -row[0])
    return pd.DataFrame([row for _, row in rows])


def beyond_table(summary: dict[str, Any], places: PlaceNames, language: str) -> pd.DataFrame:
    """Return per service the share of residents beyond 30 minutes by bus or on foot: everyone, 65+, without a car."""
    beyond = summary.get("fairness", {}).get("beyond_30_minutes_by_transit", {})
    rows = []
    for service, shares in beyond.items():
        row = {label("column_service", language): places.service(service, language)}
        for group in GROUPS:
            name = FAIRNESS_GROUPS[group][0 if language == "de" else 1]
            row[f"{name} (%)"] = BEYOND_TRANSIT.format(BEYOND_TRANSIT.scale * shares[group], language)
        rows.append(row)
    return pd.DataFrame(rows)


def _rows_of(block: dict[str, Any], measure: str, language: str) -> list[dict[str, str]]:
    rows = []
    for group in GROUPS:
        row = {
            label("column_measure", language): measure,
            label("column_group", language): FAIRNESS_GROUPS[group][0 if language == "de" else 1],
        }
        for kpi in FAIRNESS_KPIS:
            value = block[group][kpi.key]
            shown = "–" if value is None else kpi.format(value, language)
            row[kpi.label_de if language == "de" else kpi.label_en] = shown
        rows.append(row)
    return rows


def fairness_table(summary: dict[str, Any], places: PlaceNames, language: str) -> pd.DataFrame:
    """Return Gini, Palma, Theil and its split for travel, days to done and each service's accessibility, by group."""
    fairness = summary.get("fairness")
    if not fairness:
        return pd.DataFrame()
    pick = 0 if language == "de" else 1
    rows = []
    for measure in ("travel_minutes", "days_to_done"):
        rows += _rows_of(fairness[measure], FAIRNESS_MEASURES[measure][pick], language)
    for service, block in fairness["accessibility"].items():
        name = f"{FAIRNESS_MEASURES['accessibility'][pick]}: {places.service(service, language)}"
        rows += _rows_of(block, name, language)
    return pd.DataFrame(rows)
