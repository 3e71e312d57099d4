"""What each member pays of c(N) under the scenarios' own cost keys, computed from the grand coalition's runs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.analysis.coalition_runs import CoalitionRun, PoolRecord

KEY_NAMES = ("population", "usage", "equal", "fixed")
AS_RUN = "as_run"  # what the run itself charged under the keys the scenario chose


def key_allocations(
    runs: Sequence[CoalitionRun], players: Sequence[str], agreement_ids: Sequence[str], years: float
) -> dict[str, np.ndarray]:
    """Return per key an array (replications x players) of yearly budget costs of the grand coalition.

    Each member pays its own costs outside the pools as the run charged them, plus a share of each
    pool. `as_run` is the run's own split. The others split every pool again:
    `population` by official population, `equal` in equal parts, `fixed` by the agreements' fixed
    shares (only when every agreement has them), and `usage` per service point: each pooled point's
    cost by the requests it served for each member's residents (by population when it served none),
    and the rest of the pool (interventions the agreement pays) by the members' requests at all its
    points. Every key adds up to the members' total, c(N).
    """
    names = [AS_RUN, "population", "usage", "equal"]
    if all(runs[0].pools[agreement_id].fixed_shares for agreement_id in agreement_ids):
        names.append("fixed")
    table = {name: np.zeros((len(runs), len(players))) for name in names}
    for row, run in enumerate(runs):
        own = np.array([run.paid_eur[player] for player in players])
        for agreement_id in agreement_ids:
            pool = run.pools[agreement_id]
            own -= _spread(pool.pool_eur, pool.paid_share, players)
        for name in names:
            paid = own.copy()
            for agreement_id in agreement_ids:
                paid += _pool_split(run.pools[agreement_id], name, players)
            table[name][row] = paid / years
    return table


def _spread(amount: float, shares: dict[str, float], players: Sequence[str]) -> np.ndarray:
    return np.array([amount * shares.get(player, 0.0) for player in players])


def _pool_split(pool: PoolRecord, key: str, players: Sequence[str]) -> np.ndarray:
    """Return what each player pays of one pool under a key."""
    members = list(pool.population)
    if key == AS_RUN:
        return _spread(pool.pool_eur, pool.paid_share, players)
    if key == "usage":
        return _usage_split(pool, players)
    if key == "fixed":
        assert pool.fixed_shares is not None  # checked by the caller
        weights = {member: pool.fixed_shares[member] for member in members}
    elif key == "equal":
        weights = dict.fromkeys(members, 1.0)
    else:
        weights = pool.population
    return _spread(pool.pool_eur, _normalised(weights, pool.population), players)


def _usage_split(pool: PoolRecord, players: Sequence[str]) -> np.ndarray:
    """Split each pooled point by its own users, and the rest of the pool by the members' use of all its points."""
    paid = np.zeros(len(players))
    total_usage = dict.fromkeys(pool.population, 0.0)
    points_cost = 0.0
    for point in pool.points.values():
        paid += _spread(point.cost_eur, _normalised(point.usage, pool.population), players)
        points_cost += point.cost_eur
        for member, count in point.usage.items():
            total_usage[member] += count
    paid += _spread(pool.pool_eur - points_cost, _normalised(total_usage, pool.population), players)
    return paid


def _normalised(weights: dict[str, float], fallback: dict[str, float]) -> dict[str, float]:
    """Return weights scaled to add up to 1; the fallback weights when they are all zero."""
    total = sum(weights.values())
    if total <= 0:
        weights, total = fallback, sum(fallback.values())
    return {member: weight / total for member, weight in weights.items()}


def own_and_pool(
    runs: Sequence[CoalitionRun], players: Sequence[str], agreement_id: str, years: float
) -> tuple[np.ndarray, float]:
    """Return each player's yearly cost outside one agreement's pool and the pool's yearly total (run means)."""
    own = np.zeros(len(players))
    pool_total = 0.0
    for run in runs:
        pool = run.pools[agreement_id]
        own += np.array([run.paid_eur[player] for player in players]) - _spread(pool.pool_eur, pool.paid_share, players)
        pool_total += pool.pool_eur
    return own / (len(runs) * years), pool_total / (len(runs) * years)
