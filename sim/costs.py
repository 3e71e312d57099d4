"""Costs of service points and interventions, and their split among agreement members by a cost key."""

from dataclasses import dataclass

import numpy as np

from sim.schema import Agreement, ScenarioConfig

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


def split_shares(agreement: Agreement, population: dict[str, float], usage: dict[str, float]) -> dict[str, float]:
    """Return each member's share of an agreement's pooled cost under its cost key.

    Args:
        population: official population per municipality id.
        usage: requests served at the pooled points per member's residents.
    """
    members = agreement.members
    if agreement.cost_key == "fixed":
        assert agreement.fixed_shares is not None  # guaranteed by the schema
        return {member: agreement.fixed_shares[member] for member in members}
    if agreement.cost_key == "equal":
        weights = dict.fromkeys(members, 1.0)
    elif agreement.cost_key == "usage" and sum(usage.get(member, 0.0) for member in members) > 0:
        weights = {member: usage.get(member, 0.0) for member in members}
    else:  # population key, and the usage key when nobody used the pooled points
        weights = {member: population[member] for member in members}
    total = sum(weights.values())
    return {member: weight / total for member, weight in weights.items()}


def pooled_points(scenario: ScenarioConfig, agreement_id: str) -> list[str]:
    """Return the points whose costs an agreement pools: its own, and its members' for covered services."""
    agreement = scenario.agreements[agreement_id]
    pooled = []
    for point_id, point in scenario.service_points.items():
        if point.owner == agreement_id:
            pooled.append(point_id)
        elif (
            agreement.pool_member_points
            and point.owner in agreement.members
            and set(point.services) & set(agreement.services)
        ):
            pooled.append(point_id)
    return pooled


def account_costs(
    scenario: ScenarioConfig,
    municipality_ids: tuple[str, ...],
    population: dict[str, float],
    usage_by_point: dict[str, dict[str, float]],
) -> CostReport:
    """Cost every point and intervention over the horizon and split pooled costs among members.

    Args:
        usage_by_point: served requests per point id and home municipality id.
    """
    years = scenario.simulation.days / DAYS_PER_YEAR
    index = {m: i for i, m in enumerate(municipality_ids)}
    before = np.zeros(len(municipality_ids))
    paid = np.zeros(len(municipality_ids))
    health_insurance = 0.0
    point_cost: dict[str, float] = {}
    for point_id, point in scenario.service_points.items():
        point_cost[point_id] = (point.desks * point.cost_eur_per_desk_year + point.fixed_cost_eur_per_year) * years
        if all(scenario.services[s].paid_by == "health_insurance" for s in point.services):
            health_insurance += point_cost[point_id]
    pool: dict[str, float] = dict.fromkeys(scenario.agreements, 0.0)
    pooled_by: dict[str, str] = {}
    for agreement_id in scenario.agreements:
        for point_id in pooled_points(scenario, agreement_id):
            pooled_by.setdefault(point_id, agreement_id)
    for point_id, point in scenario.service_points.items():
        if all(scenario.services[s].paid_by == "health_insurance" for s in point.services):
            continue
        if point.owner in index:
            before[index[point.owner]] += point_cost[point_id]
        if point_id in pooled_by:
            pool[pooled_by[point_id]] += point_cost[point_id]
        elif point.owner in index:
            paid[index[point.owner]] += point_cost[point_id]
    total_population = sum(population.values())
    for intervention in scenario.interventions.values():
        cost = intervention.cost_eur_per_year * years
        if intervention.paid_by is None:  # a region-wide measure: split by population
            for municipality, people in population.items():
                before[index[municipality]] += cost * people / total_population
                paid[index[municipality]] += cost * people / total_population
        elif intervention.paid_by in index:
            before[index[intervention.paid_by]] += cost
            paid[index[intervention.paid_by]] += cost
        else:
            pool[intervention.paid_by] += cost
    shares_by_agreement: dict[str, dict[str, float]] = {}
    for agreement_id, agreement in scenario.agreements.items():
        usage: dict[str, float] = {}
        for point_id in pooled_points(scenario, agreement_id):
            for municipality, count in usage_by_point.get(point_id, {}).items():
                usage[municipality] = usage.get(municipality, 0.0) + count
        shares = split_shares(agreement, population, usage)
        shares_by_agreement[agreement_id] = shares
        for member, share in shares.items():
            paid[index[member]] += pool[agreement_id] * share
    return CostReport(point_cost, before, paid, health_insurance, pool, shares_by_agreement)
