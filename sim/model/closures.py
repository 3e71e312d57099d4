"""Closures by day: which service points are shut when, and the open-day tables the kernels read.

Closures come from the mechanisms that shut places (office_closure, it_outage; their `closures`
hook). The kernels get two small tables for the places that ever close (kernels.opening): the
next open day as residents plan it (weekly hours and announced closures) and as it really is
(unannounced ones too). The policy layer gets, per day, the points an announced closure shuts,
because residents who know of a closure choose among the places still open.
"""

from dataclasses import dataclass

import numpy as np

from sim.io.schema import ScenarioConfig
from sim.mechanisms import REGISTRY, Closure
from sim.model.facilities import Facilities

NO_POINTS: frozenset[int] = frozenset()


def scenario_closures(config: ScenarioConfig) -> list[Closure]:
    """Return every closure the scenario's interventions cause, in file order."""
    providers = {point_id: point.it_provider for point_id, point in config.service_points.items()}
    found: list[Closure] = []
    for intervention in config.interventions.values():
        hook = REGISTRY[intervention.type].closures
        if hook is not None:
            found.extend(hook(intervention, providers))
    return found


@dataclass(frozen=True)
class ClosureSchedule:
    """The points an announced closure shuts on each day of the horizon (point indices)."""

    announced_by_day: tuple[frozenset[int], ...]

    def announced_on(self, day: int) -> frozenset[int]:
        """Return the points residents know to be shut on `day`."""
        return self.announced_by_day[day] if day < len(self.announced_by_day) else NO_POINTS


def closure_schedule(closures: list[Closure], point_ids: tuple[str, ...], days: int) -> ClosureSchedule:
    """Return which points announced closures shut on each of the horizon's days."""
    index = {point_id: number for number, point_id in enumerate(point_ids)}
    shut: list[set[int]] = [set() for _ in range(days)]
    for closure in closures:
        if closure.is_announced:
            for day in range(closure.start_day, min(closure.end_day, days)):
                shut[day].update(index[point_id] for point_id in closure.point_ids)
    return ClosureSchedule(tuple(frozenset(points) if points else NO_POINTS for points in shut))


def _next_open(is_open: np.ndarray) -> np.ndarray:
    """Return (rows x days) int32: the first day on or after each day with is_open, -1 if none follows."""
    table = np.empty(is_open.shape, dtype=np.int32)
    following = np.full(is_open.shape[0], -1, dtype=np.int32)
    for day in range(is_open.shape[1] - 1, -1, -1):
        following = np.where(is_open[:, day], np.int32(day), following)
        table[:, day] = following
    return table


def open_day_tables(
    closures: list[Closure], facilities: Facilities, calendar_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (closure_row, next_open_planned, next_open_actual) for Places; all empty without closures.

    Only places that some closure shuts get a row. Without unannounced closures the two tables are
    one array.
    """
    if not closures:
        empty = np.zeros((0, 0), dtype=np.int32)
        return np.zeros(0, dtype=np.int32), empty, empty
    index = {point_id: number for number, point_id in enumerate(facilities.point_ids)}
    places_of = [np.flatnonzero(np.isin(facilities.place_point, [index[p] for p in c.point_ids])) for c in closures]
    touched = np.unique(np.concatenate(places_of)) if places_of else np.zeros(0, dtype=np.int64)
    closure_row = np.full(facilities.place_count, -1, dtype=np.int32)
    closure_row[touched] = np.arange(touched.shape[0], dtype=np.int32)
    weekdays = (facilities.start_weekday + np.arange(calendar_days)) % 7
    open_by_hours = facilities.open_minutes[touched][:, weekdays] > 0
    shut_announced = np.zeros_like(open_by_hours)
    shut_all = np.zeros_like(open_by_hours)
    for closure, places in zip(closures, places_of, strict=True):
        rows = closure_row[places]
        last = min(closure.end_day, calendar_days)
        shut_all[rows, closure.start_day : last] = True
        if closure.is_announced:
            shut_announced[rows, closure.start_day : last] = True
    planned = _next_open(open_by_hours & ~shut_announced)
    has_surprises = any(not closure.is_announced for closure in closures)
    actual = _next_open(open_by_hours & ~shut_all) if has_surprises else planned
    return closure_row, planned, actual
