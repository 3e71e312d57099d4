"""How honest the app's work caps are: the estimate before a run (sim/app/workload.py) against what a run takes.

Each measurement runs in a fresh process: it loads the Numba kernels with a short Lemgo-Kalletal run,
loads the scenario, then simulates it and reports the growth of its peak resident memory (the run's
data, interpreter and kernels left out) and the run's wall time. Two horizons of the same scenario
give the memory per request (the slope) that BYTES_PER_REQUEST stands for. Prints a table; writes
nothing. Run: .venv/bin/python bench/app_workload_bench.py [--quick]
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = {  # name: (scenario file or "hostile", short horizon, long horizon)
    "Lemgo-Kalletal baseline": ("scenarios/lemgo_kalletal/baseline.yaml", 60, 730),
    "Südwestfalen baseline": ("scenarios/suedwestfalen/baseline.yaml", 30, 365),
    "97 services, nearly all retry": ("hostile", 3, 7),
}


def _resident_bytes() -> int:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) * 1024
    return 0


def _scenario(name: str):  # noqa: ANN202 - a Scenario, imported late so the parent stays light
    from sim.io.config import load_scenario, load_scenario_text

    if name != "hostile":
        return load_scenario(REPO / name)
    sys.path.insert(0, str(REPO / "tests"))
    from big_scenarios import many_services_text

    folder = REPO / "scenarios" / "lemgo_kalletal"
    return load_scenario_text(many_services_text(), "many.yaml", folder, REPO / "scenarios")


def measure(name: str, days: int) -> dict[str, float]:
    """Run one scenario for `days` in this process; return requests, memory growth, time and the estimate."""
    from sim.app.workload import estimate_job
    from sim.io.config import load_scenario
    from sim.runner import simulate, with_seed_and_days

    simulate(with_seed_and_days(load_scenario(REPO / "scenarios/lemgo_kalletal/baseline.yaml"), days=2))
    scenario = with_seed_and_days(_scenario(name), days=days)
    before = _resident_bytes()
    started = time.perf_counter()
    result = simulate(scenario)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    estimate = estimate_job(scenario)
    return {"requests": result.summary["requests"]["total"], "data_bytes": peak - before, "seconds": seconds,
            "estimate_bytes": estimate.peak_bytes, "estimate_seconds": estimate.seconds()}  # fmt: skip


def _in_fresh_process(name: str, days: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", name, str(days)]
    output = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", nargs=2, metavar=("SCENARIO", "DAYS"), help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="leave out the Südwestfalen year (1.5 GB, a minute)")
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(measure(options.measure[0], int(options.measure[1]))))
        return
    print(f"{'case':<32}{'days':>6}{'requests':>13}{'data MB':>10}{'estimate MB':>13}{'s':>8}{'estimate s':>12}"
          f"{'bytes/request':>15}")  # fmt: skip
    for case, (name, short, long) in CASES.items():
        if options.quick and name.startswith("scenarios/suedwestfalen"):
            continue
        rows = [_in_fresh_process(name, days) for days in (short, long)]
        slope = (rows[1]["data_bytes"] - rows[0]["data_bytes"]) / max(rows[1]["requests"] - rows[0]["requests"], 1)
        for days, row in zip((short, long), rows, strict=True):
            print(f"{case:<32}{days:>6}{row['requests']:>13,.0f}{row['data_bytes'] / 1e6:>10,.0f}"
                  f"{row['estimate_bytes'] / 1e6:>13,.0f}{row['seconds']:>8.1f}{row['estimate_seconds']:>12.1f}"
                  f"{slope if days == long else float('nan'):>15.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
