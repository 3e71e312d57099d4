"""One pass over all requests that adds up each group's counts, minutes, kilometres and emissions."""

import math

import numpy as np
from numba import njit

CHANNEL_ONLINE = 0
CHANNEL_IN_PERSON = 1
CHANNEL_MOBILE = 2
STATUS_SERVED = 1
STATUS_UNSERVED = 2
MODE_CAR = 0

TOTAL = 0
ONLINE = 1
IN_PERSON = 2
MOBILE = 3
SERVED = 4
UNSERVED = 5
TRIPS = 6
TRAVEL_MINUTES = 7
SERVED_VISITS = 8
WAIT_MINUTES = 9
ONLINE_HANDLED = 10
ONLINE_DAYS = 11
CAR_KM = 12
CO2_KG = 13
CITIZEN_MINUTES = 14
IN_PERSON_SERVED = 15
CROSS_BORDER = 16
FIELDS = 17


@njit(cache=True)
def tally_groups(
    group: np.ndarray,
    groups: int,
    channel: np.ndarray,
    status: np.ndarray,
    tries: np.ndarray,
    travel_minutes: np.ndarray,
    travel_km: np.ndarray,
    mode: np.ndarray,
    wait_minutes: np.ndarray,
    days_to_service: np.ndarray,
    home_municipality: np.ndarray,
    place_municipality: np.ndarray,
    co2_kg_per_km: np.ndarray,
) -> np.ndarray:
    """Return a (groups x FIELDS) table of sums; requests are added in order, so the sums are reproducible.

    Args:
        days_to_service: served day minus need day per request.
        home_municipality: per request; place_municipality: per request (-1 without a place).
    """
    table = np.zeros((groups, FIELDS))
    for request in range(group.shape[0]):
        row = table[group[request]]
        row[TOTAL] += 1.0
        served = status[request] == STATUS_SERVED
        row[SERVED] += served
        row[UNSERVED] += status[request] == STATUS_UNSERVED
        kind = channel[request]
        if kind == CHANNEL_ONLINE:
            row[ONLINE] += 1.0
            if served:
                row[ONLINE_HANDLED] += 1.0
                row[ONLINE_DAYS] += days_to_service[request]
            continue
        if kind == CHANNEL_IN_PERSON:
            row[IN_PERSON] += 1.0
            if served:
                row[IN_PERSON_SERVED] += 1.0
                if place_municipality[request] != home_municipality[request]:
                    row[CROSS_BORDER] += 1.0
        elif kind == CHANNEL_MOBILE:
            row[MOBILE] += 1.0
        else:
            continue
        trips = float(tries[request])
        minutes = travel_minutes[request] if not math.isnan(travel_minutes[request]) else 0.0
        row[TRIPS] += trips
        row[TRAVEL_MINUTES] += minutes * trips
        row[CITIZEN_MINUTES] += 2.0 * minutes * trips + wait_minutes[request]
        if served:
            row[SERVED_VISITS] += 1.0
            row[WAIT_MINUTES] += wait_minutes[request]
        if mode[request] >= 0 and not math.isnan(travel_km[request]):
            round_trip_km = 2.0 * travel_km[request] * trips
            if mode[request] == MODE_CAR:
                row[CAR_KM] += round_trip_km
            row[CO2_KG] += round_trip_km * co2_kg_per_km[mode[request]]
    return table
