"""One view of a coalition game (budget or generalised cost): allocations, IR and core flags, replication intervals."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.analysis.allocation import AllocationResult, allocate, scrb
from sim.analysis.core import default_tolerance, individually_rational_players, is_in_core
from sim.analysis.cost_game import CostGame
from sim.analysis.shapley import shapley_sampled
from sim.runner import t_half_width

VIEWS = ("budget", "generalised")
EFFICIENCY_SLACK = 1e-6  # relative: keys are sums of floats, nothing more


@dataclass(frozen=True, eq=False)
class ViewAllocation:
    """Each method's allocation of c(N) in one view, with flags and the spread over replications.

    Allocations come from the game of mean costs. `saving_half_widths[method]` is, per member, the
    Student-t half-width of c({i}) - x_i over replications, the method applied to each
    replication's game (common random numbers make these paired). `in_core` is None where the core
    was not checked (more than 8 members).
    """

    view: str
    player_ids: tuple[str, ...]
    standalone_costs: np.ndarray
    grand_cost: float
    allocations: dict[str, np.ndarray]
    individually_rational: dict[str, np.ndarray]
    in_core: dict[str, bool | None]
    worst_coalition: dict[str, tuple[str, ...] | None]
    worst_excess: dict[str, float | None]
    saving_half_widths: dict[str, np.ndarray]
    core_empty: bool | None
    least_core_epsilon: float | None
    nucleolus_note: str
    shapley_method: str
    shapley_standard_errors: np.ndarray | None
    tolerance: float
    notes: tuple[str, ...] = field(default=())

    def savings(self, method: str) -> np.ndarray:
        """Return c({i}) - x_i: what each member saves against standing alone (negative: it pays more)."""
        return self.standalone_costs - self.allocations[method]


def allocate_view(
    view: str,
    players: tuple[str, ...],
    costs: np.ndarray,
    keys: dict[str, np.ndarray],
    extra: np.ndarray | None,
    *,
    exact: bool,
    permutations: int,
    seed: int,
) -> ViewAllocation:
    """Allocate the game of mean costs by every method and key, and measure the spread over replications.

    Args:
        costs: c(S) per replication, (replications x 2**n); NaN for coalitions that were not run.
        keys: budget cost of each member under each key, (replications x players).
        extra: the members' residents' time and CO2 in EUR (replications x players), added to the keys
            in the generalised view; None in the budget view.
    """
    run = ~np.isnan(costs).any(axis=0)
    mean_costs = np.full(costs.shape[1], np.nan)
    mean_costs[run] = costs[:, run].mean(axis=0)
    mean_game = _game(players, mean_costs)
    per_replication = [_game(players, row) for row in costs]
    additions = np.zeros_like(next(iter(keys.values()))) if extra is None else extra
    key_rows = {name: table + additions for name, table in keys.items()}
    base = allocate(mean_game) if exact else None
    allocations = dict(base.allocations) if base is not None else _sampled_methods(mean_game, permutations, seed)
    if len(per_replication) == 1:
        replicated = [dict(allocations)]
    elif exact:
        replicated = [allocate(game).allocations for game in per_replication]
    else:
        replicated = [_sampled_methods(game, permutations, seed) for game in per_replication]
    allocations.update({name: rows.mean(axis=0) for name, rows in key_rows.items()})
    _check_efficiency(mean_game, allocations)
    spread = {
        method: _saving_half_widths(per_replication, [rows.get(method) for rows in replicated], key_rows.get(method))
        for method in allocations
    }
    return _view(view, mean_game, allocations, spread, base, exact, permutations, seed)


def _game(players: tuple[str, ...], costs: np.ndarray) -> CostGame:
    """Return a cost game; coalitions not run (NaN) get the sum of their members' stand-alone costs.

    The fill is never read by the methods used above 8 members (sampled Shapley reads only the
    coalitions its orders visit, SCRB only c({i}), c(N without i) and c(N)), so it changes no result.
    """
    filled = np.array(costs, dtype=float)
    missing = np.flatnonzero(np.isnan(filled))
    if len(missing):
        standalone = filled[[1 << i for i in range(len(players))]]
        for mask in missing:
            filled[mask] = sum(standalone[i] for i in range(len(players)) if int(mask) >> i & 1)
    return CostGame(players, filled)


def _sampled_methods(game: CostGame, permutations: int, seed: int) -> dict[str, np.ndarray]:
    """Return the Shapley value sampled from `permutations` orders (the same orders for every game) and SCRB."""
    return {"shapley": shapley_sampled(game, permutations, seed).values, "scrb": scrb(game)}


def _check_efficiency(game: CostGame, allocations: dict[str, np.ndarray]) -> None:
    for method, shares in allocations.items():
        gap = abs(float(shares.sum()) - game.grand_cost)
        if gap > EFFICIENCY_SLACK * max(1.0, abs(game.grand_cost)):
            raise RuntimeError(f"internal error: {method} allocates {shares.sum()} instead of c(N)={game.grand_cost}")


def _saving_half_widths(
    games: list[CostGame], method_rows: list[np.ndarray | None], key_rows: np.ndarray | None
) -> np.ndarray:
    """Return per member the t half-width of c_r({i}) - x_r,i over replications r (0 with one replication)."""
    rows = key_rows if key_rows is not None else method_rows
    if any(row is None for row in rows):  # a method skipped in some replication (e.g. no imputation)
        return np.full(games[0].n_players, np.nan)
    savings = np.array([game.standalone_costs - np.asarray(row) for game, row in zip(games, rows, strict=True)])
    return np.array([t_half_width(savings[:, i]) for i in range(savings.shape[1])])


def _view(
    view: str,
    game: CostGame,
    allocations: dict[str, np.ndarray],
    spread: dict[str, np.ndarray],
    base: AllocationResult | None,
    exact: bool,
    permutations: int,
    seed: int,
) -> ViewAllocation:
    tolerance = default_tolerance(game)
    checks = {method: is_in_core(game, shares, tolerance) for method, shares in allocations.items()} if exact else {}
    sampled = None if exact else shapley_sampled(game, permutations, seed)
    return ViewAllocation(
        view=view,
        player_ids=game.player_ids,
        standalone_costs=game.standalone_costs,
        grand_cost=game.grand_cost,
        allocations=allocations,
        individually_rational={m: individually_rational_players(game, x, tolerance) for m, x in allocations.items()},
        in_core={m: checks[m].is_in_core if exact else None for m in allocations},
        worst_coalition={m: checks[m].worst_coalition if exact else None for m in allocations},
        worst_excess={m: checks[m].worst_excess if exact else None for m in allocations},
        saving_half_widths=spread,
        core_empty=base.core_empty if base is not None else None,
        least_core_epsilon=base.least_core_epsilon if base is not None else None,
        nucleolus_note=base.nucleolus_note if base is not None else "nucleolus skipped: needs every coalition",
        shapley_method="exact" if exact else f"sampled ({permutations} orders, seed {seed})",
        shapley_standard_errors=None if sampled is None else sampled.standard_errors,
        tolerance=tolerance,
        notes=_size_notes(game, exact),
    )


def _size_notes(game: CostGame, exact: bool) -> tuple[str, ...]:
    if exact:
        return ()
    return (f"core and least core not checked: with {game.n_players} members not every coalition was run",)
