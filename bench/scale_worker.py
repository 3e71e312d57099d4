"""One benchmark run in its own process: time init, run and summary of a scenario; print JSON with peak RSS."""

import argparse
import json
import resource
import time

from sim.io.config import load_scenario
from sim.model.region import Region
from sim.runner import with_seed_and_days
from sim.summary.key_figures import build_summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--engine", default="kernels")
    parser.add_argument("--cold", action="store_true", help="skip the warm-up (to measure compile or cache loading)")
    options = parser.parse_args()
    if not options.cold:
        # Load every kernel from Numba's cache first, so the timings are of the simulation, not of loading.
        warm_up = Region(with_seed_and_days(load_scenario(options.scenario), days=2), engine=options.engine)
        warm_up.run()
        build_summary(warm_up.outcome())
        del warm_up
    began = time.perf_counter()
    scenario = with_seed_and_days(load_scenario(options.scenario), days=options.days)
    loaded = time.perf_counter()
    model = Region(scenario, engine=options.engine)
    built = time.perf_counter()
    rss_built = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    model.run()
    ran = time.perf_counter()
    rss_ran = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary, _ = build_summary(model.outcome())
    finished = time.perf_counter()
    summary.pop("package_versions", None)
    print(
        json.dumps(
            {
                "citizens": model.citizens.count,
                "requests": int(model.book.citizen.shape[0]),
                "load_seconds": loaded - began,
                "init_seconds": built - loaded,
                "run_seconds": ran - built,
                "summary_seconds": finished - ran,
                "total_seconds": finished - began,
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "peak_rss_after_init_mib": rss_built,
                "peak_rss_after_run_mib": rss_ran,
                "summary": summary,
            }
        )
    )


if __name__ == "__main__":
    main()
