"""Cost keys: how an agreement splits each pooled cost item among its members (one function per key)."""

from collections.abc import Callable
from dataclasses import dataclass

# Game keys take their shares from the coalition analysis (sim/analysis/coalitions.py), which runs
# the scenario once per coalition; a run resolves them before it starts (sim/analysis/game_keys.py).
GAME_KEYS = ("shapley", "nucleolus")


@dataclass(frozen=True)
class KeyInputs:
    """What a key may weigh for one cost item."""

    members: list[str]
    population: dict[str, float]  # official population per municipality
    usage: dict[str, float]  # this item's use by each member's residents
    fixed_shares: dict[str, float] | None
    base_share: float | None


Key = Callable[[KeyInputs], dict[str, float]]


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    if total <= 0:
        return dict.fromkeys(weights, 1.0 / len(weights))
    return {member: weight / total for member, weight in weights.items()}


def population_key(inputs: KeyInputs) -> dict[str, float]:
    """Split by official population."""
    return _normalised({m: inputs.population[m] for m in inputs.members})


def usage_key(inputs: KeyInputs) -> dict[str, float]:
    """Split by each member's residents' use of this item; by population if nobody used it."""
    used = {m: inputs.usage.get(m, 0.0) for m in inputs.members}
    return _normalised(used) if sum(used.values()) > 0 else population_key(inputs)


def equal_key(inputs: KeyInputs) -> dict[str, float]:
    """Split equally."""
    return dict.fromkeys(inputs.members, 1.0 / len(inputs.members))


def fixed_key(inputs: KeyInputs) -> dict[str, float]:
    """Split by the agreed shares, rescaled to the members still in the agreement."""
    assert inputs.fixed_shares is not None  # guaranteed by the schema
    return _normalised({m: inputs.fixed_shares[m] for m in inputs.members})


def base_plus_usage_key(inputs: KeyInputs) -> dict[str, float]:
    """Sockelbetrag plus Fallzahl: base_share split equally, the rest by use (by population if unused)."""
    base = 0.3 if inputs.base_share is None else inputs.base_share
    equal, by_use = equal_key(inputs), usage_key(inputs)
    return {m: base * equal[m] + (1.0 - base) * by_use[m] for m in inputs.members}


def equal_up_to_cap(total_eur: float, members: list[str], cap_eur: float, lead: str) -> dict[str, float]:
    """Split a pool equally, but no member pays more than cap_eur; the lead pays what the caps leave uncovered.

    The rule the five towns of "Smart Cities: 5 für Südwestfalen" agreed for their funds: equal
    shares, up to 3 M EUR per town. If the lead has left the agreement, the first remaining member
    takes its place. Every euro is paid: the payments add up to total_eur.
    """
    each = min(total_eur / len(members), cap_eur)
    payments = dict.fromkeys(members, each)
    payer = lead if lead in payments else members[0]
    payments[payer] += total_eur - each * len(members)
    return payments


# Pool keys split an agreement's whole pool at once (sim.model.costs), because a cap bounds what a member pays
# of all items together.
POOL_KEYS = ("equal_capped",)

KEYS: dict[str, Key] = {
    "population": population_key,
    "usage": usage_key,
    "equal": equal_key,
    "fixed": fixed_key,
    "base_plus_usage": base_plus_usage_key,
}
LABELS = {
    "population": ("Einwohnerzahl", "population"),
    "usage": ("Nutzung", "usage"),
    "equal": ("zu gleichen Teilen", "equal shares"),
    "fixed": ("feste Anteile", "fixed shares"),
    "base_plus_usage": ("Sockelbetrag plus Fallzahl", "base amount plus case numbers"),
    "equal_capped": ("zu gleichen Teilen bis zu einer Obergrenze", "equal shares up to a cap"),
    "shapley": ("Shapley-Wert", "Shapley value"),
    "nucleolus": ("Nukleolus", "nucleolus"),
}
KEY_NAMES = (*KEYS, *POOL_KEYS, *GAME_KEYS)
