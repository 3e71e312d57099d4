"""Benchmark: p-median on 1,000 candidates x 5,000 demand points, and accessibility for 1M citizens.

Run: .venv/bin/python bench/location_bench.py [--p 20] [--all-p] [--seed 1] [--quick]

The location instance is a seeded planar region of 50 km x 50 km: demand points and candidate sites
uniform, travel minutes = straight-line km x 1.3 detour at 60 km/h, 50 to 2,000 residents per point.
The accessibility run has 2,000 districts, 300 offices and 1M citizens, each living in one district.
Prints figures and targets; nothing here asserts a time.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.analysis.location import p_median  # noqa: E402
from sim.summary.accessibility import (  # noqa: E402
    CATCHMENT_MINUTES,
    broadcast_to_citizens,
    cumulative_opportunities,
    district_totals,
    enhanced_two_step_fca,
    gravity_access,
    two_step_fca,
)
from sim.summary.inequality import gini, palma_ratio, share_beyond, theil_decomposition  # noqa: E402

SIDE_KM = 50.0
MINUTES_PER_KM = 1.3  # 30 % road detour at 60 km/h


def planar_minutes(rng: np.random.Generator, rows: int, columns: int) -> np.ndarray:
    """Return car minutes between `rows` and `columns` points placed uniformly in the square region."""
    homes = rng.uniform(0, SIDE_KM, (rows, 2))
    sites = rng.uniform(0, SIDE_KM, (columns, 2))
    return np.sqrt(((homes[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2)) * MINUTES_PER_KM


def bench_p_median(seed: int, p: int, candidates: int, demand_points: int) -> dict:
    """Solve one seeded p-median instance and return its figures."""
    rng = np.random.default_rng(seed)
    travel = planar_minutes(rng, demand_points, candidates)
    residents = rng.integers(50, 2001, demand_points).astype(np.float64)
    began = time.perf_counter()
    result = p_median(travel, p, weights=residents)
    seconds = time.perf_counter() - began
    return {
        "p": p,
        "seconds": seconds,
        "objective_resident_minutes": result.objective,
        "mean_minutes": result.objective / residents.sum(),
        "lower_bound": result.best_bound,
        "gap_percent": 100 * result.mip_gap,
        "status": result.status,
        "method": result.method,
    }


def bench_access(seed: int, citizens: int, districts: int, offices: int) -> dict:
    """Time the four measures per district, their broadcast to citizens and fairness figures."""
    rng = np.random.default_rng(seed)
    travel = planar_minutes(rng, districts, offices)
    citizen_district = rng.integers(0, districts, citizens)
    municipality_of_district = rng.integers(0, 40, districts)
    desk_hours = rng.uniform(10, 80, offices)
    began = time.perf_counter()
    population = district_totals(citizen_district, districts)
    measures = {
        "2sfca": two_step_fca(desk_hours, population, travel, CATCHMENT_MINUTES["car"]),
        "e2sfca": enhanced_two_step_fca(desk_hours, population, travel, CATCHMENT_MINUTES["car"]),
        "gravity": gravity_access(desk_hours, population, travel, beta=1.5),
    }
    reach = cumulative_opportunities(desk_hours, travel)
    per_citizen = {name: broadcast_to_citizens(values, citizen_district) for name, values in measures.items()}
    per_citizen["within_30"] = broadcast_to_citizens(reach[:, 1], citizen_district)
    measures_seconds = time.perf_counter() - began
    nearest = travel.min(axis=1)
    decomposition = theil_decomposition(nearest, population, municipality_of_district)
    figures = {
        "gini_2sfca": gini(measures["2sfca"], population),
        "palma_travel": palma_ratio(nearest, population),
        "theil_between_share": decomposition.between / decomposition.total,
        "share_beyond_30": share_beyond(nearest, population, 30.0),
    }
    fairness_seconds = time.perf_counter() - began - measures_seconds
    citizen_gini = gini(broadcast_to_citizens(nearest, citizen_district))
    citizen_seconds = time.perf_counter() - began - measures_seconds - fairness_seconds
    return {
        "measures_seconds": measures_seconds,
        "fairness_seconds": fairness_seconds,
        "citizen_level_gini_seconds": citizen_seconds,
        "total_seconds": time.perf_counter() - began,
        "gini_district_equals_citizen_level": abs(citizen_gini - gini(nearest, population)) < 1e-9,
        "citizens": len(per_citizen["2sfca"]),
        **figures,
    }


def main() -> None:
    """Parse options, run both benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--p", type=int, default=20)
    parser.add_argument("--all-p", action="store_true", help="run p = 10, 20 and 50")
    parser.add_argument("--quick", action="store_true", help="a 200 x 1,000 instance and 100k citizens")
    arguments = parser.parse_args()
    candidates, demand_points, citizens = (200, 1000, 100_000) if arguments.quick else (1000, 5000, 1_000_000)
    print(
        f"seed {arguments.seed}; p-median on {candidates} candidates x {demand_points} demand points "
        f"(target <= 60 s on 2 cores)"
    )
    for p in (10, 20, 50) if arguments.all_p else (arguments.p,):
        figures = bench_p_median(arguments.seed, p, candidates, demand_points)
        print(
            f"  p = {p:3d}: {figures['seconds']:6.1f} s, objective {figures['objective_resident_minutes']:,.0f} "
            f"resident-minutes (mean {figures['mean_minutes']:.2f} min), bound {figures['lower_bound']:,.0f}, "
            f"gap {figures['gap_percent']:.3f} %, {figures['status']}"
        )
        print(f"           method: {figures['method']}")
    access = bench_access(arguments.seed, citizens, 2000, 300)
    print(f"accessibility for {access['citizens']:,} citizens in 2,000 districts x 300 offices (target <= 5 s):")
    print(f"  2SFCA + E2SFCA + gravity + cumulative, broadcast to citizens: {access['measures_seconds']:.3f} s")
    print(
        f"  Gini, Palma, Theil decomposition, share beyond 30 min (district-weighted): "
        f"{access['fairness_seconds']:.3f} s"
    )
    print(
        f"  Gini over all citizens directly: {access['citizen_level_gini_seconds']:.3f} s "
        f"(equals the district-weighted figure: {access['gini_district_equals_citizen_level']})"
    )
    print(
        f"  total {access['total_seconds']:.3f} s; Gini of 2SFCA {access['gini_2sfca']:.3f}, "
        f"Palma of travel {access['palma_travel']:.2f}, Theil between-municipality share "
        f"{access['theil_between_share']:.2f}, share beyond 30 min {access['share_beyond_30']:.3f}"
    )


if __name__ == "__main__":
    main()
