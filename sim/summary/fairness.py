"""Fairness across residents: Gini, Palma and Theil of travel time, days to done and accessibility, by group.

Residents are grouped into cells (Ortsteil x age group x car or not); a cell's value is the mean of
its residents' requests (travel minutes per trip, days from need to done per served request) or its
Ortsteil's accessibility for residents with or without a car. The figures weight each cell by its
residents, so they are the figures across residents when every resident of a cell has the cell's
value: differences inside a cell are not seen. The model's oldest age group is 65+; a 75+ group would
need age data the region files do not have, so the "old" group here is 65+. Formulas:
docs/ACCESSIBILITY.md ("Fairness figures").
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.fairness import CELL_DAYS_TO_DONE, CELL_DONE, CELL_TRAVEL_MINUTES, CELL_TRIPS, cell_sums
from sim.summary.access_measures import ResidentAccess
from sim.summary.inequality import gini, palma_ratio, share_beyond, theil_decomposition
from sim.summary.reach import MODE_TRANSIT, Reach

if TYPE_CHECKING:
    from sim.model.outcome import Outcome

AGE_GROUPS = 3
OLDEST_AGE_GROUP = 2  # 65+
GROUPS = ("everyone", "age_65_plus", "without_car")
TRANSIT_THRESHOLD_MINUTES = 30.0


@dataclass(frozen=True)
class Cells:
    """Residents grouped by Ortsteil, age group and car access (cell = district x 6 + age x 2 + car)."""

    citizen_cell: np.ndarray  # int16 or int32 per citizen
    district: np.ndarray  # per cell
    municipality: np.ndarray
    age_group: np.ndarray
    has_car: np.ndarray  # bool
    residents: np.ndarray  # float64

    def members(self, group: str) -> np.ndarray:
        """Return which cells belong to a group of GROUPS."""
        if group == "age_65_plus":
            return self.age_group == OLDEST_AGE_GROUP
        if group == "without_car":
            return ~self.has_car
        return np.ones(len(self.residents), dtype=bool)


def resident_cells(model: "Outcome") -> Cells:
    """Return the cells of a run's residents (a few per Ortsteil, whatever the number of residents)."""
    citizens, districts = model.citizens, len(model.geography.district_ids)
    citizen_cell = (citizens.district * AGE_GROUPS + citizens.age_group) * 2 + citizens.has_car
    cells = np.arange(districts * AGE_GROUPS * 2)
    district = cells // (AGE_GROUPS * 2)
    # The smallest index type that holds every cell: the pass over the requests gathers one per request,
    # and at a million citizens 2 bytes a citizen stay in the cache where 8 do not (0.05 s instead of 0.34 s).
    index_type = np.int16 if len(cells) <= np.iinfo(np.int16).max else np.int32
    return Cells(
        citizen_cell=citizen_cell.astype(index_type),
        district=district,
        municipality=model.geography.district_municipality[district],
        age_group=(cells // 2) % AGE_GROUPS,
        has_car=(cells % 2).astype(bool),
        residents=np.bincount(citizen_cell, minlength=len(cells)).astype(np.float64),
    )


def _finite(value: float) -> float | None:
    """Return a figure, or None where it is undefined (a Palma ratio with nothing in the bottom 40 %)."""
    return round(float(value), 6) if np.isfinite(value) else None


def inequality_figures(values: np.ndarray, weights: np.ndarray, municipality: np.ndarray) -> dict[str, Any]:
    """Return mean, Gini, Palma, Theil and Theil's split between and within municipalities (0 without data)."""
    keep = weights > 0
    if not keep.any():
        return {"mean": 0.0, "gini": 0.0, "palma": None, "theil": 0.0,
                "theil_between_municipalities": 0.0, "theil_within_municipalities": 0.0}  # fmt: skip
    values, weights, municipality = values[keep], weights[keep], municipality[keep]
    split = theil_decomposition(values, weights, municipality)
    return {
        "mean": round(float(np.average(values, weights=weights)), 6),
        "gini": round(gini(values, weights), 6),
        "palma": _finite(palma_ratio(values, weights)) if values.sum() > 0 else None,
        "theil": round(split.total, 6),
        "theil_between_municipalities": round(split.between, 6),
        "theil_within_municipalities": round(split.within, 6),
    }


def _by_group(cells: Cells, values: np.ndarray, has_value: np.ndarray) -> dict[str, Any]:
    """Return the inequality figures of each group of residents."""
    return {
        group: inequality_figures(
            values, np.where(has_value & cells.members(group), cells.residents, 0.0), cells.municipality
        )  # fmt: skip
        for group in GROUPS
    }


def request_sums(model: "Outcome", cells: Cells) -> np.ndarray:
    """Return the (cells x CELL_FIELDS) sums of the measured requests: trips, travel minutes, served, days to done."""
    book = model.measured_book
    return cell_sums(
        book.citizen, book.channel, book.status, book.tries, book.travel_minutes, book.need_day, book.served_day,
        cells.citizen_cell, len(cells.residents),
    )  # fmt: skip


def _mean_of(sums: np.ndarray, column: int, count_column: int) -> tuple[np.ndarray, np.ndarray]:
    """Return per cell the mean of a summed column over a count column, and whether the cell has any count."""
    count = sums[:, count_column]
    return np.divide(sums[:, column], count, out=np.zeros_like(count), where=count > 0), count > 0


def fairness_figures(cells: Cells, sums: np.ndarray, reach: Reach, access: ResidentAccess) -> dict[str, Any]:
    """Return summary.json's `fairness` block: inequality of travel, days to done and accessibility; transit reach."""
    travel, travels = _mean_of(sums, CELL_TRAVEL_MINUTES, CELL_TRIPS)
    days, is_done = _mean_of(sums, CELL_DAYS_TO_DONE, CELL_DONE)
    everyone = np.ones(len(cells.residents), dtype=bool)
    accessibility, beyond = {}, {}
    for index, service in enumerate(reach.service_ids):
        with_car, without_car = access.with_car[cells.district, index], access.without_car[cells.district, index]
        accessibility[service] = _by_group(cells, np.where(cells.has_car, with_car, without_car), everyone)
        transit = reach.nearest_minutes(MODE_TRANSIT, index)[cells.district]
        beyond[service] = {group: _share_beyond(transit, cells.residents * cells.members(group)) for group in GROUPS}
    return {
        "groups_note": "age_65_plus stands in for 75+: the model's oldest age group is 65+",
        "travel_minutes": _by_group(cells, travel, travels),
        "days_to_done": _by_group(cells, days, is_done),
        "accessibility": accessibility,
        "beyond_30_minutes_by_transit": beyond,
    }


def _share_beyond(minutes: np.ndarray, residents: np.ndarray) -> float:
    """Return the share of residents more than 30 minutes away (unreachable counts as beyond); 0 without residents."""
    if residents.sum() <= 0:
        return 0.0
    return round(share_beyond(minutes, residents, TRANSIT_THRESHOLD_MINUTES), 6)


def district_days_to_done(cells: Cells, sums: np.ndarray, districts: int) -> np.ndarray:
    """Return each Ortsteil's mean days from need to done of its served requests (0 if none)."""
    done = np.bincount(cells.district, sums[:, CELL_DONE], districts)
    days = np.bincount(cells.district, sums[:, CELL_DAYS_TO_DONE], districts)
    return np.divide(days, done, out=np.zeros_like(days), where=done > 0)
