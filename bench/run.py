"""IKZ-Sim benchmarks: the two engines, scaling to a million citizens, queue kernel vs SimPy, compile times.

Run: .venv/bin/python bench/run.py [--quick]

Every measurement runs in a fresh process (bench/scale_worker.py), so peak memory is per run and
Numba's cache state is controlled. Prints one table with figures, targets and ratios side by side
and writes bench/results.json. Nothing here asserts a time: machines are noisy; the figures go into
the notes and the README.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from cold_start import measure as measure_cold_start  # noqa: E402
from queue_bench import measure as measure_queue  # noqa: E402

BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
TARGETS = {
    "engine_ratio_per_day": ">= 100x",
    "cold_start_to_first_day_seconds": "<= 1.5 s",
    "ns_per_request_1m": "<= 600 ns",
    "peak_rss_1m_mib": "<= 1536 MiB",
    "scaling_ratio": "<= 1.5",
    "queue_ratio": ">= 100x",
}


def worker(
    scenario: Path, days: int, engine: str = "kernels", environment: dict | None = None, cold: bool = False
) -> dict:
    """Run one measured simulation in a fresh process and return its JSON figures."""
    completed = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "scale_worker.py"),
            str(scenario),
            "--days",
            str(days),
            "--engine",
            engine,
        ]
        + (["--cold"] if cold else []),
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(environment or {})},
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"benchmark worker failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def synthetic(citizens: int, folder: Path) -> Path:
    """Write a synthetic region of the given size and return its scenario file."""
    out = folder / f"synthetic_{citizens}.yaml"
    subprocess.run(
        [sys.executable, "-m", "sim", "synth", "--citizens", str(citizens), "--seed", "1", "--out", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out


def seconds(run: dict) -> float:
    """Return a run's simulated time end to end: building the model, the days and the summary."""
    return run["init_seconds"] + run["run_seconds"] + run["summary_seconds"]


def simulated(run: dict) -> float:
    """Return the engine's own work: building the model and the days (the summary is shared code)."""
    return run["init_seconds"] + run["run_seconds"]


def engines(days: int) -> dict:
    """Agents versus kernels on the Lemgo–Kalletal baseline: same seed, identical results.

    Per simulated day: (long run - 1-day run) / (days - 1) for each engine, so that each engine's own
    start-up (building agents, loading kernels) is subtracted; also the whole-run ratio.
    """
    runs = {engine: (worker(BASELINE, 1, engine), worker(BASELINE, days, engine)) for engine in ("kernels", "agents")}
    strip = ("engine",)
    kernels_long, agents_long = runs["kernels"][1], runs["agents"][1]
    identical = {k: v for k, v in kernels_long["summary"].items() if k not in strip} == {
        k: v for k, v in agents_long["summary"].items() if k not in strip
    }
    per_day = {engine: (simulated(long) - simulated(short)) / (days - 1) for engine, (short, long) in runs.items()}
    with_summary = {engine: (seconds(long) - seconds(short)) / (days - 1) for engine, (short, long) in runs.items()}
    return {
        "days": days,
        "citizens": kernels_long["citizens"],
        "requests": kernels_long["requests"],
        "kernels_seconds": seconds(kernels_long),
        "agents_seconds": seconds(agents_long),
        "ratio": seconds(agents_long) / seconds(kernels_long),
        "kernels_ms_per_day": per_day["kernels"] * 1000,
        "agents_ms_per_day": per_day["agents"] * 1000,
        "ratio_per_day": per_day["agents"] / per_day["kernels"],
        "kernels_ms_per_day_with_summary": with_summary["kernels"] * 1000,
        "ratio_per_day_with_summary": with_summary["agents"] / with_summary["kernels"],
        "identical_summary": identical,
    }


def scaling(sizes: list[int], days: int, folder: Path) -> list[dict]:
    """Kernels engine at several sizes: ns per request end to end (a 1-day run subtracted) and peak RSS."""
    rows = []
    for citizens in sizes:
        scenario = synthetic(citizens, folder)
        short, run = worker(scenario, 1), worker(scenario, days)
        rows.append(
            {
                "citizens": run["citizens"],
                "days": days,
                "requests": run["requests"],
                "init_seconds": run["init_seconds"],
                "run_seconds": run["run_seconds"],
                "summary_seconds": run["summary_seconds"],
                "one_day_seconds": seconds(short),
                "ns_per_request": (seconds(run) - seconds(short)) / run["requests"] * 1e9,
                "ns_per_request_run_only": run["run_seconds"] / run["requests"] * 1e9,
                "peak_rss_mib": run["peak_rss_mib"],
            }
        )
    return rows


REAL_REGIONS = {"Südwestfalen": REPO / "scenarios" / "suedwestfalen" / "baseline.yaml"}


def real_regions(days: int) -> list[dict]:
    """The shipped large regions, whole year: wall time, ns per request (a 1-day run subtracted), peak RSS."""
    rows = []
    for name, scenario in REAL_REGIONS.items():
        short, run = worker(scenario, 1), worker(scenario, days)
        rows.append(
            {
                "region": name,
                "citizens": run["citizens"],
                "days": days,
                "requests": run["requests"],
                "wall_seconds": seconds(run),
                "ns_per_request": (seconds(run) - seconds(short)) / run["requests"] * 1e9,
                "peak_rss_mib": run["peak_rss_mib"],
            }
        )
    return rows


def compile_times(folder: Path) -> dict:
    """Numba compile time: a small run in a fresh process with an empty cache (cold), then with it filled (warm)."""
    scenario = synthetic(5000, folder)
    cache = {"NUMBA_CACHE_DIR": str(folder / "numba_cache")}
    cold = worker(scenario, 7, environment=cache, cold=True)
    warm = worker(scenario, 7, environment=cache, cold=True)
    cold_seconds = cold["init_seconds"] + cold["run_seconds"] + cold["summary_seconds"]
    warm_seconds = warm["init_seconds"] + warm["run_seconds"] + warm["summary_seconds"]
    return {"cold_seconds": cold_seconds, "warm_seconds": warm_seconds, "compile_seconds": cold_seconds - warm_seconds}


def mark(ok: bool) -> str:
    """Say whether a target is reached (information: a benchmark never fails a build)."""
    return "reached" if ok else "not reached"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for CI (under a minute)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    options = parser.parse_args()
    began = time.perf_counter()
    sizes = [10_000, 50_000] if options.quick else [10_000, 100_000, 1_000_000]
    days = 60 if options.quick else 365
    with tempfile.TemporaryDirectory(prefix="ikz-bench-") as temporary:
        folder = Path(temporary)
        results = {
            "mode": "quick" if options.quick else "full",
            "machine": {
                "cpus": os.cpu_count(),
                "numba_threads": numba.config.NUMBA_NUM_THREADS,
                "python": platform.python_version(),
                "numpy": np.__version__,
                "numba": numba.__version__,
            },
            "engines": engines(14 if options.quick else 365),
            "scaling": scaling(sizes, days, folder),
            "regions": [] if options.quick else real_regions(days),
            "queue": measure_queue(10_000 if options.quick else 100_000, 20240611, options.quick),
            "compile": compile_times(folder),
            "cold_start": measure_cold_start(3),
        }
    small, large = results["scaling"][0], results["scaling"][-1]
    results["scaling_ratio"] = large["ns_per_request"] / small["ns_per_request"]
    results["targets"] = TARGETS
    results["wall_seconds"] = time.perf_counter() - began
    results["written_to"] = str(options.out)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    partial = options.out.with_suffix(".json.tmp")
    partial.write_text(json.dumps(results, indent=2) + "\n")
    partial.replace(options.out)
    print_table(results)


def print_table(results: dict) -> None:
    """Print every figure with its target side by side."""
    engine, queue, compiled = results["engines"], results["queue"], results["compile"]
    print(
        f"IKZ-Sim benchmark ({results['mode']}), {results['machine']['cpus']} cpus, "
        f"{results['machine']['numba_threads']} numba threads"
    )
    print()
    print(
        f"Engines on Lemgo–Kalletal baseline ({engine['citizens']:,} citizens, {engine['days']} days, "
        f"{engine['requests']:,} requests, same seed)"
    )
    print(
        f"  {'':8} {'whole run':>10} {'per day':>12}   (per day: (long run - 1-day run) / (days - 1), summary excluded)"
    )
    print(f"  agents  {engine['agents_seconds']:8.2f} s {engine['agents_ms_per_day']:9.2f} ms")
    print(f"  kernels {engine['kernels_seconds']:8.2f} s {engine['kernels_ms_per_day']:9.2f} ms")
    print(
        f"  ratio   {engine['ratio']:8.1f} x {engine['ratio_per_day']:9.1f} x   target per day >= 100x: "
        f"{mark(engine['ratio_per_day'] >= 100)}; identical summary.json figures: {engine['identical_summary']}"
    )
    print(
        f"  with the summary counted: kernels {engine['kernels_ms_per_day_with_summary']:.2f} ms per day, ratio "
        f"{engine['ratio_per_day_with_summary']:.1f} x"
    )
    print()
    print("Kernels engine, synthetic regions (init + run + summary, a 1-day run subtracted)")
    print(f"  {'citizens':>10} {'days':>5} {'requests':>11} {'ns/request':>11} {'run only':>9} {'peak RSS MiB':>13}")
    for row in results["scaling"]:
        print(
            f"  {row['citizens']:>10,} {row['days']:>5} {row['requests']:>11,} {row['ns_per_request']:>11.0f} "
            f"{row['ns_per_request_run_only']:>9.0f} {row['peak_rss_mib']:>13.0f}"
        )
    for row in results["regions"]:
        print(
            f"  {row['region']}, {row['citizens']:,} citizens, {row['days']} days, {row['requests']:,} requests: "
            f"{row['wall_seconds']:.1f} s, {row['ns_per_request']:.0f} ns/request, {row['peak_rss_mib']:.0f} MiB peak"
        )
    large = results["scaling"][-1]
    if large["citizens"] >= 1_000_000:
        print(
            f"  1M: {large['ns_per_request']:.0f} ns/request (target <= 600: {mark(large['ns_per_request'] <= 600)}), "
            f"peak {large['peak_rss_mib']:.0f} MiB (target <= 1536: {mark(large['peak_rss_mib'] <= 1536)})"
        )
    print(
        f"  scaling ratio largest/smallest per request: {results['scaling_ratio']:.2f} "
        f"(target <= 1.5: {mark(results['scaling_ratio'] <= 1.5)})"
    )
    print()
    print(
        f"Queue: M/M/{queue['desks']} rho {queue['utilisation']}, {queue['customers']:,} customers, identical results"
    )
    print(f"  SimPy {queue['simpy_customers_per_second']:>14,.0f} customers/s")
    print(f"  Numba {queue['numba_customers_per_second']:>14,.0f} customers/s")
    print(f"  ratio {queue['ratio']:>14,.0f} x   target >= 100x: {mark(queue['ratio'] >= 100)}")
    print()
    print(
        f"Numba compile: cold {compiled['cold_seconds']:.2f} s, warm (cache) {compiled['warm_seconds']:.2f} s, "
        f"compile cost {compiled['compile_seconds']:.2f} s"
    )
    cold = results["cold_start"]
    print(
        f"Cold start of `python -m sim run` (cache warm): {cold['phases']['to_first_day']:.2f} s to the first day "
        f"(target <= 1.5 s: {mark(cold['phases']['to_first_day'] <= 1.5)}); whole 1-day command "
        f"{cold['cli_1_day_median_seconds']:.2f} s"
    )
    print(f"(wall time of the benchmark: {results['wall_seconds']:.0f} s; figures in {results['written_to']})")


if __name__ == "__main__":
    main()
