"""What a coalition analysis writes and prints: coalitions.csv, allocation.json and the terminal tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.coalition_views import ViewAllocation
from sim.analysis.coalitions import CoalitionCosts, CoalitionResult
from sim.analysis.cost_game import COALITION_SEPARATOR
from sim.io.outputs import csv_text, json_text, package_versions, write_atomically
from sim.io.results_folder import WRITER
from sim.runner import t_half_width

VIEW_TITLES = {
    "budget": "Municipal budget (EUR per year)",
    "generalised": "Generalised cost: budget + residents' time + CO2 (EUR per year)",
}


def coalitions_frame(result: CoalitionResult) -> pd.DataFrame:
    """Return one row per coalition: its cost components per year, the replications and 95 % t-intervals."""
    values = result.values
    rows = []
    for coalition in result.coalitions:
        generalised = coalition.generalised_eur(values)
        row: dict[str, object] = {
            "coalition": COALITION_SEPARATOR.join(coalition.members),
            "members": len(coalition.members),
            "replications": len(coalition.budget_eur),
        }
        row.update(_with_interval("budget_eur_per_year", coalition.budget_eur))
        row.update(_with_interval("citizen_hours_per_year", coalition.citizen_hours))
        row["time_eur_per_year"] = round(float(coalition.citizen_hours.mean()) * values.value_of_time_eur_per_hour, 2)
        row.update(_with_interval("co2_t_per_year", coalition.co2_t))
        row["co2_eur_per_year"] = round(float(coalition.co2_t.mean()) * values.co2_eur_per_tonne, 2)
        row.update(_with_interval("generalised_eur_per_year", generalised))
        rows.append(row)
    return pd.DataFrame(rows)


def _with_interval(name: str, values: np.ndarray) -> dict[str, float]:
    mean, half_width = float(values.mean()), t_half_width(values)
    return {name: round(mean, 2), f"{name} ci95_low": round(mean - half_width, 2),
            f"{name} ci95_high": round(mean + half_width, 2)}  # fmt: skip


def allocation_content(result: CoalitionResult) -> dict[str, Any]:
    """Return allocation.json: the settings, the values with sources, and each view's allocations and flags."""
    values = result.values
    return {
        "written_by": WRITER,
        "kind": "coalitions",
        "scenario_file": str(result.scenario.path),
        "scenario_sha256": result.scenario.sha256,
        "base_scenario_file": str(result.base_path),
        "players": list(result.players),
        "days": result.days,
        "replications": len(result.seeds),
        "seeds": result.seeds,
        "interval": "Student t, 95 %, over replications; replication r of every coalition used seeds[r]",
        "own_cost_keys": result.own_cost_keys,
        "generalised_cost": {
            "value_of_time_eur_per_hour": values.value_of_time_eur_per_hour,
            "value_of_time_source": values.value_of_time_source,
            "include_time": values.include_time,
            "co2_eur_per_tonne": values.co2_eur_per_tonne,
            "co2_source": values.co2_source,
            "include_co2": values.include_co2,
        },
        "runs_simulated": result.runs_simulated,
        "runs_from_cache": result.runs_from_cache,
        "notes": list(result.notes),
        "views": {view: _view_content(allocation) for view, allocation in result.views.items()},
    }


def _view_content(view: ViewAllocation) -> dict[str, Any]:
    return {
        "grand_cost": view.grand_cost,
        "players": [_player_content(view, index, player) for index, player in enumerate(view.player_ids)],
        "methods": {
            method: {
                "in_core": view.in_core[method],
                "individually_rational": bool(np.all(view.individually_rational[method])),
                "worst_coalition": _listed(view.worst_coalition[method]),
                "worst_excess": view.worst_excess[method],
            }
            for method in view.allocations
        },
        "core_empty": view.core_empty,
        "least_core_epsilon": view.least_core_epsilon,
        "nucleolus_skipped": "nucleolus" not in view.allocations,
        "nucleolus_note": view.nucleolus_note,
        "shapley_method": view.shapley_method,
        "tolerance": view.tolerance,
        "notes": list(view.notes),
    }


def _listed(members: tuple[str, ...] | None) -> list[str] | None:
    return None if members is None else list(members)


def _player_content(view: ViewAllocation, index: int, player: str) -> dict[str, Any]:
    standard_errors = view.shapley_standard_errors
    return {
        "player": player,
        "standalone_cost": float(view.standalone_costs[index]),
        "shapley_standard_error": None if standard_errors is None else float(standard_errors[index]),
        "allocations": {
            method: {
                "cost": float(shares[index]),
                "saving": float(view.standalone_costs[index] - shares[index]),
                "saving_ci95_half": _finite_or_none(view.saving_half_widths[method][index]),
                "individually_rational": bool(view.individually_rational[method][index]),
            }
            for method, shares in view.allocations.items()
        },
    }


def _finite_or_none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def format_report(result: CoalitionResult) -> str:
    """Return the terminal tables: the coalitions' costs, then each view's allocations with flags."""
    replications = len(result.seeds)
    lines = [
        f"Coalitions of {result.scenario.slug}: {len(result.players)} members, {result.days} days, "
        f"{replications} replication{'s' if replications > 1 else ''} (seed {result.seeds[0]}); "
        f"standing alone as in {result.base_path.name}; {result.runs_simulated} runs simulated, "
        f"{result.runs_from_cache} from the cache",
        "",
        _coalition_lines(result.coalitions, replications),
    ]
    for view in result.views.values():
        lines += ["", VIEW_TITLES[view.view], _allocation_lines(view, replications), _core_line(view)]
        if "nucleolus" not in view.allocations:
            lines.append(view.nucleolus_note)
    lines += [
        "",
        "(cost of each member; in brackets its saving against standing alone"
        + (", ± 95 % half-width over replications" if replications > 1 else "")
        + "; ! pays more than alone: not individually rational)",
    ]
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines)


def _coalition_lines(coalitions: list[CoalitionCosts], replications: int) -> str:
    width = max(len(COALITION_SEPARATOR.join(c.members)) for c in coalitions) + 2
    header = "coalition".ljust(width) + f"{'budget EUR/yr':>26}{'residents h/yr':>18}{'CO2 t/yr':>12}"
    rows = [header]
    for coalition in coalitions:
        budget = f"{coalition.budget_eur.mean():,.0f}"
        if replications > 1:
            budget += f" ± {t_half_width(coalition.budget_eur):,.0f}"
        rows.append(
            COALITION_SEPARATOR.join(coalition.members).ljust(width)
            + f"{budget:>26}{coalition.citizen_hours.mean():>18,.0f}{coalition.co2_t.mean():>12,.1f}"
        )
    return "\n".join(rows)


def _allocation_lines(view: ViewAllocation, replications: int) -> str:
    cells = {
        method: [_cell(view, method, index, replications) for index in range(len(view.player_ids))]
        for method in view.allocations
    }
    width = max(24, *(len(cell) + 2 for row in cells.values() for cell in row))
    label_width = 22
    rows = ["".ljust(label_width) + "".join(f"{p:>{width}}" for p in view.player_ids) + f"{'core':>8}"]
    rows.append("stand-alone".ljust(label_width) + "".join(f"{c:>{width},.0f}" for c in view.standalone_costs))
    for method, row in cells.items():
        core = view.in_core[method]
        flag = "" if core is None else ("yes" if core else "no")
        rows.append(method.ljust(label_width) + "".join(f"{cell:>{width}}" for cell in row) + f"{flag:>8}")
    return "\n".join(rows)


def _cell(view: ViewAllocation, method: str, index: int, replications: int) -> str:
    cost = view.allocations[method][index]
    saving = view.standalone_costs[index] - cost
    text = f"{cost:,.0f} ({saving:+,.0f}"
    half_width = view.saving_half_widths[method][index]
    if replications > 1 and np.isfinite(half_width):
        text += f" ± {half_width:,.0f}"
    text += ")"
    return text + ("" if view.individually_rational[method][index] else " !")


def _core_line(view: ViewAllocation) -> str:
    if view.core_empty is None:
        return "core: not checked (" + "; ".join(view.notes) + ")"
    epsilon = view.least_core_epsilon or 0.0
    if view.core_empty:
        return (f"core: EMPTY; least-core epsilon {epsilon:,.0f}: whatever the split, some group overpays "
                "by at least this much against going alone")  # fmt: skip
    return f"core: not empty; least-core epsilon {epsilon:,.0f} (every group saves at least {-epsilon:,.0f})"


def write_report(result: CoalitionResult, out_dir: Path, command: list[str]) -> Path:
    """Write coalitions.csv, allocation.json and manifest.json into out_dir, atomically."""
    frame = coalitions_frame(result)
    content = allocation_content(result)
    manifest = {
        "written_by": WRITER,
        "kind": "coalitions",
        "scenario_file": str(result.scenario.path),
        "scenario_sha256": result.scenario.sha256,
        "seeds": result.seeds,
        "days": result.days,
        "command": command,
        "package_versions": package_versions(),
    }

    def write_files(folder: Path) -> None:
        (folder / "coalitions.csv").write_text(csv_text(frame, result.seeds[0]), encoding="utf-8")
        (folder / "allocation.json").write_text(json_text(content), encoding="utf-8")
        (folder / "manifest.json").write_text(json_text(manifest), encoding="utf-8")

    return write_atomically(out_dir, write_files)
