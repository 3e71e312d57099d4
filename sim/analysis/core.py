"""The core of a cost game: membership and individual rationality checks, the least core, core emptiness."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from sim.analysis.cost_game import CostGame, coalition_sums, cost_scale, membership_matrix

CORE_LP_MAX_PLAYERS = 14  # 16,382 LP rows; the linear programs grow as 2**n
RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class CoreCheck:
    """Whether an allocation is in the core, and the coalition that comes closest to blocking it.

    `worst_excess` is max over proper coalitions S of x(S) - c(S): how much more S pays together than
    it would pay on its own. A positive value means S would be better off leaving (the allocation is
    blocked). It is None for a single player, who has no proper coalition.
    """

    is_in_core: bool
    worst_coalition: tuple[str, ...] | None
    worst_excess: float | None
    efficiency_gap: float


@dataclass(frozen=True, eq=False)
class LeastCore:
    """The least-core value epsilon and one allocation attaining it.

    epsilon = min over efficient x of max over proper S of x(S) - c(S). The core is empty exactly
    when epsilon > 0: then every allocation makes some coalition pay at least epsilon more than on
    its own. A negative epsilon says how much every coalition saves at least.
    """

    epsilon: float
    allocation: np.ndarray


def default_tolerance(game: CostGame) -> float:
    """Return the numerical tolerance used when none is given: 1e-9 times the largest coalition cost."""
    return RELATIVE_TOLERANCE * cost_scale(game)


def is_individually_rational(game: CostGame, allocation: np.ndarray, tolerance: float | None = None) -> bool:
    """Return True when no player pays more than its stand-alone cost c({i}) (up to the tolerance)."""
    return bool(np.all(individually_rational_players(game, allocation, tolerance)))


def individually_rational_players(game: CostGame, allocation: np.ndarray, tolerance: float | None = None) -> np.ndarray:
    """Return, per player, whether x_i <= c({i}) + tolerance."""
    tol = default_tolerance(game) if tolerance is None else tolerance
    shares = _checked_allocation(game, allocation)
    return shares <= game.standalone_costs + tol


def is_in_core(game: CostGame, allocation: np.ndarray, tolerance: float | None = None) -> CoreCheck:
    """Check x(N) = c(N) and x(S) <= c(S) for every coalition, each up to the tolerance."""
    tol = default_tolerance(game) if tolerance is None else tolerance
    shares = _checked_allocation(game, allocation)
    sums = coalition_sums(shares)
    gap = float(sums[game.grand_mask] - game.grand_cost)
    if game.n_players == 1:
        return CoreCheck(abs(gap) <= tol, None, None, gap)
    excess = sums[1 : game.grand_mask] - game.costs[1 : game.grand_mask]
    worst = int(np.argmax(excess))
    worst_excess = float(excess[worst])
    return CoreCheck(
        is_in_core=abs(gap) <= tol and worst_excess <= tol,
        worst_coalition=game.members_of(worst + 1),
        worst_excess=worst_excess,
        efficiency_gap=gap,
    )


def least_core(game: CostGame) -> LeastCore:
    """Solve min epsilon s.t. x(S) - epsilon <= c(S) for all proper S, x(N) = c(N) (HiGHS)."""
    n_players = game.n_players
    if n_players == 1:
        return LeastCore(0.0, np.array([game.grand_cost]))
    if n_players > CORE_LP_MAX_PLAYERS:
        raise ValueError(f"the least-core LP is limited to {CORE_LP_MAX_PLAYERS} players, got {n_players}")
    masks = np.arange(1, game.grand_mask)
    rows = membership_matrix(n_players, masks)
    result = linprog(
        c=np.r_[np.zeros(n_players), 1.0],
        A_ub=np.hstack([rows, -np.ones((len(masks), 1))]),
        b_ub=game.costs[masks],
        A_eq=np.r_[np.ones(n_players), 0.0][None, :],
        b_eq=[game.grand_cost],
        bounds=[(None, None)] * (n_players + 1),
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"the least-core LP failed: {result.message}")
    return LeastCore(float(result.x[-1]), np.asarray(result.x[:-1]))


def core_is_empty(game: CostGame, tolerance: float | None = None) -> bool:
    """Return True when no efficient allocation satisfies every coalition (least-core epsilon > tolerance)."""
    tol = default_tolerance(game) if tolerance is None else tolerance
    return least_core(game).epsilon > tol


def _checked_allocation(game: CostGame, allocation: np.ndarray) -> np.ndarray:
    shares = np.asarray(allocation, dtype=float)
    if shares.shape != (game.n_players,):
        raise ValueError(f"expected one share per player ({game.n_players}), got shape {shares.shape}")
    if not np.all(np.isfinite(shares)):
        raise ValueError("allocation shares must be finite")
    return shares
