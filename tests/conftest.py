"""Shared fixtures: the repository root and one full-year baseline run reused by several tests."""

import json
from pathlib import Path

import pytest

from sim.cli import main

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios" / "lemgo_kalletal"


def shipped_scenarios() -> list[Path]:
    """Return every shipped scenario: the files of the region folders (those with a baseline.yaml)."""
    folders = [folder for folder in (REPO / "scenarios").iterdir() if (folder / "baseline.yaml").is_file()]
    return sorted(path for folder in folders for path in folder.glob("*.yaml"))


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def baseline_year(tmp_path_factory) -> dict:
    """Run `python -m sim run baseline.yaml` for the full year once and return its summary.json."""
    out = tmp_path_factory.mktemp("baseline_year") / "baseline"
    assert main(["run", str(SCENARIOS / "baseline.yaml"), "--out", str(out)]) == 0
    return json.loads((out / "summary.json").read_text())
