"""Demand generation in O(requests): a yearly count per citizen and service, then a day per request."""

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
    counts = np.empty((citizens, services), dtype=np.int64)
    for citizen in prange(citizens):
        for service in range(services):
            draw = uniform(seed, PURPOSE_DEMAND_COUNT, citizen, service, 0)
            counts[citizen, service] = poisson_from_uniform(
                expected_per_age[age_group[citizen], service], draw
            )
    return counts


@njit(cache=True, parallel=True)
def spread_requests(
    seed: int, counts: np.ndarray, day_cdf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Give every counted request a day from its service's day distribution.

    Args:
        counts: (citizens x services) from count_requests.
        day_cdf: (services x days) cumulative day probabilities, last column 1.

    Returns:
        citizen, service, ordinal (k-th request of that citizen and service) and need day, in
        citizen-major order; the order does not depend on threads.
    """
    citizens, services = counts.shape
    per_citizen = counts.sum(axis=1)
    offsets = np.zeros(citizens + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(per_citizen)
    total = offsets[-1]
    citizen_out = np.empty(total, dtype=np.int64)
    service_out = np.empty(total, dtype=np.int64)
    ordinal_out = np.empty(total, dtype=np.int64)
    day_out = np.empty(total, dtype=np.int64)
    for citizen in prange(citizens):
        position = offsets[citizen]
        for service in range(services):
            for ordinal in range(counts[citizen, service]):
                draw = uniform(seed, PURPOSE_DEMAND_DAY, citizen, service, ordinal)
                citizen_out[position] = citizen
                service_out[position] = service
                ordinal_out[position] = ordinal
                day_out[position] = np.searchsorted(day_cdf[service], draw)
                position += 1
    return citizen_out, service_out, ordinal_out, day_out
