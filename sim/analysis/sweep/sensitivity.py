"""Sensitivity of a finished sweep: Sobol or Morris indices per KPI and scenario difference, and robustness."""

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.sweep.design import REFERENCE_POINT

SEPARATOR = " - "  # an output named "shared - baseline: car_km" is a difference under common random numbers


@dataclass(frozen=True)
class Outputs:
    """Per design point (mean over replications): each scenario's KPIs and each scenario's difference to the first."""

    by_point: pd.DataFrame  # index: point (reference point included); columns: output names
    by_run: pd.DataFrame  # index: (point, replication); the same columns before averaging


def difference_name(scenario: str, reference: str, kpi: str) -> str:
    """Return the name of a KPI difference between two scenarios."""
    return f"{scenario}{SEPARATOR}{reference}: {kpi}"


def build_outputs(table: pd.DataFrame, scenarios: list[str], kpis: list[str]) -> Outputs:
    """Return KPIs and differences to the first scenario, paired by (point, replication): the same seed in both."""
    reference = scenarios[0]
    wide = table.pivot_table(index=["point", "replication"], columns="scenario", values=kpis, aggfunc="first")
    columns: dict[str, pd.Series] = {}
    for kpi in kpis:
        for scenario in scenarios:
            columns[f"{scenario}: {kpi}"] = wide[(kpi, scenario)]
        for scenario in scenarios[1:]:
            columns[difference_name(scenario, reference, kpi)] = wide[(kpi, scenario)] - wide[(kpi, reference)]
    by_run = pd.DataFrame(columns)
    return Outputs(by_run.groupby(level="point").mean(), by_run)


def design_outputs(outputs: Outputs, points: int) -> pd.DataFrame:
    """Return the outputs at the design's points in design order (the reference point left out)."""
    frame = outputs.by_point.drop(index=REFERENCE_POINT, errors="ignore").sort_index()
    if len(frame) != points or list(frame.index) != list(range(points)):
        raise ValueError(f"the table holds {len(frame)} of the design's {points} points; is the sweep finished?")
    return frame


def is_constant(values: np.ndarray) -> bool:
    """Return whether an output does not vary beyond rounding (it then has no sensitivity to report)."""
    return bool(np.ptp(values) <= 1e-9 * max(1.0, float(np.abs(values).max(initial=0.0))))


def sobol_indices(problem: dict[str, Any], values: np.ndarray, second_order: bool, seed: int = 1) -> pd.DataFrame:
    """Return first-order and total Sobol indices with 95 % intervals (SALib's Saltelli estimators)."""
    from SALib.analyze import sobol

    names = problem["names"]
    if is_constant(values):
        zeros = np.zeros(len(names))
        return pd.DataFrame({"parameter": names, "S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = sobol.analyze(problem, values, calc_second_order=second_order, seed=seed)
    return pd.DataFrame({"parameter": names, "S1": found["S1"], "S1_conf": found["S1_conf"],
                         "ST": found["ST"], "ST_conf": found["ST_conf"]})  # fmt: skip


def morris_effects(problem: dict[str, Any], raw: np.ndarray, values: np.ndarray, levels: int, seed: int = 1):
    """Return Morris' mu*, its 95 % interval and sigma per parameter (in the KPI's unit)."""
    from SALib.analyze import morris

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = morris.analyze(problem, raw, values, num_levels=levels, seed=seed)
    return pd.DataFrame({"parameter": problem["names"], "mu_star": found["mu_star"],
                         "mu_star_conf": found["mu_star_conf"], "sigma": found["sigma"]})  # fmt: skip


def rank_correlations(design: pd.DataFrame, values: np.ndarray) -> pd.DataFrame:
    """Return Spearman's rank correlation of each parameter with the output (grid and Latin hypercube designs)."""
    from scipy.stats import spearmanr

    rows = []
    for name in design.columns:
        column = pd.to_numeric(design[name], errors="coerce").to_numpy(dtype=float)
        if is_constant(values) or np.isnan(column).any() or np.ptp(column) == 0:
            rows.append({"parameter": name, "spearman": 0.0})
            continue
        rows.append({"parameter": name, "spearman": float(spearmanr(column, values).statistic)})
    return pd.DataFrame(rows)


def indices_table(method: str, points: Any, outputs: pd.DataFrame, design: Any) -> pd.DataFrame:
    """Return one row per (output, parameter) with the design's indices (Sobol, Morris or rank correlation)."""
    frames = []
    for name in outputs.columns:
        values = outputs[name].to_numpy(dtype=float)
        if method == "sobol":
            frame = sobol_indices(points.problem, values, design.second_order, design.seed)
        elif method == "morris":
            frame = morris_effects(points.problem, points.raw, values, design.levels, design.seed)
        else:
            frame = rank_correlations(points.values, values)
        frame.insert(0, "output", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _sign(value: float, tolerance: float) -> int:
    return 0 if abs(value) <= tolerance else (1 if value > 0 else -1)


def robustness(outputs: Outputs, names: list[str]) -> pd.DataFrame:
    """Return, per difference, its value as shipped and the share of the space (and of runs) keeping that sign."""
    rows = []
    for name in names:
        by_point = outputs.by_point[name]
        runs = outputs.by_run[name].drop(index=REFERENCE_POINT, level="point", errors="ignore")
        points = by_point.drop(index=REFERENCE_POINT, errors="ignore")
        tolerance = 1e-9 * max(float(np.abs(points).max()), 1.0)
        shipped = float(by_point.get(REFERENCE_POINT, np.nan))
        sign = _sign(shipped, tolerance) if not np.isnan(shipped) else _sign(float(points.median()), tolerance)
        same = np.array([_sign(v, tolerance) == sign for v in points])
        same_runs = np.array([_sign(v, tolerance) == sign for v in runs])
        rows.append({"difference": name, "as_shipped": shipped, "sign": {1: "+", -1: "-", 0: "0"}[sign],
                     "share_of_space": float(same.mean()), "share_of_runs": float(same_runs.mean()),
                     "min": float(points.min()), "median": float(points.median()), "max": float(points.max()),
                     "verdict": _verdict(float(same.mean()))})  # fmt: skip
    return pd.DataFrame(rows)


def _verdict(share: float) -> str:
    if share >= 0.95:
        return "robust"
    if share >= 0.75:
        return "mostly holds"
    return "depends on the parameters"
