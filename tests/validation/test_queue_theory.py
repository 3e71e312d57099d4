"""Service-desk queues against queueing theory: Erlang C waits for M/M/c and Little's law."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kernels.queue import simulate_session
from sim.model.services import serve_session_simpy

MEAN_SERVICE_MINUTES = 10.0
ALWAYS_OPEN = np.array([[0.0, 1e12]])
ROOT_SEED = 20240611
REPLICATIONS = 20
CUSTOMERS_PER_REPLICATION = 5_000
WARM_UP_CUSTOMERS = 500


def erlang_c_wait_minutes(arrivals_per_minute: float, mean_service_minutes: float, desks: int) -> float:
    """Mean wait in queue of an M/M/c queue (Erlang C)."""
    offered_load = arrivals_per_minute * mean_service_minutes
    utilisation = offered_load / desks
    assert utilisation < 1, "unstable queue"
    all_busy_term = offered_load**desks / math.factorial(desks) / (1 - utilisation)
    some_idle_terms = sum(offered_load**k / math.factorial(k) for k in range(desks))
    probability_of_waiting = all_busy_term / (some_idle_terms + all_busy_term)
    return probability_of_waiting * mean_service_minutes / (desks * (1 - utilisation))


def test_erlang_c_matches_hand_values() -> None:
    # M/M/1: Wq = rho / (mu - lambda).
    assert erlang_c_wait_minutes(0.07, 10.0, 1) == pytest.approx(0.7 / (0.1 - 0.07), rel=1e-12)
    # M/M/2 with rho = 0.5: Lq = 2 rho^3 / (1 - rho^2) = 1/3, so Wq = Lq / lambda = 1/3.
    assert erlang_c_wait_minutes(1.0, 1.0, 2) == pytest.approx(1 / 3, rel=1e-12)
    # M/M/3 with offered load 2.4, by hand: P(wait) = (2.4^3 / 3! / 0.2) / (1 + 2.4 + 2.88 + 11.52) = 0.6472.
    assert erlang_c_wait_minutes(2.4, 1.0, 3) * (3 - 2.4) == pytest.approx(0.6472, abs=1e-4)


def draw_mm_customers(
    rng: np.random.Generator, arrivals_per_minute: float, customers: int
) -> tuple[np.ndarray, np.ndarray]:
    """Poisson arrivals and exponential service times for one replication."""
    arrival_minutes = np.cumsum(rng.exponential(1 / arrivals_per_minute, customers))
    service_minutes = rng.exponential(MEAN_SERVICE_MINUTES, customers)
    return arrival_minutes, service_minutes


def mean_waits_per_replication(arrivals_per_minute: float, desks: int) -> np.ndarray:
    """Mean wait after warm-up in each replication, checking SimPy and Numba agree on every start."""
    mean_waits = []
    for seed in np.random.SeedSequence(ROOT_SEED).spawn(REPLICATIONS):
        rng = np.random.default_rng(seed)
        arrivals, services = draw_mm_customers(rng, arrivals_per_minute, CUSTOMERS_PER_REPLICATION)
        starts_simpy, ends_simpy, desks_simpy = serve_session_simpy(arrivals, services, desks, ALWAYS_OPEN)
        starts, ends, desk_index = simulate_session(
            arrival_minutes=arrivals, service_minutes=services, desks=desks, open_intervals=ALWAYS_OPEN
        )
        np.testing.assert_array_equal(starts_simpy, starts)
        np.testing.assert_array_equal(ends_simpy, ends)
        np.testing.assert_array_equal(desks_simpy, desk_index)
        mean_waits.append(np.mean((starts - arrivals)[WARM_UP_CUSTOMERS:]))
    return np.array(mean_waits)


@pytest.mark.parametrize(
    ("desks", "utilisation"),
    [(1, 0.7), (3, 0.8)],
    ids=["M/M/1 rho 0.7", "M/M/3 rho 0.8"],
)
def test_mean_wait_matches_erlang_c(desks: int, utilisation: float) -> None:
    arrivals_per_minute = utilisation * desks / MEAN_SERVICE_MINUTES
    theory = erlang_c_wait_minutes(arrivals_per_minute, MEAN_SERVICE_MINUTES, desks)
    mean_waits = mean_waits_per_replication(arrivals_per_minute, desks)
    estimate = mean_waits.mean()
    standard_error = mean_waits.std(ddof=1) / math.sqrt(REPLICATIONS)
    assert abs(estimate - theory) < 4 * standard_error, (estimate, theory, standard_error)
    # Sanity: the spread itself is small, so the check above is not vacuous.
    assert standard_error < 0.08 * theory
    assert abs(estimate - theory) < 0.1 * theory


def time_average_count(
    increase_minutes: np.ndarray, decrease_minutes: np.ndarray, window_start: float, window_end: float
) -> float:
    """Time-average of a count that rises by one at each increase and falls by one at each decrease."""
    minutes = np.concatenate([increase_minutes, decrease_minutes])
    steps = np.concatenate([np.ones(increase_minutes.size), -np.ones(decrease_minutes.size)])
    order = np.argsort(minutes, kind="stable")
    minutes = np.clip(minutes[order], window_start, window_end)
    count = np.cumsum(steps[order])
    # The count holds from each event to the next; clipping drops the parts outside the window.
    area = np.sum(count[:-1] * np.diff(minutes))
    return float(area / (window_end - window_start))


def test_littles_law_holds_on_a_long_run() -> None:
    desks, utilisation, customers = 3, 0.8, 200_000
    arrivals_per_minute = utilisation * desks / MEAN_SERVICE_MINUTES
    rng = np.random.default_rng(np.random.SeedSequence(ROOT_SEED).spawn(REPLICATIONS + 1)[-1])
    arrivals, services = draw_mm_customers(rng, arrivals_per_minute, customers)
    starts, ends, _ = simulate_session(
        arrival_minutes=arrivals, service_minutes=services, desks=desks, open_intervals=ALWAYS_OPEN
    )
    # Observe a window well inside the run, away from the empty start and the draining end.
    window_start, window_end = arrivals[10_000], arrivals[-10_000]
    inside = (arrivals >= window_start) & (arrivals < window_end)
    observed_arrival_rate = inside.sum() / (window_end - window_start)

    in_system = time_average_count(arrivals, ends, window_start, window_end)
    in_queue = time_average_count(arrivals, starts, window_start, window_end)
    mean_sojourn = np.mean((ends - arrivals)[inside])
    mean_wait = np.mean((starts - arrivals)[inside])

    assert in_system == pytest.approx(observed_arrival_rate * mean_sojourn, rel=0.01)
    assert in_queue == pytest.approx(observed_arrival_rate * mean_wait, rel=0.02)
    # And the level agrees with theory: L = lambda * (Wq + 1 / mu).
    theory = arrivals_per_minute * (
        erlang_c_wait_minutes(arrivals_per_minute, MEAN_SERVICE_MINUTES, desks) + MEAN_SERVICE_MINUTES
    )
    assert in_system == pytest.approx(theory, rel=0.1)
