"""Demand kernels: equal to a Python twin, Poisson volumes, weekday profile, and CRN across policies."""

import numpy as np
import twins

from kernels.demand import count_requests, spread_requests
from kernels.random import PURPOSE_DEMAND_COUNT, PURPOSE_DEMAND_DAY


def python_requests(seed, age_group, expected_per_age, day_cdf):
    rows = []
    for citizen, age in enumerate(age_group):
        for service in range(expected_per_age.shape[1]):
            draw = twins.uniform(seed, PURPOSE_DEMAND_COUNT, citizen, service, 0)
            for ordinal in range(twins.poisson_from_uniform(expected_per_age[age, service], draw)):
                day_draw = twins.uniform(seed, PURPOSE_DEMAND_DAY, citizen, service, ordinal)
                rows.append((citizen, service, ordinal, int(np.searchsorted(day_cdf[service], day_draw))))
    return rows


def test_demand_kernels_equal_python_twin():
    age_group = np.array([0, 1, 2, 1, 1, 0, 2] * 30, dtype=np.int64)
    expected = np.array([[0.3, 2.5], [0.8, 4.6], [0.7, 10.5]])
    day_cdf = np.cumsum(np.tile([1.2, 1.0, 1.0, 1.0, 0.8, 0.0, 0.0], 8))[None, :].repeat(2, axis=0)
    day_cdf /= day_cdf[:, -1:]
    counts = count_requests(99, age_group, expected)
    citizen, service, ordinal, day, day_starts = spread_requests(99, counts, day_cdf)
    kernel = list(zip(citizen.tolist(), service.tolist(), ordinal.tolist(), day.tolist(), strict=True))
    expected_rows = python_requests(99, age_group, expected, day_cdf)
    assert kernel == sorted(expected_rows, key=lambda row: (row[3], row[0], row[1], row[2]))
    assert np.array_equal(day_starts, np.searchsorted(day, np.arange(day_cdf.shape[1] + 1)))


def test_volumes_and_weekday_profile():
    citizens = 20_000
    age_group = np.ones(citizens, dtype=np.int64)
    expected = np.array([[0.0], [0.7], [0.0]])
    weights = np.tile([2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0], 52)
    day_cdf = (np.cumsum(weights) / weights.sum())[None, :]
    counts = count_requests(3, age_group, expected)
    _, _, _, day, _ = spread_requests(3, counts, day_cdf)
    total = counts.sum()
    assert abs(total - 0.7 * citizens) < 4 * np.sqrt(0.7 * citizens)
    weekday = np.bincount(day % 7, minlength=7) / total
    assert weekday[5] == 0 and weekday[6] == 0
    assert abs(weekday[0] - 2 / 6) < 0.015 and abs(weekday[1] - 1 / 6) < 0.015


def test_same_citizens_same_needs_whatever_else_changes():
    age_group = np.array([1, 2, 0, 1], dtype=np.int64)
    expected = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    day_cdf = np.linspace(0.01, 1.0, 100)[None, :].repeat(2, axis=0)
    first = spread_requests(5, count_requests(5, age_group, expected), day_cdf)
    again = spread_requests(5, count_requests(5, age_group, expected), day_cdf)
    for one, two in zip(first, again, strict=True):
        assert np.array_equal(one, two)
