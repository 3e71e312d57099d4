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
# Measured as the growth of the worker's peak resident memory between two horizons of the same scenario
# (bench/app_workload_bench.py): 65 bytes on the Lemgo-Kalletal and Südwestfalen baselines, 139 where
# nearly every request retries (97 services at one hub). The estimate takes the larger figure.
BYTES_PER_REQUEST = 140
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


# Rough computing time of the kernels engine on this kind of machine, for what the app says before a run:
# about 1 microsecond per request at Lemgo-Kalletal scale and 2.3 at Südwestfalen's (memory-bound), plus
# building the residents and drawing their needs (5.5 s for Südwestfalen's 1.39 million residents).
SECONDS_PER_REQUEST = 2.0e-6
SECONDS_PER_CITIZEN = 4.0e-6


@dataclass(frozen=True)
class Workload:
    """The estimated size of a run: requests summed over scenarios, days and replications; the largest job's peak."""

    requests: float
    peak_bytes: float
    citizen_runs: float = 0.0  # residents summed over the runs (each run builds its residents)

    def seconds(self, workers: int = 1) -> float:
        """Return the rough computing time, shared by `workers` processes working at once."""
        return (self.requests * SECONDS_PER_REQUEST + self.citizen_runs * SECONDS_PER_CITIZEN) / max(workers, 1)


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
    return Workload(requests=one_run * replications, peak_bytes=peak, citizen_runs=citizens(scenario) * replications)


def estimate_batch(jobs: Iterable[tuple[Scenario, int]]) -> Workload:
    """Estimate a batch of (scenario, replications): requests add up; memory is the largest job's."""
    workloads = [estimate_job(scenario, replications) for scenario, replications in jobs]
    return Workload(
        requests=sum(w.requests for w in workloads),
        peak_bytes=max((w.peak_bytes for w in workloads), default=0.0),
        citizen_runs=sum(w.citizen_runs for w in workloads),
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


def describe_workload(workload: Workload, runs: int, workers: int, language: str) -> str:
    """Return what a run will cost, said before it starts: runs, requests, memory per run and rough time."""
    seconds = workload.seconds(workers)
    if seconds < 90:
        duration = label("about_seconds", language, seconds=number(max(1.0, seconds), language))
    else:
        duration = label("about_minutes", language, minutes=number(seconds / 60.0, language))
    megabytes = workload.peak_bytes / 1e6
    memory = f"{number(megabytes / 1e3, language, 1)} GB" if megabytes >= 1000 else f"{number(megabytes, language)} MB"
    return label(
        "workload_estimate", language, runs=number(runs, language), requests=number(workload.requests, language),
        memory=memory, duration=duration,
    )  # fmt: skip
