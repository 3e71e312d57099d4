"""Cost allocation for a cost game: Shapley, nucleolus, SCRB and cost keys, with core and IR checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from sim.analysis.core import (
    CORE_LP_MAX_PLAYERS,
    CoreCheck,
    LeastCore,
    core_is_empty,
    default_tolerance,
    individually_rational_players,
    is_in_core,
    is_individually_rational,
    least_core,
)
from sim.analysis.cost_game import CostFunction, CostGame, game_from_function, game_from_mapping
from sim.analysis.nucleolus import NUCLEOLUS_MAX_PLAYERS, EmptyImputationSetError, nucleolus
from sim.analysis.shapley import SampledShapley, shapley_exact, shapley_sampled

__all__ = [
    "AllocationResult",
    "CoreCheck",
    "CostFunction",
    "CostGame",
    "EmptyImputationSetError",
    "LeastCore",
    "SampledShapley",
    "allocate",
    "base_plus_variable_shares",
    "core_is_empty",
    "game_from_function",
    "game_from_mapping",
    "is_in_core",
    "is_individually_rational",
    "key_allocation",
    "least_core",
    "nucleolus",
    "scrb",
    "shapley_exact",
    "shapley_sampled",
]

EXACT_MAX_PLAYERS = 8  # the issue: exact methods up to 8 members (255 coalitions)
SAMPLING_DEFAULT_MAX_PLAYERS = 12  # 9..12 members are sampled by default; beyond, sampling must be asked for
DEFAULT_PERMUTATIONS = 2000
GAME_METHODS = ("shapley", "nucleolus", "scrb")

Weights = Sequence[float] | Mapping[str, float] | np.ndarray


def scrb(game: CostGame, alternative_costs: Weights | None = None) -> np.ndarray:
    """Return the separable costs - remaining benefits (SCRB) allocation.

    Separable cost s_i = c(N) - c(N without i): what i adds to the joint project. Remaining benefit
    r_i = min(c({i}), a_i) - s_i, where a_i is an alternative cost (default: c({i}) itself). The
    non-separable cost c(N) - sum(s) is split in proportion to r. Clipping: a negative r_i (i adds
    more to the joint cost than it would pay alone) is set to 0, so i pays its separable cost and no
    share of the non-separable cost; if every r_i is 0 the non-separable cost is split equally. The
    non-separable cost may be negative (separable costs exceeding c(N)); it is then a refund split by
    the same rule. The result always adds up to c(N).
    """
    n_players = game.n_players
    if n_players == 1:
        return np.array([game.grand_cost])
    separable = np.array([game.grand_cost - game.costs[game.grand_mask ^ (1 << i)] for i in range(n_players)])
    justifiable = game.standalone_costs
    if alternative_costs is not None:
        justifiable = np.minimum(justifiable, _weights_array(game, alternative_costs, "alternative_costs"))
    remaining = np.maximum(justifiable - separable, 0.0)
    non_separable = game.grand_cost - separable.sum()
    if remaining.sum() > 0:
        return separable + non_separable * remaining / remaining.sum()
    return separable + non_separable / n_players


def key_allocation(game: CostGame, weights: Weights) -> np.ndarray:
    """Split c(N) in proportion to non-negative weights (population, usage, equal, fixed shares)."""
    values = _weights_array(game, weights, "weights")
    if np.any(values < 0):
        raise ValueError("key weights must not be negative")
    if values.sum() <= 0:
        raise ValueError("key weights must not all be zero")
    return game.grand_cost * values / values.sum()


def base_plus_variable_shares(player_ids: Sequence[str], base_share: float, case_numbers: Weights) -> np.ndarray:
    """Return shares for a 'Sockelbetrag plus Fallzahl' key: base_share split equally, the rest by cases.

    share_i = base_share / n + (1 - base_share) * cases_i / sum(cases). Pass the result as weights
    to `key_allocation` or `allocate(keys=...)`.
    """
    if not 0.0 <= base_share <= 1.0:
        raise ValueError(f"base_share must be between 0 and 1, got {base_share}")
    n_players = len(player_ids)
    if isinstance(case_numbers, Mapping):
        cases = np.array([float(case_numbers[player]) for player in player_ids])
    else:
        cases = np.asarray(case_numbers, dtype=float)
    if cases.shape != (n_players,) or not np.all(np.isfinite(cases)) or np.any(cases < 0):
        raise ValueError("case numbers must be one finite, non-negative number per player")
    if cases.sum() == 0:
        if base_share < 1.0:
            raise ValueError("case numbers are all zero, so only base_share = 1 is possible")
        return np.full(n_players, 1.0 / n_players)
    return base_share / n_players + (1.0 - base_share) * cases / cases.sum()


@dataclass(frozen=True, eq=False)
class AllocationResult:
    """Every method's allocation of c(N), with individual rationality and core checks.

    `allocations` maps a method name (shapley, nucleolus, scrb, then each key's name) to one share
    per player; `individually_rational` maps it to one flag per player (x_i <= c({i})); `core_checks`
    to the `CoreCheck` of the whole allocation.
    """

    player_ids: tuple[str, ...]
    standalone_costs: np.ndarray
    grand_cost: float
    allocations: dict[str, np.ndarray]
    individually_rational: dict[str, np.ndarray]
    core_checks: dict[str, CoreCheck]
    core_empty: bool | None
    least_core_epsilon: float | None
    nucleolus_skipped: bool
    nucleolus_note: str
    shapley_method: str
    shapley_standard_errors: np.ndarray | None
    shapley_permutations: int | None
    seed: int | None
    tolerance: float
    notes: tuple[str, ...] = field(default=())

    def efficiency_gap(self, method: str) -> float:
        """Return sum of the method's shares minus c(N) (zero up to rounding for every method)."""
        return float(self.allocations[method].sum() - self.grand_cost)

    def rows(self) -> list[dict[str, object]]:
        """Return one tidy row per player and method."""
        rows: list[dict[str, object]] = []
        for method, shares in self.allocations.items():
            for i, player in enumerate(self.player_ids):
                rows.append(
                    {
                        "player": player,
                        "standalone_cost": float(self.standalone_costs[i]),
                        "method": method,
                        "allocated_cost": float(shares[i]),
                        "saving": float(self.standalone_costs[i] - shares[i]),
                        "individually_rational": bool(self.individually_rational[method][i]),
                        "allocation_in_core": self.core_checks[method].is_in_core,
                    }
                )
        return rows


def _check_efficiency(game: CostGame, allocations: dict[str, np.ndarray], tol: float) -> None:
    """Raise if an allocation does not add up to c(N): every method must be efficient."""
    for method, shares in allocations.items():
        gap = abs(float(shares.sum()) - game.grand_cost)
        if gap > max(tol, 1e-9 * abs(game.grand_cost)):
            raise RuntimeError(f"internal error: {method} allocates {shares.sum()} instead of c(N)={game.grand_cost}")


def allocate(
    game: CostGame,
    keys: Mapping[str, Weights] | None = None,
    *,
    sample_permutations: int | None = None,
    seed: int = 0,
    tolerance: float | None = None,
) -> AllocationResult:
    """Compute every allocation of c(N) and check each for individual rationality and the core.

    Up to 8 players the Shapley value and the nucleolus are exact. With 9 to 12 players the Shapley
    value is sampled (`sample_permutations`, default 2000, common random numbers from `seed`) and the
    nucleolus is skipped; above 12 players sampling must be asked for explicitly. SCRB and the keys
    need only a few coalition costs and are always computed. Up to 8 players `sample_permutations`
    is ignored: the exact value is cheap.

    Args:
        keys: cost keys by name (e.g. population, usage, equal, fixed), each one weight per player.
        tolerance: slack for the IR and core checks in cost units; default 1e-9 times the largest cost.

    Raises:
        ValueError: for a key name that clashes with a method, bad weights, or more than 12 players
            without `sample_permutations`.
    """
    tol = default_tolerance(game) if tolerance is None else tolerance
    allocations: dict[str, np.ndarray] = {}
    notes: list[str] = []
    sampled = _shapley_into(game, allocations, sample_permutations, seed)
    nucleolus_note = _nucleolus_into(game, allocations, tol)
    allocations["scrb"] = scrb(game)
    for name, weights in (keys or {}).items():
        if name in GAME_METHODS:
            raise ValueError(f"key name '{name}' clashes with the method of the same name")
        allocations[name] = key_allocation(game, weights)
    _check_efficiency(game, allocations, tol)
    epsilon: float | None = None
    if game.n_players <= CORE_LP_MAX_PLAYERS:
        epsilon = least_core(game).epsilon
    else:
        notes.append(f"core emptiness not checked above {CORE_LP_MAX_PLAYERS} players")
    return AllocationResult(
        player_ids=game.player_ids,
        standalone_costs=game.standalone_costs,
        grand_cost=game.grand_cost,
        allocations=allocations,
        individually_rational={m: individually_rational_players(game, x, tol) for m, x in allocations.items()},
        core_checks={m: is_in_core(game, x, tol) for m, x in allocations.items()},
        core_empty=None if epsilon is None else epsilon > tol,
        least_core_epsilon=epsilon,
        nucleolus_skipped="nucleolus" not in allocations,
        nucleolus_note=nucleolus_note,
        shapley_method="exact" if sampled is None else "sampled",
        shapley_standard_errors=None if sampled is None else sampled.standard_errors,
        shapley_permutations=None if sampled is None else sampled.permutations,
        seed=None if sampled is None else seed,
        tolerance=tol,
        notes=tuple(notes),
    )


def _shapley_into(
    game: CostGame, allocations: dict[str, np.ndarray], sample_permutations: int | None, seed: int
) -> SampledShapley | None:
    """Put the Shapley value into `allocations`; return the sample when it was sampled."""
    n_players = game.n_players
    if n_players <= EXACT_MAX_PLAYERS:
        allocations["shapley"] = shapley_exact(game)
        return None
    if sample_permutations is None and n_players > SAMPLING_DEFAULT_MAX_PLAYERS:
        raise ValueError(
            f"{n_players} members is more than {SAMPLING_DEFAULT_MAX_PLAYERS}: ask for a sampled Shapley value "
            "(sample_permutations, --sample N)"
        )
    sampled = shapley_sampled(game, sample_permutations or DEFAULT_PERMUTATIONS, seed)
    allocations["shapley"] = sampled.values
    return sampled


def _nucleolus_into(game: CostGame, allocations: dict[str, np.ndarray], tolerance: float) -> str:
    """Put the nucleolus into `allocations` when it is computed; return a note saying what was done."""
    if game.n_players > NUCLEOLUS_MAX_PLAYERS:
        return f"nucleolus skipped: computed exactly only up to {NUCLEOLUS_MAX_PLAYERS} members"
    try:
        allocations["nucleolus"] = nucleolus(game, tolerance)
    except EmptyImputationSetError as error:
        return f"nucleolus skipped: {error}"
    return "nucleolus over imputations, least-core based, all proper non-empty coalitions"


def _weights_array(game: CostGame, weights: Weights, name: str) -> np.ndarray:
    if isinstance(weights, Mapping):
        unknown = set(weights) - set(game.player_ids)
        missing = [player for player in game.player_ids if player not in weights]
        if unknown or missing:
            raise ValueError(f"{name} must name every player exactly: unknown {sorted(unknown)}, missing {missing}")
        values = np.array([float(weights[player]) for player in game.player_ids])
    else:
        values = np.asarray(weights, dtype=float)
    if values.shape != (game.n_players,):
        raise ValueError(f"{name} needs one number per player ({game.n_players}), got shape {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be finite numbers")
    return values
