"""What a run writes: summary, tables and a manifest with seed and versions, swapped into place atomically."""

import json
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from sim.io.config import Scenario
from sim.io.results_folder import WRITER, write_atomically
from sim.runner import RunResult

__all__ = ["csv_text", "json_text", "manifest", "package_versions", "write_atomically", "write_run"]

PACKAGES = ("ikz-sim", "numpy", "numba", "scipy", "simpy", "mesa", "pydantic", "pyyaml", "pandas")


def package_versions() -> dict[str, str]:
    """Return the installed versions of the packages that shape the results."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit() -> str | None:
    """Return the current git commit of the source tree, or None outside a checkout."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None if completed.returncode == 0 else None


def csv_text(frame: pd.DataFrame, seed: int) -> str:
    """Return CSV text headed by one comment line with the seed and package versions."""
    versions = " ".join(f"{name}={version}" for name, version in package_versions().items())
    return f"# ikz-sim seed={seed} {versions}\n" + frame.to_csv(index=False, lineterminator="\n")


def json_text(content: dict[str, Any]) -> str:
    """Return stable, readable JSON (sorted keys are not used: the order is the documented one)."""
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"


def manifest(scenario: Scenario, summary: dict[str, Any], started: datetime, command: list[str]) -> dict[str, Any]:
    """Return what is needed to reproduce a run: inputs, seed, versions, commit and times."""
    return {
        "written_by": WRITER,
        "kind": "run",
        "scenario_file": str(scenario.path),
        "scenario_sha256": scenario.sha256,
        "region_file": str(scenario.region_path),
        "seed": summary["seed"],
        "days": summary["days"],
        "engine": summary["engine"],
        "command": command,
        "package_versions": package_versions(),
        "git_commit": git_commit(),
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "resolved_scenario": scenario.resolved,
    }


def write_run(out_dir: Path, scenario: Scenario, result: RunResult, started: datetime, command: list[str]) -> Path:
    """Write summary.json, by_municipality.csv, daily.csv, daily_service_points.csv and manifest.json."""
    seed = int(result.summary["seed"])
    summary = {**result.summary, "package_versions": package_versions()}

    def write_files(folder: Path) -> None:
        (folder / "summary.json").write_text(json_text(summary), encoding="utf-8")
        (folder / "by_municipality.csv").write_text(csv_text(result.by_municipality, seed), encoding="utf-8")
        (folder / "daily.csv").write_text(csv_text(result.daily, seed), encoding="utf-8")
        (folder / "daily_service_points.csv").write_text(csv_text(result.daily_places, seed), encoding="utf-8")
        content = manifest(scenario, result.summary, started, command)
        (folder / "manifest.json").write_text(json_text(content), encoding="utf-8")

    return write_atomically(out_dir, write_files)
