"""Synthetic citizens: one per resident, as a struct of arrays built from district data."""

import math
from dataclasses import dataclass

import numpy as np

from kernels import random as draws
from kernels.travel import EARTH_RADIUS_KM
from sim.io.schema import RegionConfig
from sim.model.geography import Geography


@dataclass(frozen=True)
class Citizens:
    """All residents as arrays of equal length (the fast engine's representation)."""

    district: np.ndarray  # int64 index into Geography.district_ids
    municipality: np.ndarray  # int64 index into Geography.municipality_ids
    age_group: np.ndarray  # int64: 0 = 0-17, 1 = 18-64, 2 = 65+
    lat: np.ndarray
    lon: np.ndarray
    has_car: np.ndarray  # bool
    is_online_user: np.ndarray  # bool

    @property
    def count(self) -> int:
        """Return the number of citizens."""
        return int(self.district.shape[0])


def synthesize_citizens(region: RegionConfig, geography: Geography, seed: int) -> Citizens:
    """Place every resident near their district centroid and draw age, car access and online use.

    Every draw is keyed by (seed, purpose, citizen id), so the same seed gives the same people
    in every scenario of a comparison.
    """
    district = np.repeat(np.arange(len(geography.district_ids), dtype=np.int64), geography.district_population)
    count = district.shape[0]
    ids = np.arange(count, dtype=np.int64)
    zeros = np.zeros(count, dtype=np.int64)
    ones = np.ones(count, dtype=np.int64)
    municipality = geography.district_municipality[district]

    # Uniform over a disc: radius grows with the square root of the draw.
    radius_km = geography.district_radius_km[district] * np.sqrt(
        draws.uniform_array(seed, draws.PURPOSE_CITIZEN_HOME, ids, zeros, zeros)
    )
    angle = 2.0 * math.pi * draws.uniform_array(seed, draws.PURPOSE_CITIZEN_HOME, ids, zeros, ones)
    centre_lat = geography.district_lat[district]
    lat = centre_lat + np.degrees(radius_km * np.sin(angle) / EARTH_RADIUS_KM)
    lon = geography.district_lon[district] + np.degrees(
        radius_km * np.cos(angle) / (EARTH_RADIUS_KM * np.cos(np.radians(centre_lat)))
    )

    municipalities = list(region.municipalities.values())
    cumulative_age = np.array([np.cumsum(m.age_shares.as_tuple()) for m in municipalities])
    age_draw = draws.uniform_array(seed, draws.PURPOSE_CITIZEN_AGE, ids, zeros, zeros)
    age_group = np.minimum((age_draw[:, None] > cumulative_age[municipality]).sum(axis=1), 2).astype(np.int64)

    car_share = np.array(region.citizens.car_access.as_tuple())[age_group]
    online_share = np.array(region.citizens.online_use.as_tuple())[age_group]
    has_car = draws.uniform_array(seed, draws.PURPOSE_CITIZEN_CAR, ids, zeros, zeros) < car_share
    is_online_user = draws.uniform_array(seed, draws.PURPOSE_CITIZEN_ONLINE, ids, zeros, zeros) < online_share
    return Citizens(district, municipality, age_group, lat, lon, has_car, is_online_user)
