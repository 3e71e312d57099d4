"""Arrival minutes of a day's visitors, session by session: random, booked slots, or at opening."""

import numpy as np
from numba import njit


@njit(cache=True)
def minute_at_open_position(position: float, open_intervals: np.ndarray) -> float:
    """Map a position along the day's open time (0 .. total open minutes) to minutes since midnight."""
    passed = 0.0
    for interval in range(open_intervals.shape[0]):
        length = open_intervals[interval, 1] - open_intervals[interval, 0]
        if position < passed + length or interval == open_intervals.shape[0] - 1:
            return open_intervals[interval, 0] + (position - passed)
        passed += length
    return np.nan


@njit(cache=True)
def arrival_minutes(
    session_offsets: np.ndarray,
    interval_offsets: np.ndarray,
    open_intervals: np.ndarray,
    draw: np.ndarray,
    slot_position: np.ndarray,
    is_retry: np.ndarray,
) -> np.ndarray:
    """Return each visitor's arrival minute; visitors are grouped by session and in request order within it.

    Carried-over visitors come at opening, because German offices serve yesterday's queue first;
    a visitor with an appointment comes at its slot (slot_position: minutes into the day's open time,
    negative for none); the rest arrive at a uniformly random moment of the open time.
    """
    minutes = np.empty(draw.shape[0])
    for session in range(session_offsets.shape[0] - 1):
        intervals = open_intervals[interval_offsets[session] : interval_offsets[session + 1]]
        total_open = 0.0
        for interval in range(intervals.shape[0]):
            total_open += intervals[interval, 1] - intervals[interval, 0]
        for visit in range(session_offsets[session], session_offsets[session + 1]):
            if is_retry[visit]:
                minutes[visit] = intervals[0, 0]
            elif slot_position[visit] >= 0.0:
                minutes[visit] = minute_at_open_position(
                    min(slot_position[visit], total_open * (1.0 - 1e-9)), intervals
                )
            else:
                minutes[visit] = minute_at_open_position(draw[visit] * total_open, intervals)
    return minutes
