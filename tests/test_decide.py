"""The one decision function (channel, booking, place, mode) equals a plain-Python twin, in both engines' calls."""

import math

import numpy as np
import twins
from hypothesis import given, settings
from hypothesis import strategies as st
from test_choice import TABLE

from kernels.decide import CHANNEL_IN_PERSON, CHANNEL_MOBILE, CHANNEL_ONLINE, decide_day, decide_request
from kernels.random import (
    PURPOSE_BOOKING,
    PURPOSE_DESTINATION,
    PURPOSE_MOBILE_UPTAKE,
    PURPOSE_MODE,
    PURPOSE_ONLINE_POSSIBLE,
)
from kernels.records import Memory, People, Places, Plan, Requests, Rules

SEED = 42
WEIGHTS = np.array([0.1, 0.15, 5.0, -2.5, 0.5])
TRANSIT = np.array([[math.inf, 18.0], [22.0, math.inf]])


def make_world(
    offsets, public, remembered, has_car, online_share, booking_share, uptake, mobile_stop, online_user=True
):
    """One citizen in district 0 of municipality 0; fixed places 0..n-1, and place n a mobile stop."""
    count = len(offsets) + 1
    lat = np.array([52.05 + dy for dy, _ in offsets] + [52.06])
    lon = np.array([8.9 + dx for _, dx in offsets] + [8.91])
    side = np.array([index % 2 for index in range(count)], dtype=np.int64)
    places = Places(
        lat, lon, side, side, np.arange(count), np.ones(count, dtype=np.int64), np.full(count, 3),
        np.full(count, uptake), np.zeros((count, 7), dtype=np.int64), np.zeros((count, 7)), np.zeros((0, 2)),
        np.zeros((7, count + 1), dtype=np.int64), np.zeros(count), np.zeros(count), np.zeros(count, dtype=np.int64),
        np.zeros((count, 400), dtype=np.int32),
        np.zeros(0, dtype=np.int32), np.zeros((0, 0), dtype=np.int32), np.zeros((0, 0), dtype=np.int32),  # no closures
        np.zeros((0, 0)), np.zeros((0, 0)),  # no terminals
    )  # fmt: skip
    # Rank 0.5 below an adopted share of 1 (online user) or above 0 (not): the trait, as the adoption rule reads it.
    people = People(np.array([52.06]), np.array([8.91]), np.array([0]), np.array([0]), np.array([has_car]),
                    np.array([online_user]), np.array([1]), np.array([0.5]))  # fmt: skip
    candidates = list(range(len(offsets)))
    groups = [candidates, candidates] + [[place] for place in range(count)]  # district 0 x 2 services, then places
    group_offsets = np.cumsum([0] + [len(group) for group in groups]).astype(np.int64)
    plan = Plan(
        np.array([online_share, online_share]), np.array([booking_share, booking_share]), np.array([0.5, 0.5]),
        np.array([[-1, -1]], dtype=np.int64),
        np.array([[[mobile_stop]], [[mobile_stop]]], dtype=np.int64).reshape(1, 2, 1),
        group_offsets, np.concatenate([np.array(g, dtype=np.int64) for g in groups]),
        np.full((2, 1, 3), 1.0 if online_user else 0.0),
    )  # fmt: skip
    memory = Memory(
        np.array([[p for p, _ in remembered]], dtype=np.int32), np.array([[w for _, w in remembered]]),
        np.zeros(1, dtype=np.int32), np.array(public + [10.0] * (count - len(public))),
        np.full((1, 2, 8), np.nan, dtype=np.float32),
    )  # fmt: skip
    rules = Rules(SEED, WEIGHTS, TABLE, TRANSIT, 2, 1, 0.3, 15.0, 0.05, 365)
    return people, places, plan, memory, rules


def one_request(day: int, ordinal: int) -> Requests:
    def column(value, dtype):
        return np.array([value], dtype=dtype)

    return Requests(
        column(0, np.int32), column(1, np.int8), column(ordinal, np.int16), column(day, np.int16), column(9.0, float),
        np.array([0, 1]), column(-1, np.int8), column(-1, np.int32), column(-1, np.int8), np.zeros(1), np.zeros(1),
        np.zeros(1, bool), np.zeros(1, np.int8), np.zeros(1, np.int8), np.zeros(1), column(-1, np.int16),
        column(-1, np.int32), column(-1, np.int64), np.full(400, -1, dtype=np.int64),
    )  # fmt: skip


def python_decide(day, ordinal, world, offsets, public, remembered, has_car, online_user=True):
    """The decision written out in plain Python: online, mobile, else in person; then place, mode, booking."""
    _, places, plan, _, _ = world
    index = 1 * 4096 + ordinal
    if twins.uniform(SEED, PURPOSE_ONLINE_POSSIBLE, 0, day, index) < plan.online_share[1] and online_user:
        return CHANNEL_ONLINE, -1, -1
    stop = int(plan.mobile_place[0, 1, 0])
    mobile = stop >= 0 and twins.uniform(SEED, PURPOSE_MOBILE_UPTAKE, 0, day, index) < places.uptake_share[stop]
    candidates = [stop] if mobile else list(range(len(offsets)))

    def utility(mode, crow, between):
        minutes = twins.mode_minutes(mode, crow, between, TABLE.tolist())
        if math.isinf(minutes):
            return -math.inf
        return -WEIGHTS[0] * minutes + TABLE[mode, 5] + (WEIGHTS[3] if mode == 0 and not has_car else 0.0)

    if len(candidates) == 1:
        best = candidates[0]
    else:
        scores = []
        for place in candidates:
            crow = twins.local_km(52.06, 8.91, places.lat[place], places.lon[place])
            modes = [utility(mode, crow, TRANSIT[0, places.district[place]]) for mode in range(4)]
            top = max(modes)
            value = top + math.log(sum(math.exp(u - top) for u in modes if u != -math.inf))
            value -= WEIGHTS[0] * WEIGHTS[2] if places.municipality[place] != 0 else 0.0
            value = float(np.float32(value))  # the kernel keeps static utilities in single precision
            full_public = public + [10.0] * (len(places.lat) - len(public))
            wait = twins.expected_wait([p for p, _ in remembered], [w for _, w in remembered], full_public, place, 0.5)
            scores.append(value - WEIGHTS[1] * wait)
        best = candidates[twins.logit_pick(scores, twins.uniform(SEED, PURPOSE_DESTINATION, 0, day, index))]
    crow = twins.local_km(52.06, 8.91, places.lat[best], places.lon[best])
    modes = [utility(mode, crow, TRANSIT[0, places.district[best]]) for mode in range(4)]
    mode = twins.logit_pick(modes, twins.uniform(SEED, PURPOSE_MODE, 0, day, index))
    channel = CHANNEL_MOBILE if mobile else CHANNEL_IN_PERSON
    booking_draw = twins.uniform(SEED, PURPOSE_BOOKING, 0, day, index)
    share = plan.booking_share[1] if online_user else plan.phone_share[1]  # online users book online, others by phone
    booked = channel == CHANNEL_IN_PERSON and booking_draw < share
    return channel, best, mode, booked


@settings(max_examples=150, deadline=None)
@given(
    day=st.integers(0, 300),
    ordinal=st.integers(0, 50),
    has_car=st.booleans(),
    offsets=st.lists(st.tuples(st.floats(-0.08, 0.08), st.floats(-0.08, 0.08)), min_size=1, max_size=5),
    public=st.lists(st.floats(0, 120), min_size=5, max_size=5),
    remembered=st.lists(st.tuples(st.integers(-1, 4), st.floats(0, 200)), min_size=4, max_size=4),
    online_share=st.sampled_from([0.0, 0.3, 1.0]),
    booking_share=st.sampled_from([0.0, 0.6]),
    uptake=st.sampled_from([0.0, 0.5, 1.0]),
    has_stop=st.booleans(),
    online_user=st.booleans(),
)
def test_decide_request_equals_python_twin(
    day, ordinal, has_car, offsets, public, remembered, online_share, booking_share, uptake, has_stop, online_user
):
    stop = len(offsets) if has_stop else -1
    world = make_world(offsets, public, remembered, has_car, online_share, booking_share, uptake, stop, online_user)
    people, places, plan, memory, rules = world
    requests = one_request(day, ordinal)
    channel, place, mode, minutes, _, booked = decide_request(
        requests, 0, people, places, plan, memory, rules, np.empty(64)
    )
    expected = python_decide(day, ordinal, world, offsets, public, remembered, has_car, online_user)
    assert (channel, place, mode) == expected[:3]
    if channel != CHANNEL_ONLINE:
        assert booked == expected[3]
        again = decide_request(
            requests, 0, people, places, plan, memory, rules, np.empty(64)
        )  # reads the cached utilities
        assert again[:3] == (channel, place, mode) and again[3] == minutes


def test_the_batch_kernel_writes_what_the_scalar_function_decides():
    world = make_world([(0.01, 0.02), (-0.03, 0.01), (0.05, -0.04)], [5.0] * 5, [(-1, 0.0)] * 4, True, 0.3, 0.6,
                       0.5, 3)  # fmt: skip
    people, places, plan, memory, rules = world
    expected = []
    for ordinal in range(40):
        requests = one_request(7, ordinal)
        expected.append(decide_request(requests, 0, people, places, plan, memory, rules, np.empty(64))[:3])
    for ordinal in range(40):
        requests = one_request(7, ordinal)._replace(day_starts=np.array([0, 0, 0, 0, 0, 0, 0, 0, 1]))
        counts = decide_day(requests, 7, 0, people, places, plan, memory, rules)
        assert (requests.channel[0], requests.place[0], requests.mode[0]) == expected[ordinal]
        assert counts[0] == 1
