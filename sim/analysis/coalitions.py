"""Coalition analysis: simulate every coalition with common random numbers and allocate c(N) in two views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.analysis.allocation import EXACT_MAX_PLAYERS, SAMPLING_DEFAULT_MAX_PLAYERS
from sim.analysis.coalition_keys import key_allocations, own_and_pool
from sim.analysis.coalition_runs import DEFAULT_CACHE_DIR, CoalitionRun, RunCache, cached_run
from sim.analysis.coalition_scenarios import CoalitionSetting, coalition_scenario, coalition_setting
from sim.analysis.coalition_views import VIEWS, ViewAllocation, allocate_view
from sim.analysis.cost_game import MAX_PLAYERS
from sim.analysis.shapley import draw_orders
from sim.errors import InputError
from sim.io.config import Scenario
from sim.io.schema import CoalitionAnalysis
from sim.model.costs import DAYS_PER_YEAR
from sim.runner import Progress, replication_seeds, with_seed_and_days

COALITION_DEFAULT_PERMUTATIONS = 200  # each coalition an orders visits is a simulation run, so fewer than for tables


@dataclass(frozen=True)
class CoalitionSettings:
    """How to run a coalition analysis: horizon, root seed, replications, sampling, cache and engine."""

    days: int | None = None  # default: the scenario's horizon
    seed: int | None = None  # default: the scenario's seed
    replications: int = 1
    sample: int | None = None  # permutations of sampled Shapley (needed above 12 members)
    cache_dir: Path | None = DEFAULT_CACHE_DIR  # None: no cache
    engine: str | None = None
    agreement_ids: tuple[str, ...] | None = None  # default: every agreement of the scenario


@dataclass(frozen=True)
class CoalitionCosts:
    """One coalition's yearly figures in each replication (arrays over replications)."""

    mask: int
    members: tuple[str, ...]
    budget_eur: np.ndarray  # sum of the members' cost_paid_eur, per year
    citizen_hours: np.ndarray  # the members' residents' time, per year
    co2_t: np.ndarray  # the members' residents' CO2, per year

    def generalised_eur(self, values: CoalitionAnalysis) -> np.ndarray:
        """Return budget plus residents' time and CO2 at the scenario's values (each as switched on)."""
        cost = self.budget_eur.copy()
        if values.include_time:
            cost = cost + values.value_of_time_eur_per_hour * self.citizen_hours
        if values.include_co2:
            cost = cost + values.co2_eur_per_tonne * self.co2_t
        return cost


@dataclass(frozen=True)
class CoalitionResult:
    """Everything the analysis found: the coalitions' costs and each view's allocations."""

    scenario: Scenario
    base_path: Path
    players: tuple[str, ...]
    seeds: list[int]
    days: int
    values: CoalitionAnalysis
    coalitions: list[CoalitionCosts]
    views: dict[str, ViewAllocation]
    own_cost_keys: dict[str, str]
    grand_runs: list[CoalitionRun]
    runs_simulated: int
    runs_from_cache: int
    notes: tuple[str, ...] = field(default=())


def analyse_coalitions(
    scenario: Scenario, settings: CoalitionSettings = CoalitionSettings(), progress: Progress | None = None
) -> CoalitionResult:
    """Simulate every coalition of the scenario's agreements and allocate c(N) in the budget and generalised views.

    Up to 8 members every coalition is run and the allocations are exact. From 9 to 12 members (or
    more, up to 20, with `sample`) the Shapley value is sampled from random orders, only the
    coalitions those orders, SCRB and the keys need are run, the nucleolus and the core checks are
    skipped. Replication r of every coalition runs with the same spawned seed.

    Raises:
        InputError: a scenario without agreements, more than 12 members without `sample`, more than 20.
    """
    setting = coalition_setting(scenario, settings.agreement_ids)
    n_players = len(setting.players)
    _check_size(scenario, n_players, settings.sample)
    simulation = scenario.config.simulation
    days = settings.days or simulation.days
    seeds = replication_seeds(simulation.seed if settings.seed is None else settings.seed, settings.replications)
    exact = n_players <= EXACT_MAX_PLAYERS
    permutations = settings.sample or COALITION_DEFAULT_PERMUTATIONS
    masks = _masks_needed(n_players, exact, permutations, seeds[0])
    cache = RunCache(settings.cache_dir)
    runs, unique_runs = _run_all(setting, masks, seeds, days, cache, settings, progress)
    years = days / DAYS_PER_YEAR
    coalitions = [_coalition_costs(setting.players, mask, runs[mask], years) for mask in masks]
    values = scenario.config.coalition_analysis or CoalitionAnalysis()
    agreement_ids = settings.agreement_ids or tuple(scenario.config.agreements)
    grand = runs[(1 << n_players) - 1]
    keys = key_allocations(grand, setting.players, years)
    views = {
        view: allocate_view(
            view, setting.players, _cost_table(coalitions, n_players, view, values), keys,
            _generalised_extra(grand, setting.players, years, values) if view == "generalised" else None,
            exact=exact, permutations=permutations, seed=seeds[0],
        )
        for view in VIEWS
    }  # fmt: skip
    return CoalitionResult(
        scenario=scenario,
        base_path=setting.base.path,
        players=setting.players,
        seeds=seeds,
        days=days,
        values=values,
        coalitions=coalitions,
        views=views,
        own_cost_keys={a: scenario.config.agreements[a].cost_key for a in agreement_ids},
        grand_runs=grand,
        runs_simulated=unique_runs - cache.hits,
        runs_from_cache=cache.hits,
        notes=_notes(setting, exact, settings.sample),
    )


def _check_size(scenario: Scenario, n_players: int, sample: int | None) -> None:
    if n_players > MAX_PLAYERS:
        raise InputError(scenario.path, "agreements", f"{n_players} members is more than {MAX_PLAYERS}: too many")
    if n_players > SAMPLING_DEFAULT_MAX_PLAYERS and sample is None:
        raise InputError(
            scenario.path,
            "agreements",
            f"{n_players} members is more than {SAMPLING_DEFAULT_MAX_PLAYERS}: ask for a sampled Shapley value "
            "with --sample N (N random orders; each coalition they visit is one run per replication)",
        )
    if sample is not None and sample < 2:
        raise InputError(None, "--sample", f"needs at least 2 permutations for a standard error, got {sample}")


def _masks_needed(n_players: int, exact: bool, permutations: int, seed: int) -> list[int]:
    """Return the coalitions to run: all, or those SCRB, the keys and the sampled orders need."""
    grand = (1 << n_players) - 1
    if exact:
        return list(range(1, grand + 1))
    needed = {grand} | {1 << i for i in range(n_players)} | {grand ^ (1 << i) for i in range(n_players)}
    orders = draw_orders(n_players, permutations, seed)
    needed |= set(np.cumsum(np.left_shift(1, orders), axis=1).ravel().tolist())
    return sorted(needed)


def _run_all(
    setting: CoalitionSetting,
    masks: list[int],
    seeds: list[int],
    days: int,
    cache: RunCache,
    settings: CoalitionSettings,
    progress: Progress | None,
) -> tuple[dict[int, list[CoalitionRun]], int]:
    """Run every coalition with every seed (equal scenarios once); return the runs per coalition and how many."""
    memo: dict[str, CoalitionRun] = {}
    runs: dict[int, list[CoalitionRun]] = {}
    total, done = len(masks) * len(seeds), 0
    for mask in masks:
        members = frozenset(player for i, player in enumerate(setting.players) if mask >> i & 1)
        base = coalition_scenario(setting, members, seed=seeds[0], days=days, agreement_ids=settings.agreement_ids)
        runs[mask] = []
        for seed in seeds:
            scenario = with_seed_and_days(base, seed=seed)
            key = cache.key(scenario, settings.engine)
            if key not in memo:
                memo[key] = cached_run(scenario, cache, settings.engine)
            runs[mask].append(memo[key])
            done += 1
            if progress is not None:
                progress(done, total)
    return runs, len(memo)


def _coalition_costs(players: tuple[str, ...], mask: int, runs: list[CoalitionRun], years: float) -> CoalitionCosts:
    members = tuple(player for i, player in enumerate(players) if mask >> i & 1)

    def yearly(figure: Callable[[CoalitionRun], dict[str, float]], scale: float = 1.0) -> np.ndarray:
        return np.array([sum(figure(run)[member] for member in members) * scale / years for run in runs])

    return CoalitionCosts(
        mask=mask,
        members=members,
        budget_eur=yearly(lambda run: run.paid_eur),
        citizen_hours=yearly(lambda run: run.citizen_hours),
        co2_t=yearly(lambda run: run.co2_kg, 0.001),
    )


def _cost_table(coalitions: list[CoalitionCosts], n_players: int, view: str, values: CoalitionAnalysis) -> np.ndarray:
    """Return c(S) per replication as a (replications x 2**n) array; coalitions not run are NaN."""
    replications = len(coalitions[0].budget_eur)
    table = np.full((replications, 1 << n_players), np.nan)
    table[:, 0] = 0.0
    for coalition in coalitions:
        table[:, coalition.mask] = coalition.budget_eur if view == "budget" else coalition.generalised_eur(values)
    return table


def _generalised_extra(
    grand: list[CoalitionRun], players: tuple[str, ...], years: float, values: CoalitionAnalysis
) -> np.ndarray:
    """Return the members' residents' time and CO2 in EUR per year in the grand coalition (replications x players)."""
    rows = []
    for run in grand:
        time_eur = np.array([run.citizen_hours[p] for p in players]) * values.value_of_time_eur_per_hour
        co2_eur = np.array([run.co2_kg[p] for p in players]) * 0.001 * values.co2_eur_per_tonne
        rows.append(time_eur * values.include_time + co2_eur * values.include_co2)
    return np.array(rows) / years


def _notes(setting: CoalitionSetting, exact: bool, sample: int | None) -> tuple[str, ...]:
    notes = []
    if setting.base_is_self:
        notes.append("the scenario extends no base: a member standing alone keeps its own points of the scenario")
    if exact and sample is not None:
        notes.append(f"--sample ignored: with up to {EXACT_MAX_PLAYERS} members every coalition is run (exact)")
    if not exact:
        notes.append(
            f"more than {EXACT_MAX_PLAYERS} members: Shapley value sampled from random orders, nucleolus and core "
            "checks skipped (they need every coalition)"
        )
    return tuple(notes)


def coalition_allocation(
    scenario: Scenario,
    agreement_id: str,
    *,
    days: int | None = None,
    seed: int | None = None,
    replications: int = 1,
    method: str = "shapley",
    cache_dir: Path | None = DEFAULT_CACHE_DIR,
) -> dict[str, float]:
    """Return each member's yearly budget cost under the Shapley value or the nucleolus of one agreement's game.

    The game's players are the agreement's members and c(S) is their municipal budget per year when
    only S cooperates in this agreement (its other agreements stay as they are). The result is what
    `Agreement.game_costs_eur_per_year` holds: each member's total yearly cost, adding up to c(N).

    Raises:
        InputError: unknown agreement or method, or the nucleolus is undefined (the note says why).
    """
    result = _agreement_game(scenario, agreement_id, days, seed, replications, method, cache_dir)
    return dict(zip(result.players, result.views["budget"].allocations[method].tolist(), strict=True))


def coalition_shares(
    scenario: Scenario,
    agreement_id: str,
    *,
    days: int | None = None,
    seed: int | None = None,
    replications: int = 1,
    method: str = "shapley",
    cache_dir: Path | None = DEFAULT_CACHE_DIR,
) -> dict[str, float]:
    """Return each member's share of one agreement's pooled yearly cost under the Shapley value or the nucleolus.

    A member's share is its allocation (see `coalition_allocation`) minus what it pays outside the
    pool, divided by the pool. The shares add up to 1; one can fall outside [0, 1] when a member's
    allocation is below its costs outside the pool.
    """
    result = _agreement_game(scenario, agreement_id, days, seed, replications, method, cache_dir)
    own, pool = own_and_pool(result.grand_runs, result.players, agreement_id, result.days / DAYS_PER_YEAR)
    if pool <= 0:
        return dict.fromkeys(result.players, 1.0 / len(result.players))
    shares = (result.views["budget"].allocations[method] - own) / pool
    return dict(zip(result.players, shares.tolist(), strict=True))


def _agreement_game(
    scenario: Scenario,
    agreement_id: str,
    days: int | None,
    seed: int | None,
    replications: int,
    method: str,
    cache_dir: Path | None,
) -> CoalitionResult:
    """Analyse the coalitions of one agreement and check that `method` gave an allocation."""
    key_path = f"agreements.{agreement_id}.cost_key"
    if method not in ("shapley", "nucleolus"):
        raise InputError(scenario.path, key_path, f"unknown game key '{method}'; expected shapley or nucleolus")
    settings = CoalitionSettings(
        days=days, seed=seed, replications=replications, cache_dir=cache_dir, agreement_ids=(agreement_id,)
    )
    result = analyse_coalitions(scenario, settings)
    if method not in result.views["budget"].allocations:
        raise InputError(scenario.path, key_path, result.views["budget"].nucleolus_note)
    return result
