"""The nucleolus of a cost game, by a sequence of least-core linear programs (HiGHS via scipy)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from sim.analysis.core import default_tolerance
from sim.analysis.cost_game import CostGame, cost_scale, membership_matrix

NUCLEOLUS_MAX_PLAYERS = 8  # the limit: 254 coalitions, each LP takes milliseconds
DUAL_THRESHOLD = 1e-9  # a constraint with a larger dual price is tight at every optimum of that LP
SPAN_THRESHOLD = 1e-9  # singular values below this (relative) count as zero
IN_SPAN_THRESHOLD = 1e-7  # a 0/1 coalition row this close to the fixed rows' span is determined by them


class EmptyImputationSetError(ValueError):
    """The players' stand-alone costs add up to less than c(N): no allocation is individually rational."""


def nucleolus(game: CostGame, tolerance: float | None = None) -> np.ndarray:
    """Return the nucleolus: the imputation that lexicographically minimises the largest excesses.

    The excess of a coalition S under allocation x is e(S, x) = x(S) - c(S), the amount S pays above
    its own cost. Over the imputations (x(N) = c(N) and x_i <= c({i})) and all proper non-empty
    coalitions, the nucleolus makes the largest excess as small as possible, then the second largest,
    and so on (Schmeidler 1969). Step k solves the LP

        min t  s.t.  x(S) - t <= c(S) for S still free,
                     x(S) = c(S) + t_j for S fixed at an earlier level t_j,
                     x(N) = c(N),  x_i <= c({i}).

    The first step is the least core restricted to imputations. After each step the coalitions with
    a positive dual price are fixed at the level t_k: they are tight in every optimal solution, which
    avoids the common mistake of fixing the coalitions that happen to be tight in the one solution the
    solver returned (Guajardo & Jornsten 2015). Coalitions whose x(S) is already determined by the
    fixed ones are dropped. The loop ends when the fixed equations determine x.

    If the core is empty the first level is positive and the nucleolus is still well defined, as long
    as the imputation set is non-empty (sum of c({i}) >= c(N)).

    Raises:
        EmptyImputationSetError: if the stand-alone costs add up to less than c(N).
        RuntimeError: if a linear program fails (should not happen for a finite game).
    """
    tol = default_tolerance(game) if tolerance is None else tolerance
    n_players = game.n_players
    if n_players == 1:
        return np.array([game.grand_cost])
    if game.standalone_costs.sum() < game.grand_cost - tol:
        raise EmptyImputationSetError(
            f"the stand-alone costs add up to {game.standalone_costs.sum():g}, less than c(N) = "
            f"{game.grand_cost:g}: no allocation is individually rational, so the nucleolus is undefined"
        )
    masks = np.arange(1, game.grand_mask)
    rows = membership_matrix(n_players, masks)
    free = np.ones(len(masks), dtype=bool)
    fixed_rows = [np.ones(n_players)]
    fixed_costs = [game.grand_cost]
    allocation = np.zeros(n_players)
    for _ in range(len(masks)):
        level, allocation, duals = _solve_level(game, rows[free], game.costs[masks][free], fixed_rows, fixed_costs)
        tight = np.flatnonzero(free)[duals > DUAL_THRESHOLD]
        if len(tight) == 0:  # cannot happen: the duals on t add up to 1
            raise RuntimeError("nucleolus LP returned no tight coalition")
        for position in tight:
            fixed_rows.append(rows[position])
            fixed_costs.append(float(game.costs[masks[position]]) + level)
        free[tight] = False
        basis = _row_space_basis(np.array(fixed_rows))
        if len(basis) == n_players:
            return _solve_fixed(np.array(fixed_rows), np.array(fixed_costs))
        free &= ~_in_row_space(rows, basis)
        if not free.any():
            break
    return allocation


def _solve_level(
    game: CostGame,
    free_rows: np.ndarray,
    free_costs: np.ndarray,
    fixed_rows: list[np.ndarray],
    fixed_costs: list[float],
) -> tuple[float, np.ndarray, np.ndarray]:
    """Solve one LP of the sequence; return the level t, an optimal x and the duals of the free rows."""
    n_players = game.n_players
    scale = cost_scale(game)
    result = linprog(
        c=np.r_[np.zeros(n_players), 1.0],
        A_ub=np.hstack([free_rows, -np.ones((len(free_rows), 1))]),
        b_ub=free_costs / scale,
        A_eq=np.hstack([np.array(fixed_rows), np.zeros((len(fixed_rows), 1))]),
        b_eq=np.array(fixed_costs) / scale,
        bounds=[(None, cost / scale) for cost in game.standalone_costs] + [(None, None)],
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"nucleolus LP failed: {result.message}")
    duals = -np.asarray(result.ineqlin.marginals)
    return float(result.x[-1]) * scale, np.asarray(result.x[:-1]) * scale, duals


def _row_space_basis(matrix: np.ndarray) -> np.ndarray:
    """Return an orthonormal basis (as rows) of the row space of `matrix`."""
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int(np.sum(singular > SPAN_THRESHOLD * max(1.0, singular[0])))
    return vt[:rank]


def _in_row_space(rows: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Return which rows lie in the span of the basis, i.e. whose x(S) the fixed equations determine."""
    residual = rows - (rows @ basis.T) @ basis
    return np.linalg.norm(residual, axis=1) < IN_SPAN_THRESHOLD


def _solve_fixed(fixed_rows: np.ndarray, fixed_costs: np.ndarray) -> np.ndarray:
    """Solve the (consistent, full-rank) system of fixed coalition equations for x."""
    solution, *_ = np.linalg.lstsq(fixed_rows, fixed_costs, rcond=None)
    return np.asarray(solution)
