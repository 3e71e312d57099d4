"""Key figures of a finished run: summary, per-municipality and per-point tables, and the invariants."""

from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.travel import MODE_CAR
from sim.costs import CostReport, account_costs
from sim.facilities import KIND_BACK_OFFICE
from sim.requests import CHANNEL_IN_PERSON, CHANNEL_MOBILE, CHANNEL_ONLINE, STATUS_SERVED, STATUS_UNSERVED
from sim.spatial import district_figures, flows, travel_histogram

if TYPE_CHECKING:
    from sim.model import Region


class InvariantError(RuntimeError):
    """A conservation law of the model was broken: a bug, never bad input."""


def _round(value: float, digits: int = 4) -> float:
    return float(round(float(value), digits)) if np.isfinite(value) else 0.0


def weighted_quantile(values: np.ndarray, weights: np.ndarray, quantile: float) -> float:
    """Return the quantile of values where each value counts `weight` (a whole number) times.

    The inverse CDF without interpolation: the smallest value whose cumulative weight reaches
    quantile x total. Found with a partial sort (np.partition), which is linear in time.
    """
    counts = np.asarray(weights, dtype=np.int64)
    keep = counts > 0
    if not keep.any():
        return 0.0
    expanded = np.repeat(values[keep], counts[keep])
    position = max(int(np.ceil(quantile * expanded.shape[0])) - 1, 0)
    return float(np.partition(expanded, position)[position])


def _mean_p90(values: np.ndarray, weights: np.ndarray | None = None) -> dict[str, float]:
    if weights is None:
        weights = np.ones(values.shape[0])
    if values.shape[0] == 0 or weights.sum() <= 0:
        return {"mean": 0.0, "p90": 0.0}
    return {
        "mean": _round(np.average(values, weights=weights)),
        "p90": _round(weighted_quantile(values, weights, 0.9)),
    }


def _figures(model: "Region", rows: np.ndarray) -> dict[str, Any]:
    """Return the request, travel, wait and emission figures of a subset of requests."""
    book = model.book
    channel = book.channel[rows]
    status = book.status[rows]
    travelling = (channel == CHANNEL_IN_PERSON) | (channel == CHANNEL_MOBILE)
    trips = np.where(travelling, book.tries[rows], 0)
    mode = book.mode[rows]
    round_trip_km = 2.0 * np.where(travelling, book.travel_km[rows], 0.0) * trips
    co2 = round_trip_km * model.geography.co2_kg_per_km[np.maximum(mode, 0)]
    served_visit = travelling & (status == STATUS_SERVED)
    in_person = channel == CHANNEL_IN_PERSON
    home = model.citizens.municipality[book.citizen[rows]]
    place_municipality = model.facilities.place_rows[np.maximum(book.place[rows], 0), 1]
    in_person_served = in_person & (status == STATUS_SERVED)
    online_handled = (channel == CHANNEL_ONLINE) & (status == STATUS_SERVED)
    return {
        "requests": {
            "total": int(rows.shape[0]),
            "online": int((channel == CHANNEL_ONLINE).sum()),
            "in_person": int(in_person.sum()),
            "mobile": int((channel == CHANNEL_MOBILE).sum()),
        },
        "outcomes": {
            "served": int((status == STATUS_SERVED).sum()),
            "unserved": int((status == STATUS_UNSERVED).sum()),
        },
        "travel_minutes": _mean_p90(np.nan_to_num(book.travel_minutes[rows]), trips.astype(np.float64)),
        "wait_minutes": _mean_p90(book.wait_minutes[rows][served_visit]),
        "online_days_to_completion": _mean_p90(
            (book.served_day[rows] - book.need_day[rows])[online_handled].astype(np.float64)
        ),
        "trips": int(trips.sum()),
        "car_km": _round(round_trip_km[mode == MODE_CAR].sum(), 2),
        "co2_kg": _round(co2.sum(), 2),
        "citizen_hours": _round(
            (2.0 * np.nan_to_num(book.travel_minutes[rows]) * trips + book.wait_minutes[rows]).sum() / 60.0, 2
        ),
        "cross_border_share": _round(
            (in_person_served & (place_municipality != home)).sum() / max(int(in_person_served.sum()), 1)
        ),
    }


def _usage_by_point(model: "Region") -> dict[str, dict[str, float]]:
    book = model.book
    served = np.flatnonzero((book.status == STATUS_SERVED) & (book.place >= 0))
    point = model.facilities.place_point[book.place[served]]
    home = model.citizens.municipality[book.citizen[served]]
    counts = np.zeros((len(model.facilities.point_ids), len(model.geography.municipality_ids)))
    np.add.at(counts, (point, home), 1.0)
    return {
        point_id: dict(zip(model.geography.municipality_ids, counts[index].tolist(), strict=True))
        for index, point_id in enumerate(model.facilities.point_ids)
    }


def check_invariants(summary: dict[str, Any], model: "Region") -> dict[str, bool]:
    """Check conservation laws and physical sanity; raise InvariantError if one fails."""
    requests, outcomes = summary["requests"], summary["outcomes"]
    book = model.book
    checks = {
        "requests_by_channel_add_up": requests["total"]
        == requests["online"] + requests["in_person"] + requests["mobile"],
        "every_request_resolved": requests["total"] == outcomes["served"] + outcomes["unserved"],
        "no_negative_time": bool(
            (book.wait_minutes >= 0).all()
            and (np.nan_to_num(book.travel_minutes) >= 0).all()
            and (book.service_minutes > 0).all()
        ),
        "no_desk_serves_two_at_once": model.place_stats.desk_overlaps == 0,
    }
    broken = [name for name, holds in checks.items() if not holds]
    if broken:
        raise InvariantError(f"invariants broken: {', '.join(broken)}")
    return checks


def build_summary(model: "Region", engine: str) -> tuple[dict[str, Any], CostReport]:
    """Return summary.json's content and the cost report of a finished run."""
    config, geography, book = model.config, model.geography, model.book
    population = {
        m: float(p) for m, p in zip(geography.municipality_ids, geography.municipality_population_official, strict=True)
    }
    costs = account_costs(config, geography.municipality_ids, population, _usage_by_point(model))
    all_rows = np.arange(book.count)
    summary: dict[str, Any] = {
        "scenario": config.name,
        "scenario_file": model.loaded_scenario.slug,
        "region": model.loaded_scenario.region.id,
        "seed": model.seed,
        "days": model.days,
        "engine": engine,
        "population": model.citizens.count,
    }
    summary.update(_figures(model, all_rows))
    municipal_cost = float(costs.paid_eur.sum())
    summary["cost_eur"] = {
        "total": _round(municipal_cost, 2),
        "per_capita": _round(municipal_cost / max(model.citizens.count, 1), 2),
        "health_insurance": _round(costs.health_insurance_eur, 2),
    }
    home = model.citizens.municipality[book.citizen]
    by_municipality = {}
    for index, municipality_id in enumerate(geography.municipality_ids):
        figures = _figures(model, np.flatnonzero(home == index))
        residents = int((model.citizens.municipality == index).sum())
        figures["population"] = residents
        figures["cost_before_sharing_eur"] = _round(costs.before_sharing_eur[index], 2)
        figures["cost_paid_eur"] = _round(costs.paid_eur[index], 2)
        figures["cost_paid_eur_per_capita"] = _round(costs.paid_eur[index] / max(residents, 1), 2)
        by_municipality[municipality_id] = figures
    summary["by_municipality"] = by_municipality
    summary["by_service"] = {
        service_id: _figures(model, np.flatnonzero(book.service == index))
        for index, service_id in enumerate(model.service_ids)
    }
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
            "lat": round(
                float(model.facilities.place_lat[np.flatnonzero(model.facilities.place_point == point.index)[0]]), 6
            ),
            "lon": round(
                float(model.facilities.place_lon[np.flatnonzero(model.facilities.place_point == point.index)[0]]), 6
            ),
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
    summary["invariants"] = check_invariants(summary, model)
    return summary, costs
