"""Sweep jobs: (scenario hash, parameter values, seed), their keys, and the worker that runs a batch of them."""

import copy
import dataclasses
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.io.config import Scenario
from sim.io.schema import ScenarioConfig

Values = dict[str, Any]


@dataclass(frozen=True)
class Job:
    """One run of a sweep: a base scenario at one design point with one seed."""

    key: str  # hash of (point scenario hash, seed): the same job is never run twice
    scenario: str  # slug of the base scenario
    point: int  # row of the design
    replication: int
    seed: int
    values: Values  # parameter key path -> value


@dataclass(frozen=True)
class Batch:
    """Jobs sent to one worker together, with what it needs to run them."""

    scenarios: dict[str, Scenario]
    jobs: tuple[Job, ...]
    multiply: dict[str, bool]
    kpis: tuple[str, ...]
    days: int | None
    engine: str | None
    model: Callable[[Scenario], dict[str, Any]] | None = None  # default: simulate; tests plug in a known function


def replication_seeds(root: int, replications: int) -> list[int]:
    """Return the seeds of the replications, as `replicate` derives them: the root, then spawned children."""
    children = np.random.SeedSequence(root).spawn(max(replications - 1, 0))
    return [root] + [int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for child in children]


def _canonical(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return float(value)
    return value


def point_hash(scenario: Scenario, values: Values, days: int | None, engine: str | None) -> str:
    """Return the hash of a base scenario changed by parameter values (and horizon and engine)."""
    content = {"scenario": scenario.sha256, "values": {k: _canonical(v) for k, v in sorted(values.items())},
               "days": days, "engine": engine}  # fmt: skip
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def job_key(scenario_hash: str, seed: int) -> str:
    """Return the key of a job: (point scenario hash, seed)."""
    return hashlib.sha256(f"{scenario_hash}:{seed}".encode()).hexdigest()[:24]


def _scaled(base: Any, factor: float) -> Any:
    if isinstance(base, dict):
        return {key: _scaled(value, factor) for key, value in base.items()}
    if isinstance(base, bool) or not isinstance(base, int | float):
        raise TypeError(f"multiply needs numbers, found {base!r}")
    return float(base) * factor


def merged_data(resolved: dict[str, Any], values: Values, multiply: dict[str, bool]) -> dict[str, Any]:
    """Return the scenario data with each parameter's key path set (or multiplied) to its value."""
    data = dict(resolved)
    for key_path, value in values.items():
        *parents, leaf = key_path.split(".")
        node = data
        for part in parents:  # copy only the mappings on the way: the base scenario is shared, never changed
            node[part] = dict(node[part])
            node = node[part]
        current = copy.deepcopy(node[leaf])
        if multiply.get(key_path):
            node[leaf] = _scaled(current, float(value))
        elif isinstance(current, int) and not isinstance(current, bool) and isinstance(value, float):
            node[leaf] = int(round(value))
        else:
            node[leaf] = value
    return data


def point_config(scenario: Scenario, values: Values, multiply: dict[str, bool]) -> ScenarioConfig:
    """Validate the scenario at a design point (pydantic raises ValidationError for a refused value)."""
    return ScenarioConfig.model_validate(merged_data(scenario.resolved, values, multiply))


def point_scenario(scenario: Scenario, values: Values, multiply: dict[str, bool], seed: int, days: int | None):
    """Return the base scenario at a design point with the job's seed (and horizon)."""
    config = point_config(scenario, values, multiply)
    changes: dict[str, Any] = {"seed": seed, **({"days": days} if days else {})}
    if days and days <= config.simulation.warmup_days:
        changes["warmup_days"] = 0  # as sim.runner.with_seed_and_days: a horizon inside the warm-up counts every day
    simulation = config.simulation.model_copy(update=changes)
    config = config.model_copy(update={"simulation": simulation})
    resolved = {**merged_data(scenario.resolved, values, multiply), "simulation": simulation.model_dump(mode="json")}
    return dataclasses.replace(scenario, config=config, resolved=resolved)


def kpi_values(summary: dict[str, Any], kpis: Sequence[str]) -> dict[str, float]:
    """Return the KPIs of a run by dotted path; a missing one raises KeyError naming it."""
    from sim.summary.kpi_registry import BY_KEY, lookup

    values = {}
    for kpi in kpis:
        try:  # a registry KPI may be computed from other figures (adoption.online_share_all)
            values[kpi] = BY_KEY[kpi].figure(summary) if kpi in BY_KEY else lookup(summary, kpi)
        except (KeyError, TypeError, ValueError):
            raise KeyError(kpi) from None
    return values


_WARMED: set[str] = set()  # per worker process: the scenarios whose kernels and caches are loaded


def warm_worker(scenario: Scenario) -> None:
    """Prepare a worker once: one Numba thread, and the compiled kernels loaded by a one-day run."""
    from sim.executors import single_numba_thread
    from sim.runner import simulate, with_seed_and_days

    if _WARMED:
        return
    single_numba_thread()
    simulate(with_seed_and_days(scenario, days=1))
    _WARMED.add(scenario.sha256)


def run_batch(batch: Batch) -> list[dict[str, Any]]:
    """Run every job of a batch and return one row each: job identity, KPI values and run seconds."""
    from sim.runner import simulate

    if batch.model is None:
        warm_worker(next(iter(batch.scenarios.values())))
    rows = []
    for job in batch.jobs:
        scenario = point_scenario(batch.scenarios[job.scenario], job.values, batch.multiply, job.seed, batch.days)
        started = time.perf_counter()  # the run alone: building the scenario counts as the sweep's overhead
        summary = simulate(scenario, batch.engine).summary if batch.model is None else batch.model(scenario)
        run_seconds = time.perf_counter() - started
        identity: dict[str, Any] = {"job": job.key, "scenario": job.scenario, "point": job.point}
        identity["replication"] = job.replication
        kpis = kpi_values(summary, batch.kpis)
        rows.append({**identity, "seed": job.seed, **job.values, **kpis, "run_seconds": run_seconds})
    return rows
