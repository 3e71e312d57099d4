"""Writing results atomically: a temporary folder first, renamed into place when complete."""

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config import Scenario
from sim.runner import RunResult

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


def write_atomically(out_dir: Path, write_files: Callable[[Path], None]) -> Path:
    """Let write_files fill a temporary sibling folder, then swap it into out_dir in one rename."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(20, "is a file, not a folder; results need a folder", str(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        write_files(temporary)
        if out_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            os.replace(out_dir, retired / "previous")
            os.replace(temporary, out_dir)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(temporary, out_dir)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return out_dir


def manifest(scenario: Scenario, summary: dict[str, Any], started: datetime, command: list[str]) -> dict[str, Any]:
    """Return what is needed to reproduce a run: inputs, seed, versions, commit and times."""
    return {
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
