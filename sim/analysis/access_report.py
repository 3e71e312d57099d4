"""`python -m sim access`: every accessibility measure per Ortsteil, service and mode, and the minutes behind them.

The measures and the minutes are those of the run summary (sim/summary/reach.py and access_measures.py):
the same places, supply, access rules and door-to-door minutes. This module adds the per-mode measures
that planners compare (2SFCA, enhanced 2SFCA, gravity, cumulative opportunities, nearest minutes) and
the tables that let anyone recompute them. Formulas and references: docs/ACCESSIBILITY.md.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.base_run import base_run, visits_per_week
from sim.io.config import Scenario
from sim.io.schema import MODES
from sim.model.facilities import build_facilities
from sim.model.geography import build_geography
from sim.model.population import synthesize_population
from sim.summary.access_measures import PER_DEMAND_UNITS, resident_access
from sim.summary.accessibility import (
    CATCHMENT_MINUTES,
    CUMULATIVE_THRESHOLDS_MINUTES,
    cumulative_opportunities,
    enhanced_two_step_fca,
    gravity_access,
    two_step_fca,
)
from sim.summary.reach import Reach, build_reach

# ESTIMATE: the power of the gravity decay, mid-range of the values used for travel minutes (Wang 2012 reviews 1 to 2).
GRAVITY_BETA = 1.5
DEMANDS = ("population", "simulated")
OWN_MODES = "resident_modes"  # car for residents with a car, the best of transit, bike and walk for the others
UNITS = {
    "demand": "residents, or in-person visits per week (--demand simulated)",
    "2sfca": "desk-hours per week per 1,000 demand units (residents or weekly visits)",
    "e2sfca": "desk-hours per week per 1,000 demand units (residents or weekly visits)",
    "gravity": "desk-hours per week per 1,000 demand units (residents or weekly visits)",
    "cumulative_<T>min": "desk-hours per week within T minutes",
    "nearest_minutes": "door-to-door minutes to the nearest place residents may use (inf: none by this mode)",
}


@dataclass(frozen=True)
class AccessTables:
    """The long table of measures, the minutes they used and the demand behind them."""

    access: pd.DataFrame  # district, service, measure, mode, value
    travel_times: pd.DataFrame  # district, service, service_point, mode, minutes
    demand: str
    district_demand: np.ndarray  # (districts x services): residents, or in-person visits per week
    supply: dict[str, dict[str, float]]  # per service: desk-hours a week of each place that offers it


def population_demand(scenario: Scenario) -> tuple[Any, np.ndarray, np.ndarray, Reach]:
    """Return (geography, residents with a car, without, reach) from the scenario's own residents."""
    geography = build_geography(scenario.region)
    citizens = synthesize_population(scenario.region, geography, scenario.config.simulation)
    districts = len(geography.district_ids)
    with_car = np.bincount(citizens.district, citizens.has_car.astype(np.float64), districts)
    total = np.bincount(citizens.district, minlength=districts).astype(np.float64)
    reach = build_reach(scenario, geography, build_facilities(scenario.config, geography))
    return geography, with_car, total - with_car, reach


def simulated_demand(scenario: Scenario) -> tuple[Any, np.ndarray, np.ndarray, Reach]:
    """Return (geography, weekly in-person visits of residents with a car, without, reach) from a base run."""
    outcome = base_run(scenario)
    visits = visits_per_week(outcome)
    reach = build_reach(scenario, outcome.geography, outcome.facilities)
    return outcome.geography, visits[:, :, 1], visits[:, :, 0], reach


def _mode_rows(reach: Reach, service: int, demand: np.ndarray) -> list[tuple[int, str, str, np.ndarray]]:
    """Return (service, measure, mode, values per district) of every per-mode measure of one service."""
    supply, rows = reach.supply(service), []
    for mode_index, mode in enumerate(MODES):
        travel = reach.travel(mode_index, service)
        catchment = CATCHMENT_MINUTES[mode]
        rows += [
            (service, "2sfca", mode, two_step_fca(supply, demand, travel, catchment) * PER_DEMAND_UNITS),
            (service, "e2sfca", mode, enhanced_two_step_fca(supply, demand, travel, catchment) * PER_DEMAND_UNITS),
            (service, "gravity", mode, gravity_access(supply, demand, travel, GRAVITY_BETA) * PER_DEMAND_UNITS),
        ]
        within = cumulative_opportunities(supply, travel, CUMULATIVE_THRESHOLDS_MINUTES)
        rows += [
            (service, f"cumulative_{threshold:g}min", mode, within[:, column])
            for column, threshold in enumerate(CUMULATIVE_THRESHOLDS_MINUTES)
        ]
        rows.append((service, "nearest_minutes", mode, reach.nearest_minutes(mode_index, service)))
    return rows


def measure_table(
    reach: Reach, district_ids: tuple[str, ...], with_car: np.ndarray, without_car: np.ndarray
) -> pd.DataFrame:
    """Return the long table (district, service, measure, mode, value) of every measure."""
    services = len(reach.service_ids)
    car = np.broadcast_to(with_car.reshape(len(district_ids), -1), (len(district_ids), services))
    other = np.broadcast_to(without_car.reshape(len(district_ids), -1), (len(district_ids), services))
    own = resident_access(reach, car, other)
    rows: list[tuple[int, str, str, np.ndarray]] = []
    for service in range(services):
        rows.append((service, "demand", "all", car[:, service] + other[:, service]))
        rows.append((service, "e2sfca", OWN_MODES, own.district[:, service]))
        rows += _mode_rows(reach, service, car[:, service] + other[:, service])
    districts = len(district_ids)
    return pd.DataFrame({
        "district": np.tile(np.array(district_ids, dtype=object), len(rows)),
        "service": np.repeat([reach.service_ids[row[0]] for row in rows], districts),
        "measure": np.repeat([row[1] for row in rows], districts),
        "mode": np.repeat([row[2] for row in rows], districts),
        "value": np.round(np.concatenate([row[3] for row in rows]), 6),
    })  # fmt: skip


def travel_time_table(reach: Reach, district_ids: tuple[str, ...]) -> pd.DataFrame:
    """Return the minutes the measures used: one row per Ortsteil, service, place its residents may use and mode.

    A pair that a mode cannot travel (beyond walking or cycling range, no bus) has no row for that mode.
    """
    frames = []
    for service_index, service in enumerate(reach.service_ids):
        places = reach.places_of(service_index)
        for mode_index, mode in enumerate(MODES):
            travel = reach.travel(mode_index, service_index)
            district, column = np.nonzero(np.isfinite(travel))
            frames.append(pd.DataFrame({
                "district": np.array(district_ids, dtype=object)[district],
                "service": service,
                "service_point": np.array(reach.place_labels, dtype=object)[places[column]],
                "mode": mode,
                "minutes": np.round(travel[district, column], 4),
            }))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def access_tables(scenario: Scenario, demand: str = "population") -> AccessTables:
    """Return every measure and the minutes behind them, with population or simulated visits as demand."""
    if demand not in DEMANDS:
        raise ValueError(f"demand must be one of {DEMANDS}, got {demand!r}")
    loader = population_demand if demand == "population" else simulated_demand
    geography, with_car, without_car, reach = loader(scenario)
    districts, services = len(geography.district_ids), len(reach.service_ids)
    total = np.broadcast_to((with_car + without_car).reshape(districts, -1), (districts, services))
    return AccessTables(
        measure_table(reach, geography.district_ids, with_car, without_car),
        travel_time_table(reach, geography.district_ids),
        demand,
        np.array(total, dtype=np.float64),
        {
            service: {reach.place_labels[p]: round(float(reach.desk_hours_per_week[p]), 4) for p in reach.places_of(n)}
            for n, service in enumerate(reach.service_ids)
        },
    )
