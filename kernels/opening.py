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


@njit(cache=True)
def held_up_day(
    next_open_offset: np.ndarray, closure_row: np.ndarray, table: np.ndarray, open_minutes: np.ndarray, place: int,
    search_from: int, count_from: int, weekday_of_count: int, draw: float,
) -> int:  # fmt: skip
    """Return the day a visit a closure holds up comes, spread after the reopening; -1 if the place never reopens.

    The place next opens in `table` on day R (searching from search_from). If its weekly hours alone
    would open it then too, no closure is in the way and R is returned. Otherwise the closure took k
    of the place's usual open days from count_from to R (at least 1), and the visit comes on the
    (floor(draw x k) + 1)-th open day from R on: the visits a closure held up come back spread over
    as many open days as it took away, rather than all on the morning it reopens.
    """
    weekday_of_search = (weekday_of_count + search_from - count_from) % 7
    target = next_open_day(next_open_offset, closure_row, table, place, search_from, weekday_of_search)
    offset = next_open_offset[place, weekday_of_search]
    if target < 0 or (offset >= 0 and target == search_from + offset):
        return target
    lost = 0
    for later in range(count_from, target):
        lost += open_minutes[place, (weekday_of_count + later - count_from) % 7] > 0
    for _ in range(int(draw * max(lost, 1))):
        weekday = (weekday_of_count + target + 1 - count_from) % 7
        following = next_open_day(next_open_offset, closure_row, table, place, target + 1, weekday)
        if following < 0:
            break
        target = following
    return target
