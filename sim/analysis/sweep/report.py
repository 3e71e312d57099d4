"""The sensitivity report of a finished sweep: indices, robustness of the headline differences, discovered boxes."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.sweep.design import Points
from sim.analysis.sweep.discovery import DiscoveredBox, discover_box, pays_off
from sim.analysis.sweep.sensitivity import (
    SEPARATOR,
    build_outputs,
    design_outputs,
    difference_name,
    indices_table,
    robustness,
)  # fmt: skip
from sim.analysis.sweep.spec import SweepFile
from sim.analysis.sweep.store import DESIGN, read_manifest, read_table
from sim.errors import InputError


@dataclass(frozen=True)
class SensitivityReport:
    """What `python -m sim sensitivity` reports and writes."""

    method: str  # sobol, morris, or rank (grid and Latin hypercube designs)
    indices: pd.DataFrame  # output, parameter, then S1/S1_conf/ST/ST_conf, mu_star/mu_star_conf/sigma or spearman
    robustness: pd.DataFrame  # one row per headline difference
    boxes: dict[str, DiscoveredBox]  # per cooperation scenario: where it pays off for every member
    conditions: dict[str, str]  # the KPI differences that must improve for cooperation to pay off


def load_points(folder: Path, spec: SweepFile, problem: dict) -> Points:
    """Return the design stored with a sweep."""
    design = pd.read_parquet(folder / DESIGN).set_index("point").sort_index()
    names = list(spec.parameters)
    raw = design[[f"raw:{name}" for name in names]].to_numpy(dtype=float)
    return Points(design[names], raw, problem)


def analyse(table: pd.DataFrame, spec: SweepFile, points: Points) -> SensitivityReport:
    """Return the report for a sweep's tidy table and design."""
    scenarios = list(spec.scenarios)
    kpis = list(spec.kpis)
    outputs = build_outputs(table, scenarios, kpis)
    at_points = design_outputs(outputs, len(points.values))
    method = spec.design.method if spec.design.method in ("sobol", "morris") else "rank"
    indices = indices_table(spec.design.method, points, at_points, spec.design)
    headline = spec.analysis.headline or kpis
    differences = [difference_name(s, scenarios[0], kpi) for s in scenarios[1:] for kpi in headline]
    robust = robustness(outputs, differences) if differences else pd.DataFrame()
    boxes = {}
    if spec.analysis.pays_off and len(scenarios) > 1:
        for scenario in scenarios[1:]:
            holds = pays_off(at_points, scenario, scenarios[0], spec.analysis.pays_off)
            boxes[scenario] = discover_box(points.values, holds)
    return SensitivityReport(method, indices, robust, boxes, dict(spec.analysis.pays_off))


def analyse_folder(folder: Path) -> SensitivityReport:
    """Read a finished sweep folder and return its report."""
    manifest = read_manifest(folder)
    table = read_table(folder)
    if manifest is None or manifest.get("status") != "finished":
        raise InputError(folder, "", "the sweep is not finished; run it again with --resume")
    spec = SweepFile.model_validate(manifest["sweep"])
    return analyse(table, spec, load_points(folder, spec, manifest["problem"]))


def _top(indices: pd.DataFrame, method: str, output: str) -> str:
    rows = indices[indices["output"] == output]
    key = {"sobol": "ST", "morris": "mu_star", "rank": "spearman"}[method]
    ordered = rows.reindex(rows[key].abs().sort_values(ascending=False).index)
    if method == "sobol":
        return ", ".join(f"{r.parameter} S1 {r.S1:.2f} ST {r.ST:.2f}" for r in ordered.itertuples())
    if method == "morris":
        return ", ".join(f"{r.parameter} mu* {r.mu_star:.3g} sigma {r.sigma:.3g}" for r in ordered.itertuples())
    return ", ".join(f"{r.parameter} rho {r.spearman:+.2f}" for r in ordered.itertuples())


def format_report(report: SensitivityReport) -> str:
    """Return the report as text for the terminal."""
    lines = ["Robustness of the headline differences (sign as shipped; share of the space keeping it):"]
    for row in report.robustness.itertuples():
        lines.append(f"  {row.difference}: {row.as_shipped:+,.2f} as shipped; sign {row.sign} holds in "
                     f"{row.share_of_space:.0%} of the space ({row.share_of_runs:.0%} of runs), "
                     f"range {row.min:+,.2f} .. {row.max:+,.2f}: {row.verdict}")  # fmt: skip
    label = {"sobol": "Sobol indices", "morris": "Morris effects", "rank": "rank correlations"}[report.method]
    lines.append(f"Sensitivity ({label}) of the differences:")
    for output in dict.fromkeys(report.indices["output"]):
        if SEPARATOR in output:
            lines.append(f"  {output}: {_top(report.indices, report.method, output)}")
    for scenario, box in report.boxes.items():
        conditions = ", ".join(f"{kpi} {better}" for kpi, better in report.conditions.items())
        lines.append(f"Where {scenario} pays off for every member ({conditions}): "
                     f"{box.share_paying_off:.0%} of the space; PRIM box with density {box.density:.0%}, "
                     f"coverage {box.coverage:.0%}, mass {box.mass:.0%}:")  # fmt: skip
        for row in box.limits[box.limits["restricted"]].itertuples():
            lines.append(f"  {row.parameter} in [{_number(row.low)}, {_number(row.high)}]")
        if not box.limits["restricted"].any():
            lines.append("  no restriction: " + ("everywhere" if box.share_paying_off > 0 else "nowhere"))
    return "\n".join(lines)


def _number(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float | np.floating) else str(value)


def box_table(report: SensitivityReport) -> pd.DataFrame:
    """Return the discovered boxes as one table (scenario, parameter, low, high, restricted, box statistics)."""
    frames = []
    for scenario, box in report.boxes.items():
        frame = box.limits.copy()
        frame.insert(0, "scenario", scenario)
        frame["coverage"], frame["density"], frame["mass"] = box.coverage, box.density, box.mass
        frame["share_paying_off"] = box.share_paying_off
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
