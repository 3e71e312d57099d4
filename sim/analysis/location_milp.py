"""Sparse MILP formulations of the location models, solved by HiGHS through scipy.optimize.milp."""

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse
from scipy.optimize import Bounds, LinearConstraint, milp


class InfeasibleError(ValueError):
    """The instance has no feasible solution; the message says why in plain words."""


class NoSolutionError(RuntimeError):
    """The solver stopped (time limit) before it found any feasible solution."""


STATUS_TEXT = {
    0: "optimal",
    1: "time limit reached",
    2: "infeasible",
    3: "unbounded",
    4: "solver stopped",
}


@dataclass(frozen=True)
class MilpOutcome:
    """What HiGHS returned: the solution (None if it has none), objective, dual bound, gap and status text."""

    solution: np.ndarray | None
    objective: float
    dual_bound: float
    gap: float
    status: str
    message: str

    @property
    def is_optimal(self) -> bool:
        """True if HiGHS proved optimality within its gap tolerance."""
        return self.status == "optimal"


def run_milp(
    objective: np.ndarray,
    integrality: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    rows: sparse.csr_array,
    row_bounds: tuple[np.ndarray, np.ndarray],
    time_limit_seconds: float,
    mip_rel_gap: float,
) -> MilpOutcome:
    """Minimise objective @ x subject to bounds and row_bounds on rows @ x, with HiGHS."""
    result = milp(
        objective,
        integrality=integrality,
        bounds=Bounds(*bounds),
        constraints=LinearConstraint(rows, *row_bounds),
        options={"time_limit": max(time_limit_seconds, 0.01), "mip_rel_gap": mip_rel_gap, "disp": False},
    )
    solution = None if result.x is None else np.asarray(result.x)
    value = float(result.fun) if solution is not None else float("nan")
    dual = getattr(result, "mip_dual_bound", None)
    gap = getattr(result, "mip_gap", None)
    return MilpOutcome(
        solution=solution,
        objective=value,
        dual_bound=float(dual) if dual is not None else value,
        gap=float(gap) if gap is not None else 0.0,
        status=STATUS_TEXT.get(int(result.status), "solver stopped"),
        message=str(result.message),
    )


def _stack(blocks: list[sparse.coo_array], columns: int) -> sparse.csr_array:
    """Stack row blocks given as COO arrays into one CSR matrix with `columns` columns."""
    shaped = [sparse.coo_array(block, shape=(block.shape[0], columns)) for block in blocks]
    return sparse.csr_array(sparse.vstack(shaped))


@dataclass(frozen=True)
class AssignmentLists:
    """The (demand, site) pairs the MILP may use, and a fallback cost for demand points whose list is truncated."""

    rows: np.ndarray
    sites: np.ndarray
    costs: np.ndarray
    fallback_rows: np.ndarray
    fallback_costs: np.ndarray


def assignment_lists(cost: np.ndarray, allowed: np.ndarray, sizes: np.ndarray) -> AssignmentLists:
    """Return each demand point's `sizes[i]` cheapest reachable allowed sites, and the cost of the next one.

    The fallback (cost of the first site left out) is a lower bound on serving the point outside its
    list, so the truncated model is a relaxation; a solution that uses no fallback is optimal for the full one.
    """
    candidates = np.flatnonzero(allowed)
    block = cost[:, candidates]
    order = np.argsort(block, axis=1, kind="stable")
    sorted_costs = np.take_along_axis(block, order, axis=1)
    reachable = np.isfinite(sorted_costs).sum(axis=1)
    lengths = np.minimum(np.asarray(sizes), reachable)
    keep = np.arange(len(candidates))[None, :] < lengths[:, None]
    rows = np.nonzero(keep)[0]
    truncated = np.flatnonzero(lengths < reachable)
    return AssignmentLists(
        rows=rows,
        sites=candidates[order[keep]],
        costs=sorted_costs[keep],
        fallback_rows=truncated,
        fallback_costs=sorted_costs[truncated, lengths[truncated]],
    )


def _capacity_rows(
    lists: AssignmentLists,
    capacities: tuple[np.ndarray, np.ndarray],
    pair_columns: np.ndarray,
    sites: int,
    columns: int,
) -> sparse.coo_array:
    """Return the rows sum_i demand_i x_ij - capacity_j y_j <= 0 of the capacitated p-median."""
    demand, capacity = capacities
    return sparse.coo_array(
        (
            np.concatenate([demand[lists.rows], -capacity]),
            (np.concatenate([lists.sites, np.arange(sites)]), np.concatenate([pair_columns, np.arange(sites)])),
        ),
        shape=(sites, columns),
    )


def p_median_milp(
    lists: AssignmentLists,
    demand_points: int,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    capacities: tuple[np.ndarray, np.ndarray] | None,
    time_limit_seconds: float,
    mip_rel_gap: float,
) -> tuple[MilpOutcome, np.ndarray, np.ndarray, np.ndarray]:
    """Solve the (capacitated) p-median of ReVelle and Swain (1970) on the given lists.

    Variables: y_j (open), x_ij (assign), u_i (fallback). Rows: sum_j x_ij + u_i = 1; x_ij <= y_j;
    sum_j y_j = p; with capacities (demand_i, capacity_j): sum_i demand_i x_ij <= capacity_j y_j and
    binary x (each demand point goes to one office). Returns the outcome, open flags, x and u values.
    """
    sites = len(forced)
    pairs, fallbacks = len(lists.rows), len(lists.fallback_rows)
    columns = sites + pairs + fallbacks
    pair_columns = sites + np.arange(pairs)
    fallback_columns = sites + pairs + np.arange(fallbacks)
    each_once = sparse.coo_array(
        (np.ones(pairs + fallbacks), (np.concatenate([lists.rows, lists.fallback_rows]), np.arange(sites, columns))),
        shape=(demand_points, columns),
    )
    link_rows = np.concatenate([np.arange(pairs), np.arange(pairs)])
    linking = sparse.coo_array(
        (np.concatenate([np.ones(pairs), -np.ones(pairs)]), (link_rows, np.concatenate([pair_columns, lists.sites]))),
        shape=(pairs, columns),
    )
    count = sparse.coo_array((np.ones(sites), (np.zeros(sites, dtype=np.int64), np.arange(sites))), shape=(1, columns))
    blocks = [each_once, linking, count]
    lower = [np.ones(demand_points), np.full(pairs, -np.inf), np.array([p])]
    upper = [np.ones(demand_points), np.zeros(pairs), np.array([p])]
    if capacities is not None:
        blocks.append(_capacity_rows(lists, capacities, pair_columns, sites, columns))
        lower.append(np.full(sites, -np.inf))
        upper.append(np.zeros(sites))
    objective = np.concatenate([np.zeros(sites), lists.costs, lists.fallback_costs])
    integrality = np.concatenate(
        [np.ones(sites), np.full(pairs, 1.0 if capacities is not None else 0.0), np.zeros(fallbacks)]
    )
    outcome = run_milp(
        objective,
        integrality,
        _pad_bounds(forced, allowed, pairs + fallbacks),
        _stack(blocks, columns),
        (np.concatenate(lower), np.concatenate(upper)),
        time_limit_seconds,
        mip_rel_gap,
    )
    if outcome.solution is None:
        return outcome, np.zeros(sites, dtype=bool), np.zeros(pairs), np.zeros(fallbacks)
    solution = outcome.solution
    return outcome, solution[:sites] > 0.5, solution[pair_columns], solution[fallback_columns]


def _pad_bounds(forced: np.ndarray, allowed: np.ndarray, extra_columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Return variable bounds: forced sites fixed at 1, disallowed sites at 0, extra columns in [0, 1]."""
    lower = np.concatenate([forced.astype(np.float64), np.zeros(extra_columns)])
    upper = np.concatenate([allowed.astype(np.float64), np.ones(extra_columns)])
    return lower, upper


def mclp_milp(
    covers: sparse.csr_array,
    weights: np.ndarray,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    time_limit_seconds: float,
    mip_rel_gap: float,
) -> tuple[MilpOutcome, np.ndarray]:
    """Solve the maximal covering location problem (Church and ReVelle 1974); return outcome and open flags.

    max sum_i w_i z_i subject to z_i <= sum_{j covers i} y_j, z_i <= 1, sum_j y_j = p. `covers` is the
    (demand x sites) 0/1 matrix of pairs within the radius. The objective returned is the covered weight.
    """
    demand_points, sites = covers.shape
    columns = sites + demand_points
    coverage = sparse.hstack([-sparse.csr_array(covers), sparse.eye_array(demand_points)])
    count = sparse.coo_array((np.ones(sites), (np.zeros(sites, dtype=np.int64), np.arange(sites))), shape=(1, columns))
    outcome = run_milp(
        np.concatenate([np.zeros(sites), -weights]),
        np.concatenate([np.ones(sites), np.zeros(demand_points)]),
        _pad_bounds(forced, allowed, demand_points),
        _stack([sparse.coo_array(coverage), count], columns),
        (np.concatenate([np.full(demand_points, -np.inf), [p]]), np.concatenate([np.zeros(demand_points), [p]])),
        time_limit_seconds,
        mip_rel_gap,
    )
    negated = MilpOutcome(
        outcome.solution, -outcome.objective, -outcome.dual_bound, outcome.gap, outcome.status, outcome.message
    )
    is_open = np.zeros(sites, dtype=bool) if outcome.solution is None else outcome.solution[:sites] > 0.5
    return negated, is_open


def lscp_milp(
    covers: sparse.csr_array, forced: np.ndarray, allowed: np.ndarray, time_limit_seconds: float, mip_rel_gap: float
) -> tuple[MilpOutcome, np.ndarray]:
    """Solve the location set covering problem (Toregas et al. 1971): fewest sites so that every row is covered."""
    sites = covers.shape[1]
    outcome = run_milp(
        np.ones(sites),
        np.ones(sites),
        _pad_bounds(forced, allowed, 0),
        sparse.csr_array(covers),
        (np.ones(covers.shape[0]), np.full(covers.shape[0], np.inf)),
        time_limit_seconds,
        mip_rel_gap,
    )
    is_open = np.zeros(sites, dtype=bool) if outcome.solution is None else outcome.solution > 0.5
    return outcome, is_open


def remaining_seconds(deadline: float) -> float:
    """Return the seconds left until `deadline` (a time.perf_counter() value), never below zero."""
    return max(deadline - time.perf_counter(), 0.0)
