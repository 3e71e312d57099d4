"""Where things happen: figures per Ortsteil, flows from Ortsteile to service points, travel-time histograms."""

from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.summary import (
    DISTRICT_REQUESTS,
    DISTRICT_TRAVEL_MINUTES,
    DISTRICT_TRIPS,
    DISTRICT_VISITORS,
    DISTRICT_WAIT_MINUTES,
    place_tables,
)

if TYPE_CHECKING:
    from sim.model.outcome import Outcome

AGE_LABELS = ("0-17", "18-64", "65+")
HISTOGRAM_BIN_MINUTES = 5
HISTOGRAM_LAST_BIN_MINUTES = 60


def spatial_figures(model: "Outcome") -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (by_district, flows, travel_histogram) of summary.json from one pass over the requests."""
    book, geography, citizens, facilities = model.measured_book, model.geography, model.citizens, model.facilities
    bins = HISTOGRAM_LAST_BIN_MINUTES // HISTOGRAM_BIN_MINUTES + 1
    by_district, flow_table, histogram = place_tables(
        book.citizen, book.channel, book.tries, book.place, book.travel_minutes, book.wait_minutes,
        citizens.district, citizens.municipality, citizens.age_group, facilities.place_point,
        len(geography.district_ids), len(facilities.point_ids), len(geography.municipality_ids), len(AGE_LABELS),
        float(HISTOGRAM_BIN_MINUTES), bins,
    )  # fmt: skip
    return _districts(model, by_district), _flows(model, flow_table), _histogram(model, histogram)


def _districts(model: "Outcome", sums: np.ndarray) -> dict[str, Any]:
    """Return per Ortsteil: position, population, requests, mean travel and wait of its residents."""
    geography = model.geography
    residents = np.bincount(model.citizens.district, minlength=len(geography.district_ids))
    return {
        district_id: {
            "name": geography.district_names[index],
            "municipality": geography.municipality_ids[geography.district_municipality[index]],
            "lat": float(geography.district_lat[index]),
            "lon": float(geography.district_lon[index]),
            "population": int(residents[index]),
            "requests": int(sums[index, DISTRICT_REQUESTS]),
            "trips": int(sums[index, DISTRICT_TRIPS]),
            "travel_minutes_mean": round(
                float(sums[index, DISTRICT_TRAVEL_MINUTES] / max(sums[index, DISTRICT_TRIPS], 1.0)), 4
            ),
            "wait_minutes_mean": round(
                float(sums[index, DISTRICT_WAIT_MINUTES] / max(sums[index, DISTRICT_VISITORS], 1)), 4
            ),
        }
        for index, district_id in enumerate(geography.district_ids)
    }


def _flows(model: "Outcome", trips: np.ndarray) -> list[dict[str, Any]]:
    """Return trips from each Ortsteil to each service point (in person and to mobile stops)."""
    facilities, geography = model.facilities, model.geography
    point_municipality = facilities.place_rows[facilities.point_first_place, 1]
    return [
        {
            "district": geography.district_ids[home],
            "service_point": facilities.point_ids[target],
            "cross_border": bool(geography.district_municipality[home] != point_municipality[target]),
            "trips": int(trips[home, target]),
        }
        for home, target in zip(*np.nonzero(trips), strict=True)
    ]


def _histogram(model: "Outcome", trips: np.ndarray) -> list[dict[str, Any]]:
    """Return trips per 5-minute travel-time bin, by home municipality and age group (last bin: 60+)."""
    return [
        {
            "municipality": model.geography.municipality_ids[municipality],
            "age_group": AGE_LABELS[age],
            "travel_minutes_from": int(bin_index) * HISTOGRAM_BIN_MINUTES,
            "trips": int(trips[municipality, age, bin_index]),
        }
        for municipality, age, bin_index in zip(*np.nonzero(trips), strict=True)
    ]
