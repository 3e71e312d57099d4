"""The summary's accessibility measure: enhanced 2SFCA over the modes residents actually have.

Residents with a car reach places by car; residents without one by the fastest of transit (with its
headway wait), bike and walk. Both groups compete for the same desk-hours, as in the multi-modal
2SFCA of Mao and Nekorchuk (2013): the first step divides each place's supply by the demand of both
groups within their own catchments, the second sums the ratios each group reaches. Decay is the
Gaussian of `gaussian_decay` with the catchment of each mode (CATCHMENT_MINUTES). The result is in
desk-hours a week per 1,000 residents (or per 1,000 weekly visits when demand is simulated visits).
"""

from dataclasses import dataclass

import numpy as np

from sim.summary.accessibility import CATCHMENT_MINUTES, floating_catchment, gaussian_decay
from sim.summary.reach import MODE_BIKE, MODE_CAR, MODE_TRANSIT, MODE_WALK, Reach

PER_DEMAND_UNITS = 1000.0  # results per 1,000 residents (or 1,000 weekly visits)
NON_CAR_MODES = ((MODE_TRANSIT, "transit"), (MODE_BIKE, "bike"), (MODE_WALK, "walk"))


@dataclass(frozen=True)
class ResidentAccess:
    """Accessibility per district and service for residents with and without a car, and their mix."""

    with_car: np.ndarray  # (districts x services)
    without_car: np.ndarray  # (districts x services)
    district: np.ndarray  # (districts x services): the residents-weighted mix of both


def car_weights(reach: Reach, service: int) -> np.ndarray:
    """Return (districts x places) Gaussian decay weights by car."""
    return gaussian_decay(reach.travel(MODE_CAR, service), CATCHMENT_MINUTES["car"])


def non_car_weights(reach: Reach, service: int) -> np.ndarray:
    """Return (districts x places) decay weights of the best mode without a car (transit, bike or walk)."""
    weights = [gaussian_decay(reach.travel(mode, service), CATCHMENT_MINUTES[name]) for mode, name in NON_CAR_MODES]
    return np.maximum.reduce(weights)


def resident_access(reach: Reach, demand_with_car: np.ndarray, demand_without_car: np.ndarray) -> ResidentAccess:
    """Return the multi-modal enhanced 2SFCA of every district and service (Luo and Qi 2009; Mao and Nekorchuk 2013).

    Demand is per district (residents, the same for every service) or per district and service (visits).
    """
    services = len(reach.service_ids)
    car_demand, other_demand = (
        np.broadcast_to(np.asarray(d, dtype=np.float64).reshape(len(d), -1), (len(d), services)).astype(np.float64)
        for d in (demand_with_car, demand_without_car)
    )
    districts = car_demand.shape[0]
    with_car, without_car = np.zeros((districts, services)), np.zeros((districts, services))
    for service in range(services):
        demand = np.concatenate([car_demand[:, service], other_demand[:, service]])
        weights = np.vstack([car_weights(reach, service), non_car_weights(reach, service)])
        access = floating_catchment(reach.supply(service), demand, weights) * PER_DEMAND_UNITS
        with_car[:, service], without_car[:, service] = access[:districts], access[districts:]
    total = car_demand + other_demand
    mixed = with_car * car_demand + without_car * other_demand
    district = np.divide(mixed, total, out=np.zeros_like(mixed), where=total > 0)
    return ResidentAccess(with_car, without_car, district)
