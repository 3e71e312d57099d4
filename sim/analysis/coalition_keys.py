"""What each member pays of c(N) under the scenarios' own cost keys, read from the grand coalition's runs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.analysis.coalition_runs import CoalitionRun

AS_RUN = "as_run"  # what the run itself charged under the keys the scenario chose


def key_allocations(runs: Sequence[CoalitionRun], players: Sequence[str], years: float) -> dict[str, np.ndarray]:
    """Return per key an array (replications x players) of yearly budget costs of the grand coalition.

    `as_run` is what the run charged. Every other key is the run's own cost accounting repeated with
    every agreement using that key (sim/mechanisms/cost_keys.py: population, usage per cost item,
    equal, base_plus_usage, and fixed when every agreement has fixed shares). Each adds up to c(N).
    """
    names = [AS_RUN] + [key for key in runs[0].paid_eur_by_key if all(key in run.paid_eur_by_key for run in runs)]
    table = {name: np.zeros((len(runs), len(players))) for name in names}
    for row, run in enumerate(runs):
        for name in names:
            paid = run.paid_eur if name == AS_RUN else run.paid_eur_by_key[name]
            table[name][row] = np.array([paid[player] for player in players]) / years
    return table


def own_and_pool(
    runs: Sequence[CoalitionRun], players: Sequence[str], agreement_id: str, years: float
) -> tuple[np.ndarray, float]:
    """Return each player's yearly cost outside one agreement's pool and the pool's yearly total (run means)."""
    own = np.zeros(len(players))
    pool_total = 0.0
    for run in runs:
        pool = run.pools[agreement_id]
        paid = np.array([run.paid_eur[player] for player in players])
        own += paid - np.array([pool.pool_eur * pool.paid_share.get(player, 0.0) for player in players])
        pool_total += pool.pool_eur
    return own / (len(runs) * years), pool_total / (len(runs) * years)
