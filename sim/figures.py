"""Request figures for many groups at once: counts and sums by bincount, quantiles group by group.

One pass over the request arrays serves every municipality (or service): no per-group copies of
the whole request book, which at a million citizens would cost seconds and gigabytes.
"""

from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.travel import MODE_CAR
from sim.requests import CHANNEL_IN_PERSON, CHANNEL_MOBILE, CHANNEL_ONLINE, STATUS_SERVED, STATUS_UNSERVED

if TYPE_CHECKING:
    from sim.model import Region


def rounded(value: float, digits: int = 4) -> float:
    """Return a finite value rounded for output (0 for NaN or infinity)."""
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


def _sums(
    group: np.ndarray, groups: int, mask: np.ndarray | None = None, weights: np.ndarray | None = None
) -> np.ndarray:
    if mask is not None:
        group = group[mask]
        weights = None if weights is None else weights[mask]
    return np.bincount(group, weights=weights, minlength=groups).astype(np.float64)


def _p90_by_group(
    values: np.ndarray, weights: np.ndarray, order: np.ndarray, bounds: np.ndarray, mask: np.ndarray
) -> list[float]:
    result = []
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        rows = order[start:end]
        rows = rows[mask[rows]]
        result.append(rounded(weighted_quantile(values[rows], weights[rows], 0.9)))
    return result


def grouped_figures(model: "Region", group: np.ndarray, groups: int) -> list[dict[str, Any]]:
    """Return the request, travel, wait and emission figures of each group (group[i] = group of request i)."""
    book = model.book
    channel, status = book.channel, book.status
    travelling = (channel == CHANNEL_IN_PERSON) | (channel == CHANNEL_MOBILE)
    trips = np.where(travelling, book.tries, 0).astype(np.float64)
    travel = np.nan_to_num(book.travel_minutes)
    mode = np.maximum(book.mode, 0)
    round_trip_km = 2.0 * np.where(travelling, book.travel_km, 0.0) * trips
    served = status == STATUS_SERVED
    served_visit = travelling & served
    in_person_served = (channel == CHANNEL_IN_PERSON) & served
    online_handled = (channel == CHANNEL_ONLINE) & served
    home = model.citizens.municipality[book.citizen]
    place_municipality = model.facilities.place_rows[np.maximum(book.place, 0), 1]
    cross_border = in_person_served & (place_municipality != home)
    del home, place_municipality
    online_days = (book.served_day.astype(np.float64) - book.need_day) * online_handled

    total = _sums(group, groups)
    trip_sum = _sums(group, groups, weights=trips)
    visits_served = _sums(group, groups, served_visit)
    online_count = _sums(group, groups, online_handled)
    sums = {
        "online": _sums(group, groups, channel == CHANNEL_ONLINE),
        "in_person": _sums(group, groups, channel == CHANNEL_IN_PERSON),
        "mobile": _sums(group, groups, channel == CHANNEL_MOBILE),
        "served": _sums(group, groups, served),
        "unserved": _sums(group, groups, status == STATUS_UNSERVED),
        "travel": _sums(group, groups, weights=travel * trips),
        "wait": _sums(group, groups, served_visit, book.wait_minutes),
        "online_days": _sums(group, groups, weights=online_days),
        "car_km": _sums(group, groups, mode == MODE_CAR, round_trip_km),
        "co2": _sums(group, groups, weights=round_trip_km * model.geography.co2_kg_per_km[mode]),
        "hours": _sums(group, groups, weights=2.0 * travel * trips + book.wait_minutes) / 60.0,
        "cross": _sums(group, groups, cross_border),
        "in_person_served": _sums(group, groups, in_person_served),
    }
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(groups + 1))
    ones = np.ones(book.count, dtype=np.int8)
    travel_p90 = _p90_by_group(travel, trips, order, bounds, travelling)
    wait_p90 = _p90_by_group(book.wait_minutes, ones, order, bounds, served_visit)
    online_p90 = _p90_by_group(online_days, ones, order, bounds, online_handled)
    figures = []
    for g in range(groups):
        figures.append(
            {
                "requests": {
                    "total": int(total[g]),
                    "online": int(sums["online"][g]),
                    "in_person": int(sums["in_person"][g]),
                    "mobile": int(sums["mobile"][g]),
                },
                "outcomes": {"served": int(sums["served"][g]), "unserved": int(sums["unserved"][g])},
                "travel_minutes": {"mean": rounded(sums["travel"][g] / max(trip_sum[g], 1.0)), "p90": travel_p90[g]},
                "wait_minutes": {"mean": rounded(sums["wait"][g] / max(visits_served[g], 1.0)), "p90": wait_p90[g]},
                "online_days_to_completion": {
                    "mean": rounded(sums["online_days"][g] / max(online_count[g], 1.0)),
                    "p90": online_p90[g],
                },
                "trips": int(trip_sum[g]),
                "car_km": rounded(sums["car_km"][g], 2),
                "co2_kg": rounded(sums["co2"][g], 2),
                "citizen_hours": rounded(sums["hours"][g], 2),
                "cross_border_share": rounded(sums["cross"][g] / max(sums["in_person_served"][g], 1.0)),
            }
        )
    return figures
