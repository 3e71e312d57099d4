"""The figures a calibration compares with documented targets, from one run of the model."""

from typing import Any

import numpy as np

from sim.io.config import Scenario
from sim.io.schema import AGE_GROUPS, MODES

FIGURES_HELP = (
    "modal_split.<car|transit|bike|walk>, visits_per_inhabitant_year.<service>, "
    "requests_per_person_year.<service>[.<0-17|18-64|65+>], or a dotted path of summary.json"
)


def run_figures(scenario: Scenario) -> tuple[dict[str, float], dict[str, Any]]:
    """Run the scenario; return every calibration figure (shares, per-inhabitant-year rates) and the summary."""
    from sim.model.region import Region
    from sim.summary.key_figures import build_summary

    model = Region(scenario)
    model.run()
    outcome = model.outcome()
    summary, _ = build_summary(outcome)
    figures = summary_figures(summary, scenario.config.simulation.days)
    ages = outcome.citizens.age_group
    per_year = 365.0 / scenario.config.simulation.days
    people_by_age = np.bincount(ages, minlength=len(AGE_GROUPS)).astype(float)
    book = outcome.book
    for index, service in enumerate(scenario.config.services):
        mine = book.service == index
        counts = np.bincount(ages[book.citizen[mine]], minlength=len(AGE_GROUPS)).astype(float)
        for age, label in enumerate(AGE_GROUPS):
            rate = counts[age] / people_by_age[age] * per_year if people_by_age[age] else 0.0
            figures[f"requests_per_person_year.{service}.{label}"] = rate
    return figures, summary


def summary_figures(summary: dict[str, Any], days: int) -> dict[str, float]:
    """Return the figures computed from summary.json alone: modal split and per-inhabitant-year rates.

    The summary counts the requests after the warm-up, so rates are per measured day.
    """
    per_year = 365.0 / (days - summary.get("warmup_days", 0))
    population = float(summary["population"])
    trips = summary["trips_by_mode"]
    total = float(sum(trips.values())) or 1.0
    figures = {f"modal_split.{mode}": trips.get(mode, 0) / total for mode in MODES}
    for service, block in summary["by_service"].items():
        figures[f"visits_per_inhabitant_year.{service}"] = block["trips"] / population * per_year
        figures[f"requests_per_person_year.{service}"] = block["requests"]["total"] / population * per_year
    return figures


def figure_value(figures: dict[str, float], summary: dict[str, Any] | None, name: str) -> float:
    """Return a named calibration figure, or a summary figure by dotted path; KeyError if neither exists."""
    if name in figures:
        return figures[name]
    if summary is None:
        raise KeyError(name)
    from sim.summary.kpi_registry import lookup

    return lookup(summary, name)
