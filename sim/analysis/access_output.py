"""What `access` prints and writes: a summary per service, access.csv, travel_times.csv and the manifest."""

from pathlib import Path

import numpy as np

from sim.analysis.access_report import GRAVITY_BETA, OWN_MODES, UNITS, AccessTables
from sim.io.config import Scenario
from sim.io.outputs import csv_text, json_text, package_versions
from sim.io.results_folder import WRITER, write_atomically
from sim.summary.accessibility import CATCHMENT_MINUTES, CUMULATIVE_THRESHOLDS_MINUTES
from sim.summary.fairness import TRANSIT_THRESHOLD_MINUTES


def _values(tables: AccessTables, service: str, measure: str, mode: str) -> np.ndarray:
    """Return one measure's values per district, in district order."""
    rows = tables.access
    chosen = rows[(rows["service"] == service) & (rows["measure"] == measure) & (rows["mode"] == mode)]
    return chosen["value"].to_numpy(dtype=np.float64)


def format_access(scenario: Scenario, tables: AccessTables) -> str:
    """Return a few lines per service: supply reached, mean accessibility, who is beyond 30 minutes by transit."""
    unit = "residents" if tables.demand == "population" else "weekly visits"
    lines = [f"{scenario.slug}: accessibility by the modes residents have (E2SFCA, desk-hours a week per 1,000 {unit})"]
    for index, service in enumerate(scenario.config.services):
        weights = tables.district_demand[:, index]
        own = _values(tables, service, "e2sfca", OWN_MODES)
        transit = _values(tables, service, "nearest_minutes", "transit")
        mean = float(np.average(own, weights=weights)) if weights.sum() > 0 else 0.0
        beyond = float(weights[transit > TRANSIT_THRESHOLD_MINUTES].sum() / weights.sum()) if weights.sum() else 0.0
        lowest = own[weights > 0].min() if (weights > 0).any() else 0.0
        lines.append(
            f"  {service:18} mean {mean:8.2f}, lowest Ortsteil {lowest:8.2f}; "
            f"{beyond:6.1%} of {unit} beyond {TRANSIT_THRESHOLD_MINUTES:g} min by bus or on foot"
        )
    return "\n".join(lines)


def write_access(out_dir: Path, scenario: Scenario, tables: AccessTables, command: list[str]) -> Path:
    """Write access.csv, travel_times.csv and manifest.json atomically; return the folder."""
    seed = scenario.config.simulation.seed

    def write_files(folder: Path) -> None:
        (folder / "access.csv").write_text(csv_text(tables.access, seed), encoding="utf-8")
        (folder / "travel_times.csv").write_text(csv_text(tables.travel_times, seed), encoding="utf-8")
        manifest = {
            "written_by": WRITER,
            "kind": "access",
            "scenario_file": str(scenario.path),
            "scenario_sha256": scenario.sha256,
            "seed": seed,
            "demand": tables.demand,
            "catchment_minutes": dict(CATCHMENT_MINUTES),
            "cumulative_thresholds_minutes": list(CUMULATIVE_THRESHOLDS_MINUTES),
            "gravity_beta": GRAVITY_BETA,
            "units": UNITS,
            "supply_desk_hours_per_week": tables.supply,
            "modes": {
                "transit": "bus with half the headway of every leg, or walking where that is faster",
                OWN_MODES: "car for residents with a car, the best of transit, bike and walk for the others",
            },
            "command": command,
            "package_versions": package_versions(),
        }
        (folder / "manifest.json").write_text(json_text(manifest), encoding="utf-8")

    return write_atomically(out_dir, write_files)
