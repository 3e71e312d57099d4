"""Counter-based draws: equal to the Python twin, uniform, independent of order, no global state."""

import numpy as np
import twins
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels import random as draws

counters = st.integers(min_value=0, max_value=2**40)


@settings(max_examples=200, deadline=None)
@given(seed=counters, purpose=st.integers(0, 50), entity=counters, day=st.integers(0, 4000), index=counters)
def test_uniform_equals_python_twin(seed, purpose, entity, day, index):
    assert draws.counter_hash(seed, purpose, entity, day, index) == twins.counter_hash(
        seed, purpose, entity, day, index
    )
    assert draws.uniform(seed, purpose, entity, day, index) == twins.uniform(seed, purpose, entity, day, index)


@settings(max_examples=200, deadline=None)
@given(mean=st.floats(0.0, 80.0), draw=st.floats(1e-12, 1 - 1e-12))
def test_poisson_inversion_equals_twin(mean, draw):
    assert draws.poisson_from_uniform(mean, draw) == twins.poisson_from_uniform(mean, draw)


def test_uniform_array_is_order_independent_and_open_interval():
    entity = np.arange(20_000, dtype=np.int64)
    zeros = np.zeros_like(entity)
    forward = draws.uniform_array(7, 3, entity, zeros, zeros)
    backward = draws.uniform_array(7, 3, entity[::-1].copy(), zeros, zeros)[::-1]
    assert np.array_equal(forward, backward)
    assert forward.min() > 0.0 and forward.max() < 1.0
    # Kolmogorov distance of 20k uniforms stays far below 0.02 (the 1 % critical value is ~0.0115).
    sorted_draws = np.sort(forward)
    ecdf = np.arange(1, sorted_draws.size + 1) / sorted_draws.size
    assert np.abs(ecdf - sorted_draws).max() < 0.0115


def test_purposes_and_seeds_give_different_streams():
    entity = np.arange(1000, dtype=np.int64)
    zeros = np.zeros_like(entity)
    first = draws.uniform_array(1, 1, entity, zeros, zeros)
    assert not np.array_equal(first, draws.uniform_array(2, 1, entity, zeros, zeros))
    assert not np.array_equal(first, draws.uniform_array(1, 2, entity, zeros, zeros))
    assert abs(np.corrcoef(first, draws.uniform_array(1, 2, entity, zeros, zeros))[0, 1]) < 0.1


def test_standard_normal_moments():
    entity = np.arange(50_000, dtype=np.int64)
    zeros = np.zeros_like(entity)
    normal = draws.standard_normal_array(11, 12, entity, zeros, zeros)
    assert abs(normal.mean()) < 4 / np.sqrt(entity.size)
    assert abs(normal.std() - 1.0) < 0.02


def test_poisson_frequencies_match_theory():
    draws_u = draws.uniform_array(
        5, 5, np.arange(40_000, dtype=np.int64), np.zeros(40_000, np.int64), np.zeros(40_000, np.int64)
    )
    counts = np.array([draws.poisson_from_uniform(2.5, u) for u in draws_u])
    assert abs(counts.mean() - 2.5) < 4 * np.sqrt(2.5 / counts.size)
    assert abs(counts.var() - 2.5) < 0.1
