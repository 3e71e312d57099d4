"""Request figures for many groups at once: sums in one kernel pass, quantiles group by group.

One pass over the request arrays serves every municipality (or service): no per-group copies of
the whole request book, which at a million citizens would cost seconds and gigabytes.
"""

from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.tally import (
    CAR_KM,
    CITIZEN_MINUTES,
    CO2_KG,
    CROSS_BORDER,
    IN_PERSON,
    IN_PERSON_SERVED,
    MOBILE,
    ONLINE,
    ONLINE_DAYS,
    ONLINE_HANDLED,
    SERVED,
    SERVED_VISITS,
    TOTAL,
    TRAVEL_MINUTES,
    TRIPS,
    UNSERVED,
    WAIT_MINUTES,
    tally_groups,
)
from sim.errors import InvariantError
from sim.model.requests import CHANNEL_IN_PERSON, CHANNEL_MOBILE, CHANNEL_ONLINE, STATUS_SERVED

if TYPE_CHECKING:
    from sim.model.outcome import Outcome


def rounded(value: float, digits: int = 4) -> float:
    """Return a value rounded for output.

    Raises:
        InvariantError: for NaN or infinity, which no valid input can produce: reporting them as 0
            would hide a bug behind a plausible number.
    """
    if not np.isfinite(value):
        raise InvariantError(f"a figure is not finite ({value}); this is a bug, please report it")
    return float(round(float(value), digits))


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


def _p90_by_group(
    values: np.ndarray, weights: np.ndarray, order: np.ndarray, bounds: np.ndarray, mask: np.ndarray
) -> list[float]:
    result = []
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        rows = order[start:end]
        rows = rows[mask[rows]]
        result.append(rounded(weighted_quantile(values[rows], weights[rows], 0.9)))
    return result


def grouped_figures(model: "Outcome", group: np.ndarray, groups: int) -> list[dict[str, Any]]:
    """Return the request, travel, wait and emission figures of each group (group[i] = group of request i)."""
    book = model.book
    home = model.citizens.municipality[book.citizen]
    place_municipality = np.where(book.place >= 0, model.facilities.place_rows[np.maximum(book.place, 0), 1], -1)
    days_to_service = book.served_day.astype(np.int32) - book.need_day
    sums = tally_groups(
        group,
        groups,
        book.channel,
        book.status,
        book.tries,
        book.travel_minutes,
        book.travel_km,
        book.mode,
        book.wait_minutes,
        days_to_service,
        home,
        place_municipality,
        model.geography.co2_kg_per_km,
    )
    del home, place_municipality
    travelling = (book.channel == CHANNEL_IN_PERSON) | (book.channel == CHANNEL_MOBILE)
    served = book.status == STATUS_SERVED
    order = np.argsort(group, kind="stable") if groups > 1 else np.arange(book.citizen.shape[0])
    bounds = np.searchsorted(group[order], np.arange(groups + 1))
    ones = np.ones(book.citizen.shape[0], dtype=np.int8)
    travel_p90 = _p90_by_group(np.nan_to_num(book.travel_minutes), book.tries, order, bounds, travelling)
    wait_p90 = _p90_by_group(book.wait_minutes, ones, order, bounds, travelling & served)
    online_p90 = _p90_by_group(days_to_service, ones, order, bounds, (book.channel == CHANNEL_ONLINE) & served)
    figures = []
    for g in range(groups):
        row = sums[g]
        figures.append(
            {
                "requests": {
                    "total": int(row[TOTAL]),
                    "online": int(row[ONLINE]),
                    "in_person": int(row[IN_PERSON]),
                    "mobile": int(row[MOBILE]),
                },
                "outcomes": {"served": int(row[SERVED]), "unserved": int(row[UNSERVED])},
                "travel_minutes": {"mean": rounded(row[TRAVEL_MINUTES] / max(row[TRIPS], 1.0)), "p90": travel_p90[g]},
                "wait_minutes": {"mean": rounded(row[WAIT_MINUTES] / max(row[SERVED_VISITS], 1.0)), "p90": wait_p90[g]},
                "online_days_to_completion": {
                    "mean": rounded(row[ONLINE_DAYS] / max(row[ONLINE_HANDLED], 1.0)),
                    "p90": online_p90[g],
                },
                "trips": int(row[TRIPS]),
                "car_km": rounded(row[CAR_KM], 2),
                "co2_kg": rounded(row[CO2_KG], 2),
                "citizen_hours": rounded(row[CITIZEN_MINUTES] / 60.0, 2),
                "cross_border_share": rounded(row[CROSS_BORDER] / max(row[IN_PERSON_SERVED], 1.0)),
            }
        )
    return figures
