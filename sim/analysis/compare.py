"""Comparing scenarios with common random numbers: one seed and horizon for all, differences to the first."""

from dataclasses import dataclass

import pandas as pd

from sim.executors import run_many
from sim.io.config import Scenario
from sim.runner import Progress, RunResult, simulate, with_seed_and_days
from sim.summary.kpi_registry import BY_KEY, KPIS


@dataclass(frozen=True)
class Comparison:
    """The runs of a comparison and the KPI table (KPIs as rows, scenarios as columns)."""

    scenarios: list[Scenario]
    results: list[RunResult]
    table: pd.DataFrame


def _run_one(job: tuple[Scenario, str | None]) -> RunResult:
    scenario, engine = job
    return simulate(scenario, engine=engine)


def compare(
    scenarios: list[Scenario],
    seed: int | None = None,
    days: int | None = None,
    progress: Progress | None = None,
    engine: str | None = None,
    jobs: int = 1,
) -> Comparison:
    """Run every scenario with the same seed and days, so citizens have the same needs in each.

    The seed and horizon default to the first scenario's; differences to it are then due to
    policy, not to the dice. With jobs > 1 the scenarios run in parallel worker processes
    (same results; progress is then reported per finished scenario).
    """
    first = scenarios[0].config.simulation
    common_seed = first.seed if seed is None else seed
    common_days = first.days if days is None else days
    aligned = [with_seed_and_days(s, seed=common_seed, days=common_days) for s in scenarios]
    if jobs > 1:
        results = run_many(_run_one, [(scenario, engine) for scenario in aligned], jobs)
        if progress is not None:
            progress(len(aligned), len(aligned))
        return Comparison(aligned, results, comparison_table(aligned, results))
    results = []
    for number, scenario in enumerate(aligned):

        def report(day: int, total: int, number: int = number) -> None:
            if progress is not None:
                progress(number * total + day, len(aligned) * total)

        results.append(simulate(scenario, engine=engine, progress=report))
    return Comparison(aligned, results, comparison_table(aligned, results))


def comparison_table(scenarios: list[Scenario], results: list[RunResult]) -> pd.DataFrame:
    """Return KPI rows (registry units) with one column per scenario and the others' differences to the first."""
    rows = []
    names = [scenario.slug for scenario in scenarios]
    for kpi in KPIS:
        values = [kpi.value(result.summary) for result in results]
        row: dict[str, object] = {"kpi": kpi.key, "label": kpi.label_en, "unit": kpi.unit_in("en")}
        for name, value in zip(names, values, strict=True):
            row[name] = round(value, 4)
        for name, value in zip(names[1:], values[1:], strict=True):
            row[f"{name} - {names[0]}"] = round(value - values[0], 4)
        rows.append(row)
    return pd.DataFrame(rows)


def format_table(table: pd.DataFrame, language: str = "en") -> str:
    """Return the comparison as an aligned text table for the terminal (counts as whole numbers)."""
    scenario_columns = [c for c in table.columns if c not in ("kpi", "label", "unit") and " - " not in c]
    labels = [BY_KEY[key].label(language) for key in table["kpi"]]
    width = max(len(label) for label in labels) + 2
    lines = ["".ljust(width) + "".join(f"{c[:26]:>28}" for c in scenario_columns)]
    for label, (_, row) in zip(labels, table.iterrows(), strict=True):
        kpi = BY_KEY[str(row["kpi"])]
        cells = []
        for column in scenario_columns:
            text = kpi.format(float(row[column]), language)
            delta_column = f"{column} - {scenario_columns[0]}"
            if delta_column in table.columns:
                text += f" ({kpi.format(float(row[delta_column]), language, signed=True)})"
            cells.append(f"{text:>28}")
        lines.append(label.ljust(width) + "".join(cells))
    lines.append(f"(differences in brackets are to '{scenario_columns[0]}', with common random numbers)")
    return "\n".join(lines)
