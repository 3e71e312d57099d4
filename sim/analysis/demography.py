"""Residents and demand per head by projected year, without a run: the tables behind a year slider."""

import numpy as np
import pandas as pd

from sim.io.schema import AGE_GROUPS, RegionConfig, ScenarioConfig
from sim.model.population import cell_targets


def expected_counts(region: RegionConfig) -> np.ndarray:
    """Return the base year's expected residents per (municipality, age group): population x age shares."""
    return np.array(
        [[m.population * share for share in m.age_shares.as_tuple()] for m in region.municipalities.values()]
    )


def projected_residents(region: RegionConfig, year: int | None = None) -> pd.DataFrame:
    """Return residents per municipality and age group in `year` (None: the base year), by the model's rule.

    The counts are expected values (official population x age shares, reweighted as
    sim.model.population does); a run draws its residents around them.
    """
    counts = expected_counts(region)
    projections = region.projections
    if year is not None and projections is not None and year != projections.base_year:
        counts = cell_targets(region, counts, year).astype(np.float64)
    table = pd.DataFrame(
        {
            "municipality": list(region.municipalities),
            "name": [m.name for m in region.municipalities.values()],
            "kreis": [m.kreis for m in region.municipalities.values()],
            "lat": [m.lat for m in region.municipalities.values()],
            "lon": [m.lon for m in region.municipalities.values()],
        }
    )
    for index, group in enumerate(AGE_GROUPS):
        table[group] = np.round(counts[:, index]).astype(np.int64)
    table["total"] = table[list(AGE_GROUPS)].sum(axis=1)
    return table


def demand_per_head(scenario: ScenarioConfig, region: RegionConfig, years: list[int]) -> pd.DataFrame:
    """Return expected requests per resident and year for each service and year: the age mix times the rates by age."""
    rows = []
    for year in years:
        residents = projected_residents(region, year)[list(AGE_GROUPS)].sum(axis=0).to_numpy(dtype=np.float64)
        for service_id, service in scenario.services.items():
            rates = np.array(service.requests_per_person_year.as_tuple())
            rows.append({"year": year, "service": service_id,
                         "requests_per_person_year": round(float(residents @ rates / residents.sum()), 4)})  # fmt: skip
    return pd.DataFrame(rows)
