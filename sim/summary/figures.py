"""Request figures of everyone, each municipality and each service, from two passes over all requests.

`kernels.summary.tally_all` adds up every group's counts, minutes, kilometres and emissions;
`kernels.summary.quantiles_all` finds the exact 90th percentiles from histograms (the bin that holds
the percentile, then a partial sort of that bin only). Neither copies the request book per group,
which at a million citizens would cost seconds and gigabytes.
"""

from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.summary import (
    CAR_KM,
    CITIZEN_MINUTES,
    CO2_KG,
    CROSS_BORDER,
    IN_PERSON,
    IN_PERSON_SERVED,
    MEASURE_ONLINE_DAYS,
    MEASURE_TRAVEL,
    MEASURE_WAIT,
    MOBILE,
    ONLINE,
    ONLINE_DAYS,
    ONLINE_HANDLED,
    SERVED,
    SERVED_VISITS,
    TOTAL,
    TRAVEL_MINUTES,
    TRIPS,
    UNSERVED,
    WAIT_MINUTES,
    days_to_done_histograms,
    quantiles_all,
    tally_all,
)
from sim.errors import InvariantError

if TYPE_CHECKING:
    from sim.model.outcome import Outcome

QUANTILE = 0.9


def rounded(value: float, digits: int = 4) -> float:
    """Return a value rounded for output.

    Raises:
        InvariantError: for NaN or infinity, which no valid input can produce: reporting them as 0
            would hide a bug behind a plausible number.
    """
    if not np.isfinite(value):
        raise InvariantError(f"a figure is not finite ({value}); this is a bug, please report it")
    return float(round(float(value), digits))


def weighted_quantile(values: np.ndarray, weights: np.ndarray, quantile: float) -> float:
    """Return the quantile of values where each value counts `weight` (a whole number) times.

    The inverse CDF without interpolation: the smallest value whose cumulative weight reaches
    quantile x total (the definition kernels.summary.quantiles_all computes for every group).
    """
    counts = np.asarray(weights, dtype=np.int64)
    keep = counts > 0
    if not keep.any():
        return 0.0
    expanded = np.repeat(values[keep], counts[keep])
    position = max(int(np.ceil(quantile * expanded.shape[0])) - 1, 0)
    return float(np.partition(expanded, position)[position])


def grouped_figures(model: "Outcome") -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the figures of everyone, of each home municipality and of each service."""
    book = model.measured_book
    municipalities, services = len(model.geography.municipality_ids), len(model.config.services)
    place_municipality = np.ascontiguousarray(model.facilities.place_rows[:, 1])
    common = (book.citizen, book.service, book.channel, book.status, book.tries)
    sums = tally_all(
        *common, book.travel_minutes, book.travel_km, book.mode, book.wait_minutes, book.served_day, book.need_day,
        book.place, model.citizens.municipality, place_municipality, model.geography.co2_kg_per_km,
        municipalities, services,
    )  # fmt: skip
    quantiles = quantiles_all(
        QUANTILE, book.citizen, book.service, book.channel, book.status, book.tries, book.travel_minutes,
        book.wait_minutes, book.served_day, book.need_day, model.citizens.municipality, municipalities, services,
    )  # fmt: skip
    figures = [_figures(sums[group], quantiles[:, group]) for group in range(sums.shape[0])]
    return figures[0], figures[1 : 1 + municipalities], figures[1 + municipalities :]


def _figures(row: np.ndarray, quantiles: np.ndarray) -> dict[str, Any]:
    """Return one group's figures from its sums and its 90th percentiles."""
    return {
        "requests": {
            "total": int(row[TOTAL]),
            "online": int(row[ONLINE]),
            "in_person": int(row[IN_PERSON]),
            "mobile": int(row[MOBILE]),
        },
        "outcomes": {"served": int(row[SERVED]), "unserved": int(row[UNSERVED])},
        "travel_minutes": {
            "mean": rounded(row[TRAVEL_MINUTES] / max(row[TRIPS], 1.0)),
            "p90": rounded(quantiles[MEASURE_TRAVEL]),
        },
        "wait_minutes": {
            "mean": rounded(row[WAIT_MINUTES] / max(row[SERVED_VISITS], 1.0)),
            "p90": rounded(quantiles[MEASURE_WAIT]),
        },
        "online_days_to_completion": {
            "mean": rounded(row[ONLINE_DAYS] / max(row[ONLINE_HANDLED], 1.0)),
            "p90": rounded(quantiles[MEASURE_ONLINE_DAYS]),
        },
        "trips": int(row[TRIPS]),
        "car_km": rounded(row[CAR_KM], 2),
        "co2_kg": rounded(row[CO2_KG], 2),
        "citizen_hours": rounded(row[CITIZEN_MINUTES] / 60.0, 2),
        "cross_border_share": rounded(row[CROSS_BORDER] / max(row[IN_PERSON_SERVED], 1.0)),
    }


def _mean_and_p90(histogram: np.ndarray) -> dict[str, float]:
    """Return the mean and the 90th percentile (inverse CDF, as elsewhere) of a histogram of whole days."""
    total = int(histogram.sum())
    if total == 0:
        return {"mean": 0.0, "p90": 0.0}
    position = max(int(np.ceil(QUANTILE * total)) - 1, 0)
    p90 = int(np.searchsorted(np.cumsum(histogram), position + 1))
    return {"mean": rounded(float((np.arange(histogram.shape[0]) * histogram).sum()) / total), "p90": float(p90)}


def days_to_done(model: "Outcome") -> tuple[dict[str, Any], list[dict[str, float]]]:
    """Return days from need to done of served requests: overall, by channel and booked; and by service."""
    book = model.measured_book
    services = len(model.config.services)
    counts = days_to_done_histograms(
        book.status, book.channel, book.service, book.need_day, book.served_day, book.booked, services
    )
    overall = {
        **_mean_and_p90(counts[0]),
        "online": _mean_and_p90(counts[1]),
        "in_person": _mean_and_p90(counts[2]),
        "mobile": _mean_and_p90(counts[3]),
        "with_appointment": _mean_and_p90(counts[-1]),
    }
    return overall, [_mean_and_p90(counts[4 + service]) for service in range(services)]
