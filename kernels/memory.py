"""Citizens' memory of waits: a few remembered places per citizen, learned by exponential smoothing."""

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def remember_wait(
    memory_place: np.ndarray,
    memory_wait: np.ndarray,
    next_slot: np.ndarray,
    citizen: int,
    place: int,
    waited_minutes: float,
    learning_rate: float,
    initial_wait_minutes: float,
) -> None:
    """Move one citizen's remembered wait at a place towards what they just experienced (EWMA).

    A place not yet remembered takes the next slot in turn (the oldest memory is forgotten).
    """
    slots = memory_place.shape[1]
    found = -1
    for slot in range(slots):
        if memory_place[citizen, slot] == place:
            found = slot
            break
    if found < 0:
        found = next_slot[citizen]
        next_slot[citizen] = (found + 1) % slots
        memory_place[citizen, found] = place
        memory_wait[citizen, found] = initial_wait_minutes
    memory_wait[citizen, found] += learning_rate * (waited_minutes - memory_wait[citizen, found])


@njit(cache=True)
def remember_waits(
    citizens: np.ndarray,
    places: np.ndarray,
    waited_minutes: np.ndarray,
    memory_place: np.ndarray,
    memory_wait: np.ndarray,
    next_slot: np.ndarray,
    learning_rate: float,
    initial_wait_minutes: float,
) -> None:
    """Apply remember_wait to a day's visits in the given order (the order fixes the result)."""
    for visit in range(citizens.shape[0]):
        remember_wait(
            memory_place,
            memory_wait,
            next_slot,
            citizens[visit],
            places[visit],
            waited_minutes[visit],
            learning_rate,
            initial_wait_minutes,
        )


@njit(cache=True)
def session_sums(session_offsets: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Return the sum of values within each session, added in order (so both engines agree to the bit)."""
    sessions = session_offsets.shape[0] - 1
    sums = np.zeros(sessions)
    for session in range(sessions):
        total = 0.0
        for position in range(session_offsets[session], session_offsets[session + 1]):
            total += values[position]
        sums[session] = total
    return sums
