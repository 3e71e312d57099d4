"""The command-line part of sweeps: `sweep`, `sensitivity` and `calibrate` (cheap to import: work is deferred)."""

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.analysis.arguments import positive_whole_number
from sim.errors import InputError, was_interrupted

EXIT_OK = 0
EXIT_INTERRUPTED = 130


def register_analysis_commands(commands: Any) -> None:
    """Add sweep, sensitivity and calibrate to the subcommands of `python -m sim`."""
    hidden_debug: dict[str, Any] = {"action": "store_true", "default": argparse.SUPPRESS, "help": argparse.SUPPRESS}
    sweep = commands.add_parser("sweep", help="run a parameter sweep (grid, Latin hypercube, Sobol, Morris)")
    sweep.add_argument("sweep_file", type=Path)
    sweep.add_argument("--executor", choices=["local", "dask", "serial"], default="local")
    sweep.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    sweep.add_argument("--resume", action="store_true", help="continue the sweep in --out; finished jobs are kept")
    sweep.add_argument("--out", type=Path, help="sweep folder (default results/sweeps/<name>/)")
    sweep.add_argument(
        "--workers", type=positive_whole_number("--workers", 256), help="local worker processes (default: the cores)"
    )
    sweep.add_argument(
        "--batch-size", type=positive_whole_number("--workers", 256), help="jobs per task (default: about 2 s of work)"
    )
    sweep.add_argument("--debug", **hidden_debug)
    sensitivity = commands.add_parser("sensitivity", help="Sobol/Morris indices, robustness and PRIM of a sweep")
    sensitivity.add_argument("sweep_result", type=Path, help="the folder of a finished sweep")
    sensitivity.add_argument("--out", type=Path, help="report folder (default SWEEP_RESULT/sensitivity/)")
    sensitivity.add_argument("--debug", **hidden_debug)
    calibrate = commands.add_parser("calibrate", help="fit ESTIMATE parameters to documented targets")
    calibrate.add_argument("targets_file", type=Path)
    calibrate.add_argument("--out", type=Path, help="output folder (default results/calibration/<name>/)")
    calibrate.add_argument(
        "--days",
        type=positive_whole_number("--workers", 256),
        help="horizon of each evaluation (default: the targets file's)",
    )
    calibrate.add_argument("--debug", **hidden_debug)


def command_sweep(args: argparse.Namespace) -> int:
    """Run a sweep file and write its tidy table."""
    from sim.analysis.sweep.run import run_sweep
    from sim.analysis.sweep.spec import load_sweep

    if args.scheduler and args.executor != "dask":
        raise InputError(None, "--scheduler", "needs --executor dask")
    sweep = load_sweep(args.sweep_file)
    out_dir = args.out or Path("results") / "sweeps" / sweep.spec.name
    try:
        result = run_sweep(sweep, out_dir, args.executor, args.scheduler, args.resume, args.workers, args.batch_size)
    except Exception as error:
        if not was_interrupted(error):
            raise
        print(f"interrupted; every finished job is kept in {out_dir}/jobs/: continue with --resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print(f"interrupted; every finished job is kept in {out_dir}/jobs/: continue with --resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"{sweep.spec.name}: {len(result.table)} rows ({result.computed} jobs run, {result.reused} found done) "
          f"-> {result.folder}/results.parquet")  # fmt: skip
    return EXIT_OK


def command_sensitivity(args: argparse.Namespace) -> int:
    """Analyse a finished sweep: print the report and write its tables."""
    from sim.analysis.sweep.report import analyse_folder, box_table, format_report
    from sim.io.outputs import json_text, package_versions
    from sim.io.results_folder import WRITER, write_atomically

    report = analyse_folder(args.sweep_result)
    text = format_report(report)
    print(text)

    def write_files(folder: Path) -> None:
        report.indices.to_csv(folder / "indices.csv", index=False, lineterminator="\n")
        report.robustness.to_csv(folder / "robustness.csv", index=False, lineterminator="\n")
        box_table(report).to_csv(folder / "boxes.csv", index=False, lineterminator="\n")
        (folder / "report.txt").write_text(text + "\n", encoding="utf-8")
        manifest = {"written_by": WRITER, "kind": "sensitivity", "sweep": str(args.sweep_result),
                    "command": sys.argv, "package_versions": package_versions()}  # fmt: skip
        (folder / "manifest.json").write_text(json_text(manifest), encoding="utf-8")

    out_dir = write_atomically(args.out or args.sweep_result / "sensitivity", write_files)
    print(f"wrote {out_dir}/")
    return EXIT_OK


def command_calibrate(args: argparse.Namespace) -> int:
    """Fit the parameters named in a targets file and write the calibrated parameter file."""
    from sim.analysis.calibration.fit import calibrate, format_fit
    from sim.analysis.calibration.output import write_calibration
    from sim.analysis.calibration.targets import load_targets

    targets = load_targets(args.targets_file)
    result = calibrate(targets, days=args.days)
    print(format_fit(result))
    out_dir = write_calibration(args.out or Path("results") / "calibration" / targets.spec.name, targets, result)
    print(f"wrote {out_dir}/calibrated.yaml")
    return EXIT_OK


HANDLERS = {"sweep": command_sweep, "sensitivity": command_sensitivity, "calibrate": command_calibrate}
