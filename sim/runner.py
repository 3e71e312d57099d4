"""The simulation API that the CLI and the app share: run a scenario, replicate it, compare several."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.io.config import Scenario
from sim.model.region import Region
from sim.summary.key_figures import build_summary
from sim.summary.kpi_registry import kpis_for

Progress = Callable[[int, int], None]
CONFIDENCE = 0.95  # two-sided level of every interval: Student-t over replications


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, ready to be written or shown."""

    summary: dict[str, Any]
    daily: pd.DataFrame
    daily_places: pd.DataFrame
    by_municipality: pd.DataFrame


def with_seed_and_days(scenario: Scenario, seed: int | None = None, days: int | None = None) -> Scenario:
    """Return the scenario with its seed and/or horizon replaced (validated like the file).

    A horizon no longer than the scenario's warm-up turns the warm-up off (a quick look at a few
    days would otherwise count nothing); summary.json's `warmup_days` then says 0.
    """
    simulation = scenario.config.simulation
    changes: dict[str, Any] = {}
    if seed is not None:
        changes["seed"] = seed
    if days is not None:
        changes["days"] = days
        if days <= simulation.warmup_days:
            changes["warmup_days"] = 0
    if not changes:
        return scenario
    new_simulation = simulation.model_validate({**simulation.model_dump(), **changes})
    config = scenario.config.model_copy(update={"simulation": new_simulation})
    resolved = {**scenario.resolved, "simulation": new_simulation.model_dump(mode="json")}
    return dataclasses.replace(scenario, config=config, resolved=resolved)


def simulate(scenario: Scenario, engine: str | None = None, progress: Progress | None = None) -> RunResult:
    """Run one scenario with its own seed and return summary and tables.

    Args:
        engine: "kernels" or "agents"; default: the scenario's simulation.engine.
    """
    model = Region(scenario, engine=engine, progress=progress)
    model.run()
    summary, _ = build_summary(model.outcome())
    daily = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    daily.insert(0, "day", np.arange(len(daily)))
    counted = daily["waits_counted"].to_numpy()
    daily["mean_wait_minutes"] = np.round(np.divide(daily["wait_minutes_sum"].to_numpy(), np.maximum(counted, 1)), 4)
    daily = daily.drop(columns=["wait_minutes_sum", "waits_counted"])
    counts = ["requests", "online", "in_person", "mobile", "visits", "served", "unserved", "trips"]
    daily[counts] = daily[counts].astype(np.int64)
    places = model.datacollector.get_table_dataframe("service_points")
    whole = ["day", "place", "visits", "served"]
    places[whole] = places[whole].astype(np.int64)
    places["mean_wait_minutes"] = places["mean_wait_minutes"].astype(np.float64)
    places.insert(
        1,
        "service_point",
        [model.facilities.point_ids[p] for p in model.facilities.place_point[places["place"]]],
    )
    by_municipality = pd.DataFrame(
        [{"municipality": m, **_flatten(figures)} for m, figures in summary["by_municipality"].items()]
    )
    return RunResult(summary, daily.round(4), places.round(4), by_municipality)


def _flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def t_quantile(count: int, confidence: float = CONFIDENCE) -> float:
    """Return the two-sided Student-t quantile for the mean of `count` values (count - 1 degrees of freedom)."""
    if count < 2:
        raise ValueError(f"an interval needs at least 2 replications, got {count}")
    from scipy import stats  # half a second to import: only when an interval is needed

    return float(stats.t.ppf(0.5 + confidence / 2.0, count - 1))


def t_half_width(values: np.ndarray | list[float], confidence: float = CONFIDENCE) -> float:
    """Return the half-width of the Student-t interval of the mean of `values` (0 for fewer than two).

    With n values the interval is mean +- t(n-1) * s / sqrt(n), s the sample standard deviation.
    Applied to per-replication differences of two scenarios run with the same seeds, this is the
    paired interval of the difference (common random numbers).
    """
    data = np.asarray(values, dtype=float)
    if data.size < 2:
        return 0.0
    return t_quantile(data.size, confidence) * float(data.std(ddof=1)) / float(np.sqrt(data.size))


def replication_seeds(root: int, replications: int) -> list[int]:
    """Return the seeds of `replications` runs: the root seed first, then seeds spawned from it.

    Every scenario run with the same root gets the same list, so replication r of each scenario sees
    the same random numbers (common random numbers across scenarios and coalitions).
    """
    return [root] + [
        int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
        for child in np.random.SeedSequence(root).spawn(replications - 1)
    ]


def replicate(
    scenario: Scenario, replications: int, engine: str | None = None, progress: Progress | None = None
) -> RunResult:
    """Run the scenario with spawned seeds; figures of the first run plus mean and 95 % t-interval of the KPIs."""
    seeds = replication_seeds(scenario.config.simulation.seed, replications)
    results = []
    for number, seed in enumerate(seeds):

        def report(day: int, days: int, number: int = number) -> None:
            if progress is not None:
                progress(number * days + day, replications * days)

        results.append(simulate(with_seed_and_days(scenario, seed=seed), engine, report))
    return with_replication_block(results, seeds)


def with_replication_block(results: list[RunResult], seeds: list[int]) -> RunResult:
    """Return the first run's result with summary["replications"]: seeds and each KPI's mean and t-interval."""
    first = results[0]
    kpis = {}
    for kpi in kpis_for([result.summary for result in results]):
        values = np.array([kpi.figure(result.summary) for result in results])
        half_width = t_half_width(values)
        kpis[kpi.key] = {
            "mean": round(float(values.mean()), 4),
            "ci95_low": round(float(values.mean() - half_width), 4),
            "ci95_high": round(float(values.mean() + half_width), 4),
        }
    block = {"count": len(results), "seeds": seeds, "interval": "Student t, 95 %", "kpis": kpis}
    return dataclasses.replace(first, summary={**first.summary, "replications": block})


def run_job(job: tuple[Scenario, str | None, int]) -> RunResult:
    """Run one (scenario, engine, replications) job; a module-level function so worker processes can take it."""
    scenario, engine, replications = job
    if replications > 1:
        return replicate(scenario, replications, engine)
    return simulate(scenario, engine)
