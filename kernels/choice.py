"""Destination and mode choice: a nested logit over the places a citizen may use and the modes to get there."""

import math

import numpy as np
from numba import njit

from kernels.travel import COLUMN_CONSTANT, COLUMN_NEEDS_CAR, mode_minutes

# Columns of the weights vector.
WEIGHT_TIME_PER_MINUTE = 0
WEIGHT_WAIT_PER_MINUTE = 1
WEIGHT_BORDER_PENALTY_MINUTES = 2
WEIGHT_LIFT_CONSTANT = 3
WEIGHT_SOCIAL_SHARE = 4
WEIGHT_COUNT = 5

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
    if mode_table[mode, COLUMN_NEEDS_CAR] > 0.0 and not has_car:
        utility += weights[WEIGHT_LIFT_CONSTANT]  # a lift from family or a taxi
    return utility


@njit(cache=True)
def mode_logsum(
    crow_km: float, transit_minutes_between: float, has_car: bool, mode_table: np.ndarray, weights: np.ndarray,
    scratch: np.ndarray,
) -> float:  # fmt: skip
    """Return the logsum (expected best utility) over the modes; minus infinity if none is possible.

    scratch holds the modes' utilities (at least one float per mode), so each is computed once.
    """
    modes = mode_table.shape[0]
    largest = -math.inf
    for mode in range(modes):
        scratch[mode] = mode_utility(mode, crow_km, transit_minutes_between, has_car, mode_table, weights)
        largest = max(largest, scratch[mode])
    if math.isinf(largest):
        return -math.inf
    total = 0.0
    for mode in range(modes):
        if not math.isinf(scratch[mode]):
            total += math.exp(scratch[mode] - largest)
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


@njit(cache=True)
def static_utility(
    crow_km: float, transit_minutes_between: float, has_car: bool, is_foreign: bool, mode_table: np.ndarray,
    weights: np.ndarray, scratch: np.ndarray,
) -> float:  # fmt: skip
    """Return the part of a place's utility that never changes for a citizen: mode logsum minus border penalty."""
    utility = mode_logsum(crow_km, transit_minutes_between, has_car, mode_table, weights, scratch)
    if is_foreign:
        utility -= weights[WEIGHT_TIME_PER_MINUTE] * weights[WEIGHT_BORDER_PENALTY_MINUTES]
    return utility


@njit(cache=True)
def expected_wait(
    memory_place: np.ndarray, memory_wait: np.ndarray, public_wait: np.ndarray, citizen: int, place: int,
    social_share: float,
) -> float:  # fmt: skip
    """Return the wait a citizen expects at a place: own memory blended with word of mouth."""
    own = public_wait[place]
    for slot in range(memory_place.shape[1]):
        if memory_place[citizen, slot] == place:
            own = memory_wait[citizen, slot]
            break
    return (1.0 - social_share) * own + social_share * public_wait[place]


@njit(cache=True)
def choose_mode(
    crow_km: float, transit_minutes_between: float, has_car: bool, mode_table: np.ndarray, weights: np.ndarray,
    draw: float, scratch: np.ndarray,
) -> int:  # fmt: skip
    """Return the mode chosen by a logit for a trip (-1 if no mode is possible); scratch: 2 x modes floats."""
    modes = mode_table.shape[0]
    for mode in range(modes):
        scratch[mode] = mode_utility(mode, crow_km, transit_minutes_between, has_car, mode_table, weights)
    return pick_from(scratch, modes, draw, scratch[modes:])
