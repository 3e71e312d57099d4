"""One simulated coalition: what its run costs each municipality, with a disk cache keyed by scenario hash."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.io.config import Scenario
from sim.mechanisms.cost_keys import KEYS
from sim.model.outcome import Outcome
from sim.model.region import Region
from sim.summary.costing import cost_report
from sim.summary.key_figures import build_summary

CACHE_FORMAT = 2  # bump when CoalitionRun changes; older cache files are then ignored
DEFAULT_CACHE_DIR = Path("results") / ".cache" / "coalitions"


@dataclass(frozen=True)
class PoolRecord:
    """One agreement's pool in a run: its total over the horizon and the share of it each member paid."""

    pool_eur: float
    paid_share: dict[str, float]


@dataclass(frozen=True)
class CoalitionRun:
    """What one run (one coalition's scenario, one seed) cost each municipality over its horizon.

    `paid_eur`, `citizen_hours` and `co2_kg` are per municipality id (residents' figures for the
    last two); `pools` describes each agreement's pool for the cost keys.
    """

    scenario_sha256: str
    seed: int
    days: int
    paid_eur: dict[str, float]
    citizen_hours: dict[str, float]
    co2_kg: dict[str, float]
    pools: dict[str, PoolRecord] = field(default_factory=dict)
    paid_eur_by_key: dict[str, dict[str, float]] = field(default_factory=dict)  # key -> municipality -> EUR

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CoalitionRun:
        """Rebuild a record written by `to_json`."""
        pools = {agreement_id: PoolRecord(**pool) for agreement_id, pool in data["pools"].items()}
        return cls(**{**data, "pools": pools})


def run_coalition(scenario: Scenario, engine: str | None = None) -> CoalitionRun:
    """Simulate one coalition's scenario (its own seed and horizon) and return its costs per municipality."""
    model = Region(scenario, engine=engine)
    model.run()
    outcome = model.outcome()
    summary, costs = build_summary(outcome)
    by_municipality = summary["by_municipality"]
    municipality_ids = outcome.geography.municipality_ids
    return CoalitionRun(
        scenario_sha256=scenario.sha256,
        seed=scenario.config.simulation.seed,
        days=scenario.config.simulation.days,
        paid_eur=dict(zip(municipality_ids, costs.paid_eur.tolist(), strict=True)),
        citizen_hours={m: float(by_municipality[m]["citizen_hours"]) for m in municipality_ids},
        co2_kg={m: float(by_municipality[m]["co2_kg"]) for m in municipality_ids},
        pools={
            agreement_id: PoolRecord(
                float(costs.agreement_pool_eur[agreement_id]),
                {m: float(v) for m, v in costs.agreement_shares[agreement_id].items()},
            )
            for agreement_id in outcome.config.agreements
        },  # fmt: skip
        paid_eur_by_key=_paid_under_each_key(outcome),
    )


def _paid_under_each_key(outcome: Outcome) -> dict[str, dict[str, float]]:
    """Return what each municipality pays when every agreement uses one key instead of its own.

    The run's own cost accounting (sim/summary/costing.py) is repeated with the key replaced, on the
    same requests: same stretches, desks and usage. `fixed` is computed only when every agreement has
    fixed shares; `base_plus_usage` uses each agreement's base_share (the key's default otherwise).
    """
    agreements = outcome.config.agreements
    if not agreements:
        return {}
    keys = [key for key in KEYS if key != "fixed" or all(a.fixed_shares for a in agreements.values())]
    paid: dict[str, dict[str, float]] = {}
    for key in keys:
        changed = {
            agreement_id: agreement.model_copy(
                update={"cost_key": key, "game_costs_eur_per_year": None,
                        "fixed_shares": agreement.fixed_shares if key == "fixed" else None,
                        "base_share": agreement.base_share if key == "base_plus_usage" else None}
            )
            for agreement_id, agreement in agreements.items()
        }  # fmt: skip
        config = outcome.config.model_copy(update={"agreements": changed})
        rekeyed = dataclasses.replace(outcome, scenario=dataclasses.replace(outcome.scenario, config=config))
        report = cost_report(rekeyed)
        paid[key] = dict(zip(outcome.geography.municipality_ids, report.paid_eur.tolist(), strict=True))
    return paid


class RunCache:
    """Coalition runs on disk, one JSON file per (scenario hash, seed, days, engine), written atomically.

    The key holds the scenario's content hash (its region included), so an edited scenario or region
    never reuses an old run. The model's code is not in the key beyond the package version: after
    changing the model, delete the cache folder (results/.cache/coalitions by default).
    """

    def __init__(self, folder: Path | None) -> None:
        """Remember the folder; None turns caching off."""
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, scenario: Scenario, engine: str | None) -> str:
        """Return the cache key of a scenario's run."""
        simulation = scenario.config.simulation
        text = json.dumps(
            [CACHE_FORMAT, _package_version(), scenario.sha256, simulation.seed, simulation.days,
             engine or simulation.engine]
        )  # fmt: skip
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> CoalitionRun | None:
        """Return the cached run, or None (also for an unreadable or outdated file)."""
        if self.folder is None:
            return None
        path = self.folder / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            run = CoalitionRun.from_json(data["run"]) if data.get("format") == CACHE_FORMAT else None
        except (OSError, ValueError, KeyError, TypeError):
            run = None
        if run is None:
            self.misses += 1
        else:
            self.hits += 1
        return run

    def put(self, key: str, run: CoalitionRun) -> None:
        """Write a run: to a temporary file in the same folder, then renamed into place."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": CACHE_FORMAT, "run": run.to_json()})
        descriptor, temporary = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.folder / f"{key}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def cached_run(scenario: Scenario, cache: RunCache, engine: str | None = None) -> CoalitionRun:
    """Return the scenario's run from the cache, or simulate it and store it."""
    key = cache.key(scenario, engine)
    found = cache.get(key)
    if found is not None:
        return found
    run = run_coalition(scenario, engine)
    cache.put(key, run)
    return run


def _package_version() -> str:
    try:
        return metadata.version("ikz-sim")
    except metadata.PackageNotFoundError:
        return "unknown"
