"""Costs of service points and interventions, and their split among agreement members by a cost key."""

from dataclasses import dataclass

import numpy as np

from sim.io.schema import Agreement, ScenarioConfig
from sim.mechanisms.cost_keys import GAME_KEYS, KEYS, KeyInputs, equal_up_to_cap, population_key

DAYS_PER_YEAR = 365.0


@dataclass(frozen=True)
class CostReport:
    """What everything cost over the horizon and who pays it after cost sharing."""

    point_cost_eur: dict[str, float]
    before_sharing_eur: np.ndarray  # per municipality: own points and own interventions
    paid_eur: np.ndarray  # per municipality after cost sharing
    health_insurance_eur: float
    agreement_pool_eur: dict[str, float]
    agreement_shares: dict[str, dict[str, float]]


def split_shares(
    agreement: Agreement,
    population: dict[str, float],
    usage: dict[str, float],
    members: list[str] | None = None,
) -> dict[str, float]:
    """Return each member's share of one cost item under the agreement's cost key (sim/mechanisms/cost_keys.py).

    Args:
        population: official population per municipality id.
        usage: this item's use by each member's residents (requests served).
        members: the members still in the agreement (default: all).
    """
    members = agreement.members if members is None else members
    key = KEYS.get(agreement.cost_key, population_key)  # game keys are split in account_costs
    return key(KeyInputs(members, population, usage, agreement.fixed_shares, agreement.base_share))


def pooled_points(scenario: ScenarioConfig, agreement_id: str, members: list[str] | None = None) -> list[str]:
    """Return the points whose costs an agreement pools: its own, and its members' for covered services."""
    agreement = scenario.agreements[agreement_id]
    members = agreement.members if members is None else members
    pooled = []
    for point_id, point in scenario.service_points.items():
        if point.owner == agreement_id:
            pooled.append(point_id)
        elif agreement.pool_member_points and point.owner in members and set(point.services) & set(agreement.services):
            pooled.append(point_id)
    return pooled


def members_of(scenario: ScenarioConfig, departed: frozenset[tuple[str, str]]) -> dict[str, list[str]]:
    """Return each agreement's members who have not left it."""
    return {
        agreement_id: [m for m in agreement.members if (agreement_id, m) not in departed]
        for agreement_id, agreement in scenario.agreements.items()
    }


def desk_cost_eur_per_year(scenario: ScenarioConfig, point_id: str) -> float:
    """Return what one desk of a point costs a year at its opening hours (schema.DeskCosts)."""
    point = scenario.service_points[point_id]
    return point.cost_eur_per_desk_year * scenario.desk_costs.factor(point)


def point_costs(scenario: ScenarioConfig, years: float, mean_desks: dict[str, float] | None) -> dict[str, float]:
    """Return each point's cost over `years`: desks at their opening hours, plus fixed costs.

    Desks are counted on average over the stretch if staffing changed them.
    """
    costs = {}
    for point_id, point in scenario.service_points.items():
        desks = point.desks if mean_desks is None else mean_desks[point_id]
        desk_cost = desk_cost_eur_per_year(scenario, point_id)
        costs[point_id] = (desks * desk_cost + point.fixed_cost_eur_per_year) * years
    return costs


def account_costs(
    scenario: ScenarioConfig,
    municipality_ids: tuple[str, ...],
    population: dict[str, float],
    usage_by_point: dict[str, dict[str, float]],
    days: int | None = None,
    mean_desks: dict[str, float] | None = None,
    departed: frozenset[tuple[str, str]] = frozenset(),
    usage_by_service: dict[str, dict[str, float]] | None = None,
) -> CostReport:
    """Cost every point and intervention over a stretch of days and split pooled items among members.

    Each pooled item (a point, or an intervention an agreement pays) is split on its own under the
    agreement's key, so the usage key charges a point to the members whose residents used that point.

    Args:
        usage_by_point: served requests per point id and home municipality id.
        days: the stretch's length (default: the horizon).
        mean_desks: desks per point on average over the stretch (default: as configured).
        departed: (agreement, member) pairs that have left; their points leave the pool.
        usage_by_service: served requests per service id and home municipality id (pooled interventions).
    """
    years = (scenario.simulation.days if days is None else days) / DAYS_PER_YEAR
    index = {m: i for i, m in enumerate(municipality_ids)}
    members = members_of(scenario, departed)
    before = np.zeros(len(municipality_ids))
    paid = np.zeros(len(municipality_ids))
    point_cost = point_costs(scenario, years, mean_desks)
    health_insurance = sum(cost for p, cost in point_cost.items() if _is_insured(scenario, p))
    items: dict[str, list[tuple[float, dict[str, float]]]] = {a: [] for a in scenario.agreements}
    pooled_by: dict[str, str] = {}
    for agreement_id in scenario.agreements:
        for point_id in pooled_points(scenario, agreement_id, members[agreement_id]):
            pooled_by.setdefault(point_id, agreement_id)
    for point_id, point in scenario.service_points.items():
        if _is_insured(scenario, point_id):
            continue
        if point.owner in index:
            before[index[point.owner]] += point_cost[point_id]
        if point_id in pooled_by:
            items[pooled_by[point_id]].append((point_cost[point_id], usage_by_point.get(point_id, {})))
        elif point.owner in index:
            paid[index[point.owner]] += point_cost[point_id]
    _intervention_costs(scenario, years, population, index, before, paid, items, usage_by_service or {})
    pool = {agreement_id: sum(cost for cost, _ in pooled) for agreement_id, pooled in items.items()}
    shares_by_agreement: dict[str, dict[str, float]] = {}
    for agreement_id, agreement in scenario.agreements.items():
        payments = _split_pool(agreement, members[agreement_id], items[agreement_id], population, paid, index, years)
        for member, amount in payments.items():
            paid[index[member]] += amount
        total = pool[agreement_id]
        shares_by_agreement[agreement_id] = {m: (v / total if total > 0 else 0.0) for m, v in payments.items()}
    return CostReport(point_cost, before, paid, health_insurance, pool, shares_by_agreement)


def _is_insured(scenario: ScenarioConfig, point_id: str) -> bool:
    """Return whether health insurance pays a point (all its services are paid that way)."""
    return all(scenario.services[s].paid_by == "health_insurance" for s in scenario.service_points[point_id].services)


def _split_pool(
    agreement: Agreement,
    members: list[str],
    items: list[tuple[float, dict[str, float]]],
    population: dict[str, float],
    paid_so_far: np.ndarray,
    index: dict[str, int],
    years: float,
) -> dict[str, float]:
    """Return what each member pays of an agreement's pooled items.

    A game key (Shapley, nucleolus) sets each member's total cost; its pool payment is that total
    minus what it already pays outside the pool. Unresolved game keys fall back to population.
    equal_capped splits the whole pool equally up to each member's cap over the stretch.
    """
    if not members:
        return {}
    if agreement.cost_key == "equal_capped":
        assert agreement.cap_eur_per_year is not None and agreement.lead is not None  # guaranteed by the schema
        return equal_up_to_cap(sum(cost for cost, _ in items), members, agreement.cap_eur_per_year * years,
                               agreement.lead)  # fmt: skip
    if agreement.cost_key in GAME_KEYS and agreement.game_costs_eur_per_year is not None:
        targets = {m: agreement.game_costs_eur_per_year[m] * years - paid_so_far[index[m]] for m in members}
        pool = sum(cost for cost, _ in items)
        correction = (pool - sum(targets.values())) / len(members)  # rounding of the game's costs
        return {m: target + correction for m, target in targets.items()}
    payments = dict.fromkeys(members, 0.0)
    for cost, usage in items:
        for member, share in split_shares(agreement, population, usage, members).items():
            payments[member] += cost * share
    return payments


def _intervention_costs(
    scenario: ScenarioConfig,
    years: float,
    population: dict[str, float],
    index: dict[str, int],
    before: np.ndarray,
    paid: np.ndarray,
    items: dict[str, list[tuple[float, dict[str, float]]]],
    usage_by_service: dict[str, dict[str, float]],
) -> None:
    """Book interventions: to their payer, as an item of an agreement's pool, or region-wide by population."""
    total_population = sum(population.values())
    for intervention in scenario.interventions.values():
        cost = intervention.yearly_cost_eur() * years
        if intervention.paid_by is None:  # a region-wide measure: split by population
            for municipality, people in population.items():
                before[index[municipality]] += cost * people / total_population
                paid[index[municipality]] += cost * people / total_population
        elif intervention.paid_by in index:
            before[index[intervention.paid_by]] += cost
            paid[index[intervention.paid_by]] += cost
        else:  # used by the residents who use the service it improves
            items[intervention.paid_by].append((cost, usage_by_service.get(intervention.service or "", {})))


def add_reports(reports: list[CostReport]) -> CostReport:
    """Return the sum of the cost reports of consecutive stretches; shares are what each member paid of the pools."""
    if len(reports) == 1:
        return reports[0]
    point_cost = {p: sum(r.point_cost_eur[p] for r in reports) for p in reports[0].point_cost_eur}
    pool = {a: sum(r.agreement_pool_eur[a] for r in reports) for a in reports[0].agreement_pool_eur}
    shares: dict[str, dict[str, float]] = {}
    for agreement_id, total in pool.items():
        paid_by_member: dict[str, float] = {}
        for report in reports:
            stretch_pool = report.agreement_pool_eur[agreement_id]
            for member, share in report.agreement_shares[agreement_id].items():
                paid_by_member[member] = paid_by_member.get(member, 0.0) + share * stretch_pool
        shares[agreement_id] = {m: (v / total if total > 0 else 0.0) for m, v in paid_by_member.items()}
    return CostReport(
        point_cost,
        sum((r.before_sharing_eur for r in reports), np.zeros_like(reports[0].before_sharing_eur)),
        sum((r.paid_eur for r in reports), np.zeros_like(reports[0].paid_eur)),
        sum(r.health_insurance_eur for r in reports),
        pool,
        shares,
    )
