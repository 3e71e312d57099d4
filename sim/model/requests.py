"""Every request of the horizon as arrays (kernels.records.Requests): who needs what when, drawn in O(requests)."""

import numpy as np

from kernels import random as draws
from kernels.choice import REQUEST_STRIDE
from kernels.decide import (  # noqa: F401 - re-exported: the codes the outputs use
    CHANNEL_IN_PERSON,
    CHANNEL_MOBILE,
    CHANNEL_ONLINE,
    CHANNEL_UNDECIDED,
    STATUS_PENDING,
    STATUS_SERVED,
    STATUS_UNSERVED,
)
from kernels.demand import count_requests, spread_requests
from kernels.records import Requests
from sim.io.schema import ScenarioConfig
from sim.model.population import Citizens

# Requests still open after the horizon are followed this many extra days, then count as unserved.
DRAIN_DAYS = 120


def calendar_days(days: int) -> int:
    """Return the length of the visit calendar of a horizon: visits may be booked a week past the last day followed."""
    return days + DRAIN_DAYS + 8


def day_distribution(scenario: ScenarioConfig, days: int, start_weekday: int) -> np.ndarray:
    """Return (services x days) cumulative probabilities of the day a need arises (weekday profile)."""
    cdf = np.empty((len(scenario.services), days))
    for row, service in enumerate(scenario.services.values()):
        weekday_weight = np.array(service.weekday_weights.as_tuple())
        weights = weekday_weight[(start_weekday + np.arange(days)) % 7]
        cdf[row] = np.cumsum(weights) / weights.sum()
        cdf[row, -1] = 1.0
    return cdf


def generate_requests(scenario: ScenarioConfig, citizens: Citizens, start_weekday: int) -> Requests:
    """Draw every need of the horizon in O(requests): counts per citizen, then a day per request.

    Needs depend only on the seed, the people and the demand rates, never on policy, so every
    scenario of a comparison sees the same needs on the same days (common random numbers).
    """
    seed = scenario.simulation.seed
    days = scenario.simulation.days
    services = list(scenario.services.values())
    per_age = np.array([service.requests_per_person_year.as_tuple() for service in services]).T * (days / 365.0)
    counts = count_requests(seed, citizens.age_group, np.ascontiguousarray(per_age))
    citizen, service, ordinal, need_day, day_starts = spread_requests(
        seed, counts, day_distribution(scenario, days, start_weekday)
    )
    if counts.size and counts.max() >= REQUEST_STRIDE:
        # The draw keys hold the ordinal below REQUEST_STRIDE; the schema's rate and horizon caps keep it far below.
        raise ValueError(f"more than {REQUEST_STRIDE - 1} requests of one citizen for one service")
    del counts
    key = service.astype(np.int64) * REQUEST_STRIDE + ordinal
    normal = draws.standard_normal_array(seed, draws.PURPOSE_SERVICE_TIME, citizen, need_day, key)
    del key
    # Lognormal service times with the service's mean and coefficient of variation.
    sigma_squared = np.log1p(np.array([s.service_time.cv for s in services]) ** 2)
    location = np.log(np.array([s.service_time.mean_minutes for s in services])) - 0.5 * sigma_squared
    service_minutes = np.exp(location[service] + np.sqrt(sigma_squared)[service] * normal)
    del normal
    total = citizen.shape[0]
    return Requests(
        citizen=citizen,
        service=service,
        ordinal=ordinal,
        need_day=need_day,
        service_minutes=service_minutes,
        day_starts=day_starts,
        channel=np.full(total, CHANNEL_UNDECIDED, dtype=np.int8),
        place=np.full(total, -1, dtype=np.int32),
        mode=np.full(total, -1, dtype=np.int8),
        travel_minutes=np.zeros(total),
        travel_km=np.zeros(total),
        booked=np.zeros(total, dtype=np.bool_),
        tries=np.zeros(total, dtype=np.int8),
        status=np.full(total, STATUS_PENDING, dtype=np.int8),
        wait_minutes=np.zeros(total),
        served_day=np.full(total, -1, dtype=np.int16),
        slot=np.full(total, -1, dtype=np.int32),
        next_in_calendar=np.full(total, -1, dtype=np.int64),
        calendar_head=np.full(calendar_days(days), -1, dtype=np.int64),
    )
