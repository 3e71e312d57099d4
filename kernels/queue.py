"""Service-desk queues: FIFO customers over parallel desks within opening intervals (Numba kernels).

One *session* is one service point on one day. Customers are taken in array order (FIFO). Each takes
the desk that becomes free earliest (ties: lowest desk index) and starts at the later of its arrival
and that desk's free time. A start before opening or inside a break moves to the start of the next
open interval; a start at or after the end of the last interval does not happen today (start and
end NaN, desk -1, and the desk stays free). A started service runs to completion, even past closing,
because staff finish the case in hand.

`serve_session` and `serve_sessions` are the raw kernels (callable from other kernels); they trust
their inputs. `simulate_session` and `simulate_sessions` are the Python entry points that validate
and convert the inputs first. `sim.model.services.serve_session_simpy` is the SimPy twin with identical results.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = [
    "serve_session",
    "serve_sessions",
    "simulate_session",
    "simulate_sessions",
]


@njit(cache=True)
def _first_open_minute(minute, open_intervals):
    """Return the earliest open minute at or after `minute`, or NaN if the last interval has ended."""
    # Binary search for the first interval whose end lies after `minute`.
    low = 0
    high = open_intervals.shape[0]
    while low < high:
        middle = (low + high) // 2
        if open_intervals[middle, 1] <= minute:
            low = middle + 1
        else:
            high = middle
    if low == open_intervals.shape[0]:
        return np.nan
    return max(minute, open_intervals[low, 0])


@njit(cache=True)
def _serve_into(arrival_minutes, service_minutes, desks, open_intervals, start_minutes, end_minutes, desk_index):
    """Serve one session, writing into the three given output arrays."""
    desk_free_minutes = np.full(desks, -np.inf)
    for customer in range(arrival_minutes.shape[0]):
        # Earliest-free desk; the strict `<` keeps the lowest index on ties.
        desk = 0
        for other in range(1, desks):
            if desk_free_minutes[other] < desk_free_minutes[desk]:
                desk = other
        start = _first_open_minute(max(arrival_minutes[customer], desk_free_minutes[desk]), open_intervals)
        if np.isnan(start):
            start_minutes[customer] = np.nan
            end_minutes[customer] = np.nan
            desk_index[customer] = -1
            continue
        end = start + service_minutes[customer]
        start_minutes[customer] = start
        end_minutes[customer] = end
        desk_index[customer] = desk
        desk_free_minutes[desk] = end


@njit(cache=True)
def serve_session(arrival_minutes, service_minutes, desks, open_intervals):
    """Serve one session; return (start_minutes, end_minutes, desk_index), NaN/-1 if not started."""
    customers = arrival_minutes.shape[0]
    start_minutes = np.empty(customers, dtype=np.float64)
    end_minutes = np.empty(customers, dtype=np.float64)
    desk_index = np.empty(customers, dtype=np.int64)
    _serve_into(arrival_minutes, service_minutes, desks, open_intervals, start_minutes, end_minutes, desk_index)
    return start_minutes, end_minutes, desk_index


@njit(cache=True, parallel=True)
def serve_sessions(session_offsets, arrival_minutes, service_minutes, session_desks, interval_offsets, open_intervals):
    """Serve many independent sessions in one call; return the three concatenated output arrays."""
    customers = arrival_minutes.shape[0]
    start_minutes = np.empty(customers, dtype=np.float64)
    end_minutes = np.empty(customers, dtype=np.float64)
    desk_index = np.empty(customers, dtype=np.int64)
    # Each session writes only its own slice, so the result does not depend on the thread count.
    for session in prange(session_desks.shape[0]):
        first = session_offsets[session]
        last = session_offsets[session + 1]
        _serve_into(
            arrival_minutes[first:last],
            service_minutes[first:last],
            session_desks[session],
            open_intervals[interval_offsets[session] : interval_offsets[session + 1]],
            start_minutes[first:last],
            end_minutes[first:last],
            desk_index[first:last],
        )
    return start_minutes, end_minutes, desk_index


def _as_minutes(name: str, values: object, ndim: int) -> np.ndarray:
    """Convert to a C-contiguous float64 array of finite values with `ndim` dimensions."""
    array = np.ascontiguousarray(values, dtype=np.float64)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    return array


def _as_intervals(values: object) -> np.ndarray:
    """Convert to a C-contiguous float64 (k, 2) array; an empty input means no opening today."""
    intervals = np.asarray(values, dtype=np.float64)
    if intervals.size == 0:
        intervals = intervals.reshape(0, 2)
    if intervals.ndim != 2 or intervals.shape[1] != 2:
        raise ValueError(f"open_intervals must have shape (k, 2), got {intervals.shape}")
    return _as_minutes("open_intervals", intervals, 2)


def _check_session(
    arrival_minutes: np.ndarray, service_minutes: np.ndarray, desks: int, open_intervals: np.ndarray
) -> None:
    """Raise ValueError unless one session's arrays satisfy the kernel's preconditions."""
    if arrival_minutes.shape != service_minutes.shape:
        raise ValueError(
            f"arrival_minutes and service_minutes differ in shape: {arrival_minutes.shape} vs {service_minutes.shape}"
        )
    if np.any(np.diff(arrival_minutes) < 0):
        raise ValueError("arrival_minutes must be sorted ascending (FIFO order)")
    if np.any(service_minutes <= 0):
        raise ValueError("service_minutes must be > 0")
    if desks < 1:
        raise ValueError(f"desks must be >= 1, got {desks}")
    if np.any(open_intervals[:, 0] >= open_intervals[:, 1]):
        raise ValueError("every open interval needs start < end")
    if np.any(open_intervals[1:, 0] < open_intervals[:-1, 1]):
        raise ValueError("open_intervals must be sorted and non-overlapping")


def simulate_session(
    *, arrival_minutes: object, service_minutes: object, desks: int, open_intervals: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate one session's inputs and serve it with `serve_session`.

    Raises:
        ValueError: if shapes differ, arrivals are unsorted, a service time is <= 0, desks < 1,
            a value is not finite, or the intervals are not sorted, non-overlapping (k, 2) pairs.
    """
    arrivals = _as_minutes("arrival_minutes", arrival_minutes, 1)
    services = _as_minutes("service_minutes", service_minutes, 1)
    intervals = _as_intervals(open_intervals)
    desks = int(desks)
    _check_session(arrivals, services, desks, intervals)
    return serve_session(arrival_minutes=arrivals, service_minutes=services, desks=desks, open_intervals=intervals)


def _as_offsets(name: str, values: object, sessions: int, total: int) -> np.ndarray:
    """Convert to int64 offsets of length sessions + 1 running from 0 to `total` without decreasing."""
    offsets = np.ascontiguousarray(values, dtype=np.int64)
    if offsets.shape != (sessions + 1,):
        raise ValueError(f"{name} must have shape ({sessions + 1},), got {offsets.shape}")
    if offsets[0] != 0 or offsets[-1] != total or np.any(np.diff(offsets) < 0):
        raise ValueError(f"{name} must rise from 0 to {total} without decreasing")
    return offsets


def simulate_sessions(
    *,
    session_offsets: object,
    arrival_minutes: object,
    service_minutes: object,
    session_desks: object,
    interval_offsets: object,
    open_intervals: object,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate many sessions' inputs and serve them all with `serve_sessions`.

    Args:
        session_offsets: session s owns customers session_offsets[s]:session_offsets[s + 1].
        arrival_minutes: all customers' arrivals, sorted ascending within each session.
        service_minutes: all customers' service times, each > 0.
        session_desks: desks per session, length S.
        interval_offsets: session s owns rows interval_offsets[s]:interval_offsets[s + 1] of
            `open_intervals`.
        open_intervals: all sessions' [start, end) opening intervals, a (K, 2) array.

    Raises:
        ValueError: as `simulate_session`, per session, or if the offsets do not partition the arrays.
    """
    arrivals = _as_minutes("arrival_minutes", arrival_minutes, 1)
    services = _as_minutes("service_minutes", service_minutes, 1)
    intervals = _as_intervals(open_intervals)
    desks = np.ascontiguousarray(session_desks, dtype=np.int64)
    if desks.ndim != 1:
        raise ValueError(f"session_desks must be one-dimensional, got shape {desks.shape}")
    sessions = desks.shape[0]
    customer_offsets = _as_offsets("session_offsets", session_offsets, sessions, arrivals.shape[0])
    row_offsets = _as_offsets("interval_offsets", interval_offsets, sessions, intervals.shape[0])
    for session in range(sessions):
        customers = slice(customer_offsets[session], customer_offsets[session + 1])
        try:
            _check_session(
                arrivals[customers],
                services[customers],
                int(desks[session]),
                intervals[row_offsets[session] : row_offsets[session + 1]],
            )
        except ValueError as error:
            raise ValueError(f"session {session}: {error}") from None
    return serve_sessions(
        session_offsets=customer_offsets,
        arrival_minutes=arrivals,
        service_minutes=services,
        session_desks=desks,
        interval_offsets=row_offsets,
        open_intervals=intervals,
    )


@njit(cache=True)
def count_desk_overlaps(session_offsets, start_minutes, end_minutes, desk_index, session_desks):  # type: ignore[no-untyped-def]
    """Return how often a desk starts a visitor before finishing the previous one (an invariant: 0)."""
    overlaps = 0
    for session in range(session_desks.shape[0]):
        free_from = np.full(session_desks[session], -np.inf)
        for visit in range(session_offsets[session], session_offsets[session + 1]):
            desk = desk_index[visit]
            if desk < 0:
                continue
            if start_minutes[visit] < free_from[desk] - 1e-9:
                overlaps += 1
            free_from[desk] = max(free_from[desk], end_minutes[visit])
    return overlaps
