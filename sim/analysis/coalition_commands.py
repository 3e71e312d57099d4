"""The command-line part of coalition analysis: `coalitions` and `allocate` (cheap to import: work is deferred)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sim.errors import InputError

EXIT_OK = 0
ArgumentType = Callable[[str], Any]


class ProgressDisplay(Protocol):
    """What the command line passes in to show progress: called with (done, total), then closed."""

    def __call__(self, done: int, total: int) -> None:
        """Show progress."""

    def close(self) -> None:
        """End the display."""


def register_coalition_commands(
    commands: Any,
    positive: Callable[[str, int], ArgumentType],
    seed: ArgumentType,
    max_days: int,
    max_replications: int,
) -> None:
    """Add `coalitions` and `allocate` to the subcommands of `python -m sim` (argument types from sim/cli.py)."""
    hidden_debug: dict[str, Any] = {"action": "store_true", "default": argparse.SUPPRESS, "help": argparse.SUPPRESS}
    coalitions = commands.add_parser("coalitions", help="simulate every coalition of the agreements and allocate")
    coalitions.add_argument("scenario", type=Path)
    coalitions.add_argument("--out", type=Path, help="output folder (default results/<scenario>_coalitions/)")
    coalitions.add_argument("--seed", type=seed)
    coalitions.add_argument("--days", type=positive("--days", max_days))
    coalitions.add_argument("--replications", type=positive("--replications", max_replications), default=1)
    coalitions.add_argument("--sample", type=positive("--sample", 1_000_000), help="orders of sampled Shapley")
    coalitions.add_argument("--cache", type=Path, help="run cache folder (default results/.cache/coalitions)")
    coalitions.add_argument("--no-cache", action="store_true", help="simulate every coalition again")
    coalitions.add_argument("--engine", choices=["kernels", "agents"], help="default: the scenario's engine")
    coalitions.add_argument("--debug", **hidden_debug)
    allocate = commands.add_parser("allocate", help="allocations and core checks for a cost game in a GAME.csv")
    allocate.add_argument("game", type=Path)
    allocate.add_argument("--out", type=Path, help="write allocation.json and allocation.csv into this folder")
    allocate.add_argument("--fill", choices=["none", "additive"], default="none", help="missing coalitions")
    allocate.add_argument("--sample", type=positive("--sample", 1_000_000), help="orders of sampled Shapley")
    allocate.add_argument("--seed", type=seed, default=0, help="seed of the sampled orders")
    allocate.add_argument("--debug", **hidden_debug)


def command_coalitions(args: argparse.Namespace, progress: ProgressDisplay | None = None) -> int:
    """Run the coalition analysis, print its tables and write coalitions.csv and allocation.json."""
    from sim.analysis.coalition_report import format_report, write_report
    from sim.analysis.coalition_runs import DEFAULT_CACHE_DIR
    from sim.analysis.coalitions import CoalitionSettings, analyse_coalitions
    from sim.io.config import load_scenario
    from sim.io.results_folder import check_out_dir

    scenario = load_scenario(args.scenario)
    out_dir = args.out or Path("results") / f"{scenario.slug}_coalitions"
    check_out_dir(out_dir)
    settings = CoalitionSettings(
        days=args.days, seed=args.seed, replications=args.replications, sample=args.sample,
        cache_dir=None if args.no_cache else args.cache or DEFAULT_CACHE_DIR, engine=args.engine,
    )  # fmt: skip
    result = analyse_coalitions(scenario, settings, progress)
    if progress is not None:
        progress.close()
    print(format_report(result))
    write_report(result, out_dir, sys.argv)
    print(f"wrote {out_dir}/coalitions.csv and allocation.json")
    return EXIT_OK


def command_allocate(args: argparse.Namespace) -> int:
    """Allocate a cost game read from GAME.csv, print the table and write it with --out."""
    from sim.analysis.allocation_report import format_allocation, write_allocation_folder
    from sim.analysis.game_file import allocate_game_file
    from sim.io.results_folder import check_out_dir

    if args.sample is not None and args.sample < 2:
        raise InputError(None, "--sample", f"needs at least 2 orders for a standard error, got {args.sample}")
    if args.out is not None:
        check_out_dir(args.out)
    result = allocate_game_file(args.game, fill=args.fill, sample_permutations=args.sample, seed=args.seed)
    print(format_allocation(result, f"{args.game.name}: {len(result.player_ids)} members"))
    if args.out is not None:
        write_allocation_folder(result, args.out, args.game, sys.argv)
        print(f"wrote {args.out}/allocation.json and allocation.csv")
    return EXIT_OK


def handlers(progress_display: Callable[[str], ProgressDisplay]) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Return the handlers by command name; `progress_display(label)` makes the progress bar of a run."""

    def coalitions(args: argparse.Namespace) -> int:
        return command_coalitions(args, progress_display(f"coalitions {Path(args.scenario).stem}"))

    return {"coalitions": coalitions, "allocate": command_allocate}
