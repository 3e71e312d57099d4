"""Command line: run, compare, validate and schema, with exit codes 0 (ok), 2 (bad input) and 1 (internal)."""

import argparse
import json
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from sim.analysis.arguments import positive_whole_number, seed_number
from sim.errors import InputError, was_interrupted
from sim.participation.commands import register as register_participation  # cheap: its work is deferred

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
MAX_REPLICATIONS = 200


class ProgressBar:
    """A progress bar on stderr that appears only once a run has taken more than a couple of seconds."""

    def __init__(self, label: str, stream: TextIO | None = None, delay_seconds: float = 2.0):
        """Remember when the run started."""
        self.label = label
        self.stream = stream or sys.stderr
        self.delay_seconds = delay_seconds
        self.started = time.monotonic()
        self.last_tenth = -1
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        """Show progress; redraw in place on a terminal, print every 10 % otherwise."""
        elapsed = time.monotonic() - self.started
        if elapsed < self.delay_seconds or total <= 0:
            return
        fraction = min(done / total, 1.0)
        if self.stream.isatty():
            filled = int(fraction * 30)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {elapsed:5.1f}s")
            self.shown = True
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            self.stream.write(f"{self.label}: {fraction:.0%} after {elapsed:.1f}s\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python -m sim`."""
    from sim.io.schema import MAX_DAYS

    parser = argparse.ArgumentParser(prog="python -m sim", description="IKZ-Sim: inter-municipal service sharing.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run one scenario and write its results")
    run.add_argument("scenario", type=Path)
    run.add_argument("--out", type=Path, help="output folder (default results/<scenario>/)")
    run.add_argument("--seed", type=seed_number)
    run.add_argument("--days", type=positive_whole_number("--days", MAX_DAYS))
    run.add_argument(
        "--engine",
        choices=["kernels", "agents"],
        help="default: the scenario's simulation.engine; both give the same figures",
    )
    run.add_argument("--replications", type=positive_whole_number("--replications", MAX_REPLICATIONS), default=1)
    run.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    compare = commands.add_parser("compare", help="compare scenarios with common random numbers")
    compare.add_argument("scenarios", type=Path, nargs="+")
    compare.add_argument("--out", type=Path, help="output folder (default results/comparison/)")
    compare.add_argument("--seed", type=seed_number)
    compare.add_argument("--days", type=positive_whole_number("--days", MAX_DAYS))
    compare.add_argument("--engine", choices=["kernels", "agents"], help="default: each scenario's simulation.engine")
    _add_interval_options(compare)
    compare.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    validate = commands.add_parser("validate", help="check scenario or region files without running them")
    validate.add_argument("files", type=Path, nargs="+")
    validate.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    synth = commands.add_parser("synth", help="write a synthetic rural region and its baseline scenario")
    synth.add_argument("--citizens", type=positive_whole_number("--citizens", 5_000_000), required=True)
    synth.add_argument("--municipalities", type=positive_whole_number("--municipalities", 500))
    synth.add_argument("--seed", type=seed_number, default=1)
    synth.add_argument("--out", type=Path, required=True, help="scenario file; the region goes beside it")
    synth.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    # Coalition analysis and GAME.csv files (sim/analysis/coalition_commands.py).
    from sim.analysis.coalition_commands import register_coalition_commands

    register_coalition_commands(commands, positive_whole_number, seed_number, MAX_DAYS, MAX_REPLICATIONS)
    schema = commands.add_parser("schema", help="print the JSON Schema of scenario (or region) files")
    schema.add_argument("--region", action="store_true", help="the schema of region files instead")
    schema.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(extra_handlers=_register_analyses(commands))
    from sim.cli_help import HelpFormatter, describe_commands

    describe_commands(commands)
    parser.formatter_class = HelpFormatter
    parser.epilog = (
        "Each command explains itself: python -m sim COMMAND --help.\n"
        "Exit codes: 0 ok, 2 bad input, 1 internal error, 130 interrupted."
    )
    return parser


def _register_analyses(commands: Any) -> dict[str, Any]:
    """Register the commands whose modules register themselves; return the handlers they name."""
    from sim.analysis.backlog_cli import register as register_backlog  # the backlog of a disrupted run
    from sim.analysis.diffusion_cli import register_diffusion_command
    from sim.analysis.place_commands import register_place_commands  # access and locate
    from sim.analysis.sweep.commands import register_analysis_commands  # sweeps, sensitivity, calibration

    register_analysis_commands(commands)
    register_diffusion_command(commands)
    handlers = register_participation(commands)  # residents' ratings
    return {**handlers, **register_place_commands(commands), **register_backlog(commands)}


def command_run(args: argparse.Namespace) -> int:
    """Run one scenario and write its outputs atomically."""
    from sim.analysis.game_keys import resolve_game_keys
    from sim.io.config import load_scenario
    from sim.io.outputs import write_run
    from sim.io.results_folder import check_out_dir
    from sim.runner import replicate, with_seed_and_days

    started = datetime.now(UTC)
    scenario = with_seed_and_days(load_scenario(args.scenario), seed=args.seed, days=args.days)
    out_dir = args.out or Path("results") / scenario.slug
    check_out_dir(out_dir)
    scenario = resolve_game_keys(scenario)  # Shapley or nucleolus keys: the coalition runs come first
    progress = ProgressBar(f"run {scenario.slug}")
    result = replicate(scenario, args.replications, args.engine, progress)
    progress.close()
    write_run(out_dir, scenario, result, started, sys.argv)
    summary = result.summary
    per_year, days = summary["per_year"], summary["days"]
    print(
        f"{scenario.slug}: {summary['population']:,} residents, {summary['requests']['total']:,} requests, "
        f"wait {summary['wait_minutes']['mean']:.1f} min (p90 {summary['wait_minutes']['p90']:.1f}), "
        f"unserved {summary['outcomes']['unserved']:,} -> {out_dir}/"
    )
    warmup = f" (first {summary['warmup_days']} days left out as warm-up)" if summary["warmup_days"] else ""
    print(
        f"  per year: cost {per_year['cost_eur']:,.0f} EUR ({per_year['cost_eur_per_capita']:,.2f} EUR per resident), "
        f"CO2 {per_year['co2_kg'] / 1000:,.1f} t; the {days} days simulated{warmup}: "
        f"cost {summary['cost_eur']['total']:,.0f} EUR"
    )
    return EXIT_OK


def command_compare(args: argparse.Namespace) -> int:
    """Compare scenarios, print the table and write comparison.csv plus each scenario's outputs."""
    from sim.analysis.compare import compare, format_table, precision_target
    from sim.io.config import load_scenario
    from sim.io.outputs import csv_text, json_text, package_versions, write_atomically, write_run
    from sim.io.results_folder import WRITER, check_out_dir

    started = datetime.now(UTC)
    scenarios = [load_scenario(path) for path in args.scenarios]
    slugs = [s.slug for s in scenarios]
    if len(set(slugs)) != len(slugs):
        raise InputError(None, "scenarios", "two scenario files share a file name; rename one")
    out_dir = args.out or Path("results") / "comparison"
    check_out_dir(out_dir)
    progress = ProgressBar("compare")
    comparison = compare(
        scenarios, seed=args.seed, days=args.days, progress=progress, engine=args.engine,
        replications=args.replications, precision=precision_target(args.precision, args.max_replications),
    )  # fmt: skip
    progress.close()
    print(format_table(comparison.table))
    if comparison.precision_note:
        print(comparison.precision_note)
    seed = int(comparison.results[0].summary["seed"])

    def write_files(folder: Path) -> None:
        (folder / "comparison.csv").write_text(csv_text(comparison.table, seed), encoding="utf-8")
        content = {
            "written_by": WRITER,
            "kind": "comparison",
            "scenarios": [str(scenario.path) for scenario in comparison.scenarios],
            "seed": seed,
            "replication_seeds": comparison.seeds,
            "precision": comparison.precision_note or None,
            "command": sys.argv,
            "package_versions": package_versions(),
        }
        (folder / "manifest.json").write_text(json_text(content), encoding="utf-8")
        for scenario, result in zip(comparison.scenarios, comparison.results, strict=True):
            write_run(folder / scenario.slug, scenario, result, started, sys.argv)

    write_atomically(out_dir, write_files)
    print(f"wrote {out_dir}/comparison.csv")
    return EXIT_OK


def _add_interval_options(parser: argparse.ArgumentParser) -> None:
    """Add --replications, --precision and --max-replications (paired Student-t intervals) to `compare`."""
    parser.add_argument(
        "--replications", type=positive_whole_number("--replications", MAX_REPLICATIONS), default=1,
        help="runs per scenario; replication r of every scenario uses the same seed (paired intervals)",
    )  # fmt: skip
    parser.add_argument(
        "--precision", metavar="KPI=HALFWIDTH",
        help="add replications until this KPI's paired 95 %% half-width (shown unit) is at most HALFWIDTH",
    )  # fmt: skip
    parser.add_argument(
        "--max-replications", type=positive_whole_number("--max-replications", MAX_REPLICATIONS), default=None,
        help="cap of --precision (default 50)",
    )  # fmt: skip


def _load_any(path: Path) -> None:
    """Validate one file of any kind, told apart by its top-level keys."""
    from sim.analysis.calibration.targets import load_targets
    from sim.analysis.sweep.spec import load_sweep
    from sim.io.config import load_region, load_scenario, read_yaml
    from sim.io.diffusion_config import load_diffusion

    data, _ = read_yaml(path)
    if "municipalities" in data:
        load_region(path)
    elif "design" in data and "scenarios" in data:
        load_sweep(path)
    elif "targets" in data:
        load_targets(path)
    elif "solutions" in data:
        load_diffusion(path)
    else:
        load_scenario(path)


def command_validate(args: argparse.Namespace) -> int:
    """Validate each file (scenario, region, sweep, calibration targets, diffusion); exit 2 if any is bad."""
    failed = False
    for path in args.files:
        try:
            _load_any(path)
            print(f"OK {path}")
        except InputError as error:
            failed = True
            print(error.describe(), file=sys.stderr)
    return EXIT_BAD_INPUT if failed else EXIT_OK


def command_synth(args: argparse.Namespace) -> int:
    """Write a synthetic region and baseline scenario, validated like real ones."""
    from sim.io.synth import write_synthetic

    municipalities = args.municipalities or max(1, args.citizens // 20000)
    scenario_file, region_file = write_synthetic(args.out, args.citizens, municipalities, args.seed)
    print(f"wrote {scenario_file} and {region_file} ({args.citizens:,} residents, {municipalities} municipalities)")
    return EXIT_OK


_BOUND_KEYWORDS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum"}


def _standard_bounds(node: Any) -> Any:
    """Rename pydantic's bounds on validated decimals (ge, gt, le, lt) to JSON Schema keywords."""
    if isinstance(node, dict):
        return {_BOUND_KEYWORDS.get(key, key): _standard_bounds(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_standard_bounds(item) for item in node]
    return node


def _drop_required(node: Any) -> None:
    """Remove every 'required' list (in place)."""
    if isinstance(node, dict):
        node.pop("required", None)
        for value in node.values():
            _drop_required(value)
    elif isinstance(node, list):
        for item in node:
            _drop_required(item)


def command_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema that editors can use to check and complete files."""
    from sim.io.schema import RegionConfig, ScenarioConfig

    if args.region:
        schema = RegionConfig.model_json_schema(by_alias=True)
    else:
        schema = ScenarioConfig.model_json_schema(by_alias=True)
        schema["properties"]["extends"] = {
            "description": "base scenario file(s), relative to this file; this file states only its differences",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }
        _drop_required(schema)  # a file that extends another may leave any key to its base
    print(json.dumps(_standard_bounds(schema), indent=2, ensure_ascii=False))
    return EXIT_OK


def _analysis_handlers() -> dict[str, Any]:
    """Return the handlers of sweep, sensitivity and calibrate (sim/analysis/sweep/commands.py)."""
    from sim.analysis.sweep.commands import HANDLERS

    return HANDLERS


def _coalition_handlers() -> dict[str, Any]:
    """Return the handlers of coalitions and allocate (sim/analysis/coalition_commands.py)."""
    from sim.analysis.coalition_commands import handlers

    return handlers(ProgressBar)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, dispatch, and turn errors into exit codes and short messages."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "run": command_run,
        "compare": command_compare,
        "validate": command_validate,
        "schema": command_schema,
        "synth": command_synth,
        "diffuse": lambda parsed: parsed.handler(parsed),
        **_analysis_handlers(),
        **_coalition_handlers(),
        **args.extra_handlers,
    }
    try:
        return handlers[args.command](args)
    except InputError as error:
        print(error.describe(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"{error.filename or 'output'}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last line of defence turns bugs into a short message
        if was_interrupted(error):
            print("interrupted; nothing was written", file=sys.stderr)
            return EXIT_INTERRUPTED
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(error).__name__}: {error} (run with --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL
