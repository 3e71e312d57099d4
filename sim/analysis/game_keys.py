"""Shapley and nucleolus cost keys: resolve them through the coalition analysis before a run.

An agreement with `cost_key: shapley` or `nucleolus` charges each member its allocation of the
agreement's cooperative game (docs/COALITIONS.md). The game needs every coalition's cost, so it is
computed here, before the run, by `sim.analysis.coalitions.coalition_allocation` with the run's own
horizon and seed (cached on disk by scenario hash), and written into the agreement's
`game_costs_eur_per_year`. A file that already states those costs is left as it is.
"""

import dataclasses
from pathlib import Path

from sim.analysis.coalition_runs import DEFAULT_CACHE_DIR
from sim.analysis.coalitions import coalition_allocation
from sim.io.config import Scenario
from sim.mechanisms.cost_keys import GAME_KEYS
from sim.runner import RunResult, run_job


def unresolved_game_keys(scenario: Scenario) -> list[str]:
    """Return the agreements whose game key has no game costs yet."""
    return [
        agreement_id
        for agreement_id, agreement in scenario.config.agreements.items()
        if agreement.cost_key in GAME_KEYS and agreement.game_costs_eur_per_year is None
    ]


def resolve_game_keys(scenario: Scenario, cache_dir: Path | None = DEFAULT_CACHE_DIR) -> Scenario:
    """Return the scenario with every unresolved Shapley or nucleolus key's game costs filled in.

    The coalitions are simulated over the scenario's own days with its own seed (one replication),
    so a run and its key see the same residents and needs.

    Raises:
        InputError: the game cannot be built (see coalition_allocation), e.g. an empty core's nucleolus.
    """
    pending = unresolved_game_keys(scenario)
    if not pending:
        return scenario
    config = scenario.config
    agreements = dict(config.agreements)
    resolved_agreements = dict(scenario.resolved.get("agreements", {}))
    for agreement_id in pending:
        agreement = agreements[agreement_id]
        costs = coalition_allocation(
            scenario, agreement_id, days=config.simulation.days, seed=config.simulation.seed,
            method=agreement.cost_key, cache_dir=cache_dir,
        )  # fmt: skip
        rounded = {member: round(cost, 2) for member, cost in costs.items()}
        agreements[agreement_id] = agreement.model_copy(update={"game_costs_eur_per_year": rounded})
        resolved_agreements[agreement_id] = {
            **resolved_agreements.get(agreement_id, {}),
            "game_costs_eur_per_year": rounded,
        }
    return dataclasses.replace(
        scenario,
        config=config.model_copy(update={"agreements": agreements}),
        resolved={**scenario.resolved, "agreements": resolved_agreements},
    )


def run_job_with_game_keys(job: tuple[Scenario, str | None, int]) -> RunResult:
    """Run one (scenario, engine, replications) job after resolving its game keys (for worker processes)."""
    scenario, engine, replications = job
    return run_job((resolve_game_keys(scenario), engine, replications))
