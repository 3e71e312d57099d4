"""The `backlog` command: open requests per day of a disrupted run against a reference run, from their daily.csv."""

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.backlog import compare_backlogs, open_requests
from sim.errors import InputError

EPILOG = """example:
  python -m sim compare scenarios/suedwestfalen/baseline.yaml \\
      scenarios/suedwestfalen/it_outage.yaml --out results/outage
  python -m sim backlog results/outage/baseline results/outage/it_outage --tolerance 100"""


def _tolerance(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--tolerance must be a whole number, got '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--tolerance must be 0 or more, got {value}")
    return value


def register(commands: Any) -> dict[str, Any]:
    """Add `backlog REFERENCE RUN [--tolerance N]` to the subcommands of `python -m sim`; return its handler."""
    backlog = commands.add_parser(
        "backlog",
        help="open requests per day of a run against a reference run (same seed and days)",
        description="Read daily.csv of a disrupted run and of a reference run with the same seed and days (two "
        "folders that run or compare wrote) and print when the open requests rise above the reference's, their "
        "peak, the day they are back, and the weeks around it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    backlog.add_argument("reference", type=Path, help="results folder of the reference run (holds daily.csv)")
    backlog.add_argument("run", type=Path, help="results folder of the disrupted run")
    backlog.add_argument(
        "--tolerance",
        type=_tolerance,
        default=0,
        help="open requests above the reference that still count as back (default: 0)",
    )
    backlog.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return {"backlog": command_backlog}


def read_daily(folder: Path) -> pd.DataFrame:
    """Return the daily.csv of a results folder, or raise InputError (exit 2) if it has none."""
    path = folder / "daily.csv"
    if not path.is_file():
        raise InputError(str(folder), "daily.csv", "no daily.csv here; give the folder `python -m sim run` wrote")
    daily = pd.read_csv(path, comment="#")
    missing = {"day", "requests", "served", "unserved"} - set(daily.columns)
    if missing:
        raise InputError(str(path), ", ".join(sorted(missing)), "missing columns; is this a daily.csv of IKZ-Sim?")
    return daily


def command_backlog(args: argparse.Namespace) -> int:
    """Print how far and how long the run's backlog lies above the reference's, and the weeks around it."""
    reference, disrupted = read_daily(args.reference), read_daily(args.run)
    if reference["day"].tolist() != disrupted["day"].tolist():
        raise InputError(
            str(args.run), "daily.csv", "covers other days than the reference (run both with one seed and horizon)"
        )
    reading = compare_backlogs(reference, disrupted, args.tolerance)
    if reading.first_day < 0:
        print("the run's backlog never lies above the reference's")
        return 0
    print(
        f"open requests above the reference from day {reading.first_day}, peak {reading.peak_extra:,} on day "
        f"{reading.peak_day}, back within {args.tolerance:,} from day {reading.back_day}; "
        f"{reading.extra_request_days:,} request-days of extra backlog"
    )
    last = reading.back_day if reading.back_day >= 0 else int(disrupted["day"].iloc[-1])
    table = pd.DataFrame({"reference": open_requests(reference), "run": open_requests(disrupted)})
    table["extra"] = table["run"] - table["reference"]
    print(table.loc[max(reading.first_day - 7, 0) : last + 7 : 7].to_string())
    return 0
