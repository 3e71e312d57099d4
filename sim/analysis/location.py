"""Where the shared office should be: p-median (also capacitated), MCLP, LSCP and p-center on travel minutes."""

# Inputs are a travel-time matrix `travel_minutes` (demand points x candidate sites, inf = unreachable),
# demand weights (residents or visits; a point with weight 0 is ignored by every model), fixed sites that
# must open and existing sites that may close only if `closures_allowed`. Every model is a MILP solved by
# HiGHS (scipy.optimize.milp); formulations and references are in docs/ACCESSIBILITY.md. Bad arguments
# raise ValueError; an instance without a solution raises InfeasibleError (a ValueError) saying why.

import time
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sparse

from sim.analysis.covering import lscp, mclp, p_center
from sim.analysis.location_inputs import (
    LocationInstance,
    check_p,
    check_reachable,
    prepare_instance,
)
from sim.analysis.location_milp import (
    InfeasibleError,
    NoSolutionError,
    lscp_milp,
)
from sim.analysis.location_result import DEFAULT_OPTIONS, MODELS, LocationResult, SolverOptions, _nearest_open, _result
from sim.analysis.pmedian import PMedianSettings, solve_capacitated, solve_uncapacitated

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
