"""Benchmark: Bochum (and Lünen) for a year at full population: wall time and nanoseconds per request.

Run: .venv/bin/python bench/city_bench.py [--days 365] [--quick]

Each scenario runs in a fresh process (bench/scale_worker.py: kernels loaded from Numba's cache first,
then load, build, run and summary timed apart). The online registration scenario shows what the
adoption model costs on top of the baseline. Prints figures and ratios; nothing here asserts a time.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = (
    ("Bochum baseline", "scenarios/bochum/baseline.yaml"),
    ("Bochum online registration (adoption)", "scenarios/bochum/online_registration.yaml"),
    ("Lünen baseline", "scenarios/luenen/baseline.yaml"),
)


def measure(path: str, days: int) -> dict:
    """Run one scenario in its own process and return the worker's figures."""
    completed = subprocess.run(
        [sys.executable, str(REPO / "bench" / "scale_worker.py"), str(REPO / path), "--days", str(days)],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="simulated days (default: a year)")
    parser.add_argument("--quick", action="store_true", help="60 days instead of --days")
    options = parser.parse_args()
    days = 60 if options.quick else options.days
    began = time.perf_counter()
    rows = [(name, measure(path, days)) for name, path in SCENARIOS]
    print(f"City benchmark, {days} days, kernels engine, warm Numba cache (fresh process per scenario)")
    header = ("scenario", "residents", "requests", "init s", "run s", "summary s", "total s", "ns/req", "ns/req run",
              "peak MiB")  # fmt: skip
    print("".join(f"{h:>12}" if i else f"{h:<40}" for i, h in enumerate(header)))
    for name, run in rows:
        requests = run["requests"]
        cells = (run["citizens"], requests, run["init_seconds"], run["run_seconds"], run["summary_seconds"],
                 run["total_seconds"], 1e9 * run["total_seconds"] / requests, 1e9 * run["run_seconds"] / requests,
                 run["peak_rss_mib"])  # fmt: skip
        formats = ("{:,}", "{:,}", "{:.2f}", "{:.2f}", "{:.2f}", "{:.2f}", "{:,.0f}", "{:,.0f}", "{:,.0f}")
        print(f"{name:<40}" + "".join(f"{fmt.format(value):>12}" for fmt, value in zip(formats, cells, strict=True)))
    base, adoption = rows[0][1], rows[1][1]
    print(f"adoption model / baseline, whole run: {adoption['total_seconds'] / base['total_seconds']:.2f}x")
    print(f"benchmark wall time {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
