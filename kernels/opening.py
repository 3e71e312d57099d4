"""Which days a place is open: its weekly hours and, when a scenario has them, closures by day.

Without closures a place opens by its weekly hours alone: the next open day from a weekday is a
fixed offset (Places.next_open_offset). A scenario with closures adds a small table per closed
place and calendar day: the next day it opens, as residents plan it (planned closures announced)
and as it really is (unannounced outages too). Places that never close keep the weekly rule, so a
region-wide outage of a few offices costs a few rows, and a scenario without closures none.
"""

import numpy as np
from numba import njit

from kernels.records import Places


@njit(cache=True, inline="always")
def next_open_day(
    next_open_offset: np.ndarray, closure_row: np.ndarray, table: np.ndarray, place: int, day: int, weekday: int
) -> int:
    """Return the first day on or after `day` (a `weekday`) on which the place is open in `table`, or -1.

    `table` is Places.next_open_planned or next_open_actual; a day past the calendar is never open.
    """
    if closure_row.shape[0] > 0:
        row = closure_row[place]
        if row >= 0:
            return int(table[row, day]) if day < table.shape[1] else -1
    offset = next_open_offset[place, weekday]
    return -1 if offset < 0 else day + int(offset)


@njit(cache=True, inline="always")
def is_open_as_planned(closure_row: np.ndarray, planned: np.ndarray, place: int, day: int) -> bool:
    """Return whether no planned closure shuts the place on `day` (its weekly hours are checked elsewhere)."""
    if closure_row.shape[0] == 0 or closure_row[place] < 0:
        return True
    return day < planned.shape[1] and planned[closure_row[place], day] == day


@njit(cache=True, inline="always")
def is_shut(places: Places, place: int, day: int) -> bool:
    """Return whether a closure (planned or not) keeps the place's doors shut on `day`."""
    if places.closure_row.shape[0] == 0 or places.closure_row[place] < 0:
        return False
    return day >= places.next_open_actual.shape[1] or places.next_open_actual[places.closure_row[place], day] != day
