"""Scalar travel behaviour shared by both engines: distances and door-to-door minutes by mode."""

import math

import numpy as np
from numba import njit

# Modes are rows of a table (see sim.model.geography.mode_table); the car is row 0 because car km are reported.
MODE_CAR = 0

# Columns of the mode table (one row per mode).
COLUMN_SPEED_KMH = 0
COLUMN_CIRCUITY = 1
COLUMN_ACCESS_MINUTES = 2
COLUMN_EGRESS_MINUTES = 3
COLUMN_MAX_DISTANCE_KM = 4
COLUMN_CONSTANT = 5
COLUMN_USES_TRANSIT_MATRIX = 6  # 1: door-to-door time comes from the district transit matrix
COLUMN_NEEDS_CAR = 7  # 1: residents without a car need a lift, which the choice model penalises
COLUMN_CO2_KG_PER_KM = 8
MODE_TABLE_COLUMNS = 9

EARTH_RADIUS_KM = 6371.0088


@njit(cache=True)
def great_circle_km(lat_from: float, lon_from: float, lat_to: float, lon_to: float) -> float:
    """Return the haversine distance in km between two WGS84 points."""
    phi_from = math.radians(lat_from)
    phi_to = math.radians(lat_to)
    half_dphi = 0.5 * (phi_to - phi_from)
    half_dlambda = 0.5 * math.radians(lon_to - lon_from)
    chord = math.sin(half_dphi) ** 2 + math.cos(phi_from) * math.cos(phi_to) * math.sin(half_dlambda) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, chord)))


@njit(cache=True)
def mode_minutes(mode: int, crow_km: float, transit_minutes_between: float, mode_table: np.ndarray) -> float:
    """Return door-to-door minutes by one mode, or infinity where the mode is not available.

    Transit time between the two districts (in-vehicle plus half the headway) comes from the
    district matrix; the other modes use the crow-fly distance times the circuity factor. The
    car is always possible (as driver or, without a car, as a passenger getting a lift); the
    choice model charges a lift penalty to citizens without a car.
    """
    access = mode_table[mode, COLUMN_ACCESS_MINUTES] + mode_table[mode, COLUMN_EGRESS_MINUTES]
    if mode_table[mode, COLUMN_USES_TRANSIT_MATRIX] > 0.0:
        if not math.isfinite(transit_minutes_between):
            return math.inf
        return transit_minutes_between + access
    road_km = crow_km * mode_table[mode, COLUMN_CIRCUITY]
    if road_km > mode_table[mode, COLUMN_MAX_DISTANCE_KM]:
        return math.inf
    return road_km / mode_table[mode, COLUMN_SPEED_KMH] * 60.0 + access


@njit(cache=True)
def mode_km(mode: int, crow_km: float, mode_table: np.ndarray) -> float:
    """Return the one-way distance travelled by a mode (crow-fly km times circuity)."""
    return crow_km * mode_table[mode, COLUMN_CIRCUITY]


@njit(cache=True)
def local_km(lat_from: float, lon_from: float, lat_to: float, lon_to: float) -> float:
    """Return the distance in km on a local flat-earth projection (equirectangular).

    Within a region (under 100 km) it differs from the great-circle distance by less than 0.1 %,
    and it needs one cosine instead of five trigonometric calls: the choice kernel's inner loop.
    """
    mean_lat = math.radians(0.5 * (lat_from + lat_to))
    east = math.radians(lon_to - lon_from) * math.cos(mean_lat)
    north = math.radians(lat_to - lat_from)
    return EARTH_RADIUS_KM * math.sqrt(east * east + north * north)


@njit(cache=True)
def place_minutes(
    from_lat: np.ndarray, from_lon: np.ndarray, from_radius_km: np.ndarray, from_district: np.ndarray,
    to_lat: np.ndarray, to_lon: np.ndarray, to_district: np.ndarray,
    transit_minutes: np.ndarray, mode_table: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """Return (modes x origins x destinations) door-to-door minutes, inf where a mode is not available.

    The rule of a citizen's trip in the decision kernel (local_km, then mode_minutes), from an origin
    that is a disc of residents (an Ortsteil: centre and radius, over which the model spreads its
    residents evenly) to each destination. The distance is the root mean square over the disc,
    sqrt(d^2 + r^2 / 2) for a centre d km away, so a place inside the Ortsteil is not 0 km from it.
    """
    modes = mode_table.shape[0]
    minutes = np.empty((modes, from_lat.shape[0], to_lat.shape[0]))
    for origin in range(from_lat.shape[0]):
        spread = 0.5 * from_radius_km[origin] * from_radius_km[origin]
        for target in range(to_lat.shape[0]):
            centre_km = local_km(from_lat[origin], from_lon[origin], to_lat[target], to_lon[target])
            crow_km = math.sqrt(centre_km * centre_km + spread)
            between = transit_minutes[from_district[origin], to_district[target]]
            for mode in range(modes):
                minutes[mode, origin, target] = mode_minutes(mode, crow_km, between, mode_table)
    return minutes
