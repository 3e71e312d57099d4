"""Travel and choice kernels: equal to Python twins; logit frequencies match the probabilities."""

import math

import numpy as np
import twins
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.choice import choose_one, log_sum_exp, pick_by_logit
from kernels.random import PURPOSE_DESTINATION, PURPOSE_MODE
from kernels.travel import great_circle_km, local_km, mode_minutes

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


def python_choose(
    seed, key, lat, lon, row, memory, candidates, public, place_lat, place_lon, place_row, transit, weights
):
    has_car = row[2] == 1
    citizen, service, ordinal, day = key
    index = service * 4096 + ordinal

    def utility(mode, crow, between):
        minutes = twins.mode_minutes(mode, crow, between, TABLE.tolist())
        if math.isinf(minutes):
            return -math.inf
        value = -weights[0] * minutes + TABLE[mode, 5]
        return value + (weights[3] if mode == 0 and not has_car else 0.0)

    if len(candidates) == 1:
        best = candidates[0]
    else:
        place_utility = []
        for place in candidates:
            crow = twins.local_km(lat, lon, place_lat[place], place_lon[place])
            modes = [utility(mode, crow, transit[row[0], place_row[place][0]]) for mode in range(4)]
            top = max(modes)
            logsum = top + math.log(sum(math.exp(u - top) for u in modes if u != -math.inf))
            if place_row[place][1] != row[1]:
                logsum -= weights[0] * weights[2]
            logsum = float(np.float32(logsum))  # the kernel keeps static utilities in single precision
            logsum -= weights[1] * twins.expected_wait(memory[0], memory[1], public, place, weights[4])
            place_utility.append(logsum)
        draw = twins.uniform(seed, PURPOSE_DESTINATION, citizen, day, index)
        best = candidates[twins.logit_pick(place_utility, draw)]
    crow = twins.local_km(lat, lon, place_lat[best], place_lon[best])
    between = transit[row[0], place_row[best][0]]
    modes = [utility(m, crow, between) for m in range(4)]
    mode = twins.logit_pick(modes, twins.uniform(seed, PURPOSE_MODE, citizen, day, index))
    return best, mode, twins.mode_minutes(mode, crow, between, TABLE.tolist())


@settings(max_examples=150, deadline=None)
@given(
    day=st.integers(0, 365),
    ordinal=st.integers(0, 50),
    has_car=st.booleans(),
    offsets=st.lists(st.tuples(st.floats(-0.08, 0.08), st.floats(-0.08, 0.08)), min_size=1, max_size=5),
    public=st.lists(st.floats(0, 120), min_size=5, max_size=5),
    remembered=st.lists(st.tuples(st.integers(-1, 4), st.floats(0, 200)), min_size=4, max_size=4),
)
def test_choose_one_equals_python_twin(day, ordinal, has_car, offsets, public, remembered):
    place_lat = np.array([52.05 + dy for dy, _ in offsets])
    place_lon = np.array([8.9 + dx for _, dx in offsets])
    place_row = np.array([[index % 2, index % 2] for index in range(len(offsets))], dtype=np.int64)
    transit = np.array([[math.inf, 18.0], [22.0, math.inf]])
    weights = np.array([0.1, 0.15, 5.0, -2.5, 0.5])
    row = np.array([0, 0, int(has_car)], dtype=np.int64)
    key = np.array([0, 1, ordinal, day], dtype=np.int64)
    candidates = np.arange(len(offsets), dtype=np.int64)
    memory_place = np.array([[p for p, _ in remembered]], dtype=np.int32)
    memory_wait = np.array([[w for _, w in remembered]])
    public_wait = np.array(public)
    cache = np.full((1, 2, 8), np.nan, dtype=np.float32)
    arguments = (
        42,
        key[None, :],
        0,
        np.array([52.06]),
        np.array([8.91]),
        row[None, :],
        memory_place,
        memory_wait,
        candidates,
        0,
        len(candidates),
        public_wait,
        cache,
        place_lat,
        place_lon,
        place_row,
        transit,
        TABLE,
        weights,
    )
    place, mode, minutes, _ = choose_one(*arguments)
    expected = python_choose(
        42,
        key.tolist(),
        52.06,
        8.91,
        row.tolist(),
        (memory_place[0].tolist(), memory_wait[0].tolist()),
        candidates.tolist(),
        public,
        place_lat,
        place_lon,
        place_row.tolist(),
        transit,
        weights,
    )
    assert (place, mode) == expected[:2]
    assert math.isclose(minutes, expected[2], rel_tol=1e-12)
    assert choose_one(*arguments)[:2] == (place, mode)  # the second call reads the cached static utilities


def test_local_distance_is_within_a_tenth_of_a_percent_of_great_circle():
    for lat, lon in ((52.1075, 8.95), (51.9, 9.2), (52.4, 8.5)):
        exact = great_circle_km(52.028, 8.9015, lat, lon)
        assert abs(local_km(52.028, 8.9015, lat, lon) - exact) <= 1e-3 * exact
