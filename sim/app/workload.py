"""Estimating the size of a run from its scenarios alone, before it starts: expected requests and peak memory.

The app refuses a run whose estimate passes a cap, so that one user cannot exhaust the server;
the CLI can use the same estimate. The figures are for the fast engine ("kernels").
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sim.app.i18n import label, number
from sim.io.config import Scenario

# Peak bytes per request of one replication: the request book holds 52 bytes per request; drawing the
# needs briefly adds keys, normal draws and service-time terms, and pending retries add their rows.
# Measured peaks were 140 (Lemgo-Kalletal baseline, 730 days) to 207 bytes (97 services, mostly retries).
BYTES_PER_REQUEST = 220
UTILITY_BYTES = 4  # the choice kernel's float32 utility cache: per citizen, service and considered place
COUNT_BYTES = 4  # int32 request counts per citizen and service while the needs are drawn
CITIZEN_BYTES = 96  # per citizen: location, age, car, online use, table rows
MEMORY_SLOT_BYTES = 12  # per citizen and remembered place: place id (int32) and expected wait (float64)

# A run is one press of Run: every scenario times its replications. 100 million requests take one
# to three minutes on two workers; the shipped Lemgo-Kalletal scenarios at the app's maxima (730 days,
# 10 replications, all five) need 42 million.
MAX_REQUESTS_PER_RUN = 100_000_000
# One worker holds one replication at a time; two workers at this cap stay well inside a small server.
MAX_BYTES_PER_JOB = 2_000_000_000
# A worker's hard limit on data memory: the job cap plus the interpreter and Numba (about 1.5 GB of
# mappings) and room for a misestimate. A job past it fails with MemoryError; the worker lives on.
WORKER_MEMORY_BYTES = 4 * MAX_BYTES_PER_JOB


@dataclass(frozen=True)
class Workload:
    """The estimated size of a run: requests summed over scenarios, days and replications; the largest job's peak."""

    requests: float
    peak_bytes: float


@dataclass(frozen=True)
class Refusal:
    """Why a run is too large: which figure ('requests' or 'memory'), its estimate and the cap."""

    figure: str
    estimate: float
    cap: float


def requests_per_year(scenario: Scenario) -> float:
    """Return the expected requests of a year: district populations x age shares x every service's rates."""
    rates_by_age = [0.0, 0.0, 0.0]
    for service in scenario.config.services.values():
        for age, rate in enumerate(service.requests_per_person_year.as_tuple()):
            rates_by_age[age] += rate
    total = 0.0
    for municipality in scenario.region.municipalities.values():
        people = sum(district.population for district in municipality.districts.values())
        shares = municipality.age_shares.as_tuple()
        total += people * sum(share * rate for share, rate in zip(shares, rates_by_age, strict=True))
    return total


def citizens(scenario: Scenario) -> int:
    """Return the number of residents the model creates (one agent each)."""
    return sum(d.population for m in scenario.region.municipalities.values() for d in m.districts.values())


def estimate_job(scenario: Scenario, replications: int = 1) -> Workload:
    """Estimate one scenario run over its own horizon, repeated `replications` times one after another."""
    one_run = requests_per_year(scenario) * scenario.config.simulation.days / 365.0
    behaviour = scenario.config.behaviour
    services = len(scenario.config.services)
    per_citizen = (
        CITIZEN_BYTES
        + MEMORY_SLOT_BYTES * behaviour.remembered_places
        + services * (UTILITY_BYTES * behaviour.consideration_set_size + COUNT_BYTES)
    )
    peak = one_run * BYTES_PER_REQUEST + citizens(scenario) * per_citizen
    return Workload(requests=one_run * replications, peak_bytes=peak)


def estimate_batch(jobs: Iterable[tuple[Scenario, int]]) -> Workload:
    """Estimate a batch of (scenario, replications): requests add up; memory is the largest job's."""
    workloads = [estimate_job(scenario, replications) for scenario, replications in jobs]
    return Workload(
        requests=sum(w.requests for w in workloads),
        peak_bytes=max((w.peak_bytes for w in workloads), default=0.0),
    )


def refusal(
    workload: Workload, max_requests: float = MAX_REQUESTS_PER_RUN, max_bytes: float = MAX_BYTES_PER_JOB
) -> Refusal | None:
    """Return why the workload is over a cap (memory is named first), or None if it may run."""
    if workload.peak_bytes > max_bytes:
        return Refusal("memory", workload.peak_bytes, max_bytes)
    if workload.requests > max_requests:
        return Refusal("requests", workload.requests, max_requests)
    return None


def describe_refusal(refused: Refusal, language: str) -> str:
    """Return the message (German or English) that names the estimate and the cap."""
    if refused.figure == "memory":
        gigabytes = {
            "estimate": number(refused.estimate / 1e9, language, 1),
            "cap": number(refused.cap / 1e9, language, 1),
        }
        return label("too_much_memory", language, **gigabytes)
    figures = {"estimate": number(refused.estimate, language), "cap": number(refused.cap, language)}
    return label("too_many_requests", language, **figures)
