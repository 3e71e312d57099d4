"""Synthetic citizens: one per resident, as a struct of arrays built from district data, reweighted by year."""

import math
from dataclasses import dataclass

import numpy as np

from kernels import random as draws
from kernels.travel import EARTH_RADIUS_KM
from sim.io.schema import RegionConfig, Simulation
from sim.model.geography import Geography

AGE_GROUP_COUNT = 3
# Streams of the reweighting, far above the purposes of kernels.random so they never collide with them.
PURPOSE_CITIZEN_REMAINS = 101
PURPOSE_CITIZEN_NEW_DISTRICT = 102


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
    resident_id: np.ndarray  # int64 key of the resident's own draws; the base year's residents are 0..n-1

    @property
    def count(self) -> int:
        """Return the number of citizens."""
        return int(self.district.shape[0])


def synthesize_citizens(
    region: RegionConfig, geography: Geography, seed: int, population_year: int | None = None
) -> Citizens:
    """Place every resident near their district centroid and draw age, car access and online use.

    Every draw is keyed by (seed, purpose, resident id), so the same seed gives the same people
    in every scenario of a comparison. With a population_year other than the region's base year
    the residents are reweighted to that year's projection (see `reweight`).
    """
    district = np.repeat(np.arange(len(geography.district_ids), dtype=np.int64), geography.district_population)
    ids = np.arange(district.shape[0], dtype=np.int64)
    municipalities = list(region.municipalities.values())
    cumulative_age = np.array([np.cumsum(m.age_shares.as_tuple()) for m in municipalities])
    zeros = np.zeros(ids.shape[0], dtype=np.int64)
    age_draw = draws.uniform_array(seed, draws.PURPOSE_CITIZEN_AGE, ids, zeros, zeros)
    home_municipality = geography.district_municipality[district]
    age_group = np.minimum((age_draw[:, None] > cumulative_age[home_municipality]).sum(axis=1), 2).astype(np.int64)
    base = _residents(region, geography, seed, ids, district, age_group)
    projections = region.projections
    if population_year is None or projections is None or population_year == projections.base_year:
        return base
    targets = cell_targets(region, base_counts(geography, base), population_year)
    return reweight(base, targets, region, geography, seed)


def synthesize_population(region: RegionConfig, geography: Geography, simulation: Simulation) -> Citizens:
    """Return the residents of a run: its seed, reweighted to its population_year if it has one."""
    return synthesize_citizens(region, geography, simulation.seed, simulation.population_year)


def _zeros_and_ones(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(ids.shape[0], dtype=np.int64), np.ones(ids.shape[0], dtype=np.int64)


def _residents(
    region: RegionConfig, geography: Geography, seed: int, ids: np.ndarray, district: np.ndarray, age_group: np.ndarray
) -> Citizens:
    """Return residents with the given ids, districts and age groups; homes, cars and online use come from their ids."""
    zeros, ones = _zeros_and_ones(ids)
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
    car_share = np.array(region.citizens.car_access.as_tuple())[age_group]
    online_share = np.array(region.citizens.online_use.as_tuple())[age_group]
    has_car = draws.uniform_array(seed, draws.PURPOSE_CITIZEN_CAR, ids, zeros, zeros) < car_share
    is_online_user = draws.uniform_array(seed, draws.PURPOSE_CITIZEN_ONLINE, ids, zeros, zeros) < online_share
    return Citizens(district, municipality, age_group, lat, lon, has_car, is_online_user, ids)


def online_ranks(citizens: Citizens, seed: int) -> np.ndarray:
    """Return each resident's digital affinity: the draw whose comparison with online_use makes is_online_user.

    A resident uses a service's online route while this rank lies below the service's adopted share
    for their district and age group; without an adoption model that share is online_use, so the
    rank reproduces the trait exactly.
    """
    zeros = np.zeros(citizens.count, dtype=np.int64)
    return draws.uniform_array(seed, draws.PURPOSE_CITIZEN_ONLINE, citizens.resident_id, zeros, zeros)


def base_counts(geography: Geography, citizens: Citizens) -> np.ndarray:
    """Return residents per (municipality, age group)."""
    cells = citizens.municipality * AGE_GROUP_COUNT + citizens.age_group
    counts = np.bincount(cells, minlength=len(geography.municipality_ids) * AGE_GROUP_COUNT)
    return counts.reshape(-1, AGE_GROUP_COUNT)


def cell_targets(region: RegionConfig, counts: np.ndarray, year: float) -> np.ndarray:
    """Return the residents each (municipality, age group) should have in `year`, from the base counts.

    A municipality with its own projection scales its counts by its own factors. Each Kreis
    scales its total per age group by the Kreis factors; what its own-projection members do not
    take is shared among the other members in proportion to their counts (largest remainders),
    so Kreis and municipal totals both match their tables to within rounding.
    """
    projections = region.projections
    assert projections is not None
    municipality_ids = list(region.municipalities)
    targets = np.zeros(counts.shape, dtype=np.int64)
    position = {m_id: index for index, m_id in enumerate(municipality_ids)}
    for m_id, area in projections.municipalities.items():
        factors = np.array(area.factors(year, projections.base_year))
        targets[position[m_id]] = _round_half_up(counts[position[m_id]] * factors)
    for kreis_id, area in projections.kreise.items():
        members = [position[m_id] for m_id, m in region.municipalities.items() if m.kreis == kreis_id]
        if not members:
            continue
        own = [index for index in members if municipality_ids[index] in projections.municipalities]
        rest = [index for index in members if index not in own]
        factors = np.array(area.factors(year, projections.base_year))
        kreis_target = _round_half_up(counts[members].sum(axis=0) * factors)
        remaining = np.maximum(kreis_target - targets[own].sum(axis=0), 0)
        for group in range(AGE_GROUP_COUNT):
            targets[rest, group] = largest_remainder(int(remaining[group]), counts[rest, group])
    return targets


def _round_half_up(values: np.ndarray) -> np.ndarray:
    return np.floor(values + 0.5).astype(np.int64)


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split a whole number in proportion to weights; leftovers go to the largest remainders (ties: first)."""
    weights = np.asarray(weights, dtype=np.float64)
    if weights.size == 0 or weights.sum() <= 0:
        return np.zeros(weights.shape[0], dtype=np.int64)
    quotas = total * weights / weights.sum()
    shares = np.floor(quotas).astype(np.int64)
    leftover = total - int(shares.sum())
    order = np.argsort(-(quotas - shares), kind="stable")
    shares[order[:leftover]] += 1
    return shares


def reweight(
    citizens: Citizens, targets: np.ndarray, region: RegionConfig, geography: Geography, seed: int
) -> Citizens:
    """Return the residents of a projected year: who remains, and who is new.

    Rule: residents are grouped by (municipality, age group). A group that shrinks keeps the
    residents with the smallest draw of PURPOSE_CITIZEN_REMAINS (a counter-based draw per resident
    id), so whoever remains keeps id, home, age group, car and online use. A group that grows
    keeps everyone and adds residents with new ids beyond the base range: the k-th new resident
    of cell c (= municipality x 3 + age group) has id n + k x cells + c, whatever the year, and
    lives in a district of its municipality drawn in proportion to district population.
    Residents are ordered by district, then id, as in the base population.
    """
    cells = targets.size
    cell = citizens.municipality * AGE_GROUP_COUNT + citizens.age_group
    ids = citizens.resident_id
    zeros = np.zeros(ids.shape[0], dtype=np.int64)
    remains_draw = draws.uniform_array(seed, PURPOSE_CITIZEN_REMAINS, ids, zeros, zeros)
    order = np.lexsort((remains_draw, cell))
    starts = np.searchsorted(cell[order], np.arange(cells))
    rank = np.empty(ids.shape[0], dtype=np.int64)
    rank[order] = np.arange(ids.shape[0]) - starts[cell[order]]
    kept = np.flatnonzero(rank < targets.ravel()[cell])
    counts = np.bincount(cell, minlength=cells)
    added = np.maximum(targets.ravel() - counts, 0)
    new_cell = np.repeat(np.arange(cells, dtype=np.int64), added)
    ordinal = np.arange(new_cell.shape[0], dtype=np.int64) - np.repeat(np.cumsum(added) - added, added)
    new_ids = ids.shape[0] + ordinal * cells + new_cell
    new_district = _draw_districts(geography, seed, new_ids, new_cell // AGE_GROUP_COUNT)
    newcomers = _residents(region, geography, seed, new_ids, new_district, new_cell % AGE_GROUP_COUNT)
    return _ordered(citizens, kept, newcomers)


def _draw_districts(geography: Geography, seed: int, ids: np.ndarray, municipality: np.ndarray) -> np.ndarray:
    """Draw each new resident's district within their municipality, in proportion to district population."""
    zeros = np.zeros(ids.shape[0], dtype=np.int64)
    draw = draws.uniform_array(seed, PURPOSE_CITIZEN_NEW_DISTRICT, ids, zeros, zeros)
    district = np.empty(ids.shape[0], dtype=np.int64)
    for index in np.unique(municipality):
        mine = np.flatnonzero(geography.district_municipality == index)
        weights = geography.district_population[mine].astype(np.float64)
        if weights.sum() <= 0:
            weights = np.ones(mine.size)
        cumulative = np.cumsum(weights) / weights.sum()
        chosen = municipality == index
        district[chosen] = mine[np.minimum(np.searchsorted(cumulative, draw[chosen]), mine.size - 1)]
    return district


def _ordered(citizens: Citizens, kept: np.ndarray, newcomers: Citizens) -> Citizens:
    """Join the remaining and the new residents, ordered by district and then id."""
    fields = ("district", "municipality", "age_group", "lat", "lon", "has_car", "is_online_user", "resident_id")
    joined = {name: np.concatenate([getattr(citizens, name)[kept], getattr(newcomers, name)]) for name in fields}
    order = np.lexsort((joined["resident_id"], joined["district"]))
    return Citizens(**{name: values[order] for name, values in joined.items()})


def municipality_population(geography: Geography, citizens: Citizens) -> dict[str, float]:
    """Return the population per municipality that cost keys split by: the official figure, scaled by reweighting.

    In the base year the run has exactly the district populations, so this is the official figure itself.
    With a population_year, each municipality's official figure changes as its residents did
    (projected residents / base-year residents), so a population key follows ageing and shrinking.
    """
    count = len(geography.municipality_ids)
    base = np.bincount(geography.district_municipality, weights=geography.district_population, minlength=count)
    now = np.bincount(citizens.municipality, minlength=count).astype(np.float64)
    official = geography.municipality_population_official.astype(np.float64)
    scaled = np.where(now == base, official, official * now / np.maximum(base, 1.0))
    return dict(zip(geography.municipality_ids, scaled.tolist(), strict=True))
