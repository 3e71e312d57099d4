"""SimPy reference for service desks: FIFO customers, parallel desks and opening intervals.

`serve_session_simpy` is the event-driven twin of the Numba kernel `kernels.queue.serve_session`
and gives identical results (see that module for the rules). Desks live in a `simpy.PriorityStore`
keyed by (free minute, desk index), so a customer always takes the earliest-free desk, lowest index
on ties, and waiting customers are served first come, first served.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

__all__ = ["next_open_minute", "serve_session_simpy"]


def next_open_minute(minute: float, open_intervals: np.ndarray) -> float | None:
    """Return the earliest open minute at or after `minute`, or None once the last interval has ended."""
    for interval_start, interval_end in open_intervals:
        if minute < interval_end:
            return max(float(minute), float(interval_start))
    return None


def _delay(now: float, minute: float) -> float:
    """Return the delay from now to minute, never negative (the clock may sit an ulp past an exact minute)."""
    return max(0.0, minute - now)


class _Session:
    """One service point on one day: the desk store, the opening hours and the outcome arrays."""

    def __init__(self, env: simpy.Environment, desks: int, open_intervals: np.ndarray, customers: int) -> None:
        self.env = env
        self.open_intervals = open_intervals
        self.desks = simpy.PriorityStore(env)
        for desk in range(desks):
            # A desk that has never been used is free since forever, so lower indices go first.
            self.desks.put(simpy.PriorityItem((-math.inf, desk), desk))
        self.start_minutes = np.full(customers, np.nan)
        self.end_minutes = np.full(customers, np.nan)
        self.desk_index = np.full(customers, -1, dtype=np.int64)

    def arrive(self, arrival_minutes: np.ndarray, service_minutes: np.ndarray) -> Generator[Any, Any, None]:
        """Let customers arrive in FIFO order, each starting its own visit process."""
        for customer, (arrival, service) in enumerate(zip(arrival_minutes, service_minutes, strict=True)):
            yield self.env.timeout(_delay(self.env.now, float(arrival)))
            # A zero timeout queues behind every event already due at this minute, desk releases
            # included, so a newcomer sees all desks that are free by now, as the FIFO rule requires.
            yield self.env.timeout(0)
            self.env.process(self.visit(customer, float(arrival), float(service)))

    def visit(self, customer: int, arrival: float, service_minutes: float) -> Generator[Any, Any, None]:
        """Queue for the earliest-free desk, wait for opening, be served, then free the desk.

        The clock only orders events; the minutes recorded come from the exact arrival and desk
        release minutes, because now + (minute - now) can miss a minute by an ulp in floating point.
        """
        desk_item = yield self.desks.get()
        free_since, desk = desk_item.priority
        start = next_open_minute(max(arrival, free_since), self.open_intervals)
        if start is None:
            # Closed for today: hand the desk back untouched; the customer leaves unserved.
            yield self.desks.put(desk_item)
            return
        end = start + service_minutes
        self.start_minutes[customer] = start
        self.end_minutes[customer] = end
        self.desk_index[customer] = desk
        # Wait for opening (or for a break to end), then serve; staff finish the case in hand after closing.
        yield self.env.timeout(_delay(self.env.now, start))
        yield self.env.timeout(_delay(self.env.now, end))
        yield self.desks.put(simpy.PriorityItem((end, desk), desk))


def serve_session_simpy(
    arrival_minutes: np.ndarray, service_minutes: np.ndarray, desks: int, open_intervals: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Serve one session as a SimPy simulation; return (start_minutes, end_minutes, desk_index).

    Inputs follow `kernels.queue.serve_session`: arrivals sorted ascending (array order is FIFO
    order), service times > 0, desks >= 1, and sorted, non-overlapping [start, end) intervals of
    shape (k, 2). Customers not started today get NaN start and end and desk -1. Identity with the
    kernel needs start + service > start in floating point, which any service of 1e-6 minutes or
    more gives on a clock below a million minutes.

    Raises:
        ValueError: if the array lengths differ, arrivals are unsorted, a service time is <= 0 or
            desks < 1.
    """
    arrivals = np.asarray(arrival_minutes, dtype=np.float64)
    services = np.asarray(service_minutes, dtype=np.float64)
    intervals = np.asarray(open_intervals, dtype=np.float64).reshape(-1, 2)
    if arrivals.shape != services.shape:
        raise ValueError(f"arrival and service arrays differ in shape: {arrivals.shape} vs {services.shape}")
    if np.any(np.diff(arrivals) < 0):
        raise ValueError("arrival_minutes must be sorted ascending (FIFO order)")
    if np.any(services <= 0):
        raise ValueError("service_minutes must be > 0")
    if desks < 1:
        raise ValueError(f"desks must be >= 1, got {desks}")
    env = simpy.Environment(initial_time=float(arrivals[0]) if arrivals.size else 0.0)
    session = _Session(env, int(desks), intervals, arrivals.shape[0])
    env.process(session.arrive(arrivals, services))
    env.run()
    return session.start_minutes, session.end_minutes, session.desk_index
