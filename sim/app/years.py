"""The years ahead in the app: the population year of a run, the projected residents, and "2025 vs 2040" tables.

`simulation.population_year` reweights the residents by age group and municipality to a projected
year (docs/YEARS_AHEAD.md). The residents and the demand per head of a year come without a run
(sim/analysis/demography.py); what ageing does to waits, trips and costs needs runs of the same
scenario at two years, which go through the app's run queue like every run.
"""

import dataclasses
import hashlib
from typing import Any

import pandas as pd

from sim.analysis.demography import demand_per_head, projected_residents
from sim.app.i18n import AGE_GROUPS, label, register_labels, word
from sim.app.names import service_label
from sim.io.config import Scenario
from sim.io.schema import AGE_GROUPS as AGE_GROUP_IDS
from sim.io.schema import RegionConfig, ScenarioConfig
from sim.runner import RunResult
from sim.summary.kpi_registry import BY_KEY, Kpi

# What ageing changes, as the "2025 vs 2040" table shows it (registry KPIs; costs per year).
YEAR_KPIS = (
    "requests.total", "wait_minutes.mean", "travel_minutes.mean", "trips", "citizen_hours", "per_year.cost_eur"
)  # fmt: skip

register_labels({
    "population_year": {"de": "Bevölkerung im Jahr", "en": "Population of the year"},
    "population_year_help": {
        "de": "Gewichtet die Einwohner nach der Bevölkerungsvorausberechnung (je Kreis und Altersgruppe) um.",
        "en": "Reweights the residents by the population projection (by Kreis and age group).",
    },
    "residents_in": {"de": "Einwohner {year}", "en": "Residents {year}"},
    "change_percent": {"de": "Änderung (%)", "en": "Change (%)"},
    "old_share_in": {"de": "Anteil 65+ {year} (%)", "en": "Share 65+ {year} (%)"},
    "requests_per_head": {"de": "Anliegen je Einwohner und Jahr", "en": "Requests per resident and year"},
    "value_in": {"de": "{year}", "en": "{year}"},
    "change_between": {"de": "Änderung {first} → {second}", "en": "Change {first} → {second}"},
})  # fmt: skip


def year_range(region: RegionConfig) -> tuple[int, int, int] | None:
    """Return (first, last, base) year of the region's projection table, or None if it has none."""
    projections = region.projections
    if projections is None:
        return None
    return min(projections.years), max(projections.years), projections.base_year


def with_population_year(scenario: Scenario, year: int | None) -> Scenario:
    """Return the scenario with its residents reweighted to `year` (None: as the file says).

    The content hash changes with the year, so cached runs of one year are never taken for another.
    """
    if year is None or scenario.region.projections is None:
        return scenario
    simulation = scenario.config.simulation
    current = simulation.population_year or scenario.region.projections.base_year
    if year == current:
        return scenario
    low, high, _ = year_range(scenario.region) or (year, year, year)
    if not low <= year <= high:
        raise ValueError(f"population year {year} outside the region's table {low}-{high}")
    new_simulation = simulation.model_copy(update={"population_year": year})
    config = scenario.config.model_copy(update={"simulation": new_simulation})
    resolved = {**scenario.resolved, "simulation": new_simulation.model_dump(mode="json")}
    digest = hashlib.sha256(f"{scenario.sha256}|population_year={year}".encode()).hexdigest()
    return dataclasses.replace(scenario, config=config, resolved=resolved, sha256=digest)


def age_frame(region: RegionConfig, years: list[int], language: str) -> pd.DataFrame:
    """Return the region's residents per age group in each year (Jahr, Altersgruppe, Einwohner)."""
    year, age, residents = label("year", language), label("age_group", language), label("residents", language)
    rows = []
    for shown in years:
        table = projected_residents(region, shown)
        for group in AGE_GROUP_IDS:
            rows.append({year: str(shown), age: word(AGE_GROUPS, group, language), residents: int(table[group].sum())})
    return pd.DataFrame(rows)


def municipality_frame(region: RegionConfig, first: int, second: int, language: str) -> pd.DataFrame:
    """Return per municipality the residents in both years, the change and the share of 65 and older."""
    before, after = projected_residents(region, first), projected_residents(region, second)
    change = (after["total"] / before["total"] - 1.0) * 100.0
    return pd.DataFrame({
        label("municipality", language): before["name"],
        label("residents_in", language, year=first): before["total"],
        label("residents_in", language, year=second): after["total"],
        label("change_percent", language): change.round(1),
        label("old_share_in", language, year=first): (100.0 * before["65+"] / before["total"]).round(1),
        label("old_share_in", language, year=second): (100.0 * after["65+"] / after["total"]).round(1),
    })  # fmt: skip


def demand_frame(config: ScenarioConfig, region: RegionConfig, years: list[int], language: str) -> pd.DataFrame:
    """Return the expected requests per resident and year of every service in each year (the age mix x the rates)."""
    table = demand_per_head(config, region, years)
    return pd.DataFrame({
        label("service", language): [service_label(config, s, language) for s in table["service"]],
        label("year", language): table["year"].astype(str),
        label("requests_per_head", language): table["requests_per_person_year"],
    })  # fmt: skip


def kpi_mean(kpi: Kpi, summary: dict[str, Any]) -> float:
    """Return a KPI's mean over the replications where the summary has them, else its value (the shown unit)."""
    block = summary.get("replications", {}).get("kpis", {}).get(kpi.key)
    return float(block["mean"]) * kpi.scale if block else kpi.value(summary)


def years_comparison_frame(
    names: list[str], first: list[RunResult], second: list[RunResult], years: tuple[int, int], language: str
) -> pd.DataFrame:
    """Return, per scenario and key figure, the value in both years and the change (the same scenario, two years)."""
    figure, scenario = label("key_figure", language), label("scenario", language)
    early, late = label("value_in", language, year=years[0]), label("value_in", language, year=years[1])
    change = label("change_between", language, first=years[0], second=years[1])
    rows = []
    for key in YEAR_KPIS:
        kpi = BY_KEY[key]
        for name, result_a, result_b in zip(names, first, second, strict=True):
            a, b = kpi_mean(kpi, result_a.summary), kpi_mean(kpi, result_b.summary)
            rows.append({figure: kpi.label(language), scenario: name, early: kpi.format(a, language),
                         late: kpi.format(b, language), change: kpi.format(b - a, language, signed=True)})  # fmt: skip
    return pd.DataFrame(rows)
