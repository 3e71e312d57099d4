"""Mobile office stops: covering choice of villages and an even weekly timetable, checked by hand."""

import itertools

import numpy as np
import pytest

from sim.analysis.location import InfeasibleError
from sim.analysis.mobile_stops import assign_days, plan_mobile_stops

# Six villages on a road at 0, 3, 10, 13, 30, 33 minutes with 100, 50, 80, 40, 60, 30 residents.
ROAD_MINUTES = np.array([0.0, 3.0, 10.0, 13.0, 30.0, 33.0])
ROAD_TRAVEL = np.abs(ROAD_MINUTES[:, None] - ROAD_MINUTES[None, :])
RESIDENTS = np.array([100.0, 50.0, 80.0, 40.0, 60.0, 30.0])


def test_days_balance_the_population_worked_by_hand():
    # Stops serving 50, 40, 30, 20, 10 over two days, two or three stops a day. Total 150, but no subset
    # sums to 75: the best split is 80 / 70 (e.g. 50 + 30 | 40 + 20 + 10).
    plan = assign_days([50.0, 40.0, 30.0, 20.0, 10.0], 2)
    assert max(plan.population_per_day) == pytest.approx(80.0)
    assert sorted(plan.population_per_day) == pytest.approx([70.0, 80.0])
    assert sorted(np.bincount(plan.day_of_stop, minlength=2)) == [2, 3]
    assert plan.day_of_stop[0] == 0


def test_days_get_equal_numbers_of_stops():
    # Four stops over two days, two a day: 40 + 10 | 30 + 20 gives 50 / 50.
    plan = assign_days([40.0, 30.0, 20.0, 10.0], 2)
    assert plan.population_per_day == pytest.approx((50.0, 50.0))
    assert np.bincount(plan.day_of_stop).tolist() == [2, 2]


def test_fewer_stops_than_days_leave_days_empty():
    plan = assign_days([5.0, 7.0], 3)
    assert sorted(plan.population_per_day) == pytest.approx([0.0, 5.0, 7.0])


def test_plan_chooses_covering_villages_and_a_timetable():
    # Radius 5 minutes: a stop in village 0 or 1 covers both (150), in 2 or 3 covers both (120), in 4 or 5
    # covers both (90). Three stops cover all 360 residents; over three days each day gets one stop.
    timetable = plan_mobile_stops(RESIDENTS, ROAD_TRAVEL, stops=3, days=3, radius_minutes=5.0)
    assert timetable.covered_population == pytest.approx(360.0)
    assert sorted(timetable.population_per_stop) == pytest.approx([90.0, 120.0, 150.0])
    assert sorted(timetable.population_per_day) == pytest.approx([90.0, 120.0, 150.0])
    assert all(len(day) == 1 for day in timetable.stops_by_day)
    assert (timetable.village_stop >= 0).all()
    assert timetable.status == "optimal"


def test_two_stops_leave_the_smallest_pair_uncovered():
    timetable = plan_mobile_stops(RESIDENTS, ROAD_TRAVEL, stops=2, days=1, radius_minutes=5.0)
    assert timetable.covered_population == pytest.approx(270.0)
    assert timetable.village_stop[4] == -1 and timetable.village_stop[5] == -1
    assert timetable.stops_by_day == (timetable.stops,)


@pytest.mark.parametrize("seed", range(5))
def test_timetable_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    population = rng.integers(1, 100, int(rng.integers(2, 8))).astype(float)
    days = int(rng.integers(1, 4))
    stops = len(population)
    low, high = stops // days, -(-stops // days)
    best = min(
        np.bincount(plan, weights=population, minlength=days).max()
        for plan in itertools.product(range(days), repeat=stops)
        if all(low <= count <= high for count in np.bincount(plan, minlength=days))
    )
    assert max(assign_days(population, days).population_per_day) == pytest.approx(best)


def test_bad_input():
    with pytest.raises(ValueError, match="days must be a whole number of weekdays from 1 to 7"):
        assign_days([1.0], 8)
    with pytest.raises(ValueError, match="p = 7 is larger than the number of candidate sites"):
        plan_mobile_stops(RESIDENTS, ROAD_TRAVEL, stops=7, days=2, radius_minutes=5.0)
    with pytest.raises(ValueError, match="radius must be a positive number"):
        plan_mobile_stops(RESIDENTS, ROAD_TRAVEL, stops=2, days=2, radius_minutes=0.0)
    with pytest.raises(ValueError, match="days must be"):
        plan_mobile_stops(RESIDENTS, ROAD_TRAVEL, stops=2, days=0, radius_minutes=5.0)
    assert issubclass(InfeasibleError, ValueError)
