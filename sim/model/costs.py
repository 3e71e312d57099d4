"""Costs of service points and interventions, and their split among agreement members by a cost key."""

from dataclasses import dataclass

import numpy as np

from sim.io.schema import Agreement, ScenarioConfig

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
    agreement: Agreement, population: dict[str, float], usage: dict[str, float], members: list[str] | None = None
) -> dict[str, float]:
    """Return each member's share of an agreement's pooled cost under its cost key.

    Args:
        population: official population per municipality id.
        usage: requests served at the pooled points per member's residents.
        members: the members still in the agreement (default: all); fixed shares are rescaled to them.
    """
    members = agreement.members if members is None else members
    if agreement.cost_key == "fixed":
        assert agreement.fixed_shares is not None  # guaranteed by the schema
        if len(members) == len(agreement.members):
            return {member: agreement.fixed_shares[member] for member in members}
        remaining = sum(agreement.fixed_shares[member] for member in members)
        if remaining > 0:
            return {member: agreement.fixed_shares[member] / remaining for member in members}
        return dict.fromkeys(members, 1.0 / len(members))
    if agreement.cost_key == "equal":
        weights = dict.fromkeys(members, 1.0)
    elif agreement.cost_key == "usage" and sum(usage.get(member, 0.0) for member in members) > 0:
        weights = {member: usage.get(member, 0.0) for member in members}
    else:  # population key, and the usage key when nobody used the pooled points
        weights = {member: population[member] for member in members}
    total = sum(weights.values())
    return {member: weight / total for member, weight in weights.items()}


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


def point_costs(scenario: ScenarioConfig, years: float, mean_desks: dict[str, float] | None) -> dict[str, float]:
    """Return each point's cost over `years`: desks (on average, if staffing changed them) plus fixed costs."""
    costs = {}
    for point_id, point in scenario.service_points.items():
        desks = point.desks if mean_desks is None else mean_desks[point_id]
        costs[point_id] = (desks * point.cost_eur_per_desk_year + point.fixed_cost_eur_per_year) * years
    return costs


def account_costs(
    scenario: ScenarioConfig,
    municipality_ids: tuple[str, ...],
    population: dict[str, float],
    usage_by_point: dict[str, dict[str, float]],
    days: int | None = None,
    mean_desks: dict[str, float] | None = None,
    departed: frozenset[tuple[str, str]] = frozenset(),
) -> CostReport:
    """Cost every point and intervention over a stretch of days and split pooled costs among members.

    Args:
        usage_by_point: served requests per point id and home municipality id.
        days: the stretch's length (default: the horizon).
        mean_desks: desks per point on average over the stretch (default: as configured).
        departed: (agreement, member) pairs that have left; their points leave the pool.
    """
    years = (scenario.simulation.days if days is None else days) / DAYS_PER_YEAR
    index = {m: i for i, m in enumerate(municipality_ids)}
    members = members_of(scenario, departed)
    before = np.zeros(len(municipality_ids))
    paid = np.zeros(len(municipality_ids))
    point_cost = point_costs(scenario, years, mean_desks)
    health_insurance = 0.0
    for point_id, point in scenario.service_points.items():
        if all(scenario.services[s].paid_by == "health_insurance" for s in point.services):
            health_insurance += point_cost[point_id]
    pool: dict[str, float] = dict.fromkeys(scenario.agreements, 0.0)
    pooled_by: dict[str, str] = {}
    for agreement_id in scenario.agreements:
        for point_id in pooled_points(scenario, agreement_id, members[agreement_id]):
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
    _intervention_costs(scenario, years, population, index, before, paid, pool)
    shares_by_agreement: dict[str, dict[str, float]] = {}
    for agreement_id, agreement in scenario.agreements.items():
        usage: dict[str, float] = {}
        for point_id in pooled_points(scenario, agreement_id, members[agreement_id]):
            for municipality, count in usage_by_point.get(point_id, {}).items():
                usage[municipality] = usage.get(municipality, 0.0) + count
        shares = split_shares(agreement, population, usage, members[agreement_id])
        shares_by_agreement[agreement_id] = shares
        for member, share in shares.items():
            paid[index[member]] += pool[agreement_id] * share
    return CostReport(point_cost, before, paid, health_insurance, pool, shares_by_agreement)


def _intervention_costs(
    scenario: ScenarioConfig,
    years: float,
    population: dict[str, float],
    index: dict[str, int],
    before: np.ndarray,
    paid: np.ndarray,
    pool: dict[str, float],
) -> None:
    """Book interventions: to their payer, to an agreement's pool, or region-wide by population."""
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
