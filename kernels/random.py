"""Counter-based random draws: every number is a pure function of (seed, purpose, entity, day, index)."""

import math

import numpy as np
from numba import njit, prange

# Purposes keep streams apart, so adding a draw for one purpose never shifts another's numbers.
PURPOSE_CITIZEN_HOME = 1
PURPOSE_CITIZEN_AGE = 2
PURPOSE_CITIZEN_CAR = 3
PURPOSE_CITIZEN_ONLINE = 4
PURPOSE_DEMAND_COUNT = 5
PURPOSE_DEMAND_DAY = 6
PURPOSE_ONLINE_POSSIBLE = 7
PURPOSE_MOBILE_UPTAKE = 8
PURPOSE_DESTINATION = 9
PURPOSE_MODE = 10
PURPOSE_ARRIVAL_MINUTE = 11
PURPOSE_SERVICE_TIME = 12
PURPOSE_BOOKING = 13
PURPOSE_TERMINAL = 14
PURPOSE_RETURN_DAY = 15

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_A = np.uint64(0xBF58476D1CE4E5B9)
_MIX_B = np.uint64(0x94D049BB133111EB)
_SHIFT_30 = np.uint64(30)
_SHIFT_27 = np.uint64(27)
_SHIFT_31 = np.uint64(31)
_SHIFT_11 = np.uint64(11)
_TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0


@njit(cache=True)
def mix64(value: np.uint64) -> np.uint64:
    """Return the SplitMix64 finaliser of a 64-bit value (a bijective avalanche mix)."""
    value = (value ^ (value >> _SHIFT_30)) * _MIX_A
    value = (value ^ (value >> _SHIFT_27)) * _MIX_B
    return value ^ (value >> _SHIFT_31)


@njit(cache=True)
def counter_hash(seed: int, purpose: int, entity: int, day: int, index: int) -> np.uint64:
    """Hash the five counters into one 64-bit value; each counter passes through its own mixing round."""
    state = mix64(np.uint64(seed) + _GOLDEN)
    state = mix64(state ^ (np.uint64(purpose) * _GOLDEN))
    state = mix64(state ^ (np.uint64(entity) + _GOLDEN))
    state = mix64(state ^ (np.uint64(day) * _MIX_A))
    return mix64(state ^ (np.uint64(index) * _MIX_B))


@njit(cache=True)
def uniform(seed: int, purpose: int, entity: int, day: int, index: int) -> float:
    """Return a uniform draw in the open interval (0, 1)."""
    bits = counter_hash(seed, purpose, entity, day, index) >> _SHIFT_11
    return (float(bits) + 0.5) * _TWO_POW_MINUS_53


@njit(cache=True)
def standard_normal(seed: int, purpose: int, entity: int, day: int, index: int) -> float:
    """Return a standard normal draw (Box-Muller on two uniforms of sub-indices 2*index and 2*index+1)."""
    first = uniform(seed, purpose, entity, day, 2 * index)
    second = uniform(seed, purpose, entity, day, 2 * index + 1)
    return math.sqrt(-2.0 * math.log(first)) * math.cos(2.0 * math.pi * second)


@njit(cache=True)
def poisson_from_uniform(mean: float, draw: float) -> int:
    """Return the Poisson(mean) quantile of a uniform draw (inversion; exact for the means used here)."""
    if mean <= 0.0:
        return 0
    probability = math.exp(-mean)
    cumulative = probability
    count = 0
    # Guard against underflow for large means: the tail is negligible past mean + 40 sd.
    limit = int(mean + 40.0 * math.sqrt(mean) + 40.0)
    while draw > cumulative and count < limit:
        count += 1
        probability *= mean / count
        cumulative += probability
    return count


@njit(cache=True)
def uniform_array(seed: int, purpose: int, entity: np.ndarray, day: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Return one uniform draw per element of the (entity, day, index) counter arrays."""
    draws = np.empty(entity.shape[0], dtype=np.float64)
    for position in range(entity.shape[0]):
        draws[position] = uniform(seed, purpose, entity[position], day[position], index[position])
    return draws


@njit(cache=True, parallel=True)
def standard_normal_array(
    seed: int, purpose: int, entity: np.ndarray, day: np.ndarray, index: np.ndarray
) -> np.ndarray:
    """Return one standard normal draw per element of the counter arrays."""
    draws = np.empty(entity.shape[0], dtype=np.float64)
    for position in prange(entity.shape[0]):
        draws[position] = standard_normal(seed, purpose, entity[position], day[position], index[position])
    return draws
