"""Covering location models: MCLP, LSCP and p-center (a series of covering problems), solved with HiGHS."""

import time
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sparse

from sim.analysis.location_inputs import (
    LocationInstance,
    check_p,
    check_radius,
    check_reachable,
    prepare_instance,
)
from sim.analysis.location_milp import InfeasibleError, NoSolutionError, lscp_milp, mclp_milp, remaining_seconds
from sim.analysis.location_result import DEFAULT_OPTIONS, LocationResult, SolverOptions, _result
from sim.analysis.pmedian_kernels import greedy_sites, penalised_costs


def _covers(instance: LocationInstance, radius: float) -> np.ndarray:
    """Return the (weighted demand points x sites) boolean matrix of pairs within the radius."""
    return instance.travel[instance.active] <= radius


def mclp(
    travel_minutes: np.ndarray,
    p: int,
    radius_minutes: float,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
    fixed: Sequence[int] = (),
    existing: Sequence[int] = (),
    closures_allowed: bool = True,
    options: SolverOptions = DEFAULT_OPTIONS,
) -> LocationResult:
    """Open p sites maximising the weight within `radius_minutes` of an open site (Church and ReVelle 1974)."""
    began = time.perf_counter()
    instance = prepare_instance(travel_minutes, weights, fixed, existing, closures_allowed)
    p, radius = check_p(p, instance), check_radius(radius_minutes)
    covers = _covers(instance, radius)
    coverable = covers.any(axis=1)
    outcome, is_open = mclp_milp(
        sparse.csr_array(covers[coverable].astype(np.float64)),
        instance.weights[instance.active][coverable],
        p,
        instance.forced,
        np.ones(instance.sites, dtype=bool),
        options.time_limit_seconds,
        options.mip_rel_gap,
    )
    if outcome.solution is None:
        raise NoSolutionError(f"mclp: no solution within the time limit ({outcome.message})")
    covered = covers[:, is_open].any(axis=1)
    objective = float(instance.weights[instance.active][covered].sum())
    return _result(
        "mclp",
        instance,
        is_open,
        objective,
        "covered weight",
        max(outcome.dual_bound, objective),
        outcome.status,
        "MILP",
        began,
    )


def lscp(
    travel_minutes: np.ndarray,
    radius_minutes: float,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
    fixed: Sequence[int] = (),
    existing: Sequence[int] = (),
    closures_allowed: bool = True,
    options: SolverOptions = DEFAULT_OPTIONS,
) -> LocationResult:
    """Open the fewest sites so that every weighted demand point is within `radius_minutes` (Toregas et al. 1971)."""
    began = time.perf_counter()
    instance = prepare_instance(travel_minutes, weights, fixed, existing, closures_allowed)
    radius = check_radius(radius_minutes)
    covers = _covers(instance, radius)
    check_reachable(
        instance, np.where(instance.travel <= radius, instance.travel, np.inf), f" within {radius:g} minutes"
    )
    outcome, is_open = lscp_milp(
        sparse.csr_array(covers.astype(np.float64)),
        instance.forced,
        np.ones(instance.sites, dtype=bool),
        options.time_limit_seconds,
        options.mip_rel_gap,
    )
    if outcome.solution is None:
        raise NoSolutionError(f"lscp: no solution within the time limit ({outcome.message})")
    return _result(
        "lscp", instance, is_open, float(is_open.sum()), "sites", outcome.dual_bound, outcome.status, "MILP", began
    )


def _covering_sites(
    instance: LocationInstance, radius: float, p: int, deadline: float
) -> tuple[np.ndarray | None, bool]:
    """Return (sites covering every weighted point within radius, at most p of them, or None; proven)."""
    covers = sparse.csr_array(_covers(instance, radius).astype(np.float64))
    if (covers.sum(axis=1) == 0).any():
        return None, True
    outcome, is_open = lscp_milp(
        covers, instance.forced, np.ones(instance.sites, dtype=bool), remaining_seconds(deadline), 0.0
    )
    if outcome.solution is not None and is_open.sum() <= p:
        return is_open, True
    return None, outcome.is_optimal or outcome.status == "infeasible" or outcome.dual_bound > p + 1e-9


def p_center(
    travel_minutes: np.ndarray,
    p: int,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
    fixed: Sequence[int] = (),
    existing: Sequence[int] = (),
    closures_allowed: bool = True,
    options: SolverOptions = DEFAULT_OPTIONS,
) -> LocationResult:
    """Open p sites minimising the longest travel of any weighted demand point (Hakimi 1965; Minieka 1970).

    Solved as a sequence of set-covering MILPs: bisection over the distinct travel times for the
    smallest radius that p sites can cover. Sites beyond the cover are added greedily to cut total travel.
    """
    began = time.perf_counter()
    deadline = began + options.time_limit_seconds
    instance = prepare_instance(travel_minutes, weights, fixed, existing, closures_allowed)
    p = check_p(p, instance)
    travel = instance.travel[instance.active]
    check_reachable(instance, instance.travel)
    radii = np.unique(travel[np.isfinite(travel)])
    radii = radii[radii >= travel.min(axis=1).max()]
    best, proven = _covering_sites(instance, float(radii[-1]), p, deadline)
    if best is None:
        raise InfeasibleError(f"infeasible: {p} sites cannot give every weighted demand point a reachable site")
    low, high = 0, len(radii) - 1
    while low < high:
        middle = (low + high) // 2
        is_open, is_proven = _covering_sites(instance, float(radii[middle]), p, deadline)
        proven = proven and is_proven
        if is_open is None:
            low = middle + 1
        else:
            best, high = is_open, middle
    cost, _ = penalised_costs(travel, instance.weights[instance.active])
    sites = greedy_sites(cost, p, np.flatnonzero(best), np.ones(instance.sites, dtype=bool))
    is_open = np.zeros(instance.sites, dtype=bool)
    is_open[sites] = True
    objective = float(travel[:, is_open].min(axis=1).max())
    status = "optimal" if proven else "time limit reached"
    bound = objective if proven else float(radii[0])
    return _result(
        "p-center",
        instance,
        is_open,
        objective,
        "max travel minutes",
        bound,
        status,
        "bisection over set-covering MILPs",
        began,
    )
