"""Closed doors: the sessions a closure shuts, what happens to the visitors who find them, and carry-overs.

A closure (kernels.opening) shuts a place on some days. Visits booked there before anyone knew
(an unannounced outage) still come: their session gets no open intervals, nobody is served, and
the visitors come back once the place really opens again (return_day). Carry-over of a visit not served
by closing on an open day uses the open days residents know of.
"""

import numpy as np
from numba import njit

from kernels.choice import REQUEST_STRIDE
from kernels.decide import CHANNEL_ONLINE, STATUS_UNSERVED
from kernels.opening import is_shut, next_open_day
from kernels.random import PURPOSE_RETURN_DAY, uniform
from kernels.records import Places, Requests


@njit(cache=True)
def shut_doors(
    places: Places, session_place: np.ndarray, hours: np.ndarray, hour_offsets: np.ndarray, day: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the sessions' intervals without those of places a closure shuts today (they get none)."""
    offsets = np.zeros_like(hour_offsets)
    for session in range(session_place.shape[0]):
        is_open = not is_shut(places, session_place[session], day)
        offsets[session + 1] = offsets[session] + (hour_offsets[session + 1] - hour_offsets[session]) * is_open
    kept = np.empty((offsets[-1], 2))
    for session in range(session_place.shape[0]):
        for interval in range(offsets[session + 1] - offsets[session]):
            kept[offsets[session] + interval] = hours[hour_offsets[session] + interval]
    return kept, offsets


@njit(cache=True, inline="always")
def _book_again(requests: Requests, places: Places, row: int, next_day: int) -> int:
    """Book a visit again for next_day; give it up (return 1) on its last try or if next_day is -1."""
    if requests.tries[row] >= places.max_tries[requests.place[row]] or next_day < 0:
        requests.status[row] = STATUS_UNSERVED
        return 1
    requests.next_in_calendar[row] = requests.calendar_head[next_day]
    requests.calendar_head[next_day] = row
    return 0


@njit(cache=True, inline="always")
def carry_over(requests: Requests, places: Places, row: int, day: int, weekday: int, table: np.ndarray) -> int:
    """Book a visit not served today again on the place's next open day in `table`; return 1 if it is given up.

    It is given up on its last try, or if the place does not open again within the calendar.
    """
    place = requests.place[row]
    next_day = next_open_day(places.next_open_offset, places.closure_row, table, place, day + 1, (weekday + 1) % 7)
    return _book_again(requests, places, row, next_day)


@njit(cache=True)
def return_day(places: Places, place: int, day: int, weekday: int, draw: float) -> int:
    """Return the day a traveller who found the door shut on `day` comes back, -1 if the place never reopens.

    The place reopens on day R. The closure took k of its usual open days from `day` to R (days its
    weekly hours open it; at least 1, `day` itself). The traveller comes back on the
    (floor(draw x k) + 1)-th open day from R on: the visits a closure held up return spread over as
    many open days as it took away, rather than all on the morning it reopens.
    """
    offsets, rows, actual = places.next_open_offset, places.closure_row, places.next_open_actual
    target = next_open_day(offsets, rows, actual, place, day + 1, (weekday + 1) % 7)
    if target < 0:
        return -1
    lost = 0
    for later in range(day, target):
        lost += places.open_minutes[place, (weekday + later - day) % 7] > 0
    for _ in range(int(draw * max(lost, 1))):
        following = next_open_day(offsets, rows, actual, place, target + 1, (weekday + target + 1 - day) % 7)
        if following < 0:
            break
        target = following
    return target


@njit(cache=True)
def turn_away(
    requests: Requests, places: Places, rows: np.ndarray, first: int, last: int, waited: np.ndarray,
    travelling: np.ndarray, day: int, weekday: int, seed: int,
) -> int:  # fmt: skip
    """Visits first..last-1 meet a door a closure keeps shut; return how many are given up.

    Nobody waits (0 minutes) or learns anything about the queue. A traveller's trip counts as a try,
    because patience is spent by trips. Whoever found the door shut knows it now and comes back once
    it really opens again (next_open_actual): on a day drawn by return_day, keyed by the request. A
    back-office case only waits for the reopening day.
    """
    given_up = 0
    for visit in range(first, last):
        row = rows[visit]
        waited[visit] = 0.0
        travelling[visit] = requests.channel[row] != CHANNEL_ONLINE
        if not travelling[visit]:
            given_up += carry_over(requests, places, row, day, weekday, places.next_open_actual)
            continue
        requests.tries[row] += 1
        index = int(requests.service[row]) * REQUEST_STRIDE + int(requests.ordinal[row])
        draw = uniform(seed, PURPOSE_RETURN_DAY, int(requests.citizen[row]), day, index)
        given_up += _book_again(requests, places, row, return_day(places, requests.place[row], day, weekday, draw))
    return given_up


@njit(cache=True)
def who_learns(travelling: np.ndarray, offsets: np.ndarray, hour_offsets: np.ndarray) -> np.ndarray:
    """Return who learns a wait: the travellers, except at a door a closure kept shut."""
    learns = travelling.copy()
    for session in range(offsets.shape[0] - 1):
        if hour_offsets[session + 1] == hour_offsets[session]:
            learns[offsets[session] : offsets[session + 1]] = False
    return learns
