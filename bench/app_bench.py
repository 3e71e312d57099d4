"""Benchmark: a comparison of four Lemgo–Kalletal scenarios over 365 days through the app's API, once warm.

Run: .venv/bin/python bench/app_bench.py

The app calls sim.analysis.compare.compare (the same API as `python -m sim compare`) with two worker
processes. This script warms Numba's kernels and the workers with a short run first, as the app
does at start, then times the comparison three times and prints each time and the best (target:
at most 5 s on a 2-core machine).
"""

import time
from pathlib import Path

from sim.analysis.compare import compare
from sim.io.config import load_scenario
from sim.runner import simulate, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
NAMES = ("baseline", "shared_citizen_office", "digital_quick_wins", "mobile_office")


def main() -> None:
    scenarios = [load_scenario(REPO / "scenarios" / "lemgo_kalletal" / f"{name}.yaml") for name in NAMES]
    began = time.perf_counter()
    simulate(with_seed_and_days(scenarios[0], days=3))
    print(f"warm-up (Numba cache load, as at app start): {time.perf_counter() - began:.2f} s")
    began = time.perf_counter()
    compare([with_seed_and_days(s, days=3) for s in scenarios[:2]], jobs=2)
    print(f"warm-up of the 2 worker processes: {time.perf_counter() - began:.2f} s")
    times = []
    for attempt in range(3):
        began = time.perf_counter()
        comparison = compare(scenarios, days=365, jobs=2)
        times.append(time.perf_counter() - began)
        print(
            f"attempt {attempt + 1}: 4 scenarios x 365 days in {times[-1]:.2f} s "
            f"({comparison.results[0].summary['requests']['total']:,} requests each)"
        )
    print(f"best {min(times):.2f} s (target <= 5 s: {'reached' if min(times) <= 5 else 'not reached'})")


if __name__ == "__main__":
    main()
