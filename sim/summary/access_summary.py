"""Accessibility and fairness in summary.json: per Ortsteil and service the main measure, fairness across residents.

Everything is computed per Ortsteil (or per cell of residents) and weighted by residents, never per
citizen in Python: a million citizens cost one bincount and one pass of `kernels.fairness.cell_sums`.
"""

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.summary.access_measures import PER_DEMAND_UNITS, ResidentAccess, resident_access
from sim.summary.accessibility import CATCHMENT_MINUTES
from sim.summary.fairness import Cells, district_days_to_done, fairness_figures, request_sums, resident_cells
from sim.summary.reach import MODE_TRANSIT, Reach, build_reach

if TYPE_CHECKING:
    from sim.model.outcome import Outcome

MEASURE = "e2sfca_resident_modes"
UNIT = "desk-hours per week per 1,000 residents"


def residents_by_car(cells: Cells, districts: int) -> tuple[np.ndarray, np.ndarray]:
    """Return residents with and without a car per Ortsteil (the demand of the accessibility measure)."""
    with_car = np.bincount(cells.district, cells.residents * cells.has_car, districts)
    return with_car, np.bincount(cells.district, cells.residents * ~cells.has_car, districts)


def _accessibility_block(reach: Reach, access: ResidentAccess, with_car: np.ndarray, without_car: np.ndarray) -> dict:
    """Return the `accessibility` block: method, unit, catchments and each service's means."""
    residents = with_car + without_car
    by_service = {}
    for index, service in enumerate(reach.service_ids):
        by_service[service] = {
            "mean": _mean(access.district[:, index], residents),
            "with_car_mean": _mean(access.with_car[:, index], with_car),
            "without_car_mean": _mean(access.without_car[:, index], without_car),
            "desk_hours_per_week": round(float(reach.supply(index).sum()), 4),
        }
    return {
        "measure": MEASURE,
        "unit": UNIT,
        "per_residents": PER_DEMAND_UNITS,
        "catchment_minutes": dict(CATCHMENT_MINUTES),
        "by_service": by_service,
    }


def _mean(values: np.ndarray, weights: np.ndarray) -> float:
    return round(float(np.average(values, weights=weights)), 6) if weights.sum() > 0 else 0.0


def access_and_fairness(model: "Outcome") -> tuple[dict[str, Any], dict[str, Any], dict[str, dict[str, Any]]]:
    """Return the `accessibility` and `fairness` blocks and the figures to add to each Ortsteil of `by_district`.

    Per Ortsteil: `accessibility` (the main measure per service), `transit_minutes_nearest` (minutes by
    transit or on foot to the nearest place it may use per service; None if there is none) and
    `days_to_done_mean`.
    """
    reach = build_reach(model.scenario, model.geography, model.facilities)
    cells = resident_cells(model)
    with_car, without_car = residents_by_car(cells, len(model.geography.district_ids))
    access = resident_access(reach, with_car, without_car)
    sums = request_sums(model, cells)
    days = district_days_to_done(cells, sums, len(model.geography.district_ids))
    transit = np.stack([reach.nearest_minutes(MODE_TRANSIT, s) for s in range(len(reach.service_ids))], axis=1)
    values = np.round(access.district, 4).tolist()
    minutes = [[m if np.isfinite(m) else None for m in row] for row in np.round(transit, 4).tolist()]
    days_rounded = np.round(days, 4).tolist()
    services = reach.service_ids
    per_district = {
        district_id: {
            "accessibility": dict(zip(services, values[index], strict=True)),
            "transit_minutes_nearest": dict(zip(services, minutes[index], strict=True)),
            "days_to_done_mean": days_rounded[index],
        }
        for index, district_id in enumerate(model.geography.district_ids)
    }
    blocks = _accessibility_block(reach, access, with_car, without_car), fairness_figures(cells, sums, reach, access)
    return blocks[0], blocks[1], per_district
