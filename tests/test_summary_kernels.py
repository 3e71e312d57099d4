"""The summary kernels add up and pick exactly what plain-Python loops over the requests do."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.summary import (
    FIELDS,
    MEASURE_ONLINE_DAYS,
    MEASURE_TRAVEL,
    MEASURE_WAIT,
    place_tables,
    quantiles_all,
    tally_all,
    trips_by_mode,
    usage_counts,
)
from sim.summary.figures import weighted_quantile

MUNICIPALITIES, SERVICES, POINTS, DISTRICTS = 2, 3, 4, 3
CO2 = np.array([0.147, 0.065, 0.0, 0.0])


def requests(size: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    citizens = 20
    need_day = rng.integers(0, 30, size).astype(np.int16)
    return {
        "citizen": rng.integers(0, citizens, size).astype(np.int32),
        "service": rng.integers(0, SERVICES, size).astype(np.int8),
        "channel": rng.integers(-1, 3, size).astype(np.int8),
        "status": rng.integers(0, 3, size).astype(np.int8),
        "tries": rng.integers(0, 4, size).astype(np.int8),
        # A coarse grid makes ties and zeros common, as real waits are.
        "travel_minutes": np.where(rng.random(size) < 0.1, np.nan, rng.integers(0, 8, size) * 2.5),
        "travel_km": np.where(rng.random(size) < 0.1, np.nan, rng.random(size) * 20),
        "mode": rng.integers(-1, 4, size).astype(np.int8),
        "wait_minutes": np.where(rng.random(size) < 0.3, 0.0, rng.random(size) * 30),
        "served_day": (need_day + rng.integers(0, 5, size)).astype(np.int16),
        "need_day": need_day,
        "place": rng.integers(-1, POINTS, size).astype(np.int32),
        "citizen_municipality": rng.integers(0, MUNICIPALITIES, citizens),
        "citizen_district": rng.integers(0, DISTRICTS, citizens),
        "citizen_age": rng.integers(0, 3, citizens),
    }


def python_tally(r: dict[str, np.ndarray]) -> np.ndarray:
    table = np.zeros((1 + MUNICIPALITIES + SERVICES, FIELDS))
    place_home = np.arange(POINTS) % MUNICIPALITIES
    for i in range(len(r["citizen"])):
        home = r["citizen_municipality"][r["citizen"][i]]
        for group in (0, 1 + home, 1 + MUNICIPALITIES + r["service"][i]):
            row = table[group]
            row[0] += 1
            row[4] += r["status"][i] == 1
            row[5] += r["status"][i] == 2
            channel = r["channel"][i]
            if channel == 0:
                row[1] += 1
                if r["status"][i] == 1:
                    row[10] += 1
                    row[11] += int(r["served_day"][i]) - int(r["need_day"][i])
                continue
            if channel == 1:
                row[2] += 1
                if r["status"][i] == 1:
                    row[15] += 1
                    row[16] += place_home[r["place"][i]] != home
            elif channel == 2:
                row[3] += 1
            else:
                continue
            minutes = 0.0 if math.isnan(r["travel_minutes"][i]) else r["travel_minutes"][i]
            trips = float(r["tries"][i])
            row[6] += trips
            row[7] += minutes * trips
            row[14] += 2.0 * minutes * trips + r["wait_minutes"][i]
            if r["status"][i] == 1:
                row[8] += 1
                row[9] += r["wait_minutes"][i]
            if r["mode"][i] >= 0 and not math.isnan(r["travel_km"][i]):
                round_trip = 2.0 * r["travel_km"][i] * trips
                if r["mode"][i] == 0:
                    row[12] += round_trip
                row[13] += round_trip * CO2[r["mode"][i]]
    return table


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 300), seed=st.integers(0, 10_000))
def test_tally_equals_python_twin(size, seed):
    r = requests(size, seed)
    place_home = np.arange(POINTS) % MUNICIPALITIES
    table = tally_all(
        r["citizen"], r["service"], r["channel"], r["status"], r["tries"], r["travel_minutes"], r["travel_km"],
        r["mode"], r["wait_minutes"], r["served_day"], r["need_day"], r["place"], r["citizen_municipality"],
        place_home, CO2, MUNICIPALITIES, SERVICES,
    )  # fmt: skip
    assert np.array_equal(table, python_tally(r))


@settings(max_examples=80, deadline=None)
@given(size=st.integers(0, 400), seed=st.integers(0, 10_000), quantile=st.sampled_from([0.5, 0.9, 0.99, 1.0]))
def test_histogram_quantiles_equal_a_full_sort(size, seed, quantile):
    r = requests(size, seed)
    result = quantiles_all(
        quantile, r["citizen"], r["service"], r["channel"], r["status"], r["tries"], r["travel_minutes"],
        r["wait_minutes"], r["served_day"], r["need_day"], r["citizen_municipality"], MUNICIPALITIES, SERVICES,
    )  # fmt: skip
    home = r["citizen_municipality"][r["citizen"]]
    travelling = (r["channel"] == 1) | (r["channel"] == 2)
    served = r["status"] == 1
    days = r["served_day"].astype(np.int32) - r["need_day"]
    measures = {
        MEASURE_TRAVEL: (np.nan_to_num(r["travel_minutes"]), np.where(travelling, r["tries"], 0)),
        MEASURE_WAIT: (r["wait_minutes"], (travelling & served).astype(np.int8)),
        MEASURE_ONLINE_DAYS: (days, ((r["channel"] == 0) & served).astype(np.int8)),
    }
    groups = [np.ones(size, bool)] + [home == m for m in range(MUNICIPALITIES)]
    groups += [r["service"] == s for s in range(SERVICES)]
    for measure, (values, weights) in measures.items():
        for group, members in enumerate(groups):
            expected = weighted_quantile(values[members], weights[members], quantile)
            assert result[measure, group] == expected, (measure, group)


def test_place_tables_and_usage_equal_bincounts():
    r = requests(500, 7)
    place_point = np.arange(POINTS)
    by_district, flows, histogram = place_tables(
        r["citizen"], r["channel"], r["tries"], r["place"], r["travel_minutes"], r["wait_minutes"],
        r["citizen_district"], r["citizen_municipality"], r["citizen_age"], place_point, DISTRICTS, POINTS,
        MUNICIPALITIES, 3, 5.0, 13,
    )  # fmt: skip
    district = r["citizen_district"][r["citizen"]]
    travelling = (r["channel"] == 1) | (r["channel"] == 2)
    trips = r["tries"].astype(float)
    minutes = np.nan_to_num(r["travel_minutes"])
    assert np.array_equal(by_district[:, 0], np.bincount(district, minlength=DISTRICTS))
    assert np.array_equal(by_district[:, 1], np.bincount(district[travelling], trips[travelling], DISTRICTS))
    assert np.array_equal(
        by_district[:, 2], np.bincount(district[travelling], minutes[travelling] * trips[travelling], DISTRICTS)
    )
    reach = travelling & (r["place"] >= 0)
    flat = np.bincount(district[reach] * POINTS + r["place"][reach], trips[reach], DISTRICTS * POINTS)
    assert np.array_equal(flows, flat.reshape(DISTRICTS, POINTS))
    assert histogram.sum() == trips[travelling].sum()
    usage = usage_counts(r["citizen"], r["status"], r["place"], r["served_day"], 5, 20, r["citizen_municipality"],
                         place_point, POINTS, MUNICIPALITIES)  # fmt: skip
    counted = (r["status"] == 1) & (r["place"] >= 0) & (r["served_day"] >= 5) & (r["served_day"] < 20)
    assert usage.sum() == counted.sum()
    assert np.array_equal(trips_by_mode(r["mode"], r["tries"], 4),
                          np.bincount(r["mode"][r["mode"] >= 0], r["tries"][r["mode"] >= 0], 4))  # fmt: skip
