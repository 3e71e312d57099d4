"""The Shapley value of a cost game: exact by coalition weights, or sampled from random permutations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import factorial

import numpy as np

from sim.analysis.cost_game import CostFunction, CostGame, coalition_sizes


@dataclass(frozen=True, eq=False)
class SampledShapley:
    """A Shapley value estimated from random orders of arrival, with its Monte Carlo standard errors."""

    player_ids: tuple[str, ...]
    values: np.ndarray
    standard_errors: np.ndarray
    permutations: int
    seed: int
    coalitions_evaluated: int


def shapley_exact(game: CostGame) -> np.ndarray:
    """Return the Shapley value phi_i = sum over S without i of |S|!(n-|S|-1)!/n! * (c(S+i) - c(S)).

    Cost is n * 2**n array operations, so it is exact and fast up to the 20 players a `CostGame` holds.
    """
    n_players = game.n_players
    sizes = coalition_sizes(n_players)
    weight_by_size = np.array(
        [factorial(size) * factorial(n_players - size - 1) / factorial(n_players) for size in range(n_players)]
    )
    masks = np.arange(1 << n_players)
    values = np.empty(n_players)
    for player in range(n_players):
        without = masks[(masks >> player) & 1 == 0]
        marginal = game.costs[without | (1 << player)] - game.costs[without]
        values[player] = np.sum(weight_by_size[sizes[without]] * marginal)
    return values


def draw_orders(n_players: int, permutations: int, seed: int) -> np.ndarray:
    """Return `permutations` random orders of the players (one per row) from a local generator.

    The orders depend only on (n_players, permutations, seed): every game with the same number of
    players sees the same orders, which gives common random numbers across variants of a scenario.
    """
    if permutations < 2:
        raise ValueError(f"sampled Shapley needs at least 2 permutations for a standard error, got {permutations}")
    rng = np.random.default_rng(seed)
    return rng.permuted(np.tile(np.arange(n_players), (permutations, 1)), axis=1)


def shapley_sampled(
    game_or_cost_function: CostGame | CostFunction,
    permutations: int,
    seed: int,
    player_ids: Sequence[str] | None = None,
) -> SampledShapley:
    """Estimate the Shapley value as the mean marginal cost over random arrival orders.

    Every order yields one marginal cost per player, and these add up to c(N), so the estimate is
    efficient exactly, whatever the sample. The standard error of player i is the sample standard
    deviation of its marginal costs divided by sqrt(permutations).

    Args:
        game_or_cost_function: a `CostGame`, or a function from a frozenset of player ids to c(S);
            a function is called once per distinct coalition the orders visit.
        player_ids: the players; required with a cost function, taken from the game otherwise.
    """
    if isinstance(game_or_cost_function, CostGame):
        ids = game_or_cost_function.player_ids
    elif player_ids is None:
        raise ValueError("player_ids are required when sampling from a cost function")
    else:
        ids = tuple(player_ids)
    n_players = len(ids)
    orders = draw_orders(n_players, permutations, seed)
    prefix_masks = np.cumsum(np.left_shift(1, orders), axis=1)
    visited = np.unique(prefix_masks)
    prefix_costs = _costs_of_masks(game_or_cost_function, ids, visited)[np.searchsorted(visited, prefix_masks)]
    marginal = np.diff(prefix_costs, axis=1, prepend=0.0)
    contributions = np.empty_like(marginal)
    np.put_along_axis(contributions, orders, marginal, axis=1)
    return SampledShapley(
        player_ids=ids,
        values=contributions.mean(axis=0),
        standard_errors=contributions.std(axis=0, ddof=1) / np.sqrt(permutations),
        permutations=permutations,
        seed=seed,
        coalitions_evaluated=len(visited),
    )


def _costs_of_masks(source: CostGame | CostFunction, player_ids: tuple[str, ...], masks: np.ndarray) -> np.ndarray:
    if isinstance(source, CostGame):
        return source.costs[masks]
    costs = np.empty(len(masks))
    for position, mask in enumerate(masks.tolist()):
        members = frozenset(player for i, player in enumerate(player_ids) if mask >> i & 1)
        costs[position] = float(source(members))
    if not np.all(np.isfinite(costs)):
        raise ValueError("the cost function returned a non-finite cost")
    return costs
