"""Destination and mode choice: a nested logit over the places a citizen may use and the modes to get there."""

import math

import numpy as np
from numba import njit, prange

from kernels.memory import expected_wait
from kernels.random import PURPOSE_DESTINATION, PURPOSE_MODE, uniform
from kernels.travel import COLUMN_CONSTANT, MODE_CAR, MODE_COUNT, great_circle_km, mode_km, mode_minutes

# Columns of the weights vector.
WEIGHT_TIME_PER_MINUTE = 0
WEIGHT_WAIT_PER_MINUTE = 1
WEIGHT_BORDER_PENALTY_MINUTES = 2
WEIGHT_LIFT_CONSTANT = 3
WEIGHT_SOCIAL_SHARE = 4
WEIGHT_COUNT = 5

# Columns of the per-citizen integer table.
CITIZEN_DISTRICT = 0
CITIZEN_MUNICIPALITY = 1
CITIZEN_HAS_CAR = 2

# Columns of the per-place integer table.
PLACE_DISTRICT = 0
PLACE_MUNICIPALITY = 1


@njit(cache=True)
def mode_utilities(
    crow_km: float, transit_minutes_between: float, has_car: bool, mode_table: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Return the systematic utility of each mode (minus infinity where a mode is impossible)."""
    utilities = np.empty(MODE_COUNT)
    for mode in range(MODE_COUNT):
        minutes = mode_minutes(mode, crow_km, transit_minutes_between, mode_table)
        if math.isinf(minutes):
            utilities[mode] = -math.inf
            continue
        utilities[mode] = -weights[WEIGHT_TIME_PER_MINUTE] * minutes + mode_table[mode, COLUMN_CONSTANT]
        if mode == MODE_CAR and not has_car:
            utilities[mode] += weights[WEIGHT_LIFT_CONSTANT]
    return utilities


@njit(cache=True)
def log_sum_exp(values: np.ndarray) -> float:
    """Return log(sum(exp(values))) without overflow; minus infinity for an all-impossible set."""
    largest = values.max()
    if math.isinf(largest):
        return -math.inf
    return largest + math.log(np.exp(values - largest).sum())


@njit(cache=True)
def pick_by_logit(utilities: np.ndarray, draw: float) -> int:
    """Return the index chosen by a multinomial logit for a uniform draw (inverse CDF); -1 if none."""
    largest = utilities.max()
    if math.isinf(largest):
        return -1
    weights = np.exp(utilities - largest)
    threshold = draw * weights.sum()
    cumulative = 0.0
    last_possible = -1
    for index in range(utilities.shape[0]):
        if weights[index] > 0.0:
            last_possible = index
        cumulative += weights[index]
        if threshold < cumulative:
            return index
    return last_possible


@njit(cache=True)
def choose_one(
    seed: int,
    request_key: np.ndarray,
    citizen_lat: float,
    citizen_lon: float,
    citizen_row: np.ndarray,
    candidates: np.ndarray,
    expected_waits: np.ndarray,
    place_lat: np.ndarray,
    place_lon: np.ndarray,
    place_row: np.ndarray,
    transit_minutes: np.ndarray,
    mode_table: np.ndarray,
    weights: np.ndarray,
) -> tuple[int, int, float, float]:
    """Choose a place and a mode for one request; the scalar behaviour both engines share.

    Returns (place, mode, door-to-door minutes one way, km one way); place -1 if nothing is reachable.
    """
    has_car = citizen_row[CITIZEN_HAS_CAR] == 1
    count = candidates.shape[0]
    place_utility = np.empty(count)
    for slot in range(count):
        place = candidates[slot]
        crow_km = great_circle_km(citizen_lat, citizen_lon, place_lat[place], place_lon[place])
        between = transit_minutes[citizen_row[CITIZEN_DISTRICT], place_row[place, PLACE_DISTRICT]]
        utility = log_sum_exp(mode_utilities(crow_km, between, has_car, mode_table, weights))
        utility -= weights[WEIGHT_WAIT_PER_MINUTE] * expected_waits[slot]
        if place_row[place, PLACE_MUNICIPALITY] != citizen_row[CITIZEN_MUNICIPALITY]:
            utility -= weights[WEIGHT_TIME_PER_MINUTE] * weights[WEIGHT_BORDER_PENALTY_MINUTES]
        place_utility[slot] = utility
    citizen, service, ordinal, day = request_key[0], request_key[1], request_key[2], request_key[3]
    slot = pick_by_logit(
        place_utility, uniform(seed, PURPOSE_DESTINATION, citizen, day, service * 4096 + ordinal)
    )
    if slot < 0:
        return -1, -1, math.nan, math.nan
    place = candidates[slot]
    crow_km = great_circle_km(citizen_lat, citizen_lon, place_lat[place], place_lon[place])
    between = transit_minutes[citizen_row[CITIZEN_DISTRICT], place_row[place, PLACE_DISTRICT]]
    utilities = mode_utilities(crow_km, between, has_car, mode_table, weights)
    mode = pick_by_logit(utilities, uniform(seed, PURPOSE_MODE, citizen, day, service * 4096 + ordinal))
    minutes = mode_minutes(mode, crow_km, between, mode_table)
    return place, mode, minutes, mode_km(mode, crow_km, mode_table)


@njit(cache=True, parallel=True)
def choose_places(
    seed: int,
    request_keys: np.ndarray,
    request_group: np.ndarray,
    citizen_lat: np.ndarray,
    citizen_lon: np.ndarray,
    citizen_rows: np.ndarray,
    group_offsets: np.ndarray,
    group_places: np.ndarray,
    memory_place: np.ndarray,
    memory_wait: np.ndarray,
    public_wait: np.ndarray,
    place_lat: np.ndarray,
    place_lon: np.ndarray,
    place_rows: np.ndarray,
    transit_minutes: np.ndarray,
    mode_table: np.ndarray,
    weights: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run choose_one for a batch of requests in parallel (each request reads only its own draws).

    Args:
        request_keys: (requests x 4) citizen, service, ordinal, need day.
        request_group: candidate group of each request; group g offers
            group_places[group_offsets[g]:group_offsets[g + 1]].
        memory_place, memory_wait: (citizens x slots) the places each citizen remembers and the
            waits they learned there; public_wait: (places) recent mean wait known by word of mouth.
            The choice blends both with weights[WEIGHT_SOCIAL_SHARE] (kernels.memory.expected_wait).
    """
    total = request_keys.shape[0]
    chosen_place = np.empty(total, dtype=np.int64)
    chosen_mode = np.empty(total, dtype=np.int64)
    travel_minutes = np.empty(total)
    travel_km = np.empty(total)
    for position in prange(total):
        citizen = request_keys[position, 0]
        group = request_group[position]
        candidates = group_places[group_offsets[group] : group_offsets[group + 1]]
        waits = np.empty(candidates.shape[0])
        for slot in range(candidates.shape[0]):
            waits[slot] = expected_wait(
                memory_place[citizen], memory_wait[citizen], public_wait, candidates[slot], weights[WEIGHT_SOCIAL_SHARE]
            )
        place, mode, minutes, km = choose_one(
            seed,
            request_keys[position],
            citizen_lat[citizen],
            citizen_lon[citizen],
            citizen_rows[citizen],
            candidates,
            waits,
            place_lat,
            place_lon,
            place_rows,
            transit_minutes,
            mode_table,
            weights,
        )
        chosen_place[position] = place
        chosen_mode[position] = mode
        travel_minutes[position] = minutes
        travel_km[position] = km
    return chosen_place, chosen_mode, travel_minutes, travel_km
