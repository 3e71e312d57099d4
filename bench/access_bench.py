"""Benchmark of the integrated commands: `access` for 1M citizens, `locate` p-median at 1,000 x 5,000, summary cost.

Run: .venv/bin/python bench/access_bench.py [--quick] [--skip-summary]

1. `access` on a synthetic region of 1M citizens (`python -m sim synth --citizens 1000000`): the whole
   command in a fresh process, and in-process its phases (load the scenario, compute every measure,
   write the CSVs), each the best of two.
2. `locate` p-median at 1,000 candidates x 5,000 demand points with the model's own minutes: demand points
   are 5,000 residents of that region (every 200th, each standing for 200), candidates its Ortsteil
   centres and service points; minutes from `sim.summary.reach.door_to_door_minutes`' kernel; solved by the
   same `locate` call as the command (time limit 50 s). Also the whole command on the region's Ortsteile.
3. What accessibility and fairness add to every run's summary at 1M citizens over a year: build_summary
   with and without them, best of three.
Prints figures and targets side by side; nothing here asserts a time (the machine is shared and noisy).
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kernels.travel import place_minutes  # noqa: E402
from sim.analysis.access_output import write_access  # noqa: E402
from sim.analysis.access_report import access_tables  # noqa: E402
from sim.analysis.location import locate  # noqa: E402
from sim.io.config import load_scenario  # noqa: E402
from sim.model.facilities import build_facilities  # noqa: E402
from sim.model.geography import build_geography, mode_table  # noqa: E402
from sim.model.population import synthesize_population  # noqa: E402

TARGETS = {"access_seconds": 5.0, "locate_seconds": 60.0}


def best_of(times: int, work):  # type: ignore[no-untyped-def]
    """Return (least seconds, last result) of running work() several times."""
    best, result = float("inf"), None
    for _ in range(times):
        began = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - began)
    return best, result


def synthetic(citizens: int, folder: Path) -> Path:
    """Write a synthetic region with the CLI and return its scenario file."""
    out = folder / "s.yaml"
    subprocess.run([sys.executable, "-m", "sim", "synth", "--citizens", str(citizens), "--out", str(out)],
                   cwd=REPO, check=True, capture_output=True)  # fmt: skip
    return out


def bench_access(path: Path, folder: Path) -> dict:
    """Time `access` as a command and by phase."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim", "access", str(path), "--out", str(folder / "cmd")],
                   cwd=REPO, check=True, capture_output=True)  # fmt: skip
    command = time.perf_counter() - began
    load, scenario = best_of(2, lambda: load_scenario(path))
    tables_seconds, tables = best_of(2, lambda: access_tables(scenario))
    write, _ = best_of(2, lambda: write_access(folder / "phases", scenario, tables, []))
    return {"command": command, "load": load, "tables": tables_seconds, "write": write,
            "rows": len(tables.access) + len(tables.travel_times)}  # fmt: skip


def locate_instance(path: Path, candidates: int, demand_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (minutes by car, weights) of 5,000 residents to 1,000 Ortsteil centres and service points."""
    scenario = load_scenario(path)
    geography = build_geography(scenario.region)
    citizens = synthesize_population(scenario.region, geography, scenario.config.simulation)
    step = citizens.count // demand_points
    people = np.arange(demand_points) * step
    facilities = build_facilities(scenario.config, geography)
    lat = np.concatenate([geography.district_lat, facilities.place_lat])[:candidates]
    lon = np.concatenate([geography.district_lon, facilities.place_lon])[:candidates]
    district = np.concatenate([np.arange(len(geography.district_ids)), facilities.place_rows[:, 0]])[:candidates]
    minutes = place_minutes(
        citizens.lat[people], citizens.lon[people], np.zeros(demand_points), citizens.district[people],
        lat, lon, district.astype(np.int64), geography.transit_minutes,
        mode_table(scenario.region, scenario.config.behaviour),
    )  # fmt: skip
    return minutes[0], np.full(demand_points, float(step))


def bench_locate(path: Path, folder: Path, candidates: int, demand_points: int, p: int) -> dict:
    """Solve the p-median instance with the command's call, then time the whole command on the Ortsteile."""
    travel, weights = locate_instance(path, candidates, demand_points)
    began = time.perf_counter()
    result = locate("p-median", travel, p=p, weights=weights)
    solve = time.perf_counter() - began
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim", "locate", str(path), "--service", "citizen_office", "--p", str(p),
                    "--out", str(folder / "locate")], cwd=REPO, check=True, capture_output=True)  # fmt: skip
    return {"solve": solve, "gap": result.mip_gap, "status": result.status, "objective": result.objective,
            "shape": travel.shape, "command": time.perf_counter() - began}  # fmt: skip


def bench_summary(path: Path) -> dict:
    """Return build_summary seconds at the region's size over a year, with and without accessibility and fairness."""
    from sim.model.region import Region
    from sim.summary import key_figures
    from sim.summary.access_summary import access_and_fairness

    model = Region(load_scenario(path))
    model.run()
    outcome = model.outcome()
    with_it, _ = best_of(3, lambda: key_figures.build_summary(outcome))
    alone, _ = best_of(3, lambda: access_and_fairness(outcome))
    return {"summary": with_it, "access_and_fairness": alone, "requests": outcome.requests_count}


def main() -> None:
    """Run the benchmarks and print figures beside their targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k citizens, 200 x 1,000 locate")
    parser.add_argument("--skip-summary", action="store_true", help="leave out the year-long 1M run")
    options = parser.parse_args()
    citizens, candidates, demand_points = (100_000, 200, 1000) if options.quick else (1_000_000, 1000, 5000)
    with tempfile.TemporaryDirectory(prefix="ikz-access-bench-") as temporary:
        folder = Path(temporary)
        path = synthetic(citizens, folder)
        access = bench_access(path, folder)
        print(f"access, synthetic region of {citizens:,} citizens (target <= {TARGETS['access_seconds']:g} s):")
        rows = f"{access['rows']:,} rows"
        print(f"  whole command {access['command']:.2f} s = load {access['load']:.2f} s + measures "
              f"{access['tables']:.2f} s + writing {rows} {access['write']:.2f} s + start-up")  # fmt: skip
        figures = bench_locate(path, folder, candidates, demand_points, 20)
        print(f"locate p-median, {figures['shape'][1]:,} candidates x {figures['shape'][0]:,} demand points, p = 20 "
              f"(target <= {TARGETS['locate_seconds']:g} s):")  # fmt: skip
        print(f"  solve {figures['solve']:.1f} s, gap {figures['gap']:.3%}, {figures['status']}; whole command on "
              f"the region's Ortsteile {figures['command']:.1f} s")  # fmt: skip
        if not options.skip_summary:
            summary = bench_summary(path)
            print(f"summary of a year ({summary['requests']:,} requests): {summary['summary']:.2f} s, of which "
                  f"accessibility and fairness {summary['access_and_fairness']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
