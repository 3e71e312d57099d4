"""Key figures of a finished run: summary, per-municipality and per-point tables, and the invariants."""

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.costs import CostReport, account_costs, add_reports
from sim.errors import InvariantError
from sim.facilities import KIND_BACK_OFFICE
from sim.figures import grouped_figures
from sim.figures import rounded as _round
from sim.schema import MODES
from sim.spatial import district_figures, flows, travel_histogram

if TYPE_CHECKING:
    from sim.model import Region


def cost_report(model: "Region") -> CostReport:
    """Return the run's costs: one stretch per agreement membership, desks averaged where staffing changed them."""
    geography = model.geography
    population = {
        m: float(p) for m, p in zip(geography.municipality_ids, geography.municipality_population_official, strict=True)
    }
    staffed = not np.array_equal(model.point_desk_days, model.facilities.point_desks * model.days)
    ends = [start for start, _, _ in model.cost_periods[1:]] + [model.days]
    reports: list[CostReport] = []
    for (start, departed, desk_days), end in zip(model.cost_periods, ends, strict=True):
        is_last = end == model.days
        usage = model.usage_by_point(start, None if is_last else end)
        stretch_desk_days = (model.point_desk_days if is_last else model.cost_periods[len(reports) + 1][2]) - desk_days
        mean_desks = dict(zip(model.facilities.point_ids, (stretch_desk_days / (end - start)).tolist(), strict=True))
        days = None if len(model.cost_periods) == 1 else end - start
        reports.append(
            account_costs(
                model.config, geography.municipality_ids, population, usage, days, mean_desks if staffed else None,
                departed,
            )
        )  # fmt: skip
    return add_reports(reports)


def _all_finite(node: Any) -> bool:
    """Return whether every number in a nested summary is finite."""
    if isinstance(node, dict):
        return all(_all_finite(value) for value in node.values())
    if isinstance(node, list):
        return all(_all_finite(value) for value in node)
    if isinstance(node, float):
        return bool(np.isfinite(node))
    return True


def check_invariants(summary: dict[str, Any], model: "Region") -> dict[str, bool]:
    """Check conservation laws and physical sanity; raise InvariantError if one fails."""
    requests, outcomes = summary["requests"], summary["outcomes"]
    book = model.book
    paid = [figures["cost_paid_eur"] for figures in summary["by_municipality"].values()]
    checks = {
        "requests_by_channel_add_up": requests["total"]
        == requests["online"] + requests["in_person"] + requests["mobile"],
        "every_request_resolved": requests["total"] == outcomes["served"] + outcomes["unserved"],
        "no_negative_time": bool(
            (book.wait_minutes >= 0).all()
            and (np.nan_to_num(book.travel_minutes) >= 0).all()
            and (book.service_minutes > 0).all()
        ),
        "no_desk_serves_two_at_once": model.desk_overlaps == 0,
        "all_figures_finite": _all_finite(summary),
        # Each share is rounded to the cent, so the sum may differ by half a cent per municipality.
        "municipal_costs_add_up": abs(sum(paid) - summary["cost_eur"]["total"]) <= 0.005 * len(paid) + 0.005,
    }
    broken = [name for name, holds in checks.items() if not holds]
    if broken:
        raise InvariantError(f"invariants broken: {', '.join(broken)}")
    return checks


def build_summary(model: "Region", engine: str) -> tuple[dict[str, Any], CostReport]:
    """Return summary.json's content and the cost report of a finished run."""
    config, geography, book = model.config, model.geography, model.book
    costs = cost_report(model)
    summary: dict[str, Any] = {
        "scenario": config.name,
        "scenario_file": model.loaded_scenario.slug,
        "region": model.loaded_scenario.region.id,
        "seed": model.seed,
        "days": model.days,
        "engine": engine,
        "population": model.citizens.count,
    }
    summary.update(grouped_figures(model, np.zeros(book.citizen.shape[0], dtype=np.int8), 1)[0])
    travelling = book.mode >= 0
    by_mode = np.bincount(book.mode[travelling], weights=book.tries[travelling], minlength=len(MODES))
    summary["trips_by_mode"] = {mode: int(count) for mode, count in zip(MODES, by_mode, strict=True)}
    municipal_cost = float(costs.paid_eur.sum())
    summary["cost_eur"] = {
        "total": _round(municipal_cost, 2),
        "per_capita": _round(municipal_cost / max(model.citizens.count, 1), 2),
        "health_insurance": _round(costs.health_insurance_eur, 2),
    }
    home = model.citizens.municipality[book.citizen]
    municipality_figures = grouped_figures(model, home, len(geography.municipality_ids))
    del home
    by_municipality = {}
    for index, municipality_id in enumerate(geography.municipality_ids):
        figures = municipality_figures[index]
        residents = int((model.citizens.municipality == index).sum())
        figures["population"] = residents
        figures["cost_before_sharing_eur"] = _round(costs.before_sharing_eur[index], 2)
        figures["cost_paid_eur"] = _round(costs.paid_eur[index], 2)
        figures["cost_paid_eur_per_capita"] = _round(costs.paid_eur[index] / max(residents, 1), 2)
        by_municipality[municipality_id] = figures
    summary["by_municipality"] = by_municipality
    service_figures = grouped_figures(model, book.service, len(model.service_ids))
    summary["by_service"] = dict(zip(model.service_ids, service_figures, strict=True))
    first_place = model.facilities.point_first_place
    summary["service_points"] = {
        point.point_id: {
            "kind": point.config.kind,
            "owner": point.config.owner,
            "desks": point.desks,
            "visits": point.visits,
            "served": point.served,
            "utilisation": _round(point.utilisation),
            "mean_wait_minutes": _round(point.wait_minutes_total / point.served if point.served else 0.0),
            "cost_eur": _round(costs.point_cost_eur[point.point_id], 2),
            "is_back_office": bool(model.facilities.point_kind[point.index] == KIND_BACK_OFFICE),
            "name": point.config.name,
            "services": list(point.config.services),
            "lat": round(float(model.facilities.place_lat[first_place[point.index]]), 6),
            "lon": round(float(model.facilities.place_lon[first_place[point.index]]), 6),
        }
        for point in model.point_agents
    }
    summary["by_district"] = district_figures(model)
    summary["flows"] = flows(model)
    summary["travel_histogram"] = travel_histogram(model)
    summary["agreements"] = {
        agreement_id: {
            "pooled_cost_eur": _round(costs.agreement_pool_eur[agreement_id], 2),
            "shares": {m: _round(share) for m, share in costs.agreement_shares[agreement_id].items()},
        }
        for agreement_id in config.agreements
    }
    if model.reviews.is_on:
        summary["municipal_decisions"] = list(model.reviews.log)
        summary["desks_at_end"] = {p.point_id: p.desks for p in model.point_agents}
    summary["invariants"] = check_invariants(summary, model)
    return summary, costs
