"""Benchmark: the sweep's overhead per job as a share of the run time, Lemgo–Kalletal baseline at 30 days.

Run: .venv/bin/python bench/sweep_bench.py

A Latin hypercube of 60 points over two choice parameters (61 jobs with the shipped point) runs on
two workers: the local process pool, then Dask (a LocalCluster started here and reached by its
address, as a real cluster would be). Each executor first runs a small sweep so its workers are
warm (Numba's cache loaded once per worker), then the timed sweep. Overhead per job =
(wall time x workers - the runs' own time) / jobs; printed as a share of the mean run time
(target: at most 5 %). Figures only; nothing is asserted.
"""

import shutil
import tempfile
import time
from pathlib import Path

import yaml

from sim.analysis.sweep.run import run_sweep
from sim.analysis.sweep.spec import load_sweep

REPO = Path(__file__).resolve().parents[1]
WORKERS = 2


def sweep_file(folder: Path, samples: int, seed: int) -> Path:
    content = {
        "name": f"bench_{samples}",
        "scenarios": {"baseline": str(REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml")},
        "parameters": {
            "behaviour.time_weight_per_minute": {"range": [0.05, 0.3]},
            "behaviour.border_penalty_minutes": {"range": [0, 15]},
        },
        "design": {"method": "latin_hypercube", "samples": samples, "seed": seed},
        "days": 30,
        "kpis": ["car_km", "wait_minutes.mean"],
    }
    path = folder / f"sweep_{samples}_{seed}.yaml"
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path


def measure(label: str, folder: Path, executor: str, scheduler: str | None = None) -> None:
    warm = load_sweep(sweep_file(folder, 4, 1))
    run_sweep(warm, folder / f"{label}_warm", executor, scheduler, workers=WORKERS, show_progress=False)
    timed = load_sweep(sweep_file(folder, 60, 2))
    began = time.perf_counter()
    result = run_sweep(timed, folder / label, executor, scheduler, workers=WORKERS, show_progress=False)
    wall = time.perf_counter() - began
    jobs = result.computed
    run_mean = result.run_seconds / jobs
    overhead = (wall * WORKERS - result.run_seconds) / jobs
    print(
        f"{label}: {jobs} jobs in {wall:.2f} s on {WORKERS} workers; run {run_mean * 1000:.1f} ms a job, "
        f"overhead {overhead * 1000:.1f} ms a job = {overhead / run_mean:.1%} of the run time "
        f"(target <= 5 %: {'reached' if overhead / run_mean <= 0.05 else 'not reached'})"
    )


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="sweep_bench_"))
    try:
        measure("local", folder, "local")
        from distributed import LocalCluster

        with LocalCluster(n_workers=WORKERS, threads_per_worker=1, dashboard_address=None) as cluster:
            measure("dask", folder, "dask", cluster.scheduler_address)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
