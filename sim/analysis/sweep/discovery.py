"""Scenario discovery: the parameter box in which cooperation pays off for every member (PRIM from ema-workbench)."""

import logging
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_DENSITY = 0.9  # the box reported is the largest on the peeling trajectory in which 90 % of points pay off


@dataclass(frozen=True)
class DiscoveredBox:
    """A box of the parameter space: its limits, and how well it captures the points where cooperation pays off."""

    limits: pd.DataFrame  # one row per parameter: low, high, restricted
    coverage: float  # share of all paying-off points that lie inside the box
    density: float  # share of the points inside the box that pay off
    mass: float  # share of all points inside the box
    share_paying_off: float  # share of all points that pay off


def pays_off(outputs: pd.DataFrame, scenario: str, reference: str, conditions: Mapping[str, str]) -> np.ndarray:
    """Return per design point whether every condition (a KPI difference 'lower' or 'higher') favours the scenario."""
    from sim.analysis.sweep.sensitivity import difference_name

    holds = np.ones(len(outputs), dtype=bool)
    for kpi, better in conditions.items():
        difference = outputs[difference_name(scenario, reference, kpi)].to_numpy(dtype=float)
        holds &= difference < 0 if better == "lower" else difference > 0
    return holds


def _limits(design: pd.DataFrame, low: pd.Series, high: pd.Series) -> pd.DataFrame:
    rows = []
    for name in design.columns:
        column = design[name]
        numeric = pd.api.types.is_numeric_dtype(column)
        full_low, full_high = (column.min(), column.max()) if numeric else (None, None)
        restricted = bool(low[name] > full_low or high[name] < full_high) if numeric else low[name] != high[name]
        rows.append({"parameter": name, "low": low[name], "high": high[name], "restricted": restricted})
    return pd.DataFrame(rows)


def discover_box(design: pd.DataFrame, holds: np.ndarray) -> DiscoveredBox:
    """Run PRIM on the design points; return the largest box whose density reaches MIN_DENSITY (else the densest)."""
    share = float(holds.mean()) if len(holds) else 0.0
    if holds.all() or not holds.any():
        low, high = design.min(numeric_only=True), design.max(numeric_only=True)
        return DiscoveredBox(_limits(design, low, high), 1.0 if holds.any() else 0.0, share, 1.0, share)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("EMA").setLevel(logging.ERROR)
        from ema_workbench.analysis import prim

        box = prim.Prim(design.reset_index(drop=True), holds.astype(int)).find_box()
    trajectory = box.peeling_trajectory
    dense = trajectory[trajectory["density"] >= MIN_DENSITY]
    chosen = int(dense.index[0]) if len(dense) else int(trajectory["density"].idxmax())
    limits = box.box_lims[chosen]
    row = trajectory.loc[chosen]
    return DiscoveredBox(_limits(design, limits.iloc[0], limits.iloc[1]), float(row["coverage"]),
                         float(row["density"]), float(row["mass"]), share)  # fmt: skip
