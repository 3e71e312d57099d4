"""The one KPI registry: name, unit, better direction, German and English label, format and how it is computed.

The CLI table, `compare` and its comparison.csv, the replication intervals, the app's cards and
the downloads all read this table. A new KPI is one entry here plus, if the summary does not hold
its figure yet, its computation in the summary (sim/kpis.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Direction = Literal["lower", "higher", "neither"]


def lookup(summary: dict[str, Any], dotted: str) -> float:
    """Return a nested summary figure by its dotted path, e.g. 'wait_minutes.mean'."""
    value: Any = summary
    for part in dotted.split("."):
        value = value[part]
    return float(value)


@dataclass(frozen=True)
class Kpi:
    """One key figure of a run."""

    key: str  # the dotted path of its figure in summary.json
    unit: str  # as shown: "min", "EUR", "t", "km", "%", "" for counts
    better: Direction
    label_de: str
    label_en: str
    decimals: int
    scale: float = 1.0  # shown value = figure x scale (kg -> t, share -> %)
    is_card: bool = False  # one of the app's headline cards
    compute: Callable[[dict[str, Any]], float] | None = None  # default: the figure at `key`
    # A top-level summary block the KPI belongs to (e.g. "adoption"): shown only when a compared run has it.
    requires: str | None = None

    def figure(self, summary: dict[str, Any]) -> float:
        """Return the KPI's figure as summary.json holds it (a share, kg): computed, or read at `key`."""
        return self.compute(summary) if self.compute is not None else lookup(summary, self.key)

    def value(self, summary: dict[str, Any]) -> float:
        """Return the KPI of a summary in its unit."""
        return self.figure(summary) * self.scale

    def unit_in(self, language: str) -> str:
        """Return the unit as written in a language ("Tage|days": German before the bar, English after)."""
        german, _, english = self.unit.partition("|")
        return german if language == "de" or not english else english

    def label(self, language: str) -> str:
        """Return the label with its unit, in German or English."""
        text = self.label_de if language == "de" else self.label_en
        unit = self.unit_in(language)
        return f"{text} ({unit})" if unit else text

    def format(self, value: float, language: str = "en", signed: bool = False) -> str:
        """Return a value as text: German decimal comma and thousands dot, or English."""
        if round(value, self.decimals) == 0:
            value = 0.0  # no "-0.0"
        text = f"{value:{'+' if signed else ''},.{self.decimals}f}"
        if language == "de":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text


KPIS: tuple[Kpi, ...] = (
    Kpi("requests.total", "", "neither", "Anliegen", "requests", 0),
    Kpi("outcomes.unserved", "", "lower", "Unerledigt", "unserved", 0, is_card=True),
    Kpi("travel_minutes.mean", "min", "lower", "Anfahrt, Mittel", "travel, mean", 1, is_card=True),
    Kpi("travel_minutes.p90", "min", "lower", "Anfahrt, 90 %-Wert", "travel, p90", 1),
    Kpi("wait_minutes.mean", "min", "lower", "Wartezeit, Mittel", "wait, mean", 1, is_card=True),
    Kpi("wait_minutes.p90", "min", "lower", "Wartezeit, 90 %-Wert", "wait, p90", 1),
    Kpi("days_to_done.mean", "Tage|days", "lower", "Tage bis erledigt, Mittel", "days to done, mean", 2),
    Kpi("days_to_done.p90", "Tage|days", "lower", "Tage bis erledigt, 90 %-Wert", "days to done, p90", 0),
    Kpi(
        "fairness.travel_minutes.everyone.gini",
        "",
        "lower",
        "Anfahrt: Ungleichheit über Einwohner (Gini)",
        "travel: inequality across residents (Gini)",
        3,
    ),  # fmt: skip
    Kpi(
        "fairness.days_to_done.everyone.gini",
        "",
        "lower",
        "Tage bis erledigt: Ungleichheit (Gini)",
        "days to done: inequality across residents (Gini)",
        3,
    ),  # fmt: skip
    Kpi("trips", "", "lower", "Wege", "trips", 0),
    Kpi("car_km", "km", "lower", "Pkw-Fahrleistung", "distance by car", 0),
    Kpi("co2_kg", "t", "lower", "CO2 im Zeitraum", "CO2 in the period", 1, scale=0.001),
    Kpi("per_year.co2_kg", "t/Jahr|t/year", "lower", "CO2 pro Jahr", "CO2 per year", 1, scale=0.001, is_card=True),
    Kpi("citizen_hours", "h", "lower", "Zeitaufwand der Bürger", "residents' time", 0),
    Kpi("cost_eur.total", "EUR", "lower", "Kosten der Kommunen im Zeitraum", "municipal cost in the period", 0),
    Kpi(
        "per_year.cost_eur", "EUR/Jahr|EUR/year", "lower", "Kosten der Kommunen pro Jahr", "municipal cost per year", 0
    ),
    Kpi("cost_eur.per_capita", "EUR", "lower", "Kosten je Einwohner im Zeitraum", "cost per capita in the period", 2),
    Kpi(
        "per_year.cost_eur_per_capita",
        "EUR/Jahr|EUR/year",
        "lower",
        "Kosten je Einwohner pro Jahr",
        "cost per capita per year",
        2,
        is_card=True,
    ),  # fmt: skip
    Kpi("cross_border_share", "%", "neither", "Anteil über die Grenze", "cross-border share", 1, 100.0, True),
)


def _online_share(summary: dict[str, Any]) -> float:
    """Return the online share of all requests (the same figure for runs with and without an adoption model)."""
    return summary["requests"]["online"] / max(summary["requests"]["total"], 1)


def _adoption(figure: str) -> Callable[[dict[str, Any]], float]:
    """Return a reader of an adoption figure that is 0 in a run without adoption (nothing diffused)."""
    return lambda summary: float(summary["adoption"][figure]) if "adoption" in summary else 0.0


# Online adoption (sim/mechanisms/online_adoption.py): only in tables that compare a run with an adoption model.
KPIS += (
    Kpi("adoption.online_share_all", "%", "higher", "Online-Anteil aller Anliegen", "online share of all requests", 2,
        100.0, compute=_online_share, requires="adoption"),
    Kpi("adoption.counter_visits_avoided", "", "higher", "Vermiedene Schalterbesuche", "counter visits avoided", 0,
        compute=_adoption("counter_visits_avoided"), requires="adoption"),
    Kpi("adoption.staff_hours_freed", "h", "higher", "Freigesetzte Personalstunden", "staff hours freed", 0,
        compute=_adoption("staff_hours_freed"), requires="adoption"),
)  # fmt: skip


def kpis_for(summaries: list[dict[str, Any]]) -> tuple[Kpi, ...]:
    """Return the KPIs to show for these runs: every general one, plus those whose block one of them has."""
    return tuple(kpi for kpi in KPIS if kpi.requires is None or any(kpi.requires in s for s in summaries))


BY_KEY = {kpi.key: kpi for kpi in KPIS}
CARDS = tuple(kpi for kpi in KPIS if kpi.is_card)

# Figures of one home municipality (summary.json's by_municipality.<id>): the app's table and the report.
MUNICIPALITY_KPIS: tuple[Kpi, ...] = (
    Kpi("population", "", "neither", "Einwohner", "residents", 0),
    Kpi("requests.total", "", "neither", "Anliegen", "requests", 0),
    Kpi("travel_minutes.mean", "min", "lower", "Anfahrt, Mittel", "travel, mean", 1),
    Kpi("wait_minutes.mean", "min", "lower", "Wartezeit, Mittel", "wait, mean", 1),
    Kpi("cross_border_share", "%", "neither", "Anteil über die Grenze", "cross-border share", 1, 100.0),
    Kpi("cost_standalone_eur_per_year", "EUR", "lower", "Kosten allein, je Jahr", "cost alone, a year", 0),
    Kpi("cost_paid_eur_per_year", "EUR", "lower", "Kosten nach Teilung, je Jahr", "cost after sharing, a year", 0),
    Kpi("cost_paid_eur", "EUR", "lower", "Kosten nach Teilung", "cost after sharing", 0),
)

# Figures of one Ortsteil (summary.json's by_district.<id>): the map's layers and tooltips.
DISTRICT_KPIS: tuple[Kpi, ...] = (
    Kpi("travel_minutes_mean", "min", "lower", "Anfahrt, Mittel", "travel, mean", 1),
    Kpi("wait_minutes_mean", "min", "lower", "Wartezeit, Mittel", "wait, mean", 1),
    Kpi("days_to_done_mean", "Tage|days", "lower", "Tage bis erledigt, Mittel", "days to done, mean", 1),
    Kpi(
        "accessibility",
        "h/Woche je 1.000 EW|h/week per 1,000 residents",
        "higher",
        "Erreichbarkeit (E2SFCA)",
        "accessibility (E2SFCA)",
        2,
    ),  # fmt: skip
    Kpi(
        "transit_minutes_nearest",
        "min",
        "lower",
        "Mit Bus oder zu Fuß zum nächsten Angebot",
        "by bus or on foot to the nearest place",
        0,
    ),  # fmt: skip
    Kpi("population", "", "neither", "Einwohner", "residents", 0),
    Kpi("requests", "", "neither", "Anliegen", "requests", 0),
    Kpi("trips", "", "neither", "Wege", "trips", 0),
)
MAP_LAYER_KEYS = (
    "travel_minutes_mean", "wait_minutes_mean", "days_to_done_mean", "accessibility", "transit_minutes_nearest",
)  # fmt: skip
PER_SERVICE_LAYER_KEYS = ("accessibility", "transit_minutes_nearest")  # by_district holds one figure per service
DISTRICT_BY_KEY = {kpi.key: kpi for kpi in DISTRICT_KPIS}

# Fairness across residents (summary.json's fairness.<measure>.<group>, or fairness.accessibility.<service>.<group>).
FAIRNESS_KPIS: tuple[Kpi, ...] = (
    Kpi("gini", "", "lower", "Gini", "Gini", 3),
    Kpi("palma", "", "lower", "Palma-Verhältnis", "Palma ratio", 2),
    Kpi("theil", "", "lower", "Theil-Index", "Theil index", 3),
    Kpi("theil_between_municipalities", "", "lower", "Theil zwischen Kommunen", "Theil between municipalities", 3),
    Kpi("theil_within_municipalities", "", "lower", "Theil innerhalb der Kommunen", "Theil within municipalities", 3),
)
FAIRNESS_MEASURES = {
    "travel_minutes": ("Anfahrt (min)", "travel time (min)"),
    "days_to_done": ("Tage bis erledigt", "days to done"),
    "accessibility": ("Erreichbarkeit", "accessibility"),
}
# The model's oldest age group is 65+; it stands in for the 75+ group that planners ask about.
FAIRNESS_GROUPS = {
    "everyone": ("alle Einwohner", "all residents"),
    "age_65_plus": ("65+ (für 75+; das Modell kennt 65+)", "65+ (for 75+; the model has 65+)"),
    "without_car": ("ohne Auto", "without a car"),
}
BEYOND_TRANSIT = Kpi(
    "beyond_30_minutes_by_transit", "%", "lower", "über 30 min mit Bus oder zu Fuß",
    "beyond 30 min by bus or on foot", 1, scale=100.0,
)  # fmt: skip
