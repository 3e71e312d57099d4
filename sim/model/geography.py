"""Geography: districts as arrays, the mode table and district-to-district transit minutes."""

import math
from dataclasses import dataclass

import numpy as np
from scipy.sparse.csgraph import shortest_path

from kernels.travel import (
    COLUMN_ACCESS_MINUTES,
    COLUMN_CIRCUITY,
    COLUMN_CO2_KG_PER_KM,
    COLUMN_CONSTANT,
    COLUMN_EGRESS_MINUTES,
    COLUMN_MAX_DISTANCE_KM,
    COLUMN_NEEDS_CAR,
    COLUMN_SPEED_KMH,
    COLUMN_USES_TRANSIT_MATRIX,
    MODE_TABLE_COLUMNS,
    great_circle_km,
)
from sim.io.schema import MODES, Behaviour, RegionConfig


@dataclass(frozen=True)
class Geography:
    """Districts, municipalities and travel tables of a region, indexed by position."""

    municipality_ids: tuple[str, ...]
    municipality_names: tuple[str, ...]
    municipality_population_official: np.ndarray
    district_ids: tuple[str, ...]
    district_names: tuple[str, ...]
    district_municipality: np.ndarray
    district_population: np.ndarray
    district_lat: np.ndarray
    district_lon: np.ndarray
    district_radius_km: np.ndarray
    transit_minutes: np.ndarray
    co2_kg_per_km: np.ndarray

    def district_index(self, district_id: str) -> int:
        """Return the position of a district id."""
        return self.district_ids.index(district_id)

    def municipality_index(self, municipality_id: str) -> int:
        """Return the position of a municipality id."""
        return self.municipality_ids.index(municipality_id)


def build_geography(region: RegionConfig) -> Geography:
    """Turn a validated region into arrays and compute the transit matrix."""
    municipality_ids = tuple(region.municipalities)
    district_rows = [
        (district_id, district, index)
        for index, municipality in enumerate(region.municipalities.values())
        for district_id, district in municipality.districts.items()
    ]
    district_ids = tuple(row[0] for row in district_rows)
    lat = np.array([row[1].lat for row in district_rows])
    lon = np.array([row[1].lon for row in district_rows])
    return Geography(
        municipality_ids=municipality_ids,
        municipality_names=tuple(m.name for m in region.municipalities.values()),
        municipality_population_official=np.array([m.population for m in region.municipalities.values()]),
        district_ids=district_ids,
        district_names=tuple(row[1].name for row in district_rows),
        district_municipality=np.array([row[2] for row in district_rows], dtype=np.int64),
        district_population=np.array([row[1].population for row in district_rows], dtype=np.int64),
        district_lat=lat,
        district_lon=lon,
        district_radius_km=np.array([row[1].radius_km for row in district_rows]),
        transit_minutes=transit_matrix(region, district_ids, lat, lon),
        co2_kg_per_km=np.array([getattr(region.modes, mode).co2_kg_per_km for mode in MODES]),
    )


def transit_matrix(region: RegionConfig, district_ids: tuple[str, ...], lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Return transit minutes between districts: half the combined headway plus in-vehicle time per leg.

    Lines that serve the same pair add their frequencies (S33 and 733 hourly each give a
    30-minute service). Journeys with transfers take the shortest chain of legs, each leg
    paying its own wait, so a change of bus costs what it costs in reality.
    """
    count = len(district_ids)
    position = {district_id: index for index, district_id in enumerate(district_ids)}
    frequency_per_minute = np.zeros((count, count))
    fastest_kmh = np.zeros((count, count))
    for line in region.transit_lines.values():
        stops = [position[d] for d in line.districts]
        for first in stops:
            for second in stops:
                if first == second:
                    continue
                frequency_per_minute[first, second] += 1.0 / line.headway_minutes
                fastest_kmh[first, second] = max(fastest_kmh[first, second], line.speed_kmh)
    circuity = region.modes.transit.circuity
    legs = np.zeros((count, count))
    for first in range(count):
        for second in range(count):
            if frequency_per_minute[first, second] > 0:
                km = great_circle_km(lat[first], lon[first], lat[second], lon[second]) * circuity
                wait = 0.5 / frequency_per_minute[first, second]
                legs[first, second] = wait + km / fastest_kmh[first, second] * 60.0
    minutes = shortest_path(legs, method="D", directed=True)
    np.fill_diagonal(minutes, math.inf)
    return minutes


def mode_table(region: RegionConfig, behaviour: Behaviour) -> np.ndarray:
    """Return the (mode x column) table that the travel kernels read."""
    table = np.zeros((len(MODES), MODE_TABLE_COLUMNS))
    for row, name in enumerate(MODES):
        mode = getattr(region.modes, name)
        table[row, COLUMN_SPEED_KMH] = mode.speed_kmh if mode.speed_kmh is not None else 1.0
        table[row, COLUMN_CIRCUITY] = mode.circuity
        table[row, COLUMN_ACCESS_MINUTES] = mode.access_minutes
        table[row, COLUMN_EGRESS_MINUTES] = mode.egress_minutes
        table[row, COLUMN_MAX_DISTANCE_KM] = mode.max_distance_km if mode.max_distance_km else math.inf
        table[row, COLUMN_CONSTANT] = behaviour.mode_constants[name]  # type: ignore[index]
        table[row, COLUMN_USES_TRANSIT_MATRIX] = 1.0 if name == "transit" else 0.0
        table[row, COLUMN_NEEDS_CAR] = 1.0 if name == "car" else 0.0
        table[row, COLUMN_CO2_KG_PER_KM] = mode.co2_kg_per_km
    return table
