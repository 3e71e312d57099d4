"""Travel and choice kernels: equal to Python twins; logit frequencies match the probabilities."""

import math

import numpy as np
import twins
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.choice import WEIGHT_COUNT, choose_one, log_sum_exp, pick_by_logit
from kernels.random import PURPOSE_DESTINATION, PURPOSE_MODE
from kernels.travel import great_circle_km, mode_minutes

TABLE = np.array(
    [
        [40.0, 1.3, 2.0, 3.0, math.inf, 0.0],
        [1.0, 1.3, 6.0, 4.0, math.inf, -0.6],
        [15.0, 1.25, 1.0, 1.0, 8.0, -1.6],
        [4.5, 1.25, 0.0, 0.0, 2.5, 0.2],
    ]
)


def test_great_circle_lemgo_to_hohenhausen():
    # Rathaus Lemgo to Rathaus Kalletal: about 9 km as the crow flies.
    assert 8.5 < great_circle_km(52.028, 8.9015, 52.1075, 8.95) < 9.8
    assert great_circle_km(52.0, 9.0, 52.0, 9.0) == 0.0


@settings(max_examples=200, deadline=None)
@given(mode=st.integers(0, 3), crow_km=st.floats(0, 60), between=st.one_of(st.just(math.inf), st.floats(0, 200)))
def test_mode_minutes_equal_twin(mode, crow_km, between):
    assert mode_minutes(mode, crow_km, between, TABLE) == twins.mode_minutes(mode, crow_km, between, TABLE.tolist())


def test_walk_and_bike_have_a_range_and_transit_needs_a_line():
    assert math.isinf(mode_minutes(3, 3.0, 10.0, TABLE))  # 3.75 km walking is beyond 2.5 km
    assert math.isinf(mode_minutes(2, 7.0, 10.0, TABLE))  # 8.75 km by bike is beyond 8 km
    assert math.isinf(mode_minutes(1, 1.0, math.inf, TABLE))
    assert mode_minutes(0, 10.0, math.inf, TABLE) == 10.0 * 1.3 / 40.0 * 60.0 + 5.0


@settings(max_examples=300, deadline=None)
@given(
    utilities=st.lists(st.one_of(st.just(-math.inf), st.floats(-30, 30)), min_size=1, max_size=8),
    draw=st.floats(1e-9, 1 - 1e-9),
)
def test_pick_by_logit_equals_twin(utilities, draw):
    assert pick_by_logit(np.array(utilities), draw) == twins.logit_pick(utilities, draw)


def test_logit_frequencies_match_probabilities():
    utilities = np.array([0.0, -0.5, -2.0, -math.inf])
    draws_u = (np.arange(100_000) + 0.5) / 100_000
    picks = np.array([pick_by_logit(utilities, u) for u in draws_u])
    expected = np.exp(utilities) / np.exp(utilities[:3]).sum()
    assert np.allclose(np.bincount(picks, minlength=4) / picks.size, expected, atol=1e-3)
    assert log_sum_exp(np.array([-math.inf, -math.inf])) == -math.inf


def python_choose(seed, key, lat, lon, row, candidates, waits, place_lat, place_lon, place_row, transit, weights):
    has_car = row[2] == 1

    def utilities(crow, between):
        out = []
        for mode in range(4):
            minutes = twins.mode_minutes(mode, crow, between, TABLE.tolist())
            if math.isinf(minutes):
                out.append(-math.inf)
                continue
            value = -weights[0] * minutes + TABLE[mode, 5]
            out.append(value + (weights[3] if mode == 0 and not has_car else 0.0))
        return out

    place_utility = []
    for slot, place in enumerate(candidates):
        crow = twins.great_circle_km(lat, lon, place_lat[place], place_lon[place])
        modes = utilities(crow, transit[row[0], place_row[place][0]])
        top = max(modes)
        logsum = top + math.log(sum(math.exp(u - top) for u in modes if u != -math.inf))
        logsum -= weights[1] * waits[slot]
        if place_row[place][1] != row[1]:
            logsum -= weights[0] * weights[2]
        place_utility.append(logsum)
    citizen, service, ordinal, day = key
    slot = twins.logit_pick(
        place_utility, twins.uniform(seed, PURPOSE_DESTINATION, citizen, day, service * 4096 + ordinal)
    )
    place = candidates[slot]
    crow = twins.great_circle_km(lat, lon, place_lat[place], place_lon[place])
    between = transit[row[0], place_row[place][0]]
    mode = twins.logit_pick(
        utilities(crow, between), twins.uniform(seed, PURPOSE_MODE, citizen, day, service * 4096 + ordinal)
    )
    return place, mode, twins.mode_minutes(mode, crow, between, TABLE.tolist())


@settings(max_examples=150, deadline=None)
@given(
    citizen=st.integers(0, 10**6),
    day=st.integers(0, 365),
    has_car=st.booleans(),
    offsets=st.lists(st.tuples(st.floats(-0.08, 0.08), st.floats(-0.08, 0.08)), min_size=1, max_size=5),
    waits=st.lists(st.floats(0, 120), min_size=5, max_size=5),
)
def test_choose_one_equals_python_twin(citizen, day, has_car, offsets, waits):
    place_lat = np.array([52.05 + dy for dy, _ in offsets])
    place_lon = np.array([8.9 + dx for _, dx in offsets])
    place_row = np.array([[index % 2, index % 2] for index in range(len(offsets))], dtype=np.int64)
    transit = np.array([[math.inf, 18.0], [22.0, math.inf]])
    weights = np.zeros(WEIGHT_COUNT)
    weights[:4] = [0.1, 0.15, 5.0, -2.5]
    row = np.array([0, 0, int(has_car)], dtype=np.int64)
    key = np.array([citizen, 1, 2, day], dtype=np.int64)
    candidates = np.arange(len(offsets), dtype=np.int64)
    wait_array = np.array(waits[: len(offsets)])
    place, mode, minutes, _ = choose_one(
        42, key, 52.06, 8.91, row, candidates, wait_array, place_lat, place_lon, place_row, transit, TABLE, weights
    )
    expected = python_choose(
        42,
        key.tolist(),
        52.06,
        8.91,
        row.tolist(),
        candidates.tolist(),
        waits,
        place_lat,
        place_lon,
        place_row.tolist(),
        transit,
        weights,
    )
    assert (place, mode) == expected[:2]
    assert math.isclose(minutes, expected[2], rel_tol=1e-12)
