"""Comparing scenarios with common random numbers: same seeds for all, paired intervals of the differences."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.analysis.game_keys import resolve_game_keys
from sim.errors import InputError
from sim.executors import run_many
from sim.io.config import Scenario
from sim.runner import (
    Progress,
    RunResult,
    replication_seeds,
    simulate,
    t_half_width,
    with_replication_block,
    with_seed_and_days,
)
from sim.summary.kpi_registry import BY_KEY, KPIS, kpis_for

DEFAULT_MAX_REPLICATIONS = 50  # the cap of --precision unless --max-replications says otherwise
CONTAINS_ZERO = "contains_zero"


@dataclass(frozen=True)
class PrecisionTarget:
    """Add replications until the paired interval of this KPI's differences is at most `half_width` wide."""

    kpi: str  # a registry key, e.g. car_km or wait_minutes.mean
    half_width: float  # in the KPI's shown unit (the registry's scale applied: t of CO2, % of shares)
    max_replications: int = DEFAULT_MAX_REPLICATIONS


@dataclass(frozen=True)
class Comparison:
    """The runs of a comparison and the KPI table (KPIs as rows, scenarios as columns).

    `results` holds one result per scenario: its first replication, with the replication block
    (means and intervals) when there were several. `values[kpi]` is a (scenarios x replications)
    array of the KPI in its shown unit; replication r of every scenario ran with `seeds[r]`.
    """

    scenarios: list[Scenario]
    results: list[RunResult]
    table: pd.DataFrame
    seeds: list[int] = field(default_factory=list)
    values: dict[str, np.ndarray] = field(default_factory=dict)
    precision_note: str = ""


def _run_one(job: tuple[Scenario, str | None]) -> RunResult:
    scenario, engine = job
    return simulate(scenario, engine=engine)


def _run_batch(
    aligned: list[Scenario], seeds: list[int], engine: str | None, jobs: int, progress: Progress | None
) -> list[list[RunResult]]:
    """Run every scenario with every seed; return the results per seed (in scenario order)."""
    items = [(with_seed_and_days(scenario, seed=seed), engine) for seed in seeds for scenario in aligned]
    if jobs > 1:
        flat = run_many(_run_one, items, jobs)
        if progress is not None:
            progress(len(items), len(items))
    else:
        flat = []
        for number, (scenario, _) in enumerate(items):

            def report(day: int, total: int, number: int = number) -> None:
                if progress is not None:
                    progress(number * total + day, len(items) * total)

            flat.append(simulate(scenario, engine=engine, progress=report))
    width = len(aligned)
    return [flat[start : start + width] for start in range(0, len(flat), width)]


def compare(
    scenarios: list[Scenario],
    seed: int | None = None,
    days: int | None = None,
    progress: Progress | None = None,
    engine: str | None = None,
    jobs: int = 1,
    replications: int = 1,
    precision: PrecisionTarget | None = None,
) -> Comparison:
    """Run every scenario with the same seeds and days, so citizens have the same needs in each.

    The seed and horizon default to the first scenario's; differences to it are then due to policy,
    not to the dice. With `replications` > 1, replication r of every scenario runs with the same
    spawned seed, and each difference gets the Student-t interval of its per-replication
    differences (paired, common random numbers). With `precision`, replications are added until
    that KPI's paired half-width is at most the target for every scenario, or the cap is reached.
    With jobs > 1 the runs go to parallel worker processes (same results).
    """
    first = scenarios[0].config.simulation
    common_seed = first.seed if seed is None else seed
    common_days = first.days if days is None else days
    aligned = [resolve_game_keys(with_seed_and_days(s, seed=common_seed, days=common_days)) for s in scenarios]
    if precision is not None:
        _check_target(precision, len(aligned))
        replications = max(replications, 2)
    seeds = replication_seeds(common_seed, replications)
    per_seed = _run_batch(aligned, seeds, engine, jobs, progress)
    note = ""
    while precision is not None:
        widest = _widest_half_width(_kpi_values(per_seed)[precision.kpi])
        note = _precision_note(precision, widest, len(per_seed))
        if widest <= precision.half_width or len(per_seed) >= precision.max_replications:
            break
        wanted = _replications_needed(len(per_seed), widest, precision)
        seeds = replication_seeds(common_seed, wanted)
        per_seed += _run_batch(aligned, seeds[len(per_seed) :], engine, jobs, progress)
    values = _kpi_values(per_seed)
    results = [_scenario_result([runs[index] for runs in per_seed], seeds) for index in range(len(aligned))]
    table = comparison_table(aligned, results) if len(seeds) == 1 else interval_table(aligned, values)
    return Comparison(aligned, results, table, seeds, values, note)


def precision_target(text: str | None, max_replications: int | None = None) -> PrecisionTarget | None:
    """Parse --precision KPI=HALFWIDTH (e.g. car_km=250) with its cap; None without --precision.

    Raises:
        InputError: for text that is not KPI=positive number, or a cap without a target.
    """
    if text is None:
        if max_replications is not None:
            raise InputError(None, "--max-replications", "is the cap of --precision; give --precision KPI=HALFWIDTH")
        return None
    kpi, separator, number = text.partition("=")
    try:
        half_width = float(number)
    except ValueError:
        half_width = float("nan")
    if not separator or not kpi.strip() or not 0 < half_width < float("inf"):
        raise InputError(None, "--precision", f"expected KPI=HALFWIDTH with a positive number, got '{text}'")
    return PrecisionTarget(kpi.strip(), half_width, max_replications or DEFAULT_MAX_REPLICATIONS)


def _check_target(precision: PrecisionTarget, scenario_count: int) -> None:
    """Raise InputError for a target that cannot be met: unknown KPI, no difference, bad numbers."""
    problem = ""
    if precision.kpi not in BY_KEY:
        problem = f"unknown KPI '{precision.kpi}'; known: {', '.join(BY_KEY)}"
    elif not precision.half_width > 0:
        problem = f"the half-width must be positive, got {precision.half_width}"
    elif scenario_count < 2:
        problem = "needs at least two scenarios: the target is the interval of a difference to the first"
    elif precision.max_replications < 2:
        problem = f"the cap must allow at least 2 replications, got {precision.max_replications}"
    if problem:
        raise InputError(None, "--precision", problem)


def _scenario_result(runs: list[RunResult], seeds: list[int]) -> RunResult:
    return runs[0] if len(runs) == 1 else with_replication_block(runs, seeds)


def _kpi_values(per_seed: list[list[RunResult]]) -> dict[str, np.ndarray]:
    """Return each KPI (shown unit) as a (scenarios x replications) array."""
    return {
        kpi.key: np.array([[kpi.value(runs[index].summary) for runs in per_seed] for index in range(len(per_seed[0]))])
        for kpi in kpis_for([run.summary for runs in per_seed for run in runs])
    }


def _widest_half_width(values: np.ndarray) -> float:
    """Return the largest paired half-width of the differences of scenarios 2.. to the first."""
    return max(t_half_width(values[index] - values[0]) for index in range(1, values.shape[0]))


def _replications_needed(count: int, half_width: float, precision: PrecisionTarget) -> int:
    """Estimate the replications that bring the half-width to the target (at most doubling, within the cap).

    The half-width shrinks roughly as 1/sqrt(n); doubling at most keeps one noisy estimate from
    asking for far too many runs.
    """
    estimate = int(np.ceil(count * (half_width / precision.half_width) ** 2))
    return int(min(max(estimate, count + 1), 2 * count, precision.max_replications))


def _precision_note(precision: PrecisionTarget, half_width: float, count: int) -> str:
    kpi = BY_KEY[precision.kpi]
    unit = f" {kpi.unit}" if kpi.unit else ""
    if half_width <= precision.half_width:
        return (
            f"--precision {precision.kpi}: target met, widest paired half-width {half_width:.4g}{unit} <= "
            f"{precision.half_width:g}{unit} after {count} replications"
        )
    return (
        f"--precision {precision.kpi}: cap of {precision.max_replications} replications reached, widest paired "
        f"half-width {half_width:.4g}{unit} > target {precision.half_width:g}{unit}"
    )


def comparison_table(scenarios: list[Scenario], results: list[RunResult]) -> pd.DataFrame:
    """Return KPI rows (registry units) with one column per scenario and the others' differences to the first."""
    rows = []
    names = [scenario.slug for scenario in scenarios]
    for kpi in kpis_for([result.summary for result in results]):
        values = [kpi.value(result.summary) for result in results]
        row: dict[str, object] = {"kpi": kpi.key, "label": kpi.label_en, "unit": kpi.unit_in("en")}
        for name, value in zip(names, values, strict=True):
            row[name] = round(value, 4)
        for name, value in zip(names[1:], values[1:], strict=True):
            row[f"{name} - {names[0]}"] = round(value - values[0], 4)
        rows.append(row)
    return pd.DataFrame(rows)


def interval_table(scenarios: list[Scenario], values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Return KPI rows with each scenario's mean and half-width, and each difference's paired interval.

    Columns: `<name>` (mean over replications), `<name> ci95_half` (its Student-t half-width),
    `<name> - <first>` (mean difference), `... ci95_low`, `... ci95_high` (Student-t interval of
    the per-replication differences) and `... contains_zero` (the difference is not
    distinguishable from zero at 95 %).
    """
    names = [scenario.slug for scenario in scenarios]
    rows = []
    for kpi in (kpi for kpi in KPIS if kpi.key in values):
        table = values[kpi.key]
        row: dict[str, object] = {"kpi": kpi.key, "label": kpi.label_en, "unit": kpi.unit}
        for index, name in enumerate(names):
            row[name] = round(float(table[index].mean()), 4)
            row[f"{name} ci95_half"] = round(t_half_width(table[index]), 4)
        for index, name in enumerate(names[1:], start=1):
            differences = table[index] - table[0]
            mean, half_width = float(differences.mean()), t_half_width(differences)
            column = f"{name} - {names[0]}"
            row[column] = round(mean, 4)
            row[f"{column} ci95_low"] = round(mean - half_width, 4)
            row[f"{column} ci95_high"] = round(mean + half_width, 4)
            row[f"{column} {CONTAINS_ZERO}"] = bool(mean - half_width <= 0.0 <= mean + half_width)
        rows.append(row)
    return pd.DataFrame(rows)


def _scenario_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c not in ("kpi", "label", "unit") and " - " not in c and " ci95" not in c]


def format_table(table: pd.DataFrame, language: str = "en") -> str:
    """Return the comparison as an aligned text table for the terminal (counts as whole numbers).

    With replications, each cell reads `mean ± half-width`, and a difference whose paired interval
    contains 0 is marked `~0`.
    """
    scenario_columns = _scenario_columns(table)
    labels = [BY_KEY[key].label(language) for key in table["kpi"]]
    width = max(len(label) for label in labels) + 2
    cells_by_row = [
        [_cell(table, row, column, scenario_columns[0], language) for column in scenario_columns]
        for _, row in table.iterrows()
    ]
    cell_width = max(28, *(len(cell) + 2 for cells in cells_by_row for cell in cells))
    lines = ["".ljust(width) + "".join(f"{c[: cell_width - 2]:>{cell_width}}" for c in scenario_columns)]
    for label, cells in zip(labels, cells_by_row, strict=True):
        lines.append(label.ljust(width) + "".join(f"{cell:>{cell_width}}" for cell in cells))
    lines.append(f"(differences in brackets are to '{scenario_columns[0]}', with common random numbers)")
    if any(column.endswith(CONTAINS_ZERO) for column in table.columns):
        lines.append("(± is the 95 % Student-t half-width; differences are paired; ~0: the interval contains 0)")
    return "\n".join(lines)


def _cell(table: pd.DataFrame, row: pd.Series, column: str, reference: str, language: str) -> str:
    """Return one scenario's cell: value (± half-width) and, for the others, the difference to the reference."""
    kpi = BY_KEY[str(row["kpi"])]
    text = kpi.format(float(row[column]), language)
    if f"{column} ci95_half" in table.columns:
        text += f" ± {kpi.format(float(row[f'{column} ci95_half']), language)}"
    delta = f"{column} - {reference}"
    if delta not in table.columns:
        return text
    difference = kpi.format(float(row[delta]), language, signed=True)
    if f"{delta} ci95_high" in table.columns:
        half_width = (float(row[f"{delta} ci95_high"]) - float(row[f"{delta} ci95_low"])) / 2.0
        difference += f" ± {kpi.format(half_width, language)}"
        if bool(row[f"{delta} {CONTAINS_ZERO}"]):
            difference += " ~0"
    return f"{text} ({difference})"
