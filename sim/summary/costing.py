"""Costs of a finished run: stretches of agreement membership, honest stand-alone costs, per-year figures."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.io.config import load_scenario
from sim.model.costs import DAYS_PER_YEAR, CostReport, account_costs, add_reports
from sim.summary.figures import rounded

if TYPE_CHECKING:
    from sim.model.outcome import Outcome


def cost_report(model: "Outcome") -> CostReport:
    """Return the run's costs: one stretch per agreement membership, desks averaged where staffing changed them."""
    ids = model.geography.municipality_ids
    staffed = not np.array_equal(model.point_desk_days, model.facilities.point_desks * model.days)
    ends = [start for start, _, _ in model.cost_periods[1:]] + [model.days]
    reports: list[CostReport] = []
    for (start, departed, desk_days), end in zip(model.cost_periods, ends, strict=True):
        is_last = end == model.days
        last = None if is_last else end
        stretch_desk_days = (model.point_desk_days if is_last else model.cost_periods[len(reports) + 1][2]) - desk_days
        mean_desks = dict(zip(model.facilities.point_ids, (stretch_desk_days / (end - start)).tolist(), strict=True))
        days = None if len(model.cost_periods) == 1 else end - start
        reports.append(
            account_costs(
                model.config, ids, model.population, model.usage_by_point(start, last), days,
                mean_desks if staffed else None, departed, model.usage_by_service(start, last),
            )
        )  # fmt: skip
    return add_reports(reports)


def root_base(path: Path, bases: tuple[Path, ...]) -> Path | None:
    """Return the file at the root of a scenario's first-named bases (the scenario all others change)."""
    if not bases:
        return None
    current, seen = bases[0], {path.resolve()}
    while current not in seen:
        seen.add(current)
        parents = load_scenario(current).bases
        if not parents:
            return current
        current = parents[0]
    return None


def standalone_costs(model: "Outcome") -> np.ndarray:
    """Return each municipality's cost of standing alone over the horizon, honestly.

    Standing alone means this scenario's own measures without any agreement: the municipality's own
    points here, plus its own points of the base scenario that the cooperation removed (a merged
    back office, say; the base is the root of this scenario's `extends`), its own interventions and
    its population share of region-wide ones. Points and interventions of agreements are nobody's own.
    """
    config = model.config
    agreements = set(config.agreements)
    points = {pid: p for pid, p in config.service_points.items() if p.owner not in agreements}
    base_path = root_base(model.scenario.path, model.scenario.bases)
    if base_path is not None:
        for point_id, point in load_scenario(base_path).config.service_points.items():
            if point_id not in config.service_points and point.owner not in agreements:
                points[point_id] = point
    interventions = {k: v for k, v in config.interventions.items() if v.paid_by not in agreements}
    alone = config.model_copy(update={"agreements": {}, "service_points": points, "interventions": interventions})
    return account_costs(alone, model.geography.municipality_ids, model.population, {}).before_sharing_eur


def per_year(summary: dict[str, Any], days: int, warmup_days: int = 0) -> dict[str, float]:
    """Return costs, emissions and travel scaled to one year.

    Costs cover the whole horizon (x 365 / days); emissions and travel come from the requests after
    the warm-up (x 365 / (days - warmup_days)).
    """
    cost_scale, travel_scale = DAYS_PER_YEAR / days, DAYS_PER_YEAR / (days - warmup_days)
    return {
        "cost_eur": rounded(summary["cost_eur"]["total"] * cost_scale, 2),
        "cost_eur_per_capita": rounded(summary["cost_eur"]["per_capita"] * cost_scale, 2),
        "co2_kg": rounded(summary["co2_kg"] * travel_scale, 2),
        "car_km": rounded(summary["car_km"] * travel_scale, 2),
        "citizen_hours": rounded(summary["citizen_hours"] * travel_scale, 2),
        "trips": rounded(summary["trips"] * travel_scale, 1),
    }
