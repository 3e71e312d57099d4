"""The result of a location model and the solver options shared by all of them."""

import time
from dataclasses import dataclass

import numpy as np

from sim.analysis.location_inputs import LocationInstance

MODELS = ("p-median", "mclp", "lscp", "p-center")


@dataclass(frozen=True)
class SolverOptions:
    """Solver budget and tolerances.

    Args:
        time_limit_seconds: wall-clock budget per call; the best solution so far and its gap are returned.
        mip_rel_gap: relative gap at which a solution counts as optimal.
        exact_pairs_limit: p-median only; the largest (demand points x remaining candidates) solved as one
            exact MILP after the reduction tests; larger instances get a MILP polish on a core of sites.
        lagrangian_iterations: p-median only; subgradient steps for the lower bound.
    """

    time_limit_seconds: float = 50.0
    mip_rel_gap: float = 1e-6
    exact_pairs_limit: int = 200_000
    lagrangian_iterations: int = 3000


DEFAULT_OPTIONS = SolverOptions()


@dataclass(frozen=True, eq=False)
class LocationResult:
    """The chosen sites of one model run.

    `objective` is in `objective_unit`: weighted travel minutes (p-median), covered weight (mclp), number
    of sites (lscp) or the longest travel minutes of any weighted demand point (p-center). `best_bound`
    is the proven bound on the optimum (lower when minimising, upper for mclp); `mip_gap` is their
    relative distance. `assignment[i]` is the site serving demand point i (its nearest open site, or the
    solver's choice with capacities), -1 if it reaches none. `closed_sites` are existing sites left closed.
    """

    model: str
    objective: float
    objective_unit: str
    open_sites: tuple[int, ...]
    closed_sites: tuple[int, ...]
    assignment: np.ndarray
    status: str
    mip_gap: float
    best_bound: float
    method: str
    solve_seconds: float


def _nearest_open(travel: np.ndarray, open_sites: np.ndarray) -> np.ndarray:
    """Return each demand point's nearest open site, -1 if none is reachable."""
    block = travel[:, open_sites]
    nearest = open_sites[np.argmin(block, axis=1)]
    return np.where(np.isfinite(block).any(axis=1), nearest, -1).astype(np.int64)


def _result(
    model: str,
    instance: LocationInstance,
    is_open: np.ndarray,
    objective: float,
    unit: str,
    bound: float,
    status: str,
    method: str,
    began: float,
    assignment: np.ndarray | None = None,
) -> LocationResult:
    """Build the frozen result, computing the assignment (nearest open site) unless one is given."""
    open_sites = np.flatnonzero(is_open)
    if assignment is None:
        assignment = _nearest_open(instance.travel, open_sites)
    assignment.setflags(write=False)
    gap = abs(objective - bound) / max(abs(objective), 1e-12) if np.isfinite(bound) else float("inf")
    return LocationResult(
        model=model,
        objective=float(objective),
        objective_unit=unit,
        open_sites=tuple(int(site) for site in open_sites),
        closed_sites=tuple(site for site in instance.existing if not is_open[site]),
        assignment=assignment,
        status=status,
        mip_gap=float(gap),
        best_bound=float(bound),
        method=method,
        solve_seconds=time.perf_counter() - began,
    )
