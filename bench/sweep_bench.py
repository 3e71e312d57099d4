"""Benchmark: the sweep's overhead per job as a share of the run time, Lemgo–Kalletal baseline at 30 days.

Run: .venv/bin/python bench/sweep_bench.py

A Latin hypercube of 60 points over two choice parameters (61 jobs with the shipped point) runs on
two workers: the local process pool, then Dask (a LocalCluster started here and reached by its
address, as a real cluster would be). Each executor first runs a small sweep so its workers are
warm (Numba's cache loaded once per worker), then two timed sweeps of 61 and 241 jobs. Overhead =
wall time x workers - the runs' own time. A line through the two sizes splits it into a fixed cost
per sweep (mostly the idle worker while the last batch runs) and the overhead of each further job,
the figure the target means (at most 5 % of a run). Figures only; nothing is asserted.
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


SIZES = (60, 240)  # design points of the two timed sweeps (plus the shipped point each)


def timed_sweep(
    label: str, folder: Path, samples: int, executor: str, scheduler: str | None
) -> tuple[int, float, float]:
    """Run one sweep; return (jobs, total overhead in worker-seconds, the runs' own seconds)."""
    sweep = load_sweep(sweep_file(folder, samples, samples))
    began = time.perf_counter()
    result = run_sweep(sweep, folder / f"{label}_{samples}", executor, scheduler, workers=WORKERS, show_progress=False)
    wall = time.perf_counter() - began
    return result.computed, wall * WORKERS - result.run_seconds, result.run_seconds


def measure(label: str, folder: Path, executor: str, scheduler: str | None = None) -> None:
    """Time two sweep sizes; split the overhead into a fixed cost per sweep and a cost per job (a line through both)."""
    warm = load_sweep(sweep_file(folder, 4, 1))
    run_sweep(warm, folder / f"{label}_warm", executor, scheduler, workers=WORKERS, show_progress=False)
    (small, small_over, small_run), (large, large_over, large_run) = (
        timed_sweep(label, folder, samples, executor, scheduler) for samples in SIZES
    )
    run_mean = (small_run + large_run) / (small + large)
    per_job = max(large_over - small_over, 0.0) / (large - small)
    fixed = small_over - per_job * small
    for jobs, over in ((small, small_over), (large, large_over)):
        print(f"{label}: {jobs} jobs, overhead {over / jobs * 1000:.1f} ms a job = {over / jobs / run_mean:.1%} of the "
              f"run time ({run_mean * 1000:.1f} ms)")  # fmt: skip
    print(
        f"{label}: fixed cost {fixed:.2f} worker-seconds per sweep (the last batches' idle worker, the manifest); "
        f"overhead per further job {per_job * 1000:.1f} ms = {per_job / run_mean:.1%} of a run "
        f"(target <= 5 %: {'reached' if per_job / run_mean <= 0.05 else 'not reached'})"
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
