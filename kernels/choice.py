"""Destination and mode choice: a nested logit over the places a citizen may use and the modes to get there."""

import math

import numpy as np
from numba import njit, prange

from kernels.random import PURPOSE_DESTINATION, PURPOSE_MODE, uniform
from kernels.travel import COLUMN_CONSTANT, MODE_CAR, MODE_COUNT, local_km, mode_km, mode_minutes

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

# Draws of one request are keyed by (citizen, need day, service * REQUEST_STRIDE + ordinal).
REQUEST_STRIDE = 4096


@njit(cache=True)
def mode_utility(
    mode: int,
    crow_km: float,
    transit_minutes_between: float,
    has_car: bool,
    mode_table: np.ndarray,
    weights: np.ndarray,
) -> float:
    """Return the systematic utility of one mode (minus infinity where it is impossible)."""
    minutes = mode_minutes(mode, crow_km, transit_minutes_between, mode_table)
    if math.isinf(minutes):
        return -math.inf
    utility = -weights[WEIGHT_TIME_PER_MINUTE] * minutes + mode_table[mode, COLUMN_CONSTANT]
    if mode == MODE_CAR and not has_car:
        utility += weights[WEIGHT_LIFT_CONSTANT]  # a lift from family or a taxi
    return utility


@njit(cache=True)
def mode_logsum(
    crow_km: float, transit_minutes_between: float, has_car: bool, mode_table: np.ndarray, weights: np.ndarray
) -> float:
    """Return the logsum (expected best utility) over the modes; minus infinity if none is possible."""
    car = mode_utility(0, crow_km, transit_minutes_between, has_car, mode_table, weights)
    transit = mode_utility(1, crow_km, transit_minutes_between, has_car, mode_table, weights)
    bike = mode_utility(2, crow_km, transit_minutes_between, has_car, mode_table, weights)
    walk = mode_utility(3, crow_km, transit_minutes_between, has_car, mode_table, weights)
    largest = max(max(car, transit), max(bike, walk))
    if math.isinf(largest):
        return -math.inf
    total = 0.0
    for utility in (car, transit, bike, walk):
        if not math.isinf(utility):
            total += math.exp(utility - largest)
    return largest + math.log(total)


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
    weights = np.empty(utilities.shape[0])
    total = 0.0
    for index in range(utilities.shape[0]):
        weights[index] = 0.0 if math.isinf(utilities[index]) else math.exp(utilities[index] - largest)
        total += weights[index]
    threshold = draw * total
    cumulative = 0.0
    last_possible = -1
    for index in range(utilities.shape[0]):
        if math.isinf(utilities[index]):
            continue
        last_possible = index
        cumulative += weights[index]
        if threshold < cumulative:
            return index
    return last_possible


@njit(cache=True)
def static_utility(
    lat: float,
    lon: float,
    district: int,
    municipality: int,
    has_car: bool,
    place: int,
    place_lat: np.ndarray,
    place_lon: np.ndarray,
    place_rows: np.ndarray,
    transit_minutes: np.ndarray,
    mode_table: np.ndarray,
    weights: np.ndarray,
) -> float:
    """Return the part of a place's utility that never changes for a citizen: mode logsum minus border penalty."""
    crow_km = local_km(lat, lon, place_lat[place], place_lon[place])
    between = transit_minutes[district, place_rows[place, PLACE_DISTRICT]]
    utility = mode_logsum(crow_km, between, has_car, mode_table, weights)
    if place_rows[place, PLACE_MUNICIPALITY] != municipality:
        utility -= weights[WEIGHT_TIME_PER_MINUTE] * weights[WEIGHT_BORDER_PENALTY_MINUTES]
    return utility


@njit(cache=True)
def choose_one(
    seed: int,
    request_keys: np.ndarray,
    request: int,
    citizen_lat: np.ndarray,
    citizen_lon: np.ndarray,
    citizen_rows: np.ndarray,
    memory_place: np.ndarray,
    memory_wait: np.ndarray,
    group_places: np.ndarray,
    first: int,
    last: int,
    public_wait: np.ndarray,
    utility_cache: np.ndarray,
    place_lat: np.ndarray,
    place_lon: np.ndarray,
    place_rows: np.ndarray,
    transit_minutes: np.ndarray,
    mode_table: np.ndarray,
    weights: np.ndarray,
) -> tuple[int, int, float, float]:
    """Choose a place and a mode for one request; the scalar behaviour both engines share.

    Destination utility = mode logsum - border penalty (static, cached per citizen, service and
    candidate) - wait weight x expected wait (own memory blended with word of mouth). A single
    candidate needs no draw. Whole arrays and indices are passed instead of slices, because views
    of shared arrays make Numba's threads fight over reference counts.

    Args:
        request_keys, request: row `request` holds citizen, service, ordinal, need day.
        citizen_rows: per citizen district, municipality, has_car.
        group_places, first, last: the candidate places are group_places[first:last].
        memory_place, memory_wait: (citizens x slots) remembered places and waits (kernels.memory).
        utility_cache: (citizens x services x candidates) static utilities, NaN until first computed;
            the caller resets it whenever the candidate groups change.

    Returns:
        (place, mode, door-to-door minutes one way, km one way); place -1 if nothing is reachable.
    """
    citizen = request_keys[request, 0]
    service = request_keys[request, 1]
    day = request_keys[request, 3]
    index = service * REQUEST_STRIDE + request_keys[request, 2]
    district = citizen_rows[citizen, CITIZEN_DISTRICT]
    municipality = citizen_rows[citizen, CITIZEN_MUNICIPALITY]
    has_car = citizen_rows[citizen, CITIZEN_HAS_CAR] == 1
    lat, lon = citizen_lat[citizen], citizen_lon[citizen]
    if last - first == 1:
        chosen = group_places[first]
    else:
        social = weights[WEIGHT_SOCIAL_SHARE]
        utilities = np.empty(last - first)
        for slot in range(first, last):
            place = group_places[slot]
            fixed = utility_cache[citizen, service, slot - first]
            if math.isnan(fixed):
                fixed = static_utility(
                    lat,
                    lon,
                    district,
                    municipality,
                    has_car,
                    place,
                    place_lat,
                    place_lon,
                    place_rows,
                    transit_minutes,
                    mode_table,
                    weights,
                )
                # The cache holds single precision (4 bytes a slot); read it back so fresh equals cached.
                utility_cache[citizen, service, slot - first] = fixed
                fixed = utility_cache[citizen, service, slot - first]
            own = public_wait[place]
            for memory in range(memory_place.shape[1]):
                if memory_place[citizen, memory] == place:
                    own = memory_wait[citizen, memory]
                    break
            wait = (1.0 - social) * own + social * public_wait[place]
            utilities[slot - first] = fixed - weights[WEIGHT_WAIT_PER_MINUTE] * wait
        pick = pick_by_logit(utilities, uniform(seed, PURPOSE_DESTINATION, citizen, day, index))
        if pick < 0:
            return -1, -1, math.nan, math.nan
        chosen = group_places[first + pick]
    crow_km = local_km(lat, lon, place_lat[chosen], place_lon[chosen])
    between = transit_minutes[district, place_rows[chosen, PLACE_DISTRICT]]
    mode_utilities = np.empty(MODE_COUNT)
    for mode in range(MODE_COUNT):
        mode_utilities[mode] = mode_utility(mode, crow_km, between, has_car, mode_table, weights)
    mode = pick_by_logit(mode_utilities, uniform(seed, PURPOSE_MODE, citizen, day, index))
    if mode < 0:
        return -1, -1, math.nan, math.nan
    return chosen, mode, mode_minutes(mode, crow_km, between, mode_table), mode_km(mode, crow_km, mode_table)


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
    utility_cache: np.ndarray,
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
        memory_place, memory_wait: (citizens x slots) remembered places and waits.
        public_wait: (places) word-of-mouth wait per place.
        utility_cache: see choose_one.
    """
    total = request_keys.shape[0]
    chosen_place = np.empty(total, dtype=np.int64)
    chosen_mode = np.empty(total, dtype=np.int64)
    travel_minutes = np.empty(total)
    travel_km = np.empty(total)
    for position in prange(total):
        group = request_group[position]
        place, mode, minutes, km = choose_one(
            seed,
            request_keys,
            position,
            citizen_lat,
            citizen_lon,
            citizen_rows,
            memory_place,
            memory_wait,
            group_places,
            group_offsets[group],
            group_offsets[group + 1],
            public_wait,
            utility_cache,
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
