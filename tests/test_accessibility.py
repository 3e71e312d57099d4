"""Accessibility measures: a 2-supply, 3-demand example worked by hand, invariants, decay kernels, bad input."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.summary.accessibility import (
    CATCHMENT_MINUTES,
    broadcast_to_citizens,
    cumulative_opportunities,
    district_totals,
    enhanced_two_step_fca,
    floating_catchment,
    gaussian_decay,
    gravity_access,
    transit_door_to_door_minutes,
    two_step_fca,
    zone_decay,
)

# Two offices with 10 and 20 desk-hours per week; three Ortsteile with 100, 200 and 300 residents.
SUPPLY = np.array([10.0, 20.0])
DEMAND = np.array([100.0, 200.0, 300.0])
TRAVEL = np.array(
    [
        [5.0, 40.0],
        [20.0, 25.0],
        [50.0, 10.0],
    ]
)


def test_two_step_fca_worked_by_hand():
    # Catchment 30 minutes. Step 1: office 1 reaches Ortsteile 1 and 2 (5, 20 min): R1 = 10 / 300;
    # office 2 reaches Ortsteile 2 and 3 (25, 10 min): R2 = 20 / 500.
    # Step 2: A1 = R1 = 1/30, A2 = R1 + R2 = 1/30 + 1/25, A3 = R2 = 1/25 desk-hours per resident and week.
    access = two_step_fca(SUPPLY, DEMAND, TRAVEL, 30.0)
    np.testing.assert_allclose(access, [1 / 30, 1 / 30 + 1 / 25, 1 / 25])
    # Every desk-hour is shared out: sum_i P_i A_i = 100/30 + 200 * 11/150 + 300/25 = 30 = total supply.
    assert DEMAND @ access == pytest.approx(SUPPLY.sum())


def test_enhanced_two_step_fca_with_luo_qi_zones_worked_by_hand():
    # Zones of a 30-minute catchment: (0, 10] weight 1.00, (10, 20] 0.68, (20, 30] 0.22.
    # R1 = 10 / (100 * 1.00 + 200 * 0.68) = 10 / 236; R2 = 20 / (200 * 0.22 + 300 * 1.00) = 20 / 344.
    access = enhanced_two_step_fca(SUPPLY, DEMAND, TRAVEL, 30.0, decay="zones")
    first, second = 10 / 236, 20 / 344
    np.testing.assert_allclose(access, [first, 0.68 * first + 0.22 * second, second])


def test_gaussian_decay_runs_from_one_to_zero_at_the_catchment():
    weights = gaussian_decay(np.array([0.0, 15.0, 30.0, 31.0, np.inf]), 30.0)
    half = (np.exp(-1 / 8) - np.exp(-1 / 2)) / (1 - np.exp(-1 / 2))
    np.testing.assert_allclose(weights, [1.0, half, 0.0, 0.0, 0.0], atol=1e-15)


def test_zone_decay_includes_the_upper_break():
    weights = zone_decay(np.array([0.0, 10.0, 10.5, 20.0, 30.0, 30.1, np.inf]), [10, 20, 30])
    np.testing.assert_allclose(weights, [1.0, 1.0, 0.68, 0.68, 0.22, 0.0, 0.0])


def test_gravity_access_worked_by_hand():
    # beta = 1: f(d) = 1 / max(d, 1). V1 = 100/5 + 200/20 + 300/50 = 36; V2 = 100/40 + 200/25 + 300/10 = 40.5.
    access = gravity_access(SUPPLY, DEMAND, TRAVEL, beta=1.0)
    expected = [10 / 5 / 36 + 20 / 40 / 40.5, 10 / 20 / 36 + 20 / 25 / 40.5, 10 / 50 / 36 + 20 / 10 / 40.5]
    np.testing.assert_allclose(access, expected)
    assert DEMAND @ access == pytest.approx(SUPPLY.sum())


def test_gravity_floor_keeps_a_co_located_office_finite():
    access = gravity_access([5.0], [10.0, 10.0], np.array([[0.0], [np.inf]]), beta=2.0)
    np.testing.assert_allclose(access, [0.5, 0.0])


def test_cumulative_opportunities_sum_supply_within_each_threshold():
    reached = cumulative_opportunities(SUPPLY, TRAVEL)
    np.testing.assert_array_equal(reached, [[10, 10, 30], [0, 30, 30], [20, 20, 20]])
    counts = cumulative_opportunities(np.ones(2), TRAVEL, thresholds_minutes=(30,))
    np.testing.assert_array_equal(counts[:, 0], [1, 2, 1])


def test_office_without_demand_in_reach_adds_nothing():
    travel = np.array([[5.0, np.inf], [5.0, np.inf]])
    np.testing.assert_allclose(two_step_fca([10.0, 99.0], [1.0, 1.0], travel, 30.0), [5.0, 5.0])


def test_transit_time_adds_half_a_headway():
    minutes = transit_door_to_door_minutes(np.array([20.0, np.inf]), np.array([60.0, 60.0]), access_minutes=5.0)
    np.testing.assert_allclose(minutes, [55.0, np.inf])


def test_catchments_are_documented_for_every_mode():
    assert set(CATCHMENT_MINUTES) == {"car", "transit", "bike", "walk"}
    assert all(minutes > 0 for minutes in CATCHMENT_MINUTES.values())


def test_citizens_get_their_district_value():
    citizen_district = np.array([2, 0, 0, 1, 2])
    population = district_totals(citizen_district, 3)
    np.testing.assert_array_equal(population, [2, 1, 2])
    access = two_step_fca(SUPPLY, population, TRAVEL, 30.0)
    np.testing.assert_array_equal(broadcast_to_citizens(access, citizen_district), access[citizen_district])
    with pytest.raises(ValueError, match="must lie in"):
        broadcast_to_citizens(access, np.array([3]))


@settings(max_examples=60, deadline=None)
@given(
    supply=hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(0, 100)),
    demand=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(0.5, 1000)),
    data=st.data(),
)
def test_population_weighted_mean_is_supply_over_demand_when_catchments_cover_everything(supply, demand, data):
    travel = data.draw(hnp.arrays(np.float64, (len(demand), len(supply)), elements=st.floats(0, 60)))
    access = two_step_fca(supply, demand, travel, 60.0)
    assert np.average(access, weights=demand) == pytest.approx(supply.sum() / demand.sum(), rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(access, supply.sum() / demand.sum(), rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    supply=hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(0, 100)),
    demand=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(0.5, 1000)),
    data=st.data(),
)
def test_every_reached_desk_hour_is_shared_out(supply, demand, data):
    travel = data.draw(
        hnp.arrays(np.float64, (len(demand), len(supply)), elements=st.one_of(st.floats(0, 90), st.just(np.inf)))
    )
    for weights in (travel <= 30.0, gaussian_decay(travel, 30.0), np.where(np.isfinite(travel), 1 / (1 + travel), 0)):
        access = floating_catchment(supply, demand, weights)
        reached = (weights.sum(axis=0) > 0) & (supply > 0)
        assert demand @ access == pytest.approx(supply[reached].sum(), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: two_step_fca([1.0], [1.0], np.array([[5.0]]), 0.0), "catchment_minutes must be a positive"),
        (lambda: two_step_fca([-1.0], [1.0], np.array([[5.0]]), 30.0), "supply must not be negative"),
        (lambda: two_step_fca([1.0], [np.nan], np.array([[5.0]]), 30.0), "demand must be finite"),
        (lambda: two_step_fca([1.0], [1.0], np.array([[np.nan]]), 30.0), "must not contain NaN"),
        (lambda: two_step_fca([1.0], [1.0, 2.0], np.array([[5.0]]), 30.0), "must have shape"),
        (lambda: enhanced_two_step_fca([1.0], [1.0], np.array([[5.0]]), 30.0, decay="linear"), "decay must be"),
        (lambda: gravity_access([1.0], [1.0], np.array([[5.0]]), beta=0.0), "beta must be a positive"),
        (lambda: zone_decay(np.array([1.0]), [20, 10], [1.0, 0.5]), "strictly increasing"),
        (lambda: cumulative_opportunities([1.0], np.array([[5.0]]), (0,)), "positive minutes"),
    ],
)
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_analysis_layer_imports_neither_streamlit_nor_mesa_nor_the_model():
    code = (
        "import sys; import sim.summary.accessibility, sim.summary.inequality, sim.analysis.location, "
        "sim.analysis.mobile_stops; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'mesa') or m == 'sim.model']; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
