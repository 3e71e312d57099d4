"""The tally kernel adds up exactly what a plain-Python loop over the requests adds up."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.tally import FIELDS, tally_groups


def python_tally(group, groups, channel, status, tries, travel, km, mode, wait, days, home, place_home, co2):
    table = [[0.0] * FIELDS for _ in range(groups)]
    for i in range(len(group)):
        row = table[group[i]]
        row[0] += 1
        row[4] += status[i] == 1
        row[5] += status[i] == 2
        if channel[i] == 0:
            row[1] += 1
            if status[i] == 1:
                row[10] += 1
                row[11] += days[i]
            continue
        if channel[i] == 1:
            row[2] += 1
            if status[i] == 1:
                row[15] += 1
                row[16] += place_home[i] != home[i]
        elif channel[i] == 2:
            row[3] += 1
        else:
            continue
        minutes = 0.0 if math.isnan(travel[i]) else travel[i]
        row[6] += tries[i]
        row[7] += minutes * tries[i]
        row[14] += 2.0 * minutes * tries[i] + wait[i]
        if status[i] == 1:
            row[8] += 1
            row[9] += wait[i]
        if mode[i] >= 0 and not math.isnan(km[i]):
            round_trip = 2.0 * km[i] * tries[i]
            if mode[i] == 0:
                row[12] += round_trip
            row[13] += round_trip * co2[mode[i]]
    return np.array(table)


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 300), seed=st.integers(0, 10_000))
def test_tally_equals_python_twin(size, seed):
    rng = np.random.default_rng(seed)
    arrays = (
        rng.integers(0, 3, size),
        3,
        rng.integers(-1, 3, size).astype(np.int8),
        rng.integers(0, 3, size).astype(np.int8),
        rng.integers(0, 4, size).astype(np.int8),
        np.where(rng.random(size) < 0.1, np.nan, rng.random(size) * 40),
        np.where(rng.random(size) < 0.1, np.nan, rng.random(size) * 20),
        rng.integers(-1, 4, size).astype(np.int8),
        rng.random(size) * 30,
        rng.integers(0, 9, size).astype(np.int32),
        rng.integers(0, 2, size),
        rng.integers(-1, 2, size),
        np.array([0.147, 0.065, 0.0, 0.0]),
    )
    assert np.array_equal(tally_groups(*arrays), python_tally(*arrays))
