"""Cold start of `python -m sim run` on the Lemgo–Kalletal baseline (Numba cache warm): time to the first day.

Prints the median wall time of a 1-day CLI run (fresh processes) and, in one fresh process, where the
time goes before the first simulated day: imports, loading the scenario, building the model, the
first day (which loads the compiled kernels from Numba's cache), the summary and the files.
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"

PHASES = """
import json, sys, time
began = time.perf_counter()
from sim.io.config import load_scenario
from sim.model.region import Region
from sim.runner import with_seed_and_days
from sim.summary.key_figures import build_summary
imported = time.perf_counter()
scenario = with_seed_and_days(load_scenario(sys.argv[1]), days=1)
loaded = time.perf_counter()
model = Region(scenario)
built = time.perf_counter()
model.step()
first_day = time.perf_counter()
model.run()
build_summary(model.outcome())
summarised = time.perf_counter()
print(json.dumps({"imports": imported - began, "load_scenario": loaded - imported, "build_model": built - loaded,
                  "first_day": first_day - built, "rest_and_summary": summarised - first_day,
                  "to_first_day": first_day - began}))
"""


def cli_seconds(repeats: int) -> list[float]:
    """Wall time of `python -m sim run baseline --days 1` in fresh processes."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(repeats):
            began = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "sim", "run", str(BASELINE), "--days", "1", "--out", f"{folder}/{number}"],
                cwd=REPO, check=True, capture_output=True,
            )  # fmt: skip
            times.append(time.perf_counter() - began)
    return times


def phases() -> dict[str, float]:
    """Where a fresh process spends its time before and on the first day."""
    completed = subprocess.run([sys.executable, "-c", PHASES, str(BASELINE)], cwd=REPO, check=True,
                               capture_output=True, text=True)  # fmt: skip
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure(repeats: int = 5) -> dict[str, object]:
    """Return the median CLI time and one process's phases (the first CLI run warms Numba's cache)."""
    cli_seconds(1)
    times = cli_seconds(repeats)
    return {"cli_1_day_median_seconds": statistics.median(times), "cli_1_day_seconds": times, "phases": phases()}


if __name__ == "__main__":
    result = measure()
    print(f"python -m sim run baseline --days 1: median {result['cli_1_day_median_seconds']:.2f} s (whole command)")
    for name, seconds in result["phases"].items():  # type: ignore[union-attr]
        print(f"  {name:<18} {seconds:6.3f} s")
