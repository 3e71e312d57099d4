"""Serving one day: arrival times, the queue at every open place, carry-over, learning and daily totals.

Both engines run this same code; they differ only in who queues a session: the kernels engine hands
all fixed sessions to one Numba call (and mobile stops to SimPy), the agents engine asks each
ServicePoint agent to queue its own sessions in SimPy. The two queues agree to the bit, so every
figure that follows does too.
"""

from typing import TYPE_CHECKING

import numpy as np

from kernels import random as draws
from kernels.arrivals import arrival_minutes
from kernels.memory import remember_waits, session_sums
from kernels.queue import count_desk_overlaps, serve_sessions
from kernels.travel import MODE_CAR
from sim.facilities import KIND_MOBILE
from sim.requests import CHANNEL_ONLINE, STATUS_SERVED, STATUS_UNSERVED
from sim.services import serve_session_simpy

if TYPE_CHECKING:
    from sim.model import Region


def gather_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Return the concatenated index ranges start..start+length (vectorised, no Python loop)."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    block_starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total) - block_starts)


def queue_sessions(
    model: "Region",
    session_place: np.ndarray,
    session_offsets: np.ndarray,
    interval_offsets: np.ndarray,
    intervals: np.ndarray,
    arrival: np.ndarray,
    service_minutes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Queue every session of the day with the engine's queue; return start, end and desk per visitor."""
    facilities = model.facilities
    point = facilities.place_point[session_place]
    desks = facilities.point_desks[point]
    start = np.empty(arrival.shape[0])
    end = np.empty(arrival.shape[0])
    desk = np.empty(arrival.shape[0], dtype=np.int64)
    by_simpy = np.ones(session_place.shape[0], dtype=np.bool_)
    if model.engine == "kernels":
        by_simpy = facilities.point_kind[point] == KIND_MOBILE  # SimPy keeps the low-volume mobile stops
        fixed = np.flatnonzero(~by_simpy)
        sizes = session_offsets[fixed + 1] - session_offsets[fixed]
        visits = gather_ranges(session_offsets[fixed], sizes)
        hour_counts = interval_offsets[fixed + 1] - interval_offsets[fixed]
        offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        hour_offsets = np.concatenate(([0], np.cumsum(hour_counts))).astype(np.int64)
        hours = intervals[gather_ranges(interval_offsets[fixed], hour_counts)]
        start[visits], end[visits], desk[visits] = serve_sessions(
            offsets, arrival[visits], service_minutes[visits], desks[fixed], hour_offsets, hours
        )
    for session in np.flatnonzero(by_simpy):
        first, last = session_offsets[session], session_offsets[session + 1]
        hours = intervals[interval_offsets[session] : interval_offsets[session + 1]]
        if model.engine == "agents":
            result = model.point_agents[point[session]].serve(arrival[first:last], service_minutes[first:last], hours)
        else:
            result = serve_session_simpy(arrival[first:last], service_minutes[first:last], int(desks[session]), hours)
        start[first:last], end[first:last], desk[first:last] = result
    return start, end, desk


def serve_day(model: "Region", day: int) -> None:
    """Queue the day's visits at each place, then book outcomes, carry-overs, learning and daily totals."""
    book, facilities, today, stats = model.book, model.facilities, model.today, model.place_stats
    weekday = facilities.weekday(day)
    if day < model.days:
        stats.open_desk_minutes += facilities.open_minutes[:, weekday] * facilities.point_desks[facilities.place_point]
    rows = book.take_visits(day)
    if rows.shape[0] == 0:
        return
    rows = rows[np.argsort(book.place[rows], kind="stable")]
    place = book.place[rows].astype(np.int64)
    session_place, first_visit, session_sizes = np.unique(place, return_index=True, return_counts=True)
    session_offsets = np.append(first_visit, rows.shape[0]).astype(np.int64)
    session_of_visit = np.repeat(np.arange(session_place.shape[0]), session_sizes)
    hour_offsets_all = facilities.hours_offsets[weekday]
    hour_counts = hour_offsets_all[session_place + 1] - hour_offsets_all[session_place]
    intervals = facilities.hours_flat[weekday][gather_ranges(hour_offsets_all[session_place], hour_counts)]
    interval_offsets = np.concatenate(([0], np.cumsum(hour_counts))).astype(np.int64)

    citizen = book.citizen[rows].astype(np.int64)
    draw = draws.uniform_array(
        model.seed,
        draws.PURPOSE_ARRIVAL_MINUTE,
        citizen,
        np.full(rows.shape[0], day, dtype=np.int64),
        book.key_index(rows),
    )
    is_retry = book.tries[rows] > 0
    arrival = arrival_minutes(session_offsets, interval_offsets, intervals, draw, book.booked[rows], is_retry)
    order = np.lexsort((rows, arrival, session_of_visit))
    rows, place, citizen, arrival = rows[order], place[order], citizen[order], arrival[order]

    start, end, desk = queue_sessions(
        model, session_place, session_offsets, interval_offsets, intervals, arrival, book.service_minutes[rows]
    )
    started = ~np.isnan(start)
    closing = intervals[interval_offsets[1:] - 1, 1][session_of_visit]
    waited = np.where(started, start - arrival, np.maximum(closing - arrival, 0.0))
    travelling = book.channel[rows] != CHANNEL_ONLINE
    book.tries[rows] += 1
    book.wait_minutes[rows[travelling]] += waited[travelling]

    served = rows[started]
    book.status[served] = STATUS_SERVED
    book.served_day[served] = day
    failed = ~started
    next_weekday = facilities.weekday(day + 1)
    offset = facilities.next_open_offset[place, next_weekday]
    next_day = np.where(offset >= 0, day + 1 + offset, -1)
    give_up = failed & (
        (book.tries[rows] >= facilities.point_max_tries[facilities.place_point[place]]) | (next_day < 0)
    )
    book.status[rows[give_up]] = STATUS_UNSERVED
    carried = failed & ~give_up
    for visit_day in np.unique(next_day[carried]):
        book.schedule(rows[carried & (next_day == visit_day)], int(visit_day))

    behaviour = model.config.behaviour
    # Updates of different citizens commute; a stable sort by citizen keeps each citizen's own order
    # (so the result is unchanged) and walks the memory arrays in order, which the cache likes.
    learners = np.flatnonzero(travelling)
    learners = learners[np.argsort(citizen[learners], kind="stable")]
    remember_waits(
        citizen[learners],
        place[learners],
        waited[learners],
        model.memory_place,
        model.memory_wait,
        model.next_slot,
        behaviour.wait_learning_rate,
        behaviour.initial_expected_wait_minutes,
    )
    visitors = session_sums(session_offsets, travelling.astype(np.float64))
    waited_sum = session_sums(session_offsets, np.where(travelling, waited, 0.0))
    heard = visitors > 0
    mean_wait = np.where(heard, waited_sum / np.maximum(visitors, 1.0), np.nan)
    model.public_wait[session_place[heard]] += behaviour.public_learning_rate * (
        mean_wait[heard] - model.public_wait[session_place[heard]]
    )
    served_count = session_sums(session_offsets, started.astype(np.float64))
    stats.visits[session_place] += session_sizes
    stats.served[session_place] += served_count.astype(np.int64)
    if day < model.days:  # utilisation compares busy and open desk time within the horizon
        stats.busy_minutes[session_place] += session_sums(session_offsets, np.where(started, end - start, 0.0))
    stats.wait_minutes[session_place] += session_sums(session_offsets, np.where(started, start - arrival, 0.0))
    session_desks = facilities.point_desks[facilities.place_point[session_place]]
    stats.desk_overlaps += count_desk_overlaps(session_offsets, start, end, desk, session_desks)
    model.place_daily.append(
        np.column_stack([np.full(session_place.shape[0], day), session_place, session_sizes, served_count, mean_wait])
    )

    mode = book.mode[rows[travelling]]
    round_trip_km = 2.0 * book.travel_km[rows[travelling]]
    today["visits"] += float(rows.shape[0])
    today["served"] += float(served.shape[0])
    today["unserved"] += float(give_up.sum())
    today["wait_minutes_sum"] += float(waited[travelling & started].sum())
    today["waits_counted"] += float((travelling & started).sum())
    today["trips"] += float(travelling.sum())
    today["car_km"] += float(round_trip_km[mode == MODE_CAR].sum())
    today["co2_kg"] += float((round_trip_km * model.geography.co2_kg_per_km[mode]).sum())
