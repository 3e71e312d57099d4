"""Writing a calibration: the parameter file a scenario can extend, its provenance and the fit table."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml

from sim.analysis.calibration.fit import CalibrationResult, calibrated_fragment
from sim.analysis.calibration.targets import Targets
from sim.io.config import load_scenario
from sim.io.outputs import git_commit, json_text, package_versions
from sim.io.results_folder import WRITER, write_atomically


def provenance(targets: Targets, result: CalibrationResult, when: str) -> dict:
    """Return what a reader needs to trust and reproduce the calibration."""
    return {
        "written_by": WRITER,
        "kind": "calibration",
        "date_utc": when,
        "targets_file": str(targets.path),
        "scenario_file": str(targets.scenario.path),
        "scenario_sha256": targets.scenario.sha256,
        "seed": result.seed,
        "days": result.days,
        "method": "scipy.optimize.least_squares (trust region, bounded), residual = (simulated - target) / tolerance, "
        "the same seed in every run (common random numbers)",
        "loss_start": result.loss_start,
        "loss": result.loss,
        "evaluations": result.evaluations,
        "optimizer_message": result.message,
        "start": result.start,
        "fitted": result.values,
        "targets": {name: t.model_dump() for name, t in targets.spec.targets.items()},
        "fit": json.loads(result.fit.to_json(orient="records")),
        "command": sys.argv,
        "package_versions": package_versions(),
        "git_commit": git_commit(),
    }


def calibrated_yaml(targets: Targets, result: CalibrationResult, when: str) -> str:
    """Return the calibrated parameter file: provenance as comments, then the fitted values."""
    header = [
        f"# Calibrated parameters for {targets.scenario.path.name}: add this file to a scenario's extends list,",
        f"# e.g. extends: [baseline.yaml, {targets.spec.name}_calibrated.yaml]",
        f"# Written by python -m sim calibrate {targets.path.name} on {when}; seed {result.seed}, {result.days} days,",
        f"# loss {result.loss_start:.4g} -> {result.loss:.4g} (sum of squared (simulated - target) / tolerance).",
        "# Targets (value +- tolerance; simulated after the fit; source):",
    ]
    for row in result.fit.itertuples():
        header.append(
            f"#   {row.target}: {row.value:g} +- {row.tolerance:g}; simulated {row.simulated:.4g}; {row.source}"
        )
    body = yaml.safe_dump(calibrated_fragment(targets, result, when), sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body


def write_calibration(out_dir: Path, targets: Targets, result: CalibrationResult) -> Path:
    """Check that the scenario validates with the calibrated file, then write the folder atomically."""
    when = datetime.now(UTC).isoformat(timespec="seconds")
    text = calibrated_yaml(targets, result, when)
    load_scenario(targets.scenario.path, yaml.safe_load(text))  # the file must give a valid scenario

    def write_files(folder: Path) -> None:
        (folder / "calibrated.yaml").write_text(text, encoding="utf-8")
        (folder / "calibration.json").write_text(json_text(provenance(targets, result, when)), encoding="utf-8")
        result.fit.to_csv(folder / "fit.csv", index=False, lineterminator="\n")
        manifest = {"written_by": WRITER, "kind": "calibration", "targets_file": str(targets.path),
                    "command": sys.argv, "package_versions": package_versions()}  # fmt: skip
        (folder / "manifest.json").write_text(json_text(manifest), encoding="utf-8")

    return write_atomically(out_dir, write_files)
