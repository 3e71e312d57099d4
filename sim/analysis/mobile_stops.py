"""Mobile office stops: choose K villages by maximal covering, then spread them over D weekdays evenly."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

from sim.analysis.location import DEFAULT_OPTIONS, LocationResult, SolverOptions, mclp
from sim.analysis.location_milp import NoSolutionError, run_milp


@dataclass(frozen=True, eq=False)
class DayPlan:
    """Which weekday (0 = first service day) each stop is served on, and the population served per day."""

    day_of_stop: tuple[int, ...]
    population_per_day: tuple[float, ...]
    status: str


@dataclass(frozen=True, eq=False)
class MobileTimetable:
    """The chosen stops, their weekday, the population each stop and day serves, and the covering result.

    `village_stop[v]` is the stop serving village v (its nearest chosen stop within the radius), or -1.
    """

    stops: tuple[int, ...]
    day_of_stop: tuple[int, ...]
    stops_by_day: tuple[tuple[int, ...], ...]
    population_per_stop: tuple[float, ...]
    population_per_day: tuple[float, ...]
    covered_population: float
    village_stop: np.ndarray
    coverage: LocationResult
    status: str


def _check_days(days: int) -> int:
    """Return days as int, or raise ValueError unless it is a whole number from 1 to 7."""
    if isinstance(days, bool) or int(days) != days or not 1 <= days <= 7:
        raise ValueError(f"days must be a whole number of weekdays from 1 to 7, got {days!r}")
    return int(days)


def assign_days(
    stop_population: Sequence[float] | np.ndarray, days: int, options: SolverOptions = DEFAULT_OPTIONS
) -> DayPlan:
    """Spread stops over `days` weekdays, minimising the largest population served on one day.

    MILP: x_sd = 1 if stop s is served on day d; each stop on exactly one day; every day gets
    floor(K / D) or ceil(K / D) stops (the van's day has room for that many); minimise L with
    sum_s population_s x_sd <= L for every day. The largest stop goes to day 0 to break the symmetry
    between days.
    """
    population = np.asarray(stop_population, dtype=np.float64)
    if population.ndim != 1 or len(population) == 0:
        raise ValueError("stop_population must list at least one stop")
    if not np.all(np.isfinite(population)) or np.any(population < 0):
        raise ValueError("stop_population must be finite and non-negative")
    days = _check_days(days)
    stops = len(population)
    pairs = stops * days
    columns = pairs + 1
    stop_of, day_of = np.divmod(np.arange(pairs), days)
    once = sparse.coo_array((np.ones(pairs), (stop_of, np.arange(pairs))), shape=(stops, columns))
    per_day = sparse.coo_array((np.ones(pairs), (day_of, np.arange(pairs))), shape=(days, columns))
    load = sparse.coo_array(
        (
            np.concatenate([population[stop_of], -np.ones(days)]),
            (np.concatenate([day_of, np.arange(days)]), np.concatenate([np.arange(pairs), np.full(days, pairs)])),
        ),
        shape=(days, columns),
    )
    rows = sparse.csr_array(sparse.vstack([once, per_day, load]))
    lower_bounds = np.zeros(columns)
    largest = int(np.argmax(population))
    lower_bounds[largest * days] = 1.0
    outcome = run_milp(
        np.concatenate([np.zeros(pairs), [1.0]]),
        np.concatenate([np.ones(pairs), [0.0]]),
        (lower_bounds, np.concatenate([np.ones(pairs), [np.inf]])),
        rows,
        (
            np.concatenate([np.ones(stops), np.full(days, stops // days), np.full(days, -np.inf)]),
            np.concatenate([np.ones(stops), np.full(days, -(-stops // days)), np.zeros(days)]),
        ),
        options.time_limit_seconds,
        options.mip_rel_gap,
    )
    if outcome.solution is None:
        raise NoSolutionError(f"no timetable found ({outcome.message})")
    chosen = outcome.solution[:pairs].reshape(stops, days)
    day_of_stop = np.argmax(chosen, axis=1)
    per_day_population = np.bincount(day_of_stop, weights=population, minlength=days)
    return DayPlan(
        tuple(int(day) for day in day_of_stop), tuple(float(value) for value in per_day_population), outcome.status
    )


def plan_mobile_stops(
    population: Sequence[float] | np.ndarray,
    travel_minutes: np.ndarray,
    stops: int,
    days: int,
    radius_minutes: float,
    *,
    fixed: Sequence[int] = (),
    options: SolverOptions = DEFAULT_OPTIONS,
) -> MobileTimetable:
    """Choose `stops` villages for the mobile office and a weekly timetable over `days` weekdays.

    Stage 1 is the maximal covering model (`mclp`): the stops maximise the population within
    `radius_minutes` (villages x candidate stops in `travel_minutes`) of some stop. Stage 2 (`assign_days`)
    gives each stop one weekday so that the population served per day is as even as possible; each
    covered village counts for its nearest chosen stop only.
    """
    days = _check_days(days)
    coverage = mclp(travel_minutes, stops, radius_minutes, weights=population, fixed=fixed, options=options)
    travel = np.asarray(travel_minutes, dtype=np.float64)
    weights = np.asarray(population, dtype=np.float64)
    chosen = np.array(coverage.open_sites, dtype=np.int64)
    nearest = chosen[np.argmin(travel[:, chosen], axis=1)]
    is_covered = travel[np.arange(len(travel)), nearest] <= radius_minutes
    village_stop = np.where(is_covered, nearest, -1)
    village_stop.setflags(write=False)
    per_stop = np.array([weights[village_stop == stop].sum() for stop in chosen])
    plan = assign_days(per_stop, days, options)
    by_day = tuple(
        tuple(int(stop) for stop, day in zip(chosen, plan.day_of_stop, strict=True) if day == weekday)
        for weekday in range(days)
    )
    status = "optimal" if coverage.status == plan.status == "optimal" else f"{coverage.status} / {plan.status}"
    return MobileTimetable(
        stops=tuple(int(stop) for stop in chosen),
        day_of_stop=plan.day_of_stop,
        stops_by_day=by_day,
        population_per_stop=tuple(float(value) for value in per_stop),
        population_per_day=plan.population_per_day,
        covered_population=coverage.objective,
        village_stop=village_stop,
        coverage=coverage,
        status=status,
    )
