"""The calendar of booked visits: one linked list of requests per day, O(1) to book and O(visits) to take."""

import numpy as np
from numba import njit

from kernels.records import Requests


@njit(cache=True)
def book_visit(requests: Requests, row: int, day: int) -> None:
    """Book request `row` for a visit (or back-office handling) on `day`."""
    requests.next_in_calendar[row] = requests.calendar_head[day]
    requests.calendar_head[day] = row


@njit(cache=True)
def take_visits(requests: Requests, day: int, in_request_order: bool = True) -> np.ndarray:
    """Remove and return the requests booked for `day`, in request order (or in calendar order if not asked)."""
    count = 0
    row = requests.calendar_head[day]
    while row >= 0:
        count += 1
        row = requests.next_in_calendar[row]
    rows = np.empty(count, dtype=np.int64)
    row = requests.calendar_head[day]
    for position in range(count):
        rows[position] = row
        row = requests.next_in_calendar[row]
    requests.calendar_head[day] = -1
    if in_request_order:
        rows.sort()
    return rows


@njit(cache=True)
def has_visits_from(requests: Requests, day: int) -> bool:
    """Return whether any visit is booked on `day` or later (the run drains open requests after the horizon)."""
    for later in range(day, requests.calendar_head.shape[0]):
        if requests.calendar_head[later] >= 0:
            return True
    return False
