"""Travel and choice kernels: equal to Python twins; logit frequencies match the probabilities."""

import math

import numpy as np
import twins
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.choice import log_sum_exp, mode_logsum, pick_by_logit
from kernels.travel import great_circle_km, local_km, mode_minutes

# speed, circuity, access, egress, max km, constant, uses transit matrix, needs car, CO2 kg/km
TABLE = np.array(
    [
        [40.0, 1.3, 2.0, 3.0, math.inf, 0.0, 0.0, 1.0, 0.15],
        [1.0, 1.3, 6.0, 4.0, math.inf, -0.6, 1.0, 0.0, 0.07],
        [15.0, 1.25, 1.0, 1.0, 8.0, -1.6, 0.0, 0.0, 0.0],
        [4.5, 1.25, 0.0, 0.0, 2.5, 0.2, 0.0, 0.0, 0.0],
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


def test_local_distance_is_within_a_tenth_of_a_percent_of_great_circle():
    for lat, lon in ((52.1075, 8.95), (51.9, 9.2), (52.4, 8.5)):
        exact = great_circle_km(52.028, 8.9015, lat, lon)
        assert abs(local_km(52.028, 8.9015, lat, lon) - exact) <= 1e-3 * exact


def test_modes_are_rows_of_a_table():
    # A fifth mode is one more row: the logsum loops over the table, nothing is unrolled.
    extra = np.vstack([TABLE, [[20.0, 1.2, 10.0, 0.0, math.inf, -1.0, 0.0, 0.0, 0.05]]])
    weights = np.array([0.1, 0.15, 5.0, -2.5, 0.5])
    four = mode_logsum(5.0, 20.0, True, TABLE, weights, np.empty(8))
    five = mode_logsum(5.0, 20.0, True, extra, weights, np.empty(8))
    shuttle = -0.1 * (5.0 * 1.2 / 20.0 * 60.0 + 10.0) - 1.0
    assert math.isclose(math.exp(five), math.exp(four) + math.exp(shuttle), rel_tol=1e-12)
