"""Destination and mode choice: a nested logit over the places a citizen may use and the modes to get there."""

import math

import numpy as np
from numba import njit

from kernels.random import PURPOSE_DESTINATION, PURPOSE_MODE, uniform
from kernels.records import Memory, People, Places, Rules
from kernels.travel import COLUMN_CONSTANT, COLUMN_NEEDS_CAR, local_km, mode_km, mode_minutes

# Columns of the weights vector.
WEIGHT_TIME_PER_MINUTE = 0
WEIGHT_WAIT_PER_MINUTE = 1
WEIGHT_BORDER_PENALTY_MINUTES = 2
WEIGHT_LIFT_CONSTANT = 3
WEIGHT_SOCIAL_SHARE = 4
WEIGHT_COUNT = 5

# Draws of one request are keyed by (citizen, need day, service * REQUEST_STRIDE + ordinal).
REQUEST_STRIDE = 4096

NO_CHOICE = (-1, -1, math.nan, math.nan)


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
    if mode_table[mode, COLUMN_NEEDS_CAR] > 0.0 and not has_car:
        utility += weights[WEIGHT_LIFT_CONSTANT]  # a lift from family or a taxi
    return utility


@njit(cache=True)
def mode_logsum(
    crow_km: float, transit_minutes_between: float, has_car: bool, mode_table: np.ndarray, weights: np.ndarray
) -> float:
    """Return the logsum (expected best utility) over the modes; minus infinity if none is possible."""
    modes = mode_table.shape[0]
    largest = -math.inf
    for mode in range(modes):
        largest = max(largest, mode_utility(mode, crow_km, transit_minutes_between, has_car, mode_table, weights))
    if math.isinf(largest):
        return -math.inf
    total = 0.0
    for mode in range(modes):
        utility = mode_utility(mode, crow_km, transit_minutes_between, has_car, mode_table, weights)
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
def pick_from(utilities: np.ndarray, count: int, draw: float, weights: np.ndarray) -> int:
    """Return the index among utilities[:count] chosen by a multinomial logit (inverse CDF); -1 if none.

    weights is scratch space of at least `count` entries, so the hot loop allocates nothing.
    """
    largest = -math.inf
    for index in range(count):
        largest = max(largest, utilities[index])
    if math.isinf(largest):
        return -1
    total = 0.0
    for index in range(count):
        weights[index] = 0.0 if math.isinf(utilities[index]) else math.exp(utilities[index] - largest)
        total += weights[index]
    threshold = draw * total
    cumulative = 0.0
    last_possible = -1
    for index in range(count):
        if math.isinf(utilities[index]):
            continue
        last_possible = index
        cumulative += weights[index]
        if threshold < cumulative:
            return index
    return last_possible


@njit(cache=True)
def pick_by_logit(utilities: np.ndarray, draw: float) -> int:
    """Return the index chosen by a multinomial logit for a uniform draw (inverse CDF); -1 if none."""
    return pick_from(utilities, utilities.shape[0], draw, np.empty(utilities.shape[0]))


@njit(cache=True, inline="always")
def static_utility(people: People, citizen: int, places: Places, place: int, rules: Rules) -> float:
    """Return the part of a place's utility that never changes for a citizen: mode logsum minus border penalty."""
    crow_km = local_km(people.lat[citizen], people.lon[citizen], places.lat[place], places.lon[place])
    between = rules.transit_minutes[people.district[citizen], places.district[place]]
    utility = mode_logsum(crow_km, between, people.has_car[citizen], rules.mode_table, rules.weights)
    if places.municipality[place] != people.municipality[citizen]:
        utility -= rules.weights[WEIGHT_TIME_PER_MINUTE] * rules.weights[WEIGHT_BORDER_PENALTY_MINUTES]
    return utility


@njit(cache=True, inline="always")
def expected_wait(memory: Memory, citizen: int, place: int, social_share: float) -> float:
    """Return the wait a citizen expects at a place: own memory blended with word of mouth."""
    own = memory.public_wait[place]
    for slot in range(memory.place.shape[1]):
        if memory.place[citizen, slot] == place:
            own = memory.wait[citizen, slot]
            break
    return (1.0 - social_share) * own + social_share * memory.public_wait[place]


@njit(cache=True, inline="always")
def choose_destination(
    people: People, places: Places, memory: Memory, rules: Rules, candidates: np.ndarray, first: int, last: int,
    citizen: int, service: int, day: int, index: int, scratch: np.ndarray,
) -> int:  # fmt: skip
    """Return the place chosen among candidates[first:last] by a logit, or -1 if none is reachable.

    Utility = static part (cached per citizen, service and candidate) - wait weight x expected wait.
    A single candidate needs no draw. scratch: at least 2 x (last - first) floats of working space.
    """
    if last - first == 1:
        return candidates[first]
    count = last - first
    utilities = scratch[:count]
    for slot in range(first, last):
        place = candidates[slot]
        fixed = memory.utility_cache[citizen, service, slot - first]
        if math.isnan(fixed):
            # The cache holds single precision (4 bytes a slot); read it back so fresh equals cached.
            memory.utility_cache[citizen, service, slot - first] = static_utility(people, citizen, places, place, rules)
            fixed = memory.utility_cache[citizen, service, slot - first]
        wait = expected_wait(memory, citizen, place, rules.weights[WEIGHT_SOCIAL_SHARE])
        utilities[slot - first] = fixed - rules.weights[WEIGHT_WAIT_PER_MINUTE] * wait
    draw = uniform(rules.seed, PURPOSE_DESTINATION, citizen, day, index)
    pick = pick_from(utilities, count, draw, scratch[count : 2 * count])
    return -1 if pick < 0 else candidates[first + pick]


@njit(cache=True, inline="always")
def choose_mode(
    people: People, places: Places, rules: Rules, citizen: int, place: int, day: int, index: int, scratch: np.ndarray
) -> tuple[int, int, float, float]:
    """Return (place, mode, door-to-door minutes one way, km one way) for the trip to a chosen place."""
    crow_km = local_km(people.lat[citizen], people.lon[citizen], places.lat[place], places.lon[place])
    between = rules.transit_minutes[people.district[citizen], places.district[place]]
    modes = rules.mode_table.shape[0]
    utilities = np.empty(modes)
    for mode in range(modes):
        utilities[mode] = mode_utility(mode, crow_km, between, people.has_car[citizen], rules.mode_table, rules.weights)
    mode = pick_by_logit(utilities, uniform(rules.seed, PURPOSE_MODE, citizen, day, index))
    if mode < 0:
        return NO_CHOICE
    return place, mode, mode_minutes(mode, crow_km, between, rules.mode_table), mode_km(mode, crow_km, rules.mode_table)
