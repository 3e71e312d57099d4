"""The command line of `access` and `locate` (cheap to import: the work is deferred to the handlers)."""

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
MODELS = ("p-median", "mclp", "lscp", "p-center")
ACCESS_EXAMPLE = """example:
  python -m sim access scenarios/lemgo_kalletal/baseline.yaml --out results/access_baseline"""
LOCATE_EXAMPLES = """examples:
  python -m sim locate scenarios/lemgo_kalletal/baseline.yaml --service citizen_office --p 2 \\
      --fixed buergerbuero_lemgo buergerbuero_kalletal --simulate
  python -m sim locate scenarios/lemgo_kalletal/baseline.yaml --service citizen_office --model mclp --p 3 --radius 10
  python -m sim locate scenarios/lemgo_kalletal/baseline.yaml --service citizen_office --mobile --stops 8 \\
      --days-per-week 4 --simulate"""


def _number(name: str, kind: type, lowest: float | None = None) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, got '{text}'") from None
        if lowest is not None and not value >= lowest:
            raise argparse.ArgumentTypeError(f"{name} must be at least {lowest:g}, got {text}")
        return value

    return parse


def _add_access(commands: Any) -> None:
    access = commands.add_parser(
        "access", help="accessibility per Ortsteil and service (2SFCA, E2SFCA, gravity, cumulative opportunities)",
        description="Accessibility of every Ortsteil to every service, by mode (car, transit with its headway "
        "wait, bike, walk): 2SFCA, enhanced 2SFCA with Gaussian decay, gravity and cumulative opportunities within "
        "15, 30 and 45 minutes, from the model's own door-to-door minutes. Writes access.csv, travel_times.csv and "
        "manifest.json.",
        epilog=ACCESS_EXAMPLE,
    )  # fmt: skip
    access.add_argument("scenario", type=Path, help="scenario file (YAML)")
    access.add_argument("--out", type=Path, help="output folder (default results/access/<scenario>/)")
    access.add_argument("--demand", choices=("population", "simulated"), default="population",
                        help="residents, or the in-person visits per week of a run of the scenario")  # fmt: skip
    access.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _add_locate(commands: Any) -> None:
    locate = commands.add_parser(
        "locate", help="where the sites of a service should be (p-median, MCLP, LSCP, p-center), then simulate",
        description="Choose the sites of a service with a location model (scipy.optimize.milp / HiGHS) on the model's "
        "own travel minutes, write locate.json and a scenario that extends the input and moves, opens or closes "
        "sites, and with --simulate run it against the input with common random numbers.",
        epilog=LOCATE_EXAMPLES,
    )  # fmt: skip
    add = locate.add_argument
    add("scenario", type=Path, help="scenario file (YAML)")
    add("--service", required=True, help="service id, e.g. citizen_office")
    add("--model", choices=MODELS, default="p-median", help="location model")
    add("--p", type=_number("--p", int, 1), help="sites to open (default: today's number of sites)")
    add("--radius", type=float, help="covering radius in minutes (mclp, lscp; mobile: default 15)")
    add("--fixed", nargs="+", default=[], metavar="ID", help="sites that must open, by candidate id; default none")
    add("--no-closures", action="store_true", help="keep every one of today's sites open")
    add("--capacity", action="store_true", help="capacitated p-median: sites serve at most 85 %% of their desk time")
    add("--candidates", default="ortsteile", help="ortsteile, points (other service points) or a CSV file")
    add("--demand", choices=("population", "simulated"), default="population", help="demand weights")
    add("--mode", choices=("car", "transit", "bike", "walk"), help="travel mode (default car; mobile: walk)")
    add("--simulate", action="store_true", help="run the proposal against the input (common random numbers)")
    add("--days", type=_number("--days", int, 1), help="horizon of the simulation (default: the scenario's)")
    add("--replications", type=_number("--replications", int, 1), default=1,
        help="runs per scenario with paired seeds; the key figures get paired 95 %% intervals")  # fmt: skip
    add("--time-limit", type=_number("--time-limit", float, 1), default=50.0, help="solver budget in seconds")
    add("--mobile", action="store_true", help="plan a mobile office's stops and timetable instead")
    add("--stops", type=_number("--stops", int, 1), help="mobile: number of stops")
    add("--days-per-week", type=_number("--days-per-week", int, 1), help="mobile: service days a week (1-7)")
    add("--hours-per-stop", type=_number("--hours-per-stop", float, 0.25), default=2.0, help="mobile: hours a stop")
    add("--out", type=Path, help="output folder (default results/locate/<scenario>_<service>_<model>/)")
    add("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def register_place_commands(commands: Any) -> dict[str, Any]:
    """Add `access` and `locate` to the subcommands of `python -m sim`; return their handlers."""
    _add_access(commands)
    _add_locate(commands)
    return {"access": command_access, "locate": command_locate}


def command_access(args: argparse.Namespace) -> int:
    """Compute every accessibility measure of a scenario, print a short summary and write the tables."""
    from sim.analysis.access_output import format_access, write_access
    from sim.analysis.access_report import access_tables
    from sim.io.config import load_scenario
    from sim.io.results_folder import check_out_dir

    scenario = load_scenario(args.scenario)
    out_dir = args.out or Path("results") / "access" / scenario.slug
    check_out_dir(out_dir)
    tables = access_tables(scenario, args.demand)
    print(format_access(scenario, tables))
    print(f"wrote {write_access(out_dir, scenario, tables, sys.argv)}/")
    return EXIT_OK


def command_locate(args: argparse.Namespace) -> int:
    """Solve the location (or mobile stops) problem, write the proposal and, with --simulate, simulate it."""
    from sim.analysis.locate_run import run_locate

    return run_locate(args)
