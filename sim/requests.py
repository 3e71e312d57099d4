"""Every request of the horizon as arrays: who needs what when, how it is handled and what it cost them."""

from dataclasses import dataclass, field

import numpy as np

from kernels import random as draws
from kernels.choice import REQUEST_STRIDE
from kernels.demand import count_requests, spread_requests
from sim.population import Citizens
from sim.schema import ScenarioConfig

CHANNEL_UNDECIDED = -1
CHANNEL_ONLINE = 0
CHANNEL_IN_PERSON = 1
CHANNEL_MOBILE = 2

STATUS_PENDING = 0
STATUS_SERVED = 1
STATUS_UNSERVED = 2


@dataclass
class RequestBook:
    """A struct of arrays, one entry per request, sorted by need day (then citizen, service, ordinal).

    Small integer types keep a million citizens' year (about 7.6 million requests) near 400 MB.
    """

    citizen: np.ndarray
    service: np.ndarray
    ordinal: np.ndarray
    need_day: np.ndarray
    service_minutes: np.ndarray
    channel: np.ndarray
    place: np.ndarray
    mode: np.ndarray
    travel_minutes: np.ndarray
    travel_km: np.ndarray
    booked: np.ndarray
    tries: np.ndarray
    status: np.ndarray
    wait_minutes: np.ndarray
    served_day: np.ndarray
    day_starts: np.ndarray  # day_starts[d]:day_starts[d + 1] are the requests needed on day d
    visits_by_day: dict[int, list[np.ndarray]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Return the number of requests."""
        return int(self.citizen.shape[0])

    def key_index(self, rows: np.ndarray) -> np.ndarray:
        """Return the draw index (service * stride + ordinal) of the given requests."""
        return self.service[rows].astype(np.int64) * REQUEST_STRIDE + self.ordinal[rows]

    def draw_keys(self, rows: np.ndarray) -> np.ndarray:
        """Return (rows x 4) int64 keys: citizen, service, ordinal, need day."""
        return np.stack(
            [self.citizen[rows], self.service[rows], self.ordinal[rows], self.need_day[rows]], axis=1
        ).astype(np.int64)

    def schedule(self, rows: np.ndarray, day: int) -> None:
        """Book visits (or back-office handling) of the given requests on a day."""
        if rows.shape[0]:
            self.visits_by_day.setdefault(day, []).append(rows)

    def take_visits(self, day: int) -> np.ndarray:
        """Remove and return the requests scheduled for a day, in request order."""
        chunks = self.visits_by_day.pop(day, [])
        if not chunks:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate(chunks))


def day_distribution(scenario: ScenarioConfig, days: int, start_weekday: int) -> np.ndarray:
    """Return (services x days) cumulative probabilities of the day a need arises (weekday profile)."""
    cdf = np.empty((len(scenario.services), days))
    for row, service in enumerate(scenario.services.values()):
        weekday_weight = np.array(service.weekday_weights.as_tuple())
        weights = weekday_weight[(start_weekday + np.arange(days)) % 7]
        cdf[row] = np.cumsum(weights) / weights.sum()
        cdf[row, -1] = 1.0
    return cdf


def generate_requests(scenario: ScenarioConfig, citizens: Citizens, start_weekday: int) -> RequestBook:
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
    mean = np.array([s.service_time.mean_minutes for s in services])[service]
    variation = np.array([s.service_time.cv for s in services])[service]
    normal = draws.standard_normal_array(
        seed, draws.PURPOSE_SERVICE_TIME, citizen.astype(np.int64), need_day.astype(np.int64), key
    )
    del key
    sigma_squared = np.log1p(variation**2)
    service_minutes = np.exp(np.log(mean) - 0.5 * sigma_squared + np.sqrt(sigma_squared) * normal)
    del normal, mean, variation, sigma_squared
    total = citizen.shape[0]
    return RequestBook(
        citizen=citizen,
        service=service,
        ordinal=ordinal,
        need_day=need_day,
        service_minutes=service_minutes,
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
        day_starts=day_starts,
    )
