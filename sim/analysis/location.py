"""Where the shared office should be: p-median (also capacitated), MCLP, LSCP and p-center on travel minutes."""

# Inputs are a travel-time matrix `travel_minutes` (demand points x candidate sites, inf = unreachable),
# demand weights (residents or visits; a point with weight 0 is ignored by every model), fixed sites that
# must open and existing sites that may close only if `closures_allowed`. Every model is a MILP solved by
# HiGHS (scipy.optimize.milp); formulations and references are in docs/ACCESSIBILITY.md. Bad arguments
# raise ValueError; an instance without a solution raises InfeasibleError (a ValueError) saying why.

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

from sim.analysis.location_inputs import (
    LocationInstance,
    check_p,
    check_radius,
    check_reachable,
    prepare_instance,
)
from sim.analysis.location_milp import (
    InfeasibleError,
    NoSolutionError,
    lscp_milp,
    mclp_milp,
    remaining_seconds,
)
from sim.analysis.pmedian import PMedianSettings, solve_capacitated, solve_uncapacitated
from sim.analysis.pmedian_kernels import greedy_sites, penalised_costs

__all__ = [
    "DEFAULT_OPTIONS",
    "MODELS",
    "InfeasibleError",
    "LocationResult",
    "NoSolutionError",
    "SolverOptions",
    "capacitated_p_median",
    "locate",
    "lscp",
    "mclp",
    "p_center",
    "p_median",
]

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


def _settings(options: SolverOptions) -> PMedianSettings:
    """Translate the public options into p-median solver settings."""
    return PMedianSettings(
        options.time_limit_seconds, options.mip_rel_gap, options.exact_pairs_limit, options.lagrangian_iterations
    )


def _reaching_start(instance: LocationInstance, p: int, options: SolverOptions) -> np.ndarray:
    """Return forced sites plus, if some pairs are unreachable, sites that together reach every point."""
    travel = instance.travel[instance.active]
    if np.isfinite(travel).all():
        return np.flatnonzero(instance.forced)
    covers = sparse.csr_array(np.isfinite(travel).astype(np.float64))
    outcome, is_open = lscp_milp(
        covers, instance.forced, np.ones(instance.sites, dtype=bool), options.time_limit_seconds, options.mip_rel_gap
    )
    if outcome.status == "infeasible" or (outcome.is_optimal and is_open.sum() > p):
        needed = int(round(outcome.objective)) if outcome.solution is not None else "more"
        raise InfeasibleError(
            f"infeasible: {p} sites cannot give every weighted demand point a reachable site; "
            f"at least {needed} are needed"
        )
    return np.flatnonzero(is_open | instance.forced) if is_open.sum() <= p else np.flatnonzero(instance.forced)


def p_median(
    travel_minutes: np.ndarray,
    p: int,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
    fixed: Sequence[int] = (),
    existing: Sequence[int] = (),
    closures_allowed: bool = True,
    capacities: Sequence[float] | np.ndarray | None = None,
    options: SolverOptions = DEFAULT_OPTIONS,
) -> LocationResult:
    """Open p sites minimising total weighted travel minutes (ReVelle and Swain 1970).

    With `capacities` (same unit as the weights, e.g. residents or visits per week) every demand point goes
    to one open site whose load stays within its capacity (capacitated p-median).
    """
    began = time.perf_counter()
    instance = prepare_instance(travel_minutes, weights, fixed, existing, closures_allowed)
    p = check_p(p, instance)
    check_reachable(instance, instance.travel)
    if capacities is not None:
        return _capacitated(instance, p, capacities, options, began)
    active = instance.active
    solution = solve_uncapacitated(
        instance.travel[active],
        instance.weights[active],
        p,
        instance.forced,
        np.ones(instance.sites, dtype=bool),
        _reaching_start(instance, p, options),
        _settings(options),
    )
    return _result(
        "p-median",
        instance,
        solution.is_open,
        solution.objective,
        "weighted travel minutes",
        solution.lower_bound,
        solution.status,
        solution.method,
        began,
    )


def _capacitated(
    instance: LocationInstance, p: int, capacities: Sequence[float] | np.ndarray, options: SolverOptions, began: float
) -> LocationResult:
    """Check total capacity, then solve the single-source capacitated p-median."""
    capacity = np.asarray(capacities, dtype=np.float64)
    if capacity.shape != (instance.sites,) or not np.all(np.isfinite(capacity)) or np.any(capacity < 0):
        raise ValueError(f"capacities must be {instance.sites} finite, non-negative values (one per candidate site)")
    free = np.sort(capacity[~instance.forced])[::-1][: p - int(instance.forced.sum())]
    reachable_capacity = float(capacity[instance.forced].sum() + free.sum())
    total_demand = float(instance.weights.sum())
    if reachable_capacity < total_demand:
        raise InfeasibleError(
            f"infeasible: total capacity {reachable_capacity:g} < total demand {total_demand:g} "
            f"(the {p} largest sites, fixed ones included)"
        )
    active = instance.active
    cost = instance.weights[active, None] * instance.travel[active]
    solution = solve_capacitated(
        cost,
        p,
        instance.forced,
        np.ones(instance.sites, dtype=bool),
        (instance.weights[active], capacity),
        _settings(options),
    )
    assignment = _nearest_open(instance.travel, np.flatnonzero(solution.is_open))
    assert solution.assignment is not None
    assignment[active] = solution.assignment
    return _result(
        "capacitated p-median",
        instance,
        solution.is_open,
        solution.objective,
        "weighted travel minutes",
        solution.lower_bound,
        solution.status,
        "MILP with growing assignment lists",
        began,
        assignment,
    )


def capacitated_p_median(
    travel_minutes: np.ndarray, p: int, capacities: Sequence[float] | np.ndarray, **keywords: object
) -> LocationResult:
    """Open p sites minimising weighted travel while each site serves at most its capacity (single source)."""
    return p_median(travel_minutes, p, capacities=capacities, **keywords)  # type: ignore[arg-type]


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


def locate(
    model: str,
    travel_minutes: np.ndarray,
    *,
    p: int | None = None,
    radius_minutes: float | None = None,
    weights: Sequence[float] | np.ndarray | None = None,
    fixed: Sequence[int] = (),
    existing: Sequence[int] = (),
    closures_allowed: bool = True,
    capacities: Sequence[float] | np.ndarray | None = None,
    options: SolverOptions = DEFAULT_OPTIONS,
) -> LocationResult:
    """Run one model by name, as `locate --model p-median|mclp|lscp|p-center [--p N] [--radius MIN] ...` does."""
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    if model != "lscp" and p is None:
        raise ValueError(f"model {model} needs p (the number of sites to open)")
    if model == "lscp" and p is not None:
        raise ValueError("model lscp chooses the number of sites itself; leave p out")
    if model in ("mclp", "lscp") and radius_minutes is None:
        raise ValueError(f"model {model} needs a radius in minutes")
    if model in ("p-median", "p-center") and radius_minutes is not None:
        raise ValueError(f"model {model} takes no radius (only mclp and lscp do)")
    if capacities is not None and model != "p-median":
        raise ValueError("capacities apply only to the p-median model (capacitated p-median)")
    shared = {
        "weights": weights,
        "fixed": fixed,
        "existing": existing,
        "closures_allowed": closures_allowed,
        "options": options,
    }
    if model == "p-median":
        assert p is not None
        return p_median(travel_minutes, p, capacities=capacities, **shared)  # type: ignore[arg-type]
    if model == "mclp":
        assert p is not None and radius_minutes is not None
        return mclp(travel_minutes, p, radius_minutes, **shared)  # type: ignore[arg-type]
    if model == "lscp":
        assert radius_minutes is not None
        return lscp(travel_minutes, radius_minutes, **shared)  # type: ignore[arg-type]
    assert p is not None
    return p_center(travel_minutes, p, **shared)  # type: ignore[arg-type]
