"""Spatial accessibility per demand point: 2SFCA, enhanced 2SFCA, gravity and cumulative opportunities."""

# Every measure takes a travel-time matrix `travel_minutes` of shape (demand points, supply points), with
# `inf` for pairs that cannot be reached. Demand points are Ortsteile (or other districts), never single
# citizens: the caller aggregates residents (or simulated in-person visits) per district, computes the
# measure on a few thousand districts and hands each citizen the value of the district it lives in with
# `broadcast_to_citizens`. Formulas and references are in docs/ACCESSIBILITY.md.

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np

# Catchments per mode, the travel time a resident accepts for a basic local service (Grundversorgung).
# Reasons are in docs/ACCESSIBILITY.md; transit includes the wait for the next departure.
CATCHMENT_MINUTES: Mapping[str, float] = MappingProxyType({"car": 20.0, "transit": 30.0, "bike": 20.0, "walk": 15.0})
CUMULATIVE_THRESHOLDS_MINUTES = (15.0, 30.0, 45.0)
# Luo and Qi (2009): three travel-time zones per catchment, weighted by a slow Gaussian decay.
LUO_QI_ZONE_WEIGHTS = (1.0, 0.68, 0.22)
DECAYS = ("gaussian", "zones")


def _as_vector(values: np.ndarray | Sequence[float], name: str) -> np.ndarray:
    """Return a finite, non-negative float vector, or raise ValueError naming the argument."""
    vector = np.asarray(values, dtype=np.float64)
    if vector.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {vector.shape}")
    if not np.all(np.isfinite(vector)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    if np.any(vector < 0):
        raise ValueError(f"{name} must not be negative")
    return vector


def _as_travel(travel_minutes: np.ndarray, demand_points: int, supply_points: int) -> np.ndarray:
    """Return the travel matrix as floats, checking its shape, NaN and negative times."""
    travel = np.asarray(travel_minutes, dtype=np.float64)
    if travel.shape != (demand_points, supply_points):
        raise ValueError(
            f"travel_minutes must have shape (demand points, supply points) = {(demand_points, supply_points)}, "
            f"got {travel.shape}"
        )
    if np.isnan(travel).any():
        raise ValueError("travel_minutes must not contain NaN (use inf for unreachable pairs)")
    if np.any(travel < 0):
        raise ValueError("travel_minutes must not be negative")
    return travel


def _check_catchment(catchment_minutes: float) -> float:
    """Return the catchment as a float, or raise ValueError if it is not a positive finite number."""
    catchment = float(catchment_minutes)
    if not np.isfinite(catchment) or catchment <= 0:
        raise ValueError(f"catchment_minutes must be a positive number of minutes, got {catchment_minutes!r}")
    return catchment


def floating_catchment(
    supply: np.ndarray | Sequence[float], demand: np.ndarray | Sequence[float], decay_weights: np.ndarray
) -> np.ndarray:
    """Return the floating-catchment accessibility for any (demand x supply) matrix of decay weights.

    Step 1 gives each supply point the ratio R_j = S_j / sum_k P_k W_kj; step 2 sums A_i = sum_j W_ij R_j.
    A supply point that no demand reaches (sum_k P_k W_kj = 0) serves nobody and adds nothing.
    With 0/1 weights this is 2SFCA, with decaying weights E2SFCA. Population-weighted, accessibility
    adds up to the supply that has demand in reach: sum_i P_i A_i = sum of those S_j.
    """
    supply_vector = _as_vector(supply, "supply")
    demand_vector = _as_vector(demand, "demand")
    weights = np.asarray(decay_weights, dtype=np.float64)
    if weights.shape != (len(demand_vector), len(supply_vector)):
        expected = (len(demand_vector), len(supply_vector))
        raise ValueError(f"decay_weights must have shape {expected}, got {weights.shape}")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("decay_weights must be finite and non-negative")
    demand_in_reach = demand_vector @ weights
    ratio = np.divide(supply_vector, demand_in_reach, out=np.zeros_like(supply_vector), where=demand_in_reach > 0)
    return weights @ ratio


def two_step_fca(
    supply: np.ndarray | Sequence[float],
    demand: np.ndarray | Sequence[float],
    travel_minutes: np.ndarray,
    catchment_minutes: float,
) -> np.ndarray:
    """Return 2SFCA accessibility (Luo and Wang 2003), in supply units per demand unit, per demand point.

    Supply is desk-hours per week, demand is residents (or in-person visits per week), so the result is
    desk-hours per week per resident within reach. A pair is inside the catchment if travel <= catchment.
    """
    supply_vector = _as_vector(supply, "supply")
    demand_vector = _as_vector(demand, "demand")
    travel = _as_travel(travel_minutes, len(demand_vector), len(supply_vector))
    within = (travel <= _check_catchment(catchment_minutes)).astype(np.float64)
    return floating_catchment(supply_vector, demand_vector, within)


def gaussian_decay(travel_minutes: np.ndarray, catchment_minutes: float) -> np.ndarray:
    """Return Gaussian decay weights that fall from 1 at 0 minutes to 0 at the catchment (Dai 2010).

    G(d) = (exp(-d^2 / (2 d0^2)) - exp(-1/2)) / (1 - exp(-1/2)) for d <= d0, else 0; d0 is the catchment.
    """
    catchment = _check_catchment(catchment_minutes)
    travel = np.asarray(travel_minutes, dtype=np.float64)
    floor = np.exp(-0.5)
    weights = (np.exp(-0.5 * (travel / catchment) ** 2) - floor) / (1.0 - floor)
    return np.where(travel <= catchment, weights, 0.0)


def zone_decay(
    travel_minutes: np.ndarray,
    zone_breaks_minutes: Sequence[float] | np.ndarray,
    zone_weights: Sequence[float] = LUO_QI_ZONE_WEIGHTS,
) -> np.ndarray:
    """Return step weights: zone_weights[k] for travel in (break[k-1], break[k]], 0 beyond the last break."""
    breaks = np.asarray(zone_breaks_minutes, dtype=np.float64)
    weights = np.asarray(zone_weights, dtype=np.float64)
    if breaks.ndim != 1 or len(breaks) == 0 or breaks.shape != weights.shape:
        raise ValueError("zone_breaks_minutes and zone_weights must be non-empty and of equal length")
    if not np.all(np.isfinite(breaks)) or breaks[0] <= 0 or np.any(np.diff(breaks) <= 0):
        raise ValueError("zone_breaks_minutes must be positive, finite and strictly increasing")
    if np.any(weights < 0) or not np.all(np.isfinite(weights)):
        raise ValueError("zone_weights must be finite and non-negative")
    travel = np.asarray(travel_minutes, dtype=np.float64)
    zone = np.searchsorted(breaks, travel, side="left")
    padded = np.append(weights, 0.0)
    return padded[np.minimum(zone, len(weights))]


def enhanced_two_step_fca(
    supply: np.ndarray | Sequence[float],
    demand: np.ndarray | Sequence[float],
    travel_minutes: np.ndarray,
    catchment_minutes: float,
    decay: str = "gaussian",
) -> np.ndarray:
    """Return enhanced 2SFCA accessibility (Luo and Qi 2009) with distance decay inside the catchment.

    decay="gaussian" uses the continuous kernel of `gaussian_decay` (weight 0 at the catchment);
    decay="zones" uses Luo and Qi's three zones, the thirds of the catchment, weighted 1.00, 0.68, 0.22.
    """
    supply_vector = _as_vector(supply, "supply")
    demand_vector = _as_vector(demand, "demand")
    travel = _as_travel(travel_minutes, len(demand_vector), len(supply_vector))
    catchment = _check_catchment(catchment_minutes)
    if decay == "gaussian":
        weights = gaussian_decay(travel, catchment)
    elif decay == "zones":
        weights = zone_decay(travel, catchment * np.array([1 / 3, 2 / 3, 1.0]), LUO_QI_ZONE_WEIGHTS)
    else:
        raise ValueError(f"decay must be one of {DECAYS}, got {decay!r}")
    return floating_catchment(supply_vector, demand_vector, weights)


def gravity_access(
    supply: np.ndarray | Sequence[float],
    demand: np.ndarray | Sequence[float],
    travel_minutes: np.ndarray,
    beta: float,
    min_minutes: float = 1.0,
) -> np.ndarray:
    """Return gravity-based accessibility with competition for supply (Joseph and Bantock 1982; Wang 2012).

    A_i = sum_j S_j f(d_ij) / sum_k P_k f(d_kj) with f(d) = max(d, min_minutes)^(-beta) and f(inf) = 0.
    The floor keeps a supply point in the same place as the demand from getting infinite weight.
    """
    supply_vector = _as_vector(supply, "supply")
    demand_vector = _as_vector(demand, "demand")
    travel = _as_travel(travel_minutes, len(demand_vector), len(supply_vector))
    if not np.isfinite(beta) or beta <= 0:
        raise ValueError(f"beta must be a positive number, got {beta!r}")
    if not np.isfinite(min_minutes) or min_minutes <= 0:
        raise ValueError(f"min_minutes must be a positive number of minutes, got {min_minutes!r}")
    weights = np.where(np.isfinite(travel), np.maximum(travel, min_minutes) ** -float(beta), 0.0)
    return floating_catchment(supply_vector, demand_vector, weights)


def cumulative_opportunities(
    opportunities: np.ndarray | Sequence[float],
    travel_minutes: np.ndarray,
    thresholds_minutes: Sequence[float] = CUMULATIVE_THRESHOLDS_MINUTES,
) -> np.ndarray:
    """Return the opportunities reachable within each threshold, shape (demand points, thresholds).

    Pass desk-hours per week to sum supply, or ones to count service points. Reachable means travel <= threshold.
    """
    opportunity_vector = _as_vector(opportunities, "opportunities")
    travel = np.asarray(travel_minutes, dtype=np.float64)
    if travel.ndim != 2:
        raise ValueError(f"travel_minutes must be two-dimensional, got shape {travel.shape}")
    travel = _as_travel(travel, travel.shape[0], len(opportunity_vector))
    thresholds = np.asarray(thresholds_minutes, dtype=np.float64)
    if thresholds.ndim != 1 or len(thresholds) == 0 or np.any(thresholds <= 0) or np.isnan(thresholds).any():
        raise ValueError("thresholds_minutes must be a non-empty list of positive minutes")
    return np.stack([(travel <= threshold) @ opportunity_vector for threshold in thresholds], axis=1)


def transit_door_to_door_minutes(
    ride_minutes: np.ndarray, headway_minutes: np.ndarray, access_minutes: np.ndarray | float = 0.0
) -> np.ndarray:
    """Return transit travel time including the mean wait of half a headway for a passenger arriving at random.

    Inputs broadcast; inf ride or headway (no service) stays inf.
    """
    ride = np.asarray(ride_minutes, dtype=np.float64)
    headway = np.asarray(headway_minutes, dtype=np.float64)
    access = np.asarray(access_minutes, dtype=np.float64)
    for name, array in (("ride_minutes", ride), ("headway_minutes", headway), ("access_minutes", access)):
        if np.isnan(array).any() or np.any(array < 0):
            raise ValueError(f"{name} must not be negative or NaN")
    return ride + access + 0.5 * headway


def broadcast_to_citizens(district_values: np.ndarray, citizen_district: np.ndarray) -> np.ndarray:
    """Return each citizen's value as the value of its home district (any trailing shape is kept)."""
    values = np.asarray(district_values)
    index = np.asarray(citizen_district)
    if not np.issubdtype(index.dtype, np.integer):
        raise ValueError("citizen_district must hold integer district indices")
    if index.size and (index.min() < 0 or index.max() >= len(values)):
        raise ValueError(f"citizen_district must lie in [0, {len(values)})")
    return values[index]


def district_totals(
    citizen_district: np.ndarray, districts: int, citizen_weights: np.ndarray | None = None
) -> np.ndarray:
    """Return the number (or weighted sum) of citizens per district: the demand vector for the measures above."""
    index = np.asarray(citizen_district)
    if not np.issubdtype(index.dtype, np.integer):
        raise ValueError("citizen_district must hold integer district indices")
    if index.size and (index.min() < 0 or index.max() >= districts):
        raise ValueError(f"citizen_district must lie in [0, {districts})")
    weights = None if citizen_weights is None else _as_vector(citizen_weights, "citizen_weights")
    return np.bincount(index, weights=weights, minlength=districts).astype(np.float64)
