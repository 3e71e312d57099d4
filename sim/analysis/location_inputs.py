"""Validated inputs of the location models: travel matrix, demand weights, sites that must open, p and radius."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.analysis.location_milp import InfeasibleError


@dataclass(frozen=True)
class LocationInstance:
    """Validated inputs: travel, weights, the demand points that count, and forced sites."""

    travel: np.ndarray
    weights: np.ndarray
    active: np.ndarray
    forced: np.ndarray
    existing: tuple[int, ...]

    @property
    def sites(self) -> int:
        """Number of candidate sites."""
        return self.travel.shape[1]


def site_indices(values: Sequence[int], sites: int, name: str) -> tuple[int, ...]:
    """Return validated, de-duplicated site indices."""
    indices = tuple(sorted({int(value) for value in values}))
    if any(index < 0 or index >= sites for index in indices):
        raise ValueError(f"{name} site indices must lie in [0, {sites}), got {list(values)}")
    return indices


def prepare_instance(
    travel_minutes: np.ndarray,
    weights: Sequence[float] | np.ndarray | None,
    fixed: Sequence[int],
    existing: Sequence[int],
    closures_allowed: bool,
) -> LocationInstance:
    """Validate the inputs shared by all models."""
    travel = np.asarray(travel_minutes, dtype=np.float64)
    if travel.ndim != 2 or travel.shape[0] == 0 or travel.shape[1] == 0:
        raise ValueError(f"travel_minutes must be a non-empty (demand points x candidates) matrix, got {travel.shape}")
    if np.isnan(travel).any() or np.any(travel < 0):
        raise ValueError("travel_minutes must not hold NaN or negative minutes (use inf for unreachable)")
    weight = np.ones(travel.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    if weight.shape != (travel.shape[0],):
        raise ValueError(f"weights must have one value per demand point ({travel.shape[0]}), got {weight.shape}")
    if not np.all(np.isfinite(weight)) or np.any(weight < 0):
        raise ValueError("weights must be finite and non-negative")
    if weight.sum() <= 0:
        raise ValueError("weights are all zero: there is no demand to serve")
    existing_sites = site_indices(existing, travel.shape[1], "existing")
    forced = np.zeros(travel.shape[1], dtype=bool)
    forced[list(site_indices(fixed, travel.shape[1], "fixed"))] = True
    if not closures_allowed:
        forced[list(existing_sites)] = True
    return LocationInstance(travel, weight, np.flatnonzero(weight > 0), forced, existing_sites)


def check_p(p: int, instance: LocationInstance) -> int:
    """Return p as int, or raise ValueError if it is not in [sites that must open, candidates]."""
    if isinstance(p, bool) or int(p) != p or p < 1:
        raise ValueError(f"p must be a positive whole number of sites, got {p!r}")
    if p > instance.sites:
        raise ValueError(f"p = {p} is larger than the number of candidate sites ({instance.sites})")
    if p < int(instance.forced.sum()):
        raise ValueError(
            f"{int(instance.forced.sum())} sites must stay open (fixed, or existing while closures are "
            f"not allowed), more than p = {p}"
        )
    return int(p)


def check_radius(radius_minutes: float) -> float:
    """Return the radius as float, or raise ValueError unless it is a positive finite number of minutes."""
    radius = float(radius_minutes)
    if not np.isfinite(radius) or radius <= 0:
        raise ValueError(f"radius must be a positive number of minutes, got {radius_minutes!r}")
    return radius


def check_reachable(instance: LocationInstance, travel: np.ndarray, radius_text: str = "") -> None:
    """Raise InfeasibleError if a weighted demand point reaches no candidate (within the radius)."""
    stranded = instance.active[~np.isfinite(travel[instance.active]).any(axis=1)]
    if len(stranded):
        raise InfeasibleError(
            f"infeasible: {len(stranded)} weighted demand point(s) reach no candidate site"
            f"{radius_text} (first: demand point {int(stranded[0])})"
        )
