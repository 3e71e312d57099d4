"""What the model predicts for a published comparison: summaries from a finished results folder, or jobs to run.

A results folder is one written by `python -m sim compare` (one sub-folder per scenario file stem,
each with summary.json and manifest.json). It is used only if every scenario's manifest still
matches the scenario file (its SHA-256), so residents never see figures of an older version.
Without a folder, `jobs` gives the runs for the app's run queue, with the comparison's seed and days.
"""

import json
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.io.config import Scenario
from sim.participation.publication import Publication
from sim.runner import with_seed_and_days

ENGINE = "kernels"
REPLICATIONS = 1
MAX_SUMMARY_BYTES = 50 * 1024 * 1024

Job = tuple[Scenario, str, int]  # as sim.runner.run_job takes it
RunKey = tuple[Any, ...]


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(path, "", "file not found (is this a folder written by `python -m sim compare`?)")
    if path.stat().st_size > MAX_SUMMARY_BYTES:
        raise InputError(path, "", "too large for a run summary")
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, "", f"not a JSON file ({error})") from None
    if not isinstance(content, dict):
        raise InputError(path, "", "not a run summary")
    return content


def folder_summaries(publication: Publication) -> dict[str, dict[str, Any]] | None:
    """Return each scenario's summary.json from the results folder (None if the file names no folder)."""
    folder = publication.results_folder()
    if folder is None:
        return None
    summaries = {}
    for key, scenario in publication.scenarios.items():
        manifest = _read_json(folder / key / "manifest.json")
        if manifest.get("scenario_sha256") != scenario.sha256:
            message = f"the results of '{key}' are older than its scenario file; run `python -m sim compare` again"
            raise InputError(publication.path, "results", message)
        summaries[key] = _read_json(folder / key / "summary.json")
    return summaries


def jobs(publication: Publication) -> list[tuple[RunKey, Job]]:
    """Return the (memo key, job) pairs that compute the comparison with its own seed and days."""
    seed, days = publication.spec.simulation.seed, publication.spec.simulation.days
    pairs = []
    for scenario in publication.scenarios.values():
        aligned = with_seed_and_days(scenario, seed=seed, days=days)
        pairs.append(((aligned.sha256, seed, days, ENGINE, REPLICATIONS), (aligned, ENGINE, REPLICATIONS)))
    return pairs
