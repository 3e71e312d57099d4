"""Serving one day: arrival times, the queue at every open place, carry-over and learning of waits."""

from typing import TYPE_CHECKING

import numpy as np

from kernels import random as draws
from kernels.travel import MODE_CAR
from sim.requests import CHANNEL_ONLINE, STATUS_SERVED, STATUS_UNSERVED

if TYPE_CHECKING:
    from sim.model import Region


def minutes_from_open_position(position: np.ndarray, open_intervals: np.ndarray) -> np.ndarray:
    """Map positions along the day's open time (0 .. total open minutes) to minutes since midnight."""
    lengths = open_intervals[:, 1] - open_intervals[:, 0]
    ends = np.cumsum(lengths)
    interval = np.minimum(np.searchsorted(ends, position, side="right"), len(lengths) - 1)
    before = ends[interval] - lengths[interval]
    return open_intervals[interval, 0] + (position - before)


def arrival_minutes(model: "Region", rows: np.ndarray, day: int, open_intervals: np.ndarray) -> np.ndarray:
    """Return when each visitor arrives: retries at opening, booked visits in even slots, others at random.

    Carried-over visitors come back at opening time, because German offices serve yesterday's
    queue first; booked slots spread arrivals evenly, which is what removes the morning peak.
    """
    book = model.book
    total_open = float((open_intervals[:, 1] - open_intervals[:, 0]).sum())
    draw = draws.uniform_array(
        model.seed,
        draws.PURPOSE_ARRIVAL_MINUTE,
        book.citizen[rows],
        np.full(rows.shape[0], day, dtype=np.int64),
        book.key_index(rows),
    )
    position = draw * total_open
    booked = book.booked[rows] & (book.tries[rows] == 0)
    booked_count = int(booked.sum())
    if booked_count:
        position[booked] = (np.arange(booked_count) + 0.5) * (total_open / booked_count)
    minutes = minutes_from_open_position(position, open_intervals)
    minutes[book.tries[rows] > 0] = open_intervals[0, 0]
    return minutes


def serve_day(model: "Region", day: int) -> None:
    """Queue the day's visits at each place, then book outcomes, carry-overs, learning and daily totals."""
    book, facilities, today = model.book, model.facilities, model.today
    if day < model.days:
        for place in range(facilities.place_count):
            intervals = facilities.intervals(place, day)
            if intervals.shape[0]:
                model.point_agents[facilities.place_point[place]].open_session(intervals)
    rows = book.take_visits(day)
    if rows.shape[0] == 0:
        return
    learning_rate = model.config.behaviour.wait_learning_rate
    co2_per_km = model.geography.co2_kg_per_km
    places = book.place[rows]
    for place in np.unique(places):
        chosen = rows[places == place]
        intervals = facilities.intervals(int(place), day)
        arrival = arrival_minutes(model, chosen, day, intervals)
        order = np.lexsort((chosen, arrival))
        chosen, arrival = chosen[order], arrival[order]
        point = model.point_agents[facilities.place_point[place]]
        start, _ = point.serve(arrival, book.service_minutes[chosen], intervals)
        started = ~np.isnan(start)
        waited = np.where(started, start - arrival, np.maximum(intervals[-1, 1] - arrival, 0.0))
        travelling = book.channel[chosen] != CHANNEL_ONLINE
        book.tries[chosen] += 1
        book.wait_minutes[chosen[travelling]] += waited[travelling]

        served = chosen[started]
        book.status[served] = STATUS_SERVED
        book.served_day[served] = day
        failed = chosen[~started]
        next_day = facilities.next_open_day(int(place), day + 1)
        give_up = book.tries[failed] >= facilities.point_max_tries[facilities.place_point[place]]
        if next_day < 0:
            give_up[:] = True
        book.status[failed[give_up]] = STATUS_UNSERVED
        book.schedule(failed[~give_up], next_day)

        visitors = chosen[travelling]
        citizens = book.citizen[visitors]
        model.expected_wait[citizens, place] += learning_rate * (
            waited[travelling] - model.expected_wait[citizens, place]
        )
        mode = book.mode[visitors]
        round_trip_km = 2.0 * book.travel_km[visitors]
        today["visits"] += float(chosen.shape[0])
        today["served"] += float(served.shape[0])
        today["unserved"] += float(give_up.sum())
        today["wait_minutes_sum"] += float(waited[travelling & started].sum())
        today["waits_counted"] += float((travelling & started).sum())
        today["trips"] += float(visitors.shape[0])
        today["car_km"] += float(round_trip_km[mode == MODE_CAR].sum())
        today["co2_kg"] += float((round_trip_km * co2_per_km[mode]).sum())
        mean_wait = float(waited[travelling].mean()) if travelling.any() else float("nan")
        if travelling.any():
            model.public_wait[place] += learning_rate * (mean_wait - model.public_wait[place])
        model.place_daily.append((day, int(place), int(chosen.shape[0]), int(served.shape[0]), mean_wait))
