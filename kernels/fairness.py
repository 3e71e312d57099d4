"""Sums of all requests per cell of residents (Ortsteil x age group x car) for the fairness figures, in one pass."""

import math

import numpy as np
from numba import njit

CHANNEL_IN_PERSON = 1
CHANNEL_MOBILE = 2
STATUS_SERVED = 1

# Columns of the sums per cell.
CELL_TRIPS = 0
CELL_TRAVEL_MINUTES = 1  # one-way door-to-door minutes times trips
CELL_DONE = 2  # served requests
CELL_DAYS_TO_DONE = 3  # their days from need to done
CELL_FIELDS = 4


@njit(cache=True)
def cell_sums(citizen, channel, status, tries, travel_minutes, need_day, served_day, citizen_cell, cells):  # type: ignore[no-untyped-def]  # fmt: skip
    """Return (cells x CELL_FIELDS) sums: trips and travel minutes of travellers, served requests and their days.

    The rules are those of the summary's tallies (kernels.summary): a traveller adds its tries as trips
    and its minutes (0 if it had nowhere to go) times its tries; a served request adds its days from
    need to done. Sums add requests in request order.
    """
    table = np.zeros((cells, CELL_FIELDS))
    for request in range(citizen.shape[0]):
        row = table[citizen_cell[citizen[request]]]
        kind = channel[request]
        if kind == CHANNEL_IN_PERSON or kind == CHANNEL_MOBILE:
            trips = float(tries[request])
            minutes = 0.0 if math.isnan(travel_minutes[request]) else travel_minutes[request]
            row[CELL_TRIPS] += trips
            row[CELL_TRAVEL_MINUTES] += minutes * trips
        if status[request] == STATUS_SERVED and kind >= 0:
            row[CELL_DONE] += 1.0
            row[CELL_DAYS_TO_DONE] += served_day[request] - need_day[request]
    return table
