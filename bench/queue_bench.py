"""Benchmark: the Numba service-desk kernel against the SimPy reference on the same M/M/c customers.

Run: .venv/bin/python bench/queue_bench.py [--quick] [--seed N]

Prints customers per second of each engine and their ratio, and checks that both give identical
starts, ends and desks. Numba's compile time (or cache load) is timed separately and excluded.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from kernels.queue import serve_session, simulate_session
from sim.model.services import serve_session_simpy

DESKS = 3
UTILISATION = 0.8
MEAN_SERVICE_MINUTES = 10.0
ALWAYS_OPEN = np.array([[0.0, 1e12]])
Outputs = tuple[np.ndarray, np.ndarray, np.ndarray]
OUTPUT_NAMES = ("starts", "ends", "desks")


def best_seconds(run: Callable[[], Outputs], repeats: int) -> tuple[float, Outputs]:
    """Best wall-clock time of `repeats` runs, and the result of the last run."""
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - began)
    return best, result


def measure(customers: int, seed: int, quick: bool) -> dict:
    """Time SimPy and Numba on the same M/M/c customers; assert identical results; return the figures."""
    rng = np.random.default_rng(seed)
    arrivals_per_minute = UTILISATION * DESKS / MEAN_SERVICE_MINUTES
    arrivals = np.cumsum(rng.exponential(1 / arrivals_per_minute, customers))
    services = rng.exponential(MEAN_SERVICE_MINUTES, customers)

    began = time.perf_counter()
    serve_session(arrivals[:10], services[:10], DESKS, ALWAYS_OPEN)
    compile_seconds = time.perf_counter() - began
    from_cache = serve_session.stats.cache_hits.get(serve_session.signatures[0], 0) > 0

    simpy_seconds, simpy_result = best_seconds(
        lambda: serve_session_simpy(arrivals, services, DESKS, ALWAYS_OPEN), repeats=3 if quick else 1
    )
    kernel_seconds, numba_result = best_seconds(
        lambda: serve_session(arrivals, services, DESKS, ALWAYS_OPEN), repeats=20
    )
    wrapper_seconds, _ = best_seconds(
        lambda: simulate_session(
            arrival_minutes=arrivals, service_minutes=services, desks=DESKS, open_intervals=ALWAYS_OPEN
        ),
        repeats=20,
    )
    for name, numba_part, simpy_part in zip(OUTPUT_NAMES, numba_result, simpy_result, strict=True):
        assert np.array_equal(numba_part, simpy_part, equal_nan=True), f"engines differ in {name}"
    return {
        "customers": customers,
        "desks": DESKS,
        "utilisation": UTILISATION,
        "mean_wait_minutes": float((numba_result[0] - arrivals).mean()),
        "first_call_seconds": compile_seconds,
        "first_call_from_cache": bool(from_cache),
        "simpy_seconds": simpy_seconds,
        "numba_seconds": kernel_seconds,
        "numba_checked_seconds": wrapper_seconds,
        "simpy_customers_per_second": customers / simpy_seconds,
        "numba_customers_per_second": customers / kernel_seconds,
        "ratio": simpy_seconds / kernel_seconds,
        "identical": True,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k customers instead of 100k")
    parser.add_argument("--seed", type=int, default=20240611)
    options = parser.parse_args()
    figures = measure(10_000 if options.quick else 100_000, options.seed, options.quick)
    customers = figures["customers"]
    print(f"M/M/{DESKS}, rho {UTILISATION}, {customers:,} customers, one open interval, seed {options.seed}")
    print(f"mean wait {figures['mean_wait_minutes']:.2f} min; SimPy and Numba give identical starts, ends and desks")
    how = "loaded from Numba's cache" if figures["first_call_from_cache"] else "compiled"
    print(f"numba first call ({how}): {figures['first_call_seconds']:.3f} s, excluded from the timings")
    print()
    print(f"{'engine':<34}{'ms':>10}{'customers/s':>16}{'vs SimPy':>10}")
    rows = [
        ("simpy  serve_session_simpy", figures["simpy_seconds"]),
        ("numba  serve_session (kernel)", figures["numba_seconds"]),
        ("numba  simulate_session (checked)", figures["numba_checked_seconds"]),
    ]
    for name, seconds in rows:
        ratio = figures["simpy_seconds"] / seconds
        print(f"{name:<34}{seconds * 1e3:>10.2f}{customers / seconds:>16,.0f}{ratio:>9.0f}x")


if __name__ == "__main__":
    main()
