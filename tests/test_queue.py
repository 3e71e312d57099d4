"""Service-desk queues: timelines, the Numba kernels against a naive twin and the SimPy reference."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels import queue
from sim.model.services import next_open_minute, serve_session_simpy

REPO = Path(__file__).resolve().parents[1]
MORNING_AND_AFTERNOON = [[480.0, 750.0], [840.0, 960.0]]  # 08:00-12:30 and 14:00-16:00
MORNING = [[480.0, 600.0]]  # 08:00-10:00
NOT_STARTED = (-1, math.nan, math.nan)

Outputs = tuple[np.ndarray, np.ndarray, np.ndarray]
Session = tuple[list[float], list[float], int, np.ndarray]
Log = list[tuple[int, float, float]]
Serve = Callable[..., Log]


def serve_session_twin(
    arrival_minutes: list[float], service_minutes: list[float], desks: int, open_intervals: list[list[float]]
) -> Outputs:
    """Slow, obviously correct reading of the rule, customer by customer."""
    desk_free_minutes = [-math.inf] * desks
    starts, ends, desk_ids = [], [], []
    for arrival, service in zip(arrival_minutes, service_minutes, strict=True):
        desk = min(range(desks), key=lambda index: (desk_free_minutes[index], index))
        candidate = max(arrival, desk_free_minutes[desk])
        start = None
        for open_start, open_end in open_intervals:
            if candidate < open_end:
                start = max(candidate, open_start)
                break
        if start is None:
            starts.append(math.nan)
            ends.append(math.nan)
            desk_ids.append(-1)
            continue
        starts.append(start)
        ends.append(start + service)
        desk_ids.append(desk)
        desk_free_minutes[desk] = start + service
    return np.array(starts, dtype=np.float64), np.array(ends, dtype=np.float64), np.array(desk_ids, np.int64)


def serve_with_wrapper(arrivals: object, services: object, desks: int, intervals: object) -> Outputs:
    return queue.simulate_session(
        arrival_minutes=arrivals, service_minutes=services, desks=desks, open_intervals=intervals
    )


def serve_with_raw_kernel(arrivals: object, services: object, desks: int, intervals: object) -> Outputs:
    return queue.serve_session(
        np.asarray(arrivals, dtype=np.float64),
        np.asarray(services, dtype=np.float64),
        desks,
        np.asarray(intervals, dtype=np.float64).reshape(-1, 2),
    )


def serve_with_simpy(arrivals: object, services: object, desks: int, intervals: object) -> Outputs:
    return serve_session_simpy(np.asarray(arrivals), np.asarray(services), desks, np.asarray(intervals))


IMPLEMENTATIONS: dict[str, Callable[..., Outputs]] = {
    "kernel": serve_with_wrapper,
    "raw_kernel": serve_with_raw_kernel,
    "simpy": serve_with_simpy,
    "twin": serve_session_twin,
}


@pytest.fixture(params=list(IMPLEMENTATIONS))
def serve(request: pytest.FixtureRequest) -> Serve:
    """Run one implementation and return its log: (desk, start, end) per customer in FIFO order."""
    implementation = IMPLEMENTATIONS[request.param]

    def log(arrivals: object, services: object, desks: int, intervals: object) -> Log:
        starts, ends, desk_ids = implementation(arrivals, services, desks, intervals)
        return [
            NOT_STARTED if desk < 0 else (int(desk), float(start), float(end))
            for start, end, desk in zip(starts, ends, desk_ids, strict=True)
        ]

    return log


def assert_same_log(actual: Log, expected: Log) -> None:
    """Compare logs with NaN equal to NaN."""
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        assert got[0] == want[0] and np.allclose(got[1:], want[1:], rtol=0, atol=0, equal_nan=True), (
            actual,
            expected,
        )


# --- Timelines -------------------------------------------------------------------------------------


def test_two_desks_four_arrivals(serve: Serve) -> None:
    log = serve([480, 485, 490, 495], [20, 10, 15, 5], 2, [[480, 720]])
    assert_same_log(
        log,
        [
            (0, 480, 500),  # desk 0 is idle
            (1, 485, 495),  # desk 1 is idle
            (1, 495, 510),  # waits 5 minutes for desk 1, free first
            (0, 500, 505),  # waits for desk 0
        ],
    )


def test_arrivals_before_opening_start_at_opening(serve: Serve) -> None:
    log = serve([450, 455, 470], [10, 10, 10], 2, MORNING_AND_AFTERNOON)
    assert_same_log(log, [(0, 480, 490), (1, 480, 490), (0, 490, 500)])


def test_service_started_before_break_runs_into_it_and_queue_resumes_after(serve: Serve) -> None:
    log = serve([700, 720, 730], [40, 30, 10], 1, MORNING_AND_AFTERNOON)
    assert_same_log(
        log,
        [
            (0, 700, 740),
            (0, 740, 770),  # starts before the 12:30 break, finishes during it
            (0, 840, 850),  # desk free at 770, in the break: waits for 14:00
        ],
    )


def test_arrival_during_break_starts_at_reopening(serve: Serve) -> None:
    log = serve([760, 800, 839.5], [15, 15, 15], 2, MORNING_AND_AFTERNOON)
    assert_same_log(log, [(0, 840, 855), (1, 840, 855), (0, 855, 870)])


def test_interval_end_is_exclusive(serve: Serve) -> None:
    log = serve([750, 960], [5, 5], 1, MORNING_AND_AFTERNOON)
    assert_same_log(log, [(0, 840, 845), NOT_STARTED])


def test_customers_not_started_by_closing_get_nan_and_no_desk(serve: Serve) -> None:
    log = serve([540, 560, 570, 650], [40, 30, 10, 5], 1, MORNING)
    assert_same_log(
        log,
        [
            (0, 540, 580),
            (0, 580, 610),  # started before 10:00, overruns closing by 10 minutes
            NOT_STARTED,  # desk free at 610, after closing
            NOT_STARTED,  # arrives after closing
        ],
    )


def test_service_overruns_last_close(serve: Serve) -> None:
    log = serve([590, 599.5], [45, 10], 2, MORNING)
    assert_same_log(log, [(0, 590, 635), (1, 599.5, 609.5)])


def test_simultaneous_arrivals_keep_array_order_and_lowest_desk(serve: Serve) -> None:
    log = serve([480, 480, 480, 480], [10, 10, 10, 5], 3, MORNING)
    assert_same_log(
        log,
        [
            (0, 480, 490),
            (1, 480, 490),
            (2, 480, 490),
            (0, 490, 495),  # three desks free at 490: the lowest index wins
        ],
    )


def test_desk_freed_at_arrival_minute_serves_without_wait(serve: Serve) -> None:
    log = serve([480, 490], [10, 10], 1, MORNING)
    assert_same_log(log, [(0, 480, 490), (0, 490, 500)])


def test_two_desks_freed_at_an_arrival_minute_lowest_index_wins(serve: Serve) -> None:
    # Desk 1's release at 500 is scheduled before the 500 arrival, desk 0's after it: the newcomer
    # must still see both desks free and take desk 0.
    log = serve([480, 481, 486, 500], [5, 19, 14, 10], 2, MORNING)
    assert_same_log(log, [(0, 480, 485), (1, 481, 500), (0, 486, 500), (0, 500, 510)])


def test_times_are_exact_even_where_clock_arithmetic_rounds(serve: Serve) -> None:
    # 278.6... + (922.8... - 278.6...) != 922.8... in floating point; the start must still be the
    # arrival minute itself.
    first, second = 278.6079727869724, 922.8158975921823
    assert first + (second - first) != second
    log = serve([first, second], [5, 5], 1, [[0, 1440]])
    assert_same_log(log, [(0, first, first + 5), (0, second, second + 5)])


def test_earliest_free_desk_wins_over_lower_index(serve: Serve) -> None:
    log = serve([480, 481, 600], [30, 5, 5], 2, MORNING_AND_AFTERNOON)
    # Both desks are idle at 600; desk 1 has been free since 486, desk 0 only since 510.
    assert_same_log(log, [(0, 480, 510), (1, 481, 486), (1, 600, 605)])


def test_closed_day_serves_nobody(serve: Serve) -> None:
    assert_same_log(serve([500, 510], [5, 5], 2, np.empty((0, 2))), [NOT_STARTED, NOT_STARTED])


def test_empty_session(serve: Serve) -> None:
    assert serve([], [], 2, MORNING) == []


def test_next_open_minute() -> None:
    intervals = np.array(MORNING_AND_AFTERNOON)
    assert next_open_minute(470.0, intervals) == 480.0
    assert next_open_minute(500.0, intervals) == 500.0
    assert next_open_minute(750.0, intervals) == 840.0
    assert next_open_minute(959.9, intervals) == 959.9
    assert next_open_minute(960.0, intervals) is None
    assert next_open_minute(0.0, np.empty((0, 2))) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"arrival_minutes": [500.0, 490.0]}, "sorted"),
        ({"service_minutes": [5.0, 0.0]}, "> 0"),
        ({"service_minutes": [5.0]}, "shape"),
        ({"desks": 0}, "desks"),
        ({"open_intervals": [[480.0, 600.0], [590.0, 700.0]]}, "non-overlapping"),
        ({"open_intervals": [[600.0, 480.0]]}, "start < end"),
        ({"open_intervals": [480.0, 600.0, 700.0]}, "shape"),
        ({"arrival_minutes": [500.0, math.nan]}, "finite"),
    ],
)
def test_wrapper_rejects_bad_input(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "arrival_minutes": [490.0, 500.0],
        "service_minutes": [5.0, 5.0],
        "desks": 1,
        "open_intervals": MORNING,
    }
    with pytest.raises(ValueError, match=message):
        queue.simulate_session(**(arguments | change))


def test_batched_wrapper_names_the_bad_session() -> None:
    with pytest.raises(ValueError, match="session 1: arrival_minutes must be sorted"):
        queue.simulate_sessions(
            session_offsets=[0, 1, 3],
            arrival_minutes=[500.0, 520.0, 510.0],
            service_minutes=[5.0, 5.0, 5.0],
            session_desks=[1, 1],
            interval_offsets=[0, 1, 2],
            open_intervals=[[480.0, 600.0], [480.0, 600.0]],
        )


# --- Properties against the twin and the SimPy reference --------------------------------------------

# A coarse grid makes ties (equal arrivals, desks freed at an arrival minute) common; free floats
# catch rounding.
minutes = st.one_of(st.integers(380, 1100).map(float), st.floats(380.0, 1100.0))
service_times = st.one_of(st.sampled_from([5.0, 10.0, 15.0, 30.0]), st.floats(0.01, 120.0))


@st.composite
def sessions(draw: st.DrawFn, max_customers: int = 30) -> Session:
    """Draw one session: sorted arrivals, service times, desks and sorted disjoint intervals."""
    customers = draw(st.integers(0, max_customers))
    arrivals = sorted(draw(st.lists(minutes, min_size=customers, max_size=customers)))
    services = draw(st.lists(service_times, min_size=customers, max_size=customers))
    desks = draw(st.integers(1, 4))
    bounds = sorted(draw(st.lists(st.integers(400, 1080), min_size=0, max_size=6, unique=True)))
    bounds = bounds[: len(bounds) // 2 * 2]
    intervals = np.array(bounds, dtype=np.float64).reshape(-1, 2)
    return arrivals, services, desks, intervals


def assert_same_outputs(actual: Outputs, expected: Outputs) -> None:
    """Require bit-identical starts, ends and desks (NaN equal to NaN)."""
    for got, want in zip(actual, expected, strict=True):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


@settings(max_examples=300, deadline=None)
@given(sessions())
def test_kernel_equals_twin_and_simpy(session: Session) -> None:
    expected = serve_session_twin(*session)
    assert_same_outputs(serve_with_wrapper(*session), expected)
    assert_same_outputs(serve_with_raw_kernel(*session), expected)
    assert_same_outputs(serve_with_simpy(*session), expected)


@settings(max_examples=200, deadline=None)
@given(sessions())
def test_schedule_is_feasible(session: Session) -> None:
    arrivals, services, desks, intervals = session
    starts, ends, desk_ids = serve_with_wrapper(*session)
    started = desk_ids >= 0
    assert np.array_equal(np.isnan(starts), ~started) and np.array_equal(np.isnan(ends), ~started)
    assert np.all(starts[started] >= np.asarray(arrivals)[started])
    assert np.all(desk_ids < desks)
    for start in starts[started]:
        assert np.any((intervals[:, 0] <= start) & (start < intervals[:, 1])), "starts while closed"
    # No desk serves two people at once.
    for desk in range(desks):
        mine = np.flatnonzero(desk_ids == desk)
        order = mine[np.argsort(starts[mine], kind="stable")]
        assert np.all(starts[order][1:] >= ends[order][:-1])
    # FIFO: nobody starts before someone who arrived earlier.
    assert np.all(np.diff(starts[started]) >= 0)


def concatenate_sessions(
    drawn: list[Session],
) -> dict[str, np.ndarray]:
    """Pack per-session inputs into the batched kernel's flat arrays and offsets."""
    return {
        "session_offsets": np.cumsum([0] + [len(arrivals) for arrivals, *_ in drawn]),
        "arrival_minutes": np.array([m for arrivals, *_ in drawn for m in arrivals], dtype=np.float64),
        "service_minutes": np.array([m for _, services, *_ in drawn for m in services], dtype=np.float64),
        "session_desks": np.array([desks for *_, desks, _ in drawn], dtype=np.int64),
        "interval_offsets": np.cumsum([0] + [len(intervals) for *_, intervals in drawn]),
        "open_intervals": np.concatenate([intervals for *_, intervals in drawn]).reshape(-1, 2),
    }


def serve_sessions_twin(drawn: list[Session]) -> Outputs:
    """Serve each session with the twin and concatenate, as the batched kernel should."""
    starts, ends, desk_ids = zip(*(serve_session_twin(*session) for session in drawn), strict=True)
    return np.concatenate(starts), np.concatenate(ends), np.concatenate(desk_ids)


@settings(max_examples=100, deadline=None)
@given(st.lists(sessions(max_customers=12), min_size=1, max_size=6))
def test_batched_equals_per_session(drawn: list[Session]) -> None:
    expected = serve_sessions_twin(drawn)
    assert_same_outputs(queue.simulate_sessions(**concatenate_sessions(drawn)), expected)


def test_batched_result_does_not_depend_on_thread_count() -> None:
    rng = np.random.default_rng(20240611)
    drawn = []
    for _ in range(64):
        customers = int(rng.integers(0, 200))
        arrivals = np.sort(rng.uniform(400.0, 1000.0, customers)).tolist()
        services = rng.exponential(10.0, customers).tolist()
        drawn.append((arrivals, services, int(rng.integers(1, 5)), np.array(MORNING_AND_AFTERNOON)))
    arrays = concatenate_sessions(drawn)
    threads_before = numba.get_num_threads()
    results = []
    try:
        for threads in sorted({1, numba.config.NUMBA_NUM_THREADS}):
            numba.set_num_threads(threads)
            results.append(queue.simulate_sessions(**arrays))
    finally:
        numba.set_num_threads(threads_before)
    for result in results[1:]:
        assert_same_outputs(result, results[0])
    expected = serve_sessions_twin(drawn)
    assert_same_outputs(results[0], expected)


def test_runs_leave_numpy_global_random_state_alone() -> None:
    before = np.random.get_state(legacy=False)  # noqa: NPY002 - the global state is what we check
    serve_with_wrapper([480.0, 481.0], [5.0, 5.0], 1, MORNING)
    serve_with_simpy([480.0, 481.0], [5.0, 5.0], 1, MORNING)
    after = np.random.get_state(legacy=False)  # noqa: NPY002
    assert np.array_equal(before["state"]["key"], after["state"]["key"])
    assert before["state"]["pos"] == after["state"]["pos"]


# --- The kernels' Python path (NUMBA_DISABLE_JIT=1) ---------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(sessions(max_customers=12), min_size=1, max_size=4))
def test_kernels_match_twin_on_python_path(drawn: list[Session]) -> None:
    """Run in-process (compiled) and, by the test below, in a subprocess with the JIT disabled."""
    if os.environ.get("NUMBA_DISABLE_JIT") == "1":
        assert not isinstance(queue.serve_session, numba.core.dispatcher.Dispatcher)
    for session in drawn:
        assert_same_outputs(serve_with_raw_kernel(*session), serve_session_twin(*session))
    expected = serve_sessions_twin(drawn)
    assert_same_outputs(queue.simulate_sessions(**concatenate_sessions(drawn)), expected)


def test_kernels_with_jit_disabled() -> None:
    node = f"{Path(__file__).resolve()}::test_kernels_match_twin_on_python_path"
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node],
        cwd=REPO,
        env=os.environ | {"NUMBA_DISABLE_JIT": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 passed" in completed.stdout


def test_kernel_module_imports_nothing_from_sim_or_simpy() -> None:
    code = "import sys, kernels.queue; sys.exit(any(m in sys.modules for m in ('sim', 'simpy', 'mesa')))"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


def test_simpy_reference_uses_only_the_public_api() -> None:
    source = (Path(__file__).resolve().parents[1] / "sim" / "model" / "services.py").read_text(encoding="utf-8")
    private = re.findall(r"\b(?:env|self|event|simpy(?:\.\w+)*)\._\w+", source)
    assert not private, private
    assert "heappush" not in source and "schedule_at" not in source
