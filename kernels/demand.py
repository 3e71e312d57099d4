"""Demand generation in O(requests): a horizon count per citizen and service, then a day per request."""

import numpy as np
from numba import njit, prange

from kernels.random import PURPOSE_DEMAND_COUNT, PURPOSE_DEMAND_DAY, poisson_from_uniform, uniform


@njit(cache=True, parallel=True)
def count_requests(seed: int, age_group: np.ndarray, expected_per_age: np.ndarray) -> np.ndarray:
    """Return a (citizens x services) Poisson count of needs over the horizon.

    Args:
        expected_per_age: (age groups x services) expected requests per person over the horizon.
    """
    citizens = age_group.shape[0]
    services = expected_per_age.shape[1]
    counts = np.empty((citizens, services), dtype=np.int32)
    for citizen in prange(citizens):
        for service in range(services):
            draw = uniform(seed, PURPOSE_DEMAND_COUNT, citizen, service, 0)
            counts[citizen, service] = poisson_from_uniform(expected_per_age[age_group[citizen], service], draw)
    return counts


@njit(cache=True)
def need_day(seed: int, citizen: int, service: int, ordinal: int, day_cdf: np.ndarray) -> int:
    """Return the day on which one request arises (inverse CDF of its service's day distribution)."""
    return int(np.searchsorted(day_cdf[service], uniform(seed, PURPOSE_DEMAND_DAY, citizen, service, ordinal)))


@njit(cache=True, parallel=True)
def _need_days(seed: int, counts: np.ndarray, day_cdf: np.ndarray, first_request: np.ndarray) -> np.ndarray:
    """Return the need day of every request in (citizen, service, ordinal) order, citizens in parallel."""
    services = counts.shape[1]
    days = np.empty(first_request[-1], dtype=np.int16)
    for citizen in prange(counts.shape[0]):
        position = first_request[citizen]
        for service in range(services):
            for ordinal in range(counts[citizen, service]):
                days[position] = need_day(seed, citizen, service, ordinal, day_cdf)
                position += 1
    return days


@njit(cache=True)
def spread_requests(
    seed: int, counts: np.ndarray, day_cdf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Give every counted request a day and return them sorted by day (a counting sort, two passes).

    Args:
        counts: (citizens x services) from count_requests.
        day_cdf: (services x days) cumulative day probabilities, last column exactly 1.

    Returns:
        citizen, service, ordinal, need day, and day_starts (requests of day d are
        day_starts[d]:day_starts[d + 1]); within a day the order is citizen, service, ordinal.
    """
    citizens, services = counts.shape
    days = day_cdf.shape[1]
    first_request = np.zeros(citizens + 1, dtype=np.int64)
    for citizen in range(citizens):
        first_request[citizen + 1] = first_request[citizen] + counts[citizen].sum()
    drawn = _need_days(seed, counts, day_cdf, first_request)
    per_day = np.zeros(days + 1, dtype=np.int64)
    for day in drawn:
        per_day[day + 1] += 1
    day_starts = np.cumsum(per_day)
    total = day_starts[-1]
    cursor = day_starts[:-1].copy()
    citizen_out = np.empty(total, dtype=np.int32)
    service_out = np.empty(total, dtype=np.int8)
    ordinal_out = np.empty(total, dtype=np.int16)
    day_out = np.empty(total, dtype=np.int16)
    position = 0
    for citizen in range(citizens):
        for service in range(services):
            for ordinal in range(counts[citizen, service]):
                day = drawn[position]
                position += 1
                at = cursor[day]
                citizen_out[at] = citizen
                service_out[at] = service
                ordinal_out[at] = ordinal
                day_out[at] = day
                cursor[day] += 1
    return citizen_out, service_out, ordinal_out, day_out, day_starts
