"""Serving one day in compiled code: sessions and arrivals, the queues, then outcomes, carry-over and learning.

`open_day` gathers the day's visits into sessions (one place on one day) with arrival minutes in
FIFO order. The queue of each session is served either by `kernels.queue` (kernels engine) or by
the ServicePoint agents in SimPy (agents engine); both give the same start, end and desk. Then
`settle_day` books outcomes, carries unserved visitors to the next open day, lets citizens learn
and adds up the day's totals. `serve_day` runs all three for the kernels engine in one call.

A session at a place that a closure shuts today has no open intervals: its visitors come to a
closed door (see turn_away for what that costs them).
"""

import numpy as np
from numba import njit, prange

from kernels.arrivals import arrival_minutes
from kernels.calendar import take_visits
from kernels.choice import REQUEST_STRIDE
from kernels.closed_door import carry_over, shut_doors, turn_away, who_learns
from kernels.decide import CHANNEL_ONLINE, STATUS_SERVED
from kernels.memory import remember_waits
from kernels.opening import is_shut
from kernels.queue import _serve_into, count_desk_overlaps
from kernels.random import PURPOSE_ARRIVAL_MINUTE, uniform
from kernels.records import Memory, Places, Requests, Rules
from kernels.terminal import desk_minutes
from kernels.travel import COLUMN_CO2_KG_PER_KM, MODE_CAR

# Positions in a day's totals.
DAY_VISITS = 0
DAY_SERVED = 1
DAY_UNSERVED = 2
DAY_WAIT_MINUTES = 3  # summed over travelling visitors who were served
DAY_WAITS_COUNTED = 4
DAY_TRIPS = 5
DAY_CAR_KM = 6
DAY_CO2_KG = 7
DAY_FIELDS = 8

GOLDEN_FRACTION = 0.6180339887498949  # (sqrt(5) - 1) / 2: spreads any number of slots evenly

# Columns of the per-place running totals.
TOTAL_VISITS = 0
TOTAL_SERVED = 1
TOTAL_BUSY_MINUTES = 2
TOTAL_WAIT_MINUTES = 3  # start - arrival of everyone served, online handling included
TOTAL_OPEN_DESK_MINUTES = 4
TOTAL_FIELDS = 5


@njit(cache=True)
def _group_by_place(rows: np.ndarray, place_of: np.ndarray, places: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the rows grouped by place (a counting sort), the places visited and their offsets.

    Within a place the rows are in request order.
    """
    counts = np.zeros(places + 1, dtype=np.int64)
    for row in rows:
        counts[place_of[row] + 1] += 1
    starts = np.cumsum(counts)
    cursor = starts[:-1].copy()
    grouped = np.empty(rows.shape[0], dtype=np.int64)
    for row in rows:
        place = place_of[row]
        grouped[cursor[place]] = row
        cursor[place] += 1
    session_place = np.flatnonzero(counts[1:])
    offsets = np.empty(session_place.shape[0] + 1, dtype=np.int64)
    for session in range(session_place.shape[0]):
        offsets[session] = starts[session_place[session]]
        grouped[offsets[session] : starts[session_place[session] + 1]].sort()  # request order within a place
    offsets[-1] = rows.shape[0]
    return grouped, session_place, offsets


@njit(cache=True)
def _session_hours(places: Places, session_place: np.ndarray, weekday: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the sessions' open intervals stacked, and each session's offsets into them."""
    offsets = np.zeros(session_place.shape[0] + 1, dtype=np.int64)
    for session in range(session_place.shape[0]):
        place = session_place[session]
        count = places.hours_offsets[weekday, place + 1] - places.hours_offsets[weekday, place]
        offsets[session + 1] = offsets[session] + count
    hours = np.empty((offsets[-1], 2))
    for session in range(session_place.shape[0]):
        first = places.hours_offsets[weekday, session_place[session]]
        for interval in range(offsets[session + 1] - offsets[session]):
            hours[offsets[session] + interval] = places.hours[first + interval]
    return hours, offsets


@njit(cache=True)
def _arrivals(
    requests: Requests, places: Places, rows: np.ndarray, session_place: np.ndarray, offsets: np.ndarray,
    hours: np.ndarray, hour_offsets: np.ndarray, day: int, seed: int,
) -> np.ndarray:  # fmt: skip
    """Return arrival minutes of visitors grouped by session, in request order (see kernels.arrivals).

    The k-th slot booked for a day lies frac((k + 0.5) x 0.618...) into its open time (a golden-ratio
    sequence): however many are booked, appointments spread over the whole day, as people pick times.
    """
    draw = np.empty(rows.shape[0])
    slot_position = np.full(rows.shape[0], -1.0)
    is_retry = np.empty(rows.shape[0], dtype=np.bool_)
    for session in range(session_place.shape[0]):
        total_open = 0.0
        for interval in range(hour_offsets[session], hour_offsets[session + 1]):
            total_open += hours[interval, 1] - hours[interval, 0]
        for visit in range(offsets[session], offsets[session + 1]):
            row = rows[visit]
            index = int(requests.service[row]) * REQUEST_STRIDE + int(requests.ordinal[row])
            draw[visit] = uniform(seed, PURPOSE_ARRIVAL_MINUTE, int(requests.citizen[row]), day, index)
            is_retry[visit] = requests.tries[row] > 0
            if requests.booked[row] and requests.slot[row] >= 0:
                slot_position[visit] = ((requests.slot[row] + 0.5) * GOLDEN_FRACTION) % 1.0 * total_open
    return arrival_minutes(offsets, hour_offsets, hours, draw, slot_position, is_retry)


@njit(cache=True)
def open_day(
    requests: Requests, places: Places, day: int, weekday: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Take the day's visits and return (rows, session places, session offsets, hours, hour offsets, arrivals).

    Visitors are grouped by place, and within a place ordered by arrival, then request (FIFO).
    """
    rows, session_place, offsets = _group_by_place(take_visits(requests, day, False), requests.place,
                                                   places.desks.shape[0])  # fmt: skip
    hours, hour_offsets = _session_hours(places, session_place, weekday)
    arrival = _arrivals(requests, places, rows, session_place, offsets, hours, hour_offsets, day, seed)
    for session in range(session_place.shape[0]):
        first, last = offsets[session], offsets[session + 1]
        order = np.argsort(arrival[first:last], kind="mergesort") + first
        rows[first:last] = rows[order]
        arrival[first:last] = arrival[order]
    if places.closure_row.shape[0] > 0:  # visitors arrive as on any day, to a door that stays shut
        hours, hour_offsets = shut_doors(places, session_place, hours, hour_offsets, day)
    return rows, session_place, offsets, hours, hour_offsets, arrival


# Below this many visits a day the queues are served on one thread (threads would cost more than they save).
PARALLEL_MIN_VISITS = 2048


@njit(cache=True)
def _serve_range(first_session, last_session, offsets, arrival, service_minutes, session_desks, hours, hour_offsets,
                 start, end, desk):  # type: ignore[no-untyped-def]  # fmt: skip
    for session in range(first_session, last_session):
        first, last = offsets[session], offsets[session + 1]
        _serve_into(
            arrival[first:last], service_minutes[first:last], session_desks[session],
            hours[hour_offsets[session] : hour_offsets[session + 1]], start[first:last], end[first:last],
            desk[first:last],
        )  # fmt: skip


@njit(cache=True, parallel=True)
def _serve_in_parallel(offsets, arrival, service_minutes, session_desks, hours, hour_offsets, start, end, desk):  # type: ignore[no-untyped-def]
    for session in prange(session_desks.shape[0]):
        _serve_range(session, session + 1, offsets, arrival, service_minutes, session_desks, hours, hour_offsets,
                     start, end, desk)  # fmt: skip


@njit(cache=True)
def queue_sessions(
    requests: Requests, places: Places, rows: np.ndarray, session_place: np.ndarray, offsets: np.ndarray,
    hours: np.ndarray, hour_offsets: np.ndarray, arrival: np.ndarray, seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Serve every session's FIFO queue over its desks; return start, end (NaN: not today) and desk.

    Sessions are independent, so a large day serves them in parallel; each writes only its own slice.
    """
    start = np.empty(rows.shape[0])
    end = np.empty(rows.shape[0])
    desk = np.empty(rows.shape[0], dtype=np.int64)
    service_minutes = desk_minutes(requests, places, rows, seed)
    session_desks = places.desks[session_place]
    if rows.shape[0] >= PARALLEL_MIN_VISITS:
        _serve_in_parallel(offsets, arrival, service_minutes, session_desks, hours, hour_offsets, start, end, desk)
    else:
        _serve_range(0, session_place.shape[0], offsets, arrival, service_minutes, session_desks, hours,
                     hour_offsets, start, end, desk)  # fmt: skip
    return start, end, desk


@njit(cache=True)
def _learn(
    requests: Requests, memory: Memory, rules: Rules, rows: np.ndarray, waited: np.ndarray, learns: np.ndarray
) -> None:
    """Let each visitor who travelled to an open door update their remembered wait at the place (kernels.memory)."""
    learners = np.flatnonzero(learns)
    citizen_of, place_of = requests.citizen, requests.place
    # Each citizen's own visits are learnt in session order; updates of different citizens commute.
    remember_waits(
        citizen_of[rows[learners]], place_of[rows[learners]], waited[learners], memory.place, memory.wait,
        memory.next_slot, rules.learning_rate, rules.initial_wait_minutes,
    )  # fmt: skip


@njit(cache=True)
def _outcomes(
    requests: Requests, places: Places, rows: np.ndarray, offsets: np.ndarray, hours: np.ndarray,
    hour_offsets: np.ndarray, arrival: np.ndarray, start: np.ndarray, day: int, weekday: int, seed: int,
) -> tuple[np.ndarray, np.ndarray, int]:  # fmt: skip
    """Book each visit's outcome: served, carried to the place's next open day, or given up.

    Returns each visit's wait (to the start, or to closing if not served) and whether it travelled,
    and the number given up. A visitor not served by closing comes back on the next day the place
    opens as far as they know (weekly hours and planned closures).
    """
    waited = np.empty(rows.shape[0])
    travelling = np.empty(rows.shape[0], dtype=np.bool_)
    channel, tries, status = requests.channel, requests.tries, requests.status
    wait_minutes, served_day = requests.wait_minutes, requests.served_day
    given_up = 0
    for session in range(offsets.shape[0] - 1):
        if hour_offsets[session + 1] == hour_offsets[session]:  # a closure keeps the door shut today
            given_up += turn_away(requests, places, rows, offsets[session], offsets[session + 1], waited,
                                  travelling, day, weekday, seed)  # fmt: skip
            continue
        closing = hours[hour_offsets[session + 1] - 1, 1]
        for visit in range(offsets[session], offsets[session + 1]):
            row = rows[visit]
            is_started = not np.isnan(start[visit])
            waited[visit] = start[visit] - arrival[visit] if is_started else max(closing - arrival[visit], 0.0)
            travelling[visit] = channel[row] != CHANNEL_ONLINE
            if travelling[visit]:
                wait_minutes[row] += waited[visit]
            tries[row] += 1
            if is_started:
                status[row] = STATUS_SERVED
                served_day[row] = day
                continue
            given_up += carry_over(requests, places, row, day, weekday, places.next_open_planned)
    return waited, travelling, given_up


@njit(cache=True)
def settle_day(
    requests: Requests, places: Places, memory: Memory, rules: Rules, totals: np.ndarray, day: int, weekday: int,
    rows: np.ndarray, session_place: np.ndarray, offsets: np.ndarray, hours: np.ndarray, hour_offsets: np.ndarray,
    arrival: np.ndarray, start: np.ndarray, end: np.ndarray, desk: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:  # fmt: skip
    """Book outcomes, carry-overs, learning, word of mouth and running totals after the queues.

    Returns the day's totals (DAY_*), and per session: served count and mean wait of travellers
    (NaN if none travelled, or the door was shut), plus the number of desk overlaps (an invariant: 0).
    """
    day_totals = np.zeros(DAY_FIELDS)
    waited, travelling, given_up = _outcomes(requests, places, rows, offsets, hours, hour_offsets, arrival, start,
                                             day, weekday, rules.seed)  # fmt: skip
    day_totals[DAY_UNSERVED] = given_up
    has_closures = places.closure_row.shape[0] > 0
    _learn(requests, memory, rules, rows, waited, who_learns(travelling, offsets, hour_offsets) if has_closures
           else travelling)  # fmt: skip
    served_count = np.zeros(session_place.shape[0])
    mean_wait = np.full(session_place.shape[0], np.nan)
    public_wait = memory.public_wait
    for session in range(session_place.shape[0]):
        place = session_place[session]
        visitors, waited_sum, busy, queue_wait = 0.0, 0.0, 0.0, 0.0
        for visit in range(offsets[session], offsets[session + 1]):
            is_started = not np.isnan(start[visit])
            if travelling[visit]:
                visitors += 1.0
                waited_sum += waited[visit]
            if is_started:
                served_count[session] += 1.0
                busy += end[visit] - start[visit]
                queue_wait += start[visit] - arrival[visit]
        if visitors > 0 and hour_offsets[session + 1] > hour_offsets[session]:  # a shut door tells nothing
            mean_wait[session] = waited_sum / visitors
            public_wait[place] += rules.public_learning_rate * (mean_wait[session] - public_wait[place])
        totals[place, TOTAL_VISITS] += offsets[session + 1] - offsets[session]
        totals[place, TOTAL_SERVED] += served_count[session]
        if day < rules.horizon_days:  # utilisation compares busy and open desk time within the horizon
            totals[place, TOTAL_BUSY_MINUTES] += busy
        totals[place, TOTAL_WAIT_MINUTES] += queue_wait
    _add_day_totals(requests, rules, rows, start, travelling, waited, day_totals)
    overlaps = count_desk_overlaps(offsets, start, end, desk, places.desks[session_place])
    return day_totals, served_count, mean_wait, overlaps


@njit(cache=True)
def _add_day_totals(
    requests: Requests, rules: Rules, rows: np.ndarray, start: np.ndarray, travelling: np.ndarray,
    waited: np.ndarray, day_totals: np.ndarray,
) -> None:  # fmt: skip
    """Add visits, served, waits, trips, car km and CO2 of the day's visitors (in visit order)."""
    for visit in range(rows.shape[0]):
        row = rows[visit]
        day_totals[DAY_VISITS] += 1.0
        is_started = not np.isnan(start[visit])
        day_totals[DAY_SERVED] += is_started
        if not travelling[visit]:
            continue
        day_totals[DAY_TRIPS] += 1.0
        if is_started:
            day_totals[DAY_WAIT_MINUTES] += waited[visit]
            day_totals[DAY_WAITS_COUNTED] += 1.0
        mode = requests.mode[row]
        round_trip_km = 2.0 * requests.travel_km[row]
        if mode == MODE_CAR:
            day_totals[DAY_CAR_KM] += round_trip_km
        day_totals[DAY_CO2_KG] += round_trip_km * rules.mode_table[mode, COLUMN_CO2_KG_PER_KM]


@njit(cache=True)
def add_open_desk_minutes(places: Places, totals: np.ndarray, day: int, weekday: int) -> None:
    """Add each place's open desk minutes of a day within the horizon (for utilisation); a shut place has none."""
    for place in range(places.desks.shape[0]):
        if not is_shut(places, place, day):
            totals[place, TOTAL_OPEN_DESK_MINUTES] += places.open_minutes[place, weekday] * places.desks[place]


@njit(cache=True)
def serve_day(
    requests: Requests, places: Places, memory: Memory, rules: Rules, totals: np.ndarray, day: int, weekday: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Kernels engine: the whole service of a day in one call.

    Returns the day's totals, and per session: place, visits, served count and mean wait, plus
    the desk overlaps.
    """
    if day < rules.horizon_days:
        add_open_desk_minutes(places, totals, day, weekday)
    rows, session_place, offsets, hours, hour_offsets, arrival = open_day(requests, places, day, weekday, rules.seed)
    start, end, desk = queue_sessions(requests, places, rows, session_place, offsets, hours, hour_offsets, arrival,
                                      rules.seed)  # fmt: skip
    day_totals, served_count, mean_wait, overlaps = settle_day(
        requests, places, memory, rules, totals, day, weekday,
        rows, session_place, offsets, hours, hour_offsets, arrival, start, end, desk,
    )  # fmt: skip
    return day_totals, session_place, np.diff(offsets), served_count, mean_wait, overlaps
