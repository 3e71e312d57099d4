"""The p-median solver: exact MILP on small instances, Lagrangian bound, reduction and MILP polish on large ones."""

# Large uncapacitated instances (1,000 candidates x 5,000 demand points means 5M assignment variables)
# are too big for HiGHS in one piece. The solver therefore (1) builds a good solution with greedy and
# vectorised swap search, (2) computes the Lagrangian lower bound on each demand point's nearest
# candidates, (3) restarts the swap search from the sites the relaxation opens most often, (4) drops
# candidates that the reduction tests prove useless, and (5) solves the reduced problem exactly with
# HiGHS if it is small enough, otherwise polishes on a core of likely sites. Every MILP uses truncated
# assignment lists with a fallback cost, so it is a relaxation; lists grow until no fallback is used, which
# proves the answer optimal for the full problem. The gap reported is always against a valid lower bound.

import time
from dataclasses import dataclass

import numpy as np

from sim.analysis.location_milp import (
    AssignmentLists,
    InfeasibleError,
    NoSolutionError,
    assignment_lists,
    p_median_milp,
    remaining_seconds,
)
from sim.analysis.pmedian_kernels import (
    LagrangianBound,
    greedy_sites,
    lagrangian_bound,
    nearest_costs,
    penalised_costs,
    reduction_tests,
    sort_costs,
    swap_search,
)


@dataclass(frozen=True)
class PMedianSettings:
    """Solver knobs: time budget, MIP gap, size limit of the exact MILP, Lagrangian effort."""

    time_limit_seconds: float
    mip_rel_gap: float
    exact_pairs_limit: int
    lagrangian_iterations: int
    list_size: int = 20
    core_extra_sites: int = 20


@dataclass(frozen=True)
class PMedianSolution:
    """Open-site flags, per-point site (capacitated only, else None), objective, lower bound, status, method."""

    is_open: np.ndarray
    assignment: np.ndarray | None
    objective: float
    lower_bound: float
    status: str
    method: str


def _fallbacks_used(lists: AssignmentLists, fallback_values: np.ndarray) -> np.ndarray:
    """Return the demand points the MILP served through their fallback (outside their list)."""
    return lists.fallback_rows[fallback_values > 0.5]


def solve_with_growing_lists(
    cost: np.ndarray,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    sizes: np.ndarray,
    capacities: tuple[np.ndarray, np.ndarray] | None,
    deadline: float,
    mip_rel_gap: float,
) -> tuple[PMedianSolution | None, str]:
    """Solve the MILP on truncated lists, doubling the lists of points that use their fallback, until none does.

    Returns (solution or None, HiGHS status of the last solve). The solution's lower bound is HiGHS's dual
    bound of the last (relaxed) model; if the time runs out while fallbacks are still used, the open sites
    are kept (uncapacitated) but the status says the time limit was reached.
    """
    sizes = sizes.copy()
    while True:
        lists = assignment_lists(cost, allowed, sizes)
        outcome, is_open, assigned, fallback_values = p_median_milp(
            lists, len(cost), p, forced, allowed, capacities, remaining_seconds(deadline), mip_rel_gap
        )
        if outcome.solution is None:
            return None, outcome.status
        used = _fallbacks_used(lists, fallback_values)
        if len(used) == 0 or remaining_seconds(deadline) <= 0:
            break
        sizes[used] = np.maximum(sizes[used] * 2, sizes[used] + 1)
    assignment = None
    if capacities is not None:
        if len(used):
            return None, "time limit reached"
        chosen = assigned > 0.5
        assignment = np.full(len(cost), -1, dtype=np.int64)
        assignment[lists.rows[chosen]] = lists.sites[chosen]
    status = outcome.status if len(used) == 0 else "time limit reached"
    return PMedianSolution(is_open, assignment, outcome.objective, outcome.dual_bound, status, "MILP"), status


def initial_list_sizes(cost: np.ndarray, allowed: np.ndarray, incumbent_costs: np.ndarray | None, p: int) -> np.ndarray:
    """Return first list lengths: the sites at most as dear as the incumbent's plus two, or about 3 m / p."""
    allowed_count = int(allowed.sum())
    if incumbent_costs is None:
        return np.full(len(cost), min(allowed_count, max(10, 3 * allowed_count // max(p, 1))), dtype=np.int64)
    cheaper = (cost[:, allowed] <= incumbent_costs[:, None] * (1 + 1e-12)).sum(axis=1)
    return np.minimum(cheaper + 2, allowed_count).astype(np.int64)


def solve_capacitated(
    cost: np.ndarray,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    capacities: tuple[np.ndarray, np.ndarray],
    settings: PMedianSettings,
) -> PMedianSolution:
    """Solve the single-source capacitated p-median as one MILP with growing lists."""
    deadline = time.perf_counter() + settings.time_limit_seconds
    sizes = initial_list_sizes(cost, allowed, None, p)
    solution, status = solve_with_growing_lists(
        cost, p, forced, allowed, sizes, capacities, deadline, settings.mip_rel_gap
    )
    if solution is None:
        if status == "infeasible":
            raise InfeasibleError(
                "infeasible: no assignment of every demand point to one open site respects the "
                "capacities (HiGHS proved it)"
            )
        raise NoSolutionError(f"no feasible capacitated solution found ({status})")
    return solution


def _heuristic_sites(
    cost: np.ndarray, p: int, start: np.ndarray, forced: np.ndarray, allowed: np.ndarray, deadline: float
) -> np.ndarray:
    """Return greedy sites (from `start`) improved by swap search over all allowed candidates."""
    sites = greedy_sites(cost, p, start, allowed)
    return swap_search(cost, sites, allowed & ~forced, np.flatnonzero(allowed), deadline)


def _restart_from_relaxation(
    cost: np.ndarray, p: int, frequency: np.ndarray, forced: np.ndarray, allowed: np.ndarray, deadline: float
) -> np.ndarray:
    """Return swap-optimal sites started from the sites the Lagrangian relaxation opened most often."""
    ranking = np.argsort(-(frequency + 2.0 * forced), kind="stable")
    ranking = ranking[allowed[ranking]]
    core = ranking[frequency[ranking] > 0]
    start = swap_search(cost, ranking[:p], allowed & ~forced, np.union1d(core, ranking[:p]), deadline)
    return swap_search(cost, start, allowed & ~forced, np.flatnonzero(allowed), deadline)


def _randomised_restarts(
    cost: np.ndarray,
    p: int,
    frequency: np.ndarray,
    sites: np.ndarray,
    forced: np.ndarray,
    allowed: np.ndarray,
    deadline: float,
    patience: int = 200,
) -> np.ndarray:
    """Return the best of swap searches on the core, started from sites drawn by the relaxation's frequencies.

    Randomised rounding of the Lagrangian's average solution; stops after `patience` draws without
    progress or at the deadline. The draws use a fixed seed, so results repeat.
    """
    rng = np.random.default_rng(20240601)
    core = np.union1d(np.flatnonzero((frequency > 0) & allowed), sites)
    movable = allowed & ~forced
    free_core = core[movable[core]]
    wanted = p - int(forced.sum())
    if len(free_core) <= wanted:
        return sites
    chances = frequency[free_core] + 0.5 / len(free_core)
    best, best_cost, stale = sites, float(nearest_costs(cost, sites).sum()), 0
    while time.perf_counter() < deadline and stale < patience:
        drawn = rng.choice(free_core, size=wanted, replace=False, p=chances / chances.sum())
        candidate = swap_search(cost, np.concatenate([np.flatnonzero(forced), drawn]), movable, core, deadline)
        candidate_cost = float(nearest_costs(cost, candidate).sum())
        stale += 1
        if candidate_cost < best_cost:
            best, best_cost, stale = candidate, candidate_cost, 0
    return swap_search(cost, best, movable, np.flatnonzero(allowed), deadline + 5.0)


def _polish(
    cost: np.ndarray,
    cost_with_inf: np.ndarray,
    sites: np.ndarray,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    deadline: float,
    settings: PMedianSettings,
) -> tuple[np.ndarray, float | None, bool]:
    """Run the MILP on `allowed`; return (best sites, MILP lower bound or None, proven optimal on `allowed`)."""
    incumbent = nearest_costs(cost, sites)
    sizes = initial_list_sizes(cost, allowed, incumbent, p)
    solution, _ = solve_with_growing_lists(
        cost_with_inf, p, forced, allowed, sizes, None, deadline, settings.mip_rel_gap
    )
    if solution is None:
        return sites, None, False
    candidate = np.flatnonzero(solution.is_open)
    if nearest_costs(cost, candidate).sum() < incumbent.sum():
        sites = candidate
    return sites, solution.lower_bound, solution.status == "optimal"


def _bound(
    cost: np.ndarray,
    sites: np.ndarray,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    deadline: float,
    settings: PMedianSettings,
) -> LagrangianBound:
    """Return the Lagrangian bound, with lists of the candidates up to 1.5 x each point's incumbent cost."""
    incumbent = nearest_costs(cost, sites)
    ranked = sort_costs(cost, allowed)
    sizes = np.maximum((ranked.costs <= 1.5 * incumbent[:, None]).sum(axis=1), settings.list_size)
    return lagrangian_bound(
        ranked, sizes, p, forced, allowed, float(incumbent.sum()), incumbent, settings.lagrangian_iterations, deadline
    )


def solve_uncapacitated(
    travel_minutes: np.ndarray,
    weights: np.ndarray,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    start: np.ndarray,
    settings: PMedianSettings,
) -> PMedianSolution:
    """Solve the p-median on the demand points with positive weight (method: comment at the top of the module).

    `start` holds sites that together reach every demand point (or just the forced sites). Time shares of
    the budget: heuristic 15 %, Lagrangian bound until 40 %, restarts until 55 %, MILP the rest.
    """
    began = time.perf_counter()
    budget = settings.time_limit_seconds
    cost, _ = penalised_costs(travel_minutes, weights)
    sites = _heuristic_sites(cost, p, start, forced, allowed, began + 0.15 * budget)
    upper = float(nearest_costs(cost, sites).sum())
    if p == int(forced.sum()) or p == int(allowed.sum()):
        return _finish(sites, upper, upper, allowed, "no choice left: every fixed or allowed site opens", settings)
    bound = _bound(cost, sites, p, forced, allowed, began + 0.4 * budget, settings)
    lower = min(bound.lower_bound, upper)
    if upper - lower <= settings.mip_rel_gap * abs(upper):
        return _finish(sites, upper, lower, allowed, "swap search; the Lagrangian bound proves optimality", settings)
    for restarted in (
        _restart_from_relaxation(cost, p, bound.open_frequency, forced, allowed, began + 0.45 * budget),
        _randomised_restarts(cost, p, bound.open_frequency, sites, forced, allowed, began + 0.55 * budget),
    ):
        if nearest_costs(cost, restarted).sum() < upper:
            sites, upper = restarted, float(nearest_costs(cost, restarted).sum())
    must_close, must_open = reduction_tests(bound, p, forced, allowed, upper)
    allowed_left, forced_left = allowed & ~must_close, forced | must_open
    is_exact = len(cost) * int(allowed_left.sum()) <= settings.exact_pairs_limit
    if not is_exact:
        allowed_left = _core_sites(bound.open_frequency, sites, p, forced_left, allowed_left, settings.core_extra_sites)
    sites, milp_lower, is_proven = _polish(
        cost, weights[:, None] * travel_minutes, sites, p, forced_left, allowed_left, began + budget, settings
    )
    upper = float(nearest_costs(cost, sites).sum())
    if is_exact and milp_lower is not None:
        lower = upper if is_proven else max(lower, min(milp_lower, upper))
    method = (
        "Lagrangian bound, reduction tests and exact MILP on the remaining candidates"
        if is_exact
        else "Lagrangian bound, swap search with randomised restarts, MILP polish on a core of likely sites"
    )
    return _finish(sites, upper, lower, allowed, method, settings, began + budget)


def _core_sites(
    frequency: np.ndarray, sites: np.ndarray, p: int, forced: np.ndarray, allowed: np.ndarray, extra: int
) -> np.ndarray:
    """Return the core: incumbent and forced sites plus the `p + extra` sites the relaxation opened most."""
    ranking = np.argsort(-frequency, kind="stable")
    ranking = ranking[allowed[ranking] & (frequency[ranking] > 0)]
    core = forced.copy()
    core[sites] = True
    core[ranking[: p + extra]] = True
    return core & allowed


def _finish(
    sites: np.ndarray,
    upper: float,
    lower: float,
    allowed: np.ndarray,
    method: str,
    settings: PMedianSettings,
    deadline: float = np.inf,
) -> PMedianSolution:
    """Package the sites with their objective, bound and status ("optimal" once the gap is within tolerance)."""
    is_open = np.zeros(len(allowed), dtype=bool)
    is_open[sites] = True
    lower = min(lower, upper)
    if upper - lower <= settings.mip_rel_gap * max(abs(upper), 1e-12):
        status = "optimal"
    elif time.perf_counter() >= deadline:
        status = "time limit reached"
    else:
        status = "feasible, optimality not proven"
    return PMedianSolution(is_open, None, upper, lower, status, method)
