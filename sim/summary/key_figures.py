"""Key figures of a finished run: summary, per-municipality and per-point tables, and the invariants."""

from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.serve import TOTAL_BUSY_MINUTES, TOTAL_OPEN_DESK_MINUTES, TOTAL_SERVED, TOTAL_VISITS, TOTAL_WAIT_MINUTES
from kernels.summary import times_are_valid, trips_by_mode
from sim.errors import InvariantError
from sim.io.schema import MODES
from sim.model.costs import CostReport
from sim.model.facilities import KIND_BACK_OFFICE
from sim.summary.access_summary import access_and_fairness
from sim.summary.adoption_figures import adoption_figures, adoption_models
from sim.summary.costing import cost_report, per_year, standalone_costs
from sim.summary.figures import days_to_done, grouped_figures
from sim.summary.figures import rounded as _round
from sim.summary.spatial import spatial_figures

if TYPE_CHECKING:
    from sim.model.outcome import Outcome


def _all_finite(node: Any) -> bool:
    """Return whether every number in a nested summary is finite."""
    if isinstance(node, dict):
        return all(_all_finite(value) for value in node.values())
    if isinstance(node, list):
        return all(_all_finite(value) for value in node)
    if isinstance(node, float):
        return bool(np.isfinite(node))
    return True


def check_invariants(summary: dict[str, Any], model: "Outcome") -> dict[str, bool]:
    """Check conservation laws and physical sanity; raise InvariantError if one fails."""
    requests, outcomes = summary["requests"], summary["outcomes"]
    book = model.measured_book
    paid = [figures["cost_paid_eur"] for figures in summary["by_municipality"].values()]
    checks = {
        "requests_by_channel_add_up": requests["total"]
        == requests["online"] + requests["in_person"] + requests["mobile"],
        "every_request_resolved": requests["total"] == outcomes["served"] + outcomes["unserved"],
        "no_negative_time": bool(times_are_valid(book.wait_minutes, book.travel_minutes, book.service_minutes)),
        "no_desk_serves_two_at_once": model.desk_overlaps == 0,
        "all_figures_finite": _all_finite(summary),
        # Each share is rounded to the cent, so the sum may differ by half a cent per municipality.
        "municipal_costs_add_up": abs(sum(paid) - summary["cost_eur"]["total"]) <= 0.005 * len(paid) + 0.005,
    }
    broken = [name for name, holds in checks.items() if not holds]
    if broken:
        raise InvariantError(f"invariants broken: {', '.join(broken)}")
    return checks


def build_summary(model: "Outcome", engine: str | None = None) -> tuple[dict[str, Any], CostReport]:
    """Return summary.json's content and the cost report of a finished run."""
    config, book = model.config, model.measured_book
    costs = cost_report(model)
    summary: dict[str, Any] = {
        "scenario": config.name,
        "scenario_file": model.scenario.slug,
        "region": model.scenario.region.id,
        "seed": config.simulation.seed,
        "days": model.days,
        "warmup_days": model.warmup_days,
        "engine": engine or model.engine,
        "population": model.citizens.count,
    }
    everyone, by_municipality, by_service = grouped_figures(model)
    summary.update(everyone)
    by_mode = trips_by_mode(book.mode, book.tries, len(MODES))
    summary["trips_by_mode"] = {mode: int(count) for mode, count in zip(MODES, by_mode, strict=True)}
    municipal_cost = float(costs.paid_eur.sum())
    summary["cost_eur"] = {
        "total": _round(municipal_cost, 2),
        "per_capita": _round(municipal_cost / max(model.citizens.count, 1), 2),
        "health_insurance": _round(costs.health_insurance_eur, 2),
    }
    summary["per_year"] = per_year(summary, model.days, model.warmup_days)
    summary["by_municipality"] = _by_municipality(model, costs, by_municipality)
    summary["days_to_done"], done_by_service = days_to_done(model)
    for figures, done in zip(by_service, done_by_service, strict=True):
        figures["days_to_done"] = done
    summary["by_service"] = dict(zip(config.services, by_service, strict=True))
    summary["service_points"] = _service_points(model, costs)
    summary["by_district"], summary["flows"], summary["travel_histogram"] = spatial_figures(model)
    summary["accessibility"], summary["fairness"], per_district = access_and_fairness(model)
    for district_id, figures in per_district.items():
        summary["by_district"][district_id].update(figures)
    summary["agreements"] = {
        agreement_id: {
            "pooled_cost_eur": _round(costs.agreement_pool_eur[agreement_id], 2),
            "shares": {m: _round(share) for m, share in costs.agreement_shares[agreement_id].items()},
        }
        for agreement_id in config.agreements
    }
    if adoption_models(model):
        summary["adoption"] = adoption_figures(model)
    if model.behaviour_on:
        summary["municipal_decisions"] = list(model.decisions)
        summary["desks_at_end"] = dict(zip(model.facilities.point_ids, model.point_desks.tolist(), strict=True))
    summary["invariants"] = check_invariants(summary, model)
    return summary, costs


def _by_municipality(model: "Outcome", costs: CostReport, municipality_figures: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the figures of each home municipality, with its stand-alone cost and what it pays after sharing."""
    residents_by_municipality = np.bincount(model.citizens.municipality, minlength=len(municipality_figures))
    standalone = standalone_costs(model)
    to_year = 365.0 / model.days
    by_municipality = {}
    for index, municipality_id in enumerate(model.geography.municipality_ids):
        figures = municipality_figures[index]
        residents = int(residents_by_municipality[index])
        figures["population"] = residents
        figures["cost_standalone_eur"] = _round(standalone[index], 2)
        figures["cost_paid_eur"] = _round(costs.paid_eur[index], 2)
        figures["cost_paid_eur_per_capita"] = _round(costs.paid_eur[index] / max(residents, 1), 2)
        figures["cost_standalone_eur_per_year"] = _round(standalone[index] * to_year, 2)
        figures["cost_paid_eur_per_year"] = _round(costs.paid_eur[index] * to_year, 2)
        by_municipality[municipality_id] = figures
    return by_municipality


def _service_points(model: "Outcome", costs: CostReport) -> dict[str, Any]:
    """Return each service point's visits, utilisation, mean wait, cost and position."""
    facilities, totals = model.facilities, model.place_totals
    first_place = facilities.point_first_place
    points = {}
    for index, (point_id, point) in enumerate(model.config.service_points.items()):
        mine = facilities.place_point == index

        def total(column: int, mine: np.ndarray = mine) -> float:
            return float(totals[mine, column].sum())

        served = int(total(TOTAL_SERVED))
        open_minutes = total(TOTAL_OPEN_DESK_MINUTES)
        points[point_id] = {
            "kind": point.kind,
            "owner": point.owner,
            "desks": int(model.point_desks[index]),
            "visits": int(total(TOTAL_VISITS)),
            "served": served,
            "utilisation": _round(total(TOTAL_BUSY_MINUTES) / open_minutes if open_minutes > 0 else 0.0),
            "mean_wait_minutes": _round(total(TOTAL_WAIT_MINUTES) / served if served else 0.0),
            "cost_eur": _round(costs.point_cost_eur[point_id], 2),
            "is_back_office": bool(facilities.point_kind[index] == KIND_BACK_OFFICE),
            "name": point.name,
            "services": list(point.services),
            "lat": round(float(facilities.place_lat[first_place[index]]), 6),
            "lon": round(float(facilities.place_lon[first_place[index]]), 6),
        }
    return points
