"""Where things happen: figures per Ortsteil, flows from Ortsteile to service points, travel-time histograms."""

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.model.requests import CHANNEL_IN_PERSON, CHANNEL_MOBILE

if TYPE_CHECKING:
    from sim.model.outcome import Outcome

AGE_LABELS = ("0-17", "18-64", "65+")
HISTOGRAM_BIN_MINUTES = 5
HISTOGRAM_LAST_BIN_MINUTES = 60


def _travelling(model: "Outcome") -> tuple[np.ndarray, np.ndarray]:
    """Return the rows of in-person and mobile requests and their number of trips."""
    book = model.book
    rows = np.flatnonzero((book.channel == CHANNEL_IN_PERSON) | (book.channel == CHANNEL_MOBILE))
    return rows, book.tries[rows].astype(np.float64)


def district_figures(model: "Outcome") -> dict[str, dict[str, Any]]:
    """Return per Ortsteil: position, population, requests, mean travel and wait of its residents."""
    book, geography, citizens = model.book, model.geography, model.citizens
    districts = len(geography.district_ids)
    home = citizens.district[book.citizen]
    requests = np.bincount(home, minlength=districts)
    rows, trips = _travelling(model)
    trip_count = np.bincount(home[rows], weights=trips, minlength=districts)
    travel_sum = np.bincount(home[rows], weights=np.nan_to_num(book.travel_minutes[rows]) * trips, minlength=districts)
    wait_sum = np.bincount(home[rows], weights=book.wait_minutes[rows], minlength=districts)
    visitors = np.bincount(home[rows], minlength=districts)
    residents = np.bincount(citizens.district, minlength=districts)
    return {
        district_id: {
            "name": geography.district_names[index],
            "municipality": geography.municipality_ids[geography.district_municipality[index]],
            "lat": float(geography.district_lat[index]),
            "lon": float(geography.district_lon[index]),
            "population": int(residents[index]),
            "requests": int(requests[index]),
            "trips": int(trip_count[index]),
            "travel_minutes_mean": round(float(travel_sum[index] / max(trip_count[index], 1.0)), 4),
            "wait_minutes_mean": round(float(wait_sum[index] / max(visitors[index], 1)), 4),
        }
        for index, district_id in enumerate(geography.district_ids)
    }


def flows(model: "Outcome") -> list[dict[str, Any]]:
    """Return trips from each Ortsteil to each service point (in person and to mobile stops)."""
    book, facilities = model.book, model.facilities
    rows, trips = _travelling(model)
    rows = rows[book.place[rows] >= 0]
    trips = book.tries[rows].astype(np.float64)
    district = model.citizens.district[book.citizen[rows]]
    point = facilities.place_point[book.place[rows]]
    points = len(facilities.point_ids)
    counts = np.bincount(district * points + point, weights=trips, minlength=len(model.geography.district_ids) * points)
    point_municipality = facilities.place_rows[facilities.point_first_place, 1]
    result = []
    for pair in np.flatnonzero(counts):
        home, target = divmod(int(pair), points)
        result.append(
            {
                "district": model.geography.district_ids[home],
                "service_point": facilities.point_ids[target],
                "cross_border": bool(model.geography.district_municipality[home] != point_municipality[target]),
                "trips": int(counts[pair]),
            }
        )
    return result


def travel_histogram(model: "Outcome") -> list[dict[str, Any]]:
    """Return trips per 5-minute travel-time bin, by home municipality and age group (last bin: 60+)."""
    book, citizens = model.book, model.citizens
    rows, trips = _travelling(model)
    minutes = np.nan_to_num(book.travel_minutes[rows])
    bins = np.minimum(minutes // HISTOGRAM_BIN_MINUTES, HISTOGRAM_LAST_BIN_MINUTES // HISTOGRAM_BIN_MINUTES).astype(int)
    municipality = citizens.municipality[book.citizen[rows]]
    age = citizens.age_group[book.citizen[rows]]
    bin_count = HISTOGRAM_LAST_BIN_MINUTES // HISTOGRAM_BIN_MINUTES + 1
    key = (municipality * len(AGE_LABELS) + age) * bin_count + bins
    counts = np.bincount(
        key, weights=trips, minlength=len(model.geography.municipality_ids) * len(AGE_LABELS) * bin_count
    )
    result = []
    for index in np.flatnonzero(counts):
        group, bin_index = divmod(int(index), bin_count)
        municipality_index, age_index = divmod(group, len(AGE_LABELS))
        result.append(
            {
                "municipality": model.geography.municipality_ids[municipality_index],
                "age_group": AGE_LABELS[age_index],
                "travel_minutes_from": bin_index * HISTOGRAM_BIN_MINUTES,
                "trips": int(counts[index]),
            }
        )
    return result
