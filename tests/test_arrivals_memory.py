"""Arrival and memory kernels equal plain-Python twins."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.arrivals import arrival_minutes
from kernels.memory import remember_waits, session_sums


def python_arrivals(offsets, interval_offsets, intervals, draw, slot_position, retry):
    minutes = []
    for session in range(len(offsets) - 1):
        hours = intervals[interval_offsets[session] : interval_offsets[session + 1]]
        total = sum(end - start for start, end in hours)

        def at(position, hours=hours):
            passed = 0.0
            for index, (start, end) in enumerate(hours):
                if position < passed + (end - start) or index == len(hours) - 1:
                    return start + (position - passed)
                passed += end - start

        for visit in range(offsets[session], offsets[session + 1]):
            if retry[visit]:
                minutes.append(hours[0][0])
            elif slot_position[visit] >= 0:
                minutes.append(at(min(slot_position[visit], total * (1 - 1e-9))))
            else:
                minutes.append(at(draw[visit] * total))
    return minutes


@settings(max_examples=100, deadline=None)
@given(sizes=st.lists(st.integers(0, 12), min_size=1, max_size=4), seed=st.integers(0, 1000))
def test_arrivals_equal_python_twin(sizes, seed):
    rng = np.random.default_rng(seed)
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    hour_sets = [[[480.0, 750.0], [840.0, 960.0]], [[540.0, 720.0]]]
    chosen = [hour_sets[rng.integers(0, 2)] for _ in sizes]
    intervals = np.array([pair for hours in chosen for pair in hours])
    interval_offsets = np.concatenate(([0], np.cumsum([len(h) for h in chosen]))).astype(np.int64)
    total = int(offsets[-1])
    draw, retry = rng.random(total), rng.random(total) < 0.2
    slot_position = np.where(rng.random(total) < 0.4, rng.random(total) * 500, -1.0)
    kernel = arrival_minutes(offsets, interval_offsets, intervals, draw, slot_position, retry)
    expected = python_arrivals(offsets, interval_offsets, intervals.tolist(), draw, slot_position, retry)
    assert np.allclose(kernel, expected, rtol=0, atol=1e-9)
    for session, hours in enumerate(chosen):
        visits = kernel[offsets[session] : offsets[session + 1]]
        inside = [any(start <= m <= end for start, end in hours) for m in visits]
        assert all(inside)


def python_remember(citizens, places, waited, memory_place, memory_wait, next_slot, rate, initial):
    slots = memory_place.shape[1]
    for citizen, place, wait in zip(citizens, places, waited, strict=True):
        row = list(memory_place[citizen])
        if place in row:
            slot = row.index(place)
        else:
            slot = next_slot[citizen]
            next_slot[citizen] = (slot + 1) % slots
            memory_place[citizen, slot] = place
            memory_wait[citizen, slot] = initial
        memory_wait[citizen, slot] += rate * (wait - memory_wait[citizen, slot])


@settings(max_examples=100, deadline=None)
@given(visits=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6), st.floats(0, 300)), max_size=60))
def test_remember_waits_equals_python_twin(visits):
    citizens = np.array([v[0] for v in visits], dtype=np.int64)
    places = np.array([v[1] for v in visits], dtype=np.int64)
    waited = np.array([v[2] for v in visits])
    kernel = (np.full((5, 3), -1, np.int32), np.zeros((5, 3)), np.zeros(5, np.int32))
    twin = tuple(array.copy() for array in kernel)
    remember_waits(citizens, places, waited, *kernel, 0.3, 10.0)
    python_remember(citizens, places, waited, *twin, 0.3, 10.0)
    for one, two in zip(kernel, twin, strict=True):
        assert np.array_equal(one, two)


def test_session_sums_add_in_order():
    values = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    assert session_sums(np.array([0, 2, 2, 5]), values).tolist() == [3.0, 0.0, 12.0]
