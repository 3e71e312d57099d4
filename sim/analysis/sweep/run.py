"""Running a sweep: jobs from the design, batches to an executor, each finished batch stored, then the table."""

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.sweep.design import REFERENCE_POINT, Points, build_points, reference_values
from sim.analysis.sweep.executors import open_executor
from sim.analysis.sweep.jobs import Batch, Job, job_key, point_hash, replication_seeds, run_batch
from sim.analysis.sweep.progress import JobProgress
from sim.analysis.sweep.spec import Sweep
from sim.analysis.sweep.store import (
    DESIGN,
    IDENTITY,
    MANIFEST,
    finished_rows,
    folder_lock,
    prepare_folder,
    write_frame,
    write_json,
    write_rows,
    write_table,
)  # fmt: skip
from sim.errors import InputError
from sim.io.config import Scenario
from sim.io.outputs import git_commit, package_versions
from sim.io.results_folder import WRITER

Model = Callable[[Scenario], dict[str, Any]]
TARGET_BATCH_SECONDS = 1.0  # long enough that a task's overhead (about 2 ms on Dask) is small against it
SECONDS_PER_CITIZEN_DAY = 4e-8  # the kernels engine at Lemgo–Kalletal scale, for sizing batches only


@dataclass(frozen=True)
class SweepResult:
    """A finished sweep: its folder, the tidy table and how many jobs were run now or found done."""

    folder: Path
    table: pd.DataFrame
    computed: int
    reused: int
    run_seconds: float  # the simulations' own time, summed over this session's jobs


def make_jobs(sweep: Sweep, points: Points) -> list[Job]:
    """Return every job: each scenario at each point (and at the reference point) with each replication's seed."""
    spec = sweep.spec
    seeds = replication_seeds(sweep.seed, spec.replications)
    shipped: dict[str, Any] = {}
    rows = [(REFERENCE_POINT, shipped)] + [(int(p), dict(v)) for p, v in points.values.to_dict("index").items()]
    jobs = []
    for point, values in rows:
        for slug, scenario in sweep.scenarios.items():
            scenario_hash = point_hash(scenario, values, spec.days, spec.engine)
            for replication, seed in enumerate(seeds):
                jobs.append(Job(job_key(scenario_hash, seed), slug, point, replication, seed, values))
    return jobs


def batch_size(sweep: Sweep, jobs: int, workers: int) -> int:
    """Return jobs per batch: about TARGET_BATCH_SECONDS of work, but at least eight batches per worker."""
    days = sweep.spec.days or max(s.config.simulation.days for s in sweep.scenarios.values())
    population = max(sum(m.population for m in s.region.municipalities.values()) for s in sweep.scenarios.values())
    seconds = SECONDS_PER_CITIZEN_DAY * population * days + 0.002
    by_time = max(1, round(TARGET_BATCH_SECONDS / seconds))
    return max(1, min(by_time, math.ceil(jobs / (8 * workers))))  # small batches at the end keep workers busy


def make_batches(sweep: Sweep, jobs: list[Job], size: int, model: Model | None = None) -> list[Batch]:
    """Cut the unique jobs into batches; each carries only the base scenarios its jobs use."""
    multiply = {name: parameter.multiply for name, parameter in sweep.spec.parameters.items()}
    kpis = tuple(sweep.spec.kpis)
    batches = []
    for start in range(0, len(jobs), size):
        chunk = tuple(jobs[start : start + size])
        scenarios = {job.scenario: sweep.scenarios[job.scenario] for job in chunk}
        batches.append(Batch(scenarios, chunk, multiply, kpis, sweep.spec.days, sweep.spec.engine, model))
    return batches


def _manifest(sweep: Sweep, points: Points, jobs: list[Job], started: datetime, status: str) -> dict[str, Any]:
    return {
        "written_by": WRITER,
        "kind": "sweep",
        "status": status,
        "sweep_file": str(sweep.path),
        "sweep": sweep.data,
        "scenarios": {slug: {"file": str(s.path), "sha256": s.sha256} for slug, s in sweep.scenarios.items()},
        "problem": points.problem,
        "points": len(points.values),
        "jobs": len(jobs),
        "seed": sweep.seed,
        "seeds": replication_seeds(sweep.seed, sweep.spec.replications),
        "command": sys.argv,
        "package_versions": package_versions(),
        "git_commit": git_commit(),
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": datetime.now(UTC).isoformat(timespec="seconds") if status == "finished" else None,
    }


def _design_frame(points: Points) -> pd.DataFrame:
    frame = points.values.reset_index()
    for column, name in enumerate(points.problem["names"]):
        frame[f"raw:{name}"] = points.raw[:, column]
    return frame


def assemble(sweep: Sweep, jobs: list[Job], rows: pd.DataFrame) -> pd.DataFrame:
    """Return the tidy table: one row per job (scenario, point, replication, seed, parameters, KPIs, job key)."""
    parameters = list(sweep.spec.parameters)
    records = []
    for job in jobs:
        values = job.values if job.point != REFERENCE_POINT else reference_values(sweep, job.scenario)
        found = rows.loc[job.key]
        kpis = {kpi: float(found[kpi]) for kpi in sweep.spec.kpis}
        records.append({"scenario": job.scenario, "point": job.point, "replication": job.replication,
                        "seed": job.seed, **{p: values[p] for p in parameters}, **kpis, "job": job.key})  # fmt: skip
    table = pd.DataFrame.from_records(records)
    order = {slug: index for index, slug in enumerate(sweep.scenarios)}
    table = table.sort_values(["point", "replication"], kind="stable")
    table = table.sort_values("scenario", key=lambda column: column.map(order), kind="stable")
    table = table.sort_values("point", kind="stable").reset_index(drop=True)
    return table.astype({"point": np.int64, "replication": np.int64, "seed": np.int64})


def _kpi_error(sweep: Sweep, error: KeyError) -> InputError:
    kpi = error.args[0] if error.args else "?"
    message = f"'{kpi}' is not a figure of the run's summary.json (e.g. car_km, by_municipality.<id>.cost_paid_eur)"
    return InputError(sweep.path, "kpis", message)


def run_sweep(sweep: Sweep, out_dir: Path, executor: str = "local", scheduler: str | None = None,
              resume: bool = False, workers: int | None = None, size: int | None = None,
              show_progress: bool = True, model: Model | None = None) -> SweepResult:  # fmt: skip
    """Run every job of the sweep that is not yet in out_dir, store each finished batch, write the table."""
    started = datetime.now(UTC)
    folder = prepare_folder(out_dir, resume)
    workers = workers or max(1, min(os.cpu_count() or 1, 8))
    with folder_lock(folder):
        points = build_points(sweep)
        jobs = make_jobs(sweep, points)
        write_json(folder / MANIFEST, _manifest(sweep, points, jobs, started, "running"))
        write_frame(folder, DESIGN, _design_frame(points))
        done = finished_rows(folder, sweep.spec.kpis)
        unique = list({job.key: job for job in jobs}.values())
        todo = [job for job in unique if job.key not in done.index]
        progress = JobProgress(f"sweep {sweep.spec.name}", len(unique), len(unique) - len(todo))
        run_seconds = 0.0
        if todo:
            with open_executor(executor, workers, scheduler) as running:
                size = size or batch_size(sweep, len(todo), running.workers)
                try:
                    for rows in running.map_unordered(run_batch, make_batches(sweep, todo, size, model)):
                        write_rows(folder, rows)
                        run_seconds += sum(row["run_seconds"] for row in rows)
                        if show_progress:
                            progress.advance(len(rows))
                except KeyError as error:
                    raise _kpi_error(sweep, error) from None
        progress.close()
        table = assemble(sweep, jobs, finished_rows(folder, sweep.spec.kpis))
        write_table(folder, table)
        write_json(folder / MANIFEST, _manifest(sweep, points, jobs, started, "finished"))
    return SweepResult(folder, table, len(todo), len(unique) - len(todo), run_seconds)


__all__ = ["IDENTITY", "SweepResult", "make_jobs", "run_sweep"]
