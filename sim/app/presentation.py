"""Tables for the app's cards, table and charts, built from run summaries with the registry's labels (no Streamlit)."""

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from sim.app.i18n import AGE_GROUPS, label, number, word
from sim.app.names import PlaceNames, service_label
from sim.io.schema import ScenarioConfig
from sim.runner import RunResult
from sim.summary.kpi_registry import CARDS, MUNICIPALITY_KPIS, Kpi

HORIZON_UNITS = ("EUR", "t")  # figures that grow with the horizon: shown per year, or labelled with it
DAYS_PER_YEAR = 365.0
# Cards of horizon figures and their annualised twins in summary.json's per_year block.
PER_YEAR_TWINS = {"cost_eur.per_capita": "per_year.cost_eur_per_capita", "co2_kg": "per_year.co2_kg",
                  "cost_eur.total": "per_year.cost_eur"}  # fmt: skip


def is_per_year(summary: dict[str, Any]) -> bool:
    """Return whether the summary holds annualised figures (per_year)."""
    return isinstance(summary.get("per_year"), dict)


def period_short(summary: dict[str, Any], language: str) -> str:
    """Return the period a cost or CO2 figure is for, short enough for a card or an axis."""
    return label("days_short", language, days=summary["days"])


def cost_period(summary: dict[str, Any], language: str) -> str:
    """Return the period of the costs charts and reports show: a year where the summary annualises, else the days."""
    return label("per_year", language) if is_per_year(summary) else period_short(summary, language)


def period_note(summary: dict[str, Any], language: str) -> str:
    """Return the sentence that says what period the costs and CO2 are for."""
    key = "per_year_note" if is_per_year(summary) else "for_days_note"
    return label(key, language, days=summary["days"])


def per_year_twin(kpi: Kpi, summary: dict[str, Any]) -> Kpi:
    """Return the annualised twin of a horizon card where the summary has it (else the card itself)."""
    twin = PER_YEAR_TWINS.get(kpi.key)
    if twin is None or twin.split(".")[1] not in summary.get("per_year", {}):
        return kpi
    return dataclasses.replace(kpi, key=twin, label_de=f"{kpi.label_de}, je Jahr", label_en=f"{kpi.label_en}, a year")


def kpi_label(kpi: Kpi, summary: dict[str, Any], language: str) -> str:
    """Return a KPI's label; a horizon figure (not per year) says which days it covers."""
    if kpi.unit_in("de") in HORIZON_UNITS and "per_year" not in kpi.key:
        text = kpi.label_de if language == "de" else kpi.label_en
        return f"{text} ({kpi.unit_in(language)}, {period_short(summary, language)})"
    return kpi.label(language)


def kpi_delta(kpi: Kpi, value: float, reference: float, language: str) -> str | None:
    """Return the signed difference as text, or None where it rounds to nothing (no arrow for no change)."""
    difference = value - reference
    if round(difference, kpi.decimals) == 0:
        return None
    return kpi.format(difference, language, signed=True)


def card_kpis(summary: dict[str, Any]) -> list[Kpi]:
    """Return the headline cards' KPIs for a summary: per year where it has the figure, else for its days."""
    shown = {kpi.key for kpi in CARDS}
    kpis = []
    for card in CARDS:
        kpi = per_year_twin(card, summary)
        kpis.append(card if kpi is not card and kpi.key in shown else kpi)  # the registry may show the twin itself
    return kpis


def kpi_cards(
    summary: dict[str, Any], reference: dict[str, Any] | None, language: str
) -> list[tuple[Kpi, str, str, str | None]]:
    """Return (KPI, label, value text, delta text or None) for each headline card."""
    cards = []
    for kpi in card_kpis(summary):
        value = kpi.value(summary)
        delta = kpi_delta(kpi, value, kpi.value(reference), language) if reference is not None else None
        cards.append((kpi, kpi_label(kpi, summary, language), kpi.format(value, language), delta))
    return cards


def municipality_table(names: list[str], results: list[RunResult], places: PlaceNames, language: str) -> pd.DataFrame:
    """Return one row per scenario and municipality: the registry's labels, numbers as the language writes them."""
    rows = []
    for name, result in zip(names, results, strict=True):
        summary = result.summary
        for municipality, figures in summary["by_municipality"].items():
            row = {
                label("scenario", language): name,
                label("municipality", language): places.municipality(municipality),
            }
            for kpi in MUNICIPALITY_KPIS:
                try:
                    row[kpi_label(kpi, summary, language)] = kpi.format(kpi.value(figures), language)
                except KeyError:
                    continue  # a figure this summary does not have
            rows.append(row)
    return pd.DataFrame(rows)


def municipal_cost(figures: dict[str, Any]) -> float:
    """Return what a municipality pays: per year where the summary has it, else for the simulated days."""
    return float(figures.get("cost_paid_eur_per_year", figures["cost_paid_eur"]))


def _cost_phrase(municipality: str, difference: float, language: str) -> str:
    amount = f"{number(abs(difference), language)} EUR"
    if round(difference) == 0:
        return label("pays_same", language, municipality=municipality)
    key = "pays_more" if difference > 0 else "pays_less"
    return label(key, language, municipality=municipality, amount=amount)


def gains_lines(names: list[str], results: list[RunResult], places: PlaceNames, language: str) -> list[str]:
    """Return, for every scenario after the reference, who pays more or less and whose trips get shorter."""
    reference = results[0].summary["by_municipality"]
    lines = []
    for name, result in zip(names[1:], results[1:], strict=True):
        figures = result.summary["by_municipality"]
        costs, times = [], []
        for municipality, own in figures.items():
            before = reference.get(municipality)
            if before is None:
                continue
            shown = places.municipality(municipality)
            costs.append(_cost_phrase(shown, municipal_cost(own) - municipal_cost(before), language))
            minutes = (own["travel_minutes"]["mean"] + own["wait_minutes"]["mean"]) - (
                before["travel_minutes"]["mean"] + before["wait_minutes"]["mean"]
            )
            minutes = 0.0 if round(minutes, 1) == 0 else minutes
            sign = "+" if minutes > 0 else ("−" if minutes < 0 else "±")
            times.append(f"{shown} {sign}{number(abs(minutes), language, 1)} min")
        days = result.summary["days"]
        per_year = "cost_paid_eur_per_year" in next(iter(figures.values()), {})
        period = f" ({label('per_year', language)})" if per_year else f" ({label('for_days', language, days=days)})"
        lines.append(
            label("gains_sentence", language, scenario=name, costs=", ".join(costs) + period, times=", ".join(times))
        )
    return lines


def daily_wait_frame(
    result: RunResult, config: ScenarioConfig, places: PlaceNames, language: str, point: str | None = None
) -> pd.DataFrame:
    """Return the mean wait per day and service (weighted by people served) in the horizon, at one or all points."""
    frame = result.daily_places
    frame = frame[(frame["day"] < result.summary["days"]) & frame["mean_wait_minutes"].notna()]
    if point is not None:
        frame = frame[frame["service_point"] == point]
    service_names = {
        point_id: " / ".join(service_label(config, service, language) for service in point.services)
        for point_id, point in config.service_points.items()
    }
    labelled = frame["service_point"].map(service_names).fillna("?")
    weighted = frame.assign(
        service=labelled, waited=frame["mean_wait_minutes"] * frame["served"], weight=frame["served"]
    )
    grouped = weighted.groupby(["day", "service"], as_index=False)[["waited", "weight"]].sum()
    grouped = grouped[grouped["weight"] > 0]
    out = pd.DataFrame(
        {
            label("day", language): grouped["day"].astype(int) + 1,
            label("service", language): grouped["service"],
            label("mean_wait_axis", language): np.round(grouped["waited"] / grouped["weight"], 1),
        }
    )
    return out.reset_index(drop=True)


def travel_histogram_frame(
    names: list[str], results: list[RunResult], places: PlaceNames, language: str
) -> pd.DataFrame:
    """Return trips per 5-minute travel-time bin by scenario, municipality and age group, with readable headers."""
    rows = [
        {
            label("scenario", language): name,
            label("municipality", language): places.municipality(row["municipality"]),
            label("age_group", language): word(AGE_GROUPS, row["age_group"], language),
            label("travel_from_axis", language): int(row["travel_minutes_from"]),
            label("trips_axis", language): int(row["trips"]),
        }
        for name, result in zip(names, results, strict=True)
        for row in result.summary["travel_histogram"]
    ]
    return pd.DataFrame(rows)


def cost_frame(names: list[str], results: list[RunResult], places: PlaceNames, language: str) -> pd.DataFrame:
    """Return who pays how much in each scenario; payers who pay nothing in every scenario are left out."""
    scenario, payer = label("scenario", language), label("payer", language)
    cost = label("cost_axis", language, period=cost_period(results[0].summary, language))
    rows = []
    for name, result in zip(names, results, strict=True):
        # Annualised as the summary does it (x 365 / days) where it has per-year figures.
        scale = DAYS_PER_YEAR / result.summary["days"] if is_per_year(result.summary) else 1.0
        for municipality, figures in result.summary["by_municipality"].items():
            shown = places.municipality(municipality)
            rows.append({scenario: name, payer: shown, cost: round(figures["cost_paid_eur"] * scale)})
        insurance = result.summary["cost_eur"]["health_insurance"] * scale
        rows.append({scenario: name, payer: label("health_insurance", language), cost: round(insurance)})
    frame = pd.DataFrame(rows)
    paying = frame.groupby(payer)[cost].transform("sum") > 0
    return frame[paying].reset_index(drop=True)


def largest_payers(frame: pd.DataFrame, limit: int, language: str) -> pd.DataFrame:
    """Return the cost table with every payer beyond the `limit` - 1 largest summed into one row per scenario."""
    scenario, payer, cost = frame.columns
    totals = frame.groupby(payer, sort=False)[cost].sum().sort_values(ascending=False)
    if len(totals) <= limit:
        return frame
    kept = set(totals.index[: limit - 1])
    others = label("other_payers", language, count=len(totals) - len(kept))
    grouped = frame.assign(**{payer: frame[payer].where(frame[payer].isin(kept), others)})
    return grouped.groupby([scenario, payer], sort=False, as_index=False)[cost].sum()
