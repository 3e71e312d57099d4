"""A cooperative cost game: players, and the cost c(S) of every coalition S stored by bitmask."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MAX_PLAYERS = 20  # 2**20 coalitions, 8 MB of costs; beyond that no method here is feasible
COALITION_SEPARATOR = "+"

CostFunction = Callable[[frozenset[str]], float]


@dataclass(frozen=True, eq=False)
class CostGame:
    """Players and the cost of every coalition, indexed by bitmask (bit i set: player i is a member).

    `costs[0]` is the empty coalition and is always 0. `costs[mask]` is the cost the members of `mask`
    would bear if they cooperated among themselves only. Costs may be any finite numbers; files are
    stricter (see `game_file`).
    """

    player_ids: tuple[str, ...]
    costs: np.ndarray

    def __post_init__(self) -> None:
        """Check the shape and values, and freeze a private copy of the costs."""
        n_players = len(self.player_ids)
        if n_players < 1:
            raise ValueError("a cost game needs at least one player")
        if n_players > MAX_PLAYERS:
            raise ValueError(f"at most {MAX_PLAYERS} players are supported, got {n_players}")
        if len(set(self.player_ids)) != n_players:
            raise ValueError(f"player ids must be unique, got {list(self.player_ids)}")
        costs = np.array(self.costs, dtype=float)
        if costs.shape != (1 << n_players,):
            raise ValueError(f"expected {1 << n_players} coalition costs for {n_players} players, got {costs.shape}")
        if not np.all(np.isfinite(costs)):
            raise ValueError("coalition costs must be finite numbers")
        if costs[0] != 0.0:
            raise ValueError(f"the empty coalition must cost 0, got {costs[0]}")
        costs.flags.writeable = False
        object.__setattr__(self, "player_ids", tuple(self.player_ids))
        object.__setattr__(self, "costs", costs)

    @property
    def n_players(self) -> int:
        """Return the number of players."""
        return len(self.player_ids)

    @property
    def grand_mask(self) -> int:
        """Return the bitmask of the grand coalition N."""
        return (1 << self.n_players) - 1

    @property
    def grand_cost(self) -> float:
        """Return c(N), the cost the allocations must add up to."""
        return float(self.costs[self.grand_mask])

    @property
    def standalone_costs(self) -> np.ndarray:
        """Return c({i}) for every player, in player order."""
        return np.array([self.costs[1 << i] for i in range(self.n_players)])

    def mask_of(self, members: Iterable[str]) -> int:
        """Return the bitmask of a coalition given by player ids."""
        index = {player: i for i, player in enumerate(self.player_ids)}
        mask = 0
        for member in members:
            if member not in index:
                raise KeyError(f"unknown player '{member}'")
            mask |= 1 << index[member]
        return mask

    def cost_of(self, members: Iterable[str]) -> float:
        """Return c(S) for a coalition given by player ids."""
        return float(self.costs[self.mask_of(members)])

    def members_of(self, mask: int) -> tuple[str, ...]:
        """Return the player ids in a coalition bitmask, in player order."""
        return tuple(player for i, player in enumerate(self.player_ids) if mask >> i & 1)

    def label_of(self, mask: int) -> str:
        """Return a coalition as text, members joined by '+', as in GAME.csv files."""
        return COALITION_SEPARATOR.join(self.members_of(mask))


def game_from_function(player_ids: Sequence[str], cost_function: CostFunction) -> CostGame:
    """Build a game by evaluating `cost_function` on every non-empty coalition (a frozenset of ids)."""
    n_players = len(player_ids)
    if n_players > MAX_PLAYERS:
        raise ValueError(f"at most {MAX_PLAYERS} players are supported, got {n_players}")
    costs = np.zeros(1 << n_players)
    for mask in range(1, 1 << n_players):
        members = frozenset(player for i, player in enumerate(player_ids) if mask >> i & 1)
        costs[mask] = cost_function(members)
    return CostGame(tuple(player_ids), costs)


def game_from_mapping(player_ids: Sequence[str], costs: Mapping[frozenset[str], float]) -> CostGame:
    """Build a game from a complete mapping of coalitions (frozensets of ids) to costs."""
    missing = [set(c) for c in _all_coalitions(player_ids) if c not in costs]
    if missing:
        raise ValueError(f"{len(missing)} coalitions have no cost, for example {missing[:3]}")
    return game_from_function(player_ids, lambda members: costs[members])


def _all_coalitions(player_ids: Sequence[str]) -> list[frozenset[str]]:
    n_players = len(player_ids)
    return [
        frozenset(player for i, player in enumerate(player_ids) if mask >> i & 1) for mask in range(1, 1 << n_players)
    ]


def coalition_sizes(n_players: int) -> np.ndarray:
    """Return |S| for every bitmask 0 .. 2**n - 1."""
    sizes = np.zeros(1, dtype=np.int64)
    for _ in range(n_players):
        sizes = np.concatenate([sizes, sizes + 1])
    return sizes


def coalition_sums(allocation: np.ndarray) -> np.ndarray:
    """Return x(S) = sum of allocation[i] over i in S, for every bitmask S."""
    sums = np.zeros(1)
    for share in np.asarray(allocation, dtype=float):
        sums = np.concatenate([sums, sums + share])
    return sums


def membership_matrix(n_players: int, masks: np.ndarray) -> np.ndarray:
    """Return a 0/1 matrix with one row per coalition mask and one column per player."""
    bits = np.arange(n_players)
    return ((np.asarray(masks)[:, None] >> bits[None, :]) & 1).astype(float)


def cost_scale(game: CostGame) -> float:
    """Return a magnitude for relative tolerances: the largest absolute coalition cost, at least 1."""
    return max(1.0, float(np.max(np.abs(game.costs))))
