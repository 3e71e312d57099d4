"""What `locate` writes: locate.json (model, objective, sites, assignment, solver status and gap) and its folder."""

import sys
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.compare import Comparison
from sim.analysis.locate_problem import LocateProblem, LocateRequest, promise
from sim.analysis.locate_scenario import Changes
from sim.analysis.location import LocationResult
from sim.io.outputs import csv_text, json_text, package_versions
from sim.io.results_folder import WRITER, write_atomically


def _status_of(changes: Changes) -> dict[str, str]:
    """Return each proposal point's change: kept, moved or opened."""
    status = dict.fromkeys(changes.kept, "kept")
    status.update({point: "moved" for point, _ in changes.moved})
    status.update({point: "opened" for point, _ in changes.opened})
    return status


def _sites(problem: LocateProblem, result: LocationResult, changes: Changes) -> list[dict[str, Any]]:
    """Return one record per open site: ids, place, change, demand it serves and their mean minutes."""
    candidates, geography, status = problem.candidates, problem.geography, _status_of(changes)
    rows = []
    for site in result.open_sites:
        mine = np.flatnonzero(result.assignment == site)
        weights = problem.weights[mine]
        minutes = problem.travel_minutes[mine, site]
        point = changes.site_point[site]
        rows.append({
            "candidate": candidates.ids[site],
            "service_point": point,
            "change": status[point],
            "name": candidates.names[site],
            "district": geography.district_ids[candidates.district[site]],
            "lat": round(float(candidates.lat[site]), 6),
            "lon": round(float(candidates.lon[site]), 6),
            "demand_served": round(float(weights.sum()), 4),
            "mean_minutes": round(float(np.average(minutes, weights=weights)), 4) if weights.sum() > 0 else None,
        })  # fmt: skip
    return rows


def locate_record(
    problem: LocateProblem, result: LocationResult, request: LocateRequest, changes: Changes, proposal_file: str
) -> dict[str, Any]:
    """Return locate.json's content (deterministic: the solve time is printed, not written)."""
    candidates, geography = problem.candidates, problem.geography
    assignment = {
        district: (candidates.ids[site] if site >= 0 else None)
        for district, site in zip(geography.district_ids, result.assignment.tolist(), strict=True)
    }
    minutes = {
        district: (round(float(problem.travel_minutes[row, site]), 4) if site >= 0 else None)
        for row, (district, site) in enumerate(zip(geography.district_ids, result.assignment.tolist(), strict=True))
    }
    return {
        "model": result.model,
        "service": request.service,
        "mode": request.mode,
        "demand": request.demand,
        "weights_unit": problem.weights_unit,
        "p": len(result.open_sites),
        "radius_minutes": request.radius_minutes,
        "fixed": list(request.fixed),
        "closures_allowed": request.closures_allowed,
        "capacitated": request.capacity,
        "candidates": len(candidates.ids),
        "objective": round(result.objective, 4),
        "objective_unit": result.objective_unit,
        "best_bound": round(result.best_bound, 4),
        "mip_gap": round(result.mip_gap, 8),
        "status": result.status,
        "method": result.method,
        "promise": promise(problem, result, request.radius_minutes),
        "sites": _sites(problem, result, changes),
        "kept": list(changes.kept),
        "moved": [{"service_point": point, "to": candidates.ids[site]} for point, site in changes.moved],
        "opened": [{"service_point": point, "at": candidates.ids[site]} for point, site in changes.opened],
        "closed": list(changes.closed),
        "assignment": assignment,
        "assigned_minutes": minutes,
        "proposal_scenario": proposal_file,
    }


def assigned_points(record: dict[str, Any]) -> dict[str, str]:
    """Return each Ortsteil's assigned service point in the proposal."""
    point_of = {site["candidate"]: site["service_point"] for site in record["sites"]}
    return {district: point_of[site] for district, site in record["assignment"].items() if site in point_of}


def write_locate(
    out_dir: Path, record: dict[str, Any], proposal_name: str, proposal_yaml: str, comparison: Comparison | None,
    input_file: Path, seed: int,
) -> Path:  # fmt: skip
    """Write locate.json, the proposal scenario, comparison.csv (if simulated) and manifest.json atomically."""

    def write_files(folder: Path) -> None:
        (folder / "locate.json").write_text(json_text(record), encoding="utf-8")
        (folder / proposal_name).write_text(proposal_yaml, encoding="utf-8")
        if comparison is not None:
            (folder / "comparison.csv").write_text(csv_text(comparison.table, seed), encoding="utf-8")
        manifest = {"written_by": WRITER, "kind": "locate", "scenario_file": str(input_file), "seed": seed,
                    "command": sys.argv, "package_versions": package_versions()}  # fmt: skip
        (folder / "manifest.json").write_text(json_text(manifest), encoding="utf-8")

    return write_atomically(out_dir, write_files)
