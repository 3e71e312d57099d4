"""Closed doors: the sessions a closure shuts, what happens to the visitors who find them, and carry-overs.

A closure (kernels.opening) shuts a place on some days. Visits booked there before anyone knew
(an unannounced outage) still come: their session gets no open intervals, nobody is served, and
the visitors come back once the place really opens again (kernels.opening.held_up_day). Carry-over of a visit not served
by closing on an open day uses the open days residents know of.
"""

import numpy as np
from numba import njit

from kernels.choice import REQUEST_STRIDE
from kernels.decide import CHANNEL_ONLINE, STATUS_UNSERVED
from kernels.opening import held_up_day, is_shut, next_open_day
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
def turn_away(
    requests: Requests, places: Places, rows: np.ndarray, first: int, last: int, waited: np.ndarray,
    travelling: np.ndarray, day: int, weekday: int, seed: int,
) -> int:  # fmt: skip
    """Visits first..last-1 meet a door a closure keeps shut; return how many are given up.

    Nobody waits (0 minutes) or learns anything about the queue. A traveller's trip counts as a try,
    because patience is spent by trips. Whoever found the door shut knows it now and comes back once
    it really opens again (next_open_actual), spread over as many open days as the closure took from
    today on (kernels.opening.held_up_day; the draw is keyed by the request and today). A back-office
    case only waits for the reopening day.
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
        back = held_up_day(places.next_open_offset, places.closure_row, places.next_open_actual, places.open_minutes,
                           requests.place[row], day + 1, day, weekday, draw)  # fmt: skip
        given_up += _book_again(requests, places, row, back)
    return given_up


@njit(cache=True)
def who_learns(travelling: np.ndarray, offsets: np.ndarray, hour_offsets: np.ndarray) -> np.ndarray:
    """Return who learns a wait: the travellers, except at a door a closure kept shut."""
    learns = travelling.copy()
    for session in range(offsets.shape[0] - 1):
        if hour_offsets[session + 1] == hour_offsets[session]:
            learns[offsets[session] : offsets[session + 1]] = False
    return learns
