"""Runs of a session: estimate and queue them on the server-wide run queue, then wait for them in the session."""

from dataclasses import dataclass
from functools import partial
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from sim.analysis.game_keys import run_job_with_game_keys
from sim.app.i18n import label
from sim.app.names import Entry
from sim.app.result_memo import ResultMemo
from sim.app.run_queue import DONE, TIMED_OUT, WAITING, WORKER_DIED, QueueFull, RunQueue, Ticket
from sim.app.views.state import DEFAULT_REGION, SCENARIO_ROOT
from sim.app.workload import WORKER_MEMORY_BYTES, describe_refusal, estimate_batch, refusal
from sim.executors import start_worker
from sim.io.config import Scenario, load_scenario
from sim.runner import RunResult, with_seed_and_days

JOBS = 2  # worker processes of the server-wide run queue
MAX_WAITING_BATCHES = 8  # runs of all sessions that may wait; beyond that the server is busy
MEMO_BYTES = 256 * 1024 * 1024  # server-wide memo of finished runs, least recently used out first
MAX_RUN_MINUTES = 15  # a run still going after this is stopped, so no run holds the queue for ever
POLL_SECONDS = 0.25
ENGINE = "kernels"

Job = tuple[Scenario, str, int]  # (scenario, engine, replications), as sim.runner.run_job takes it; game keys first
RunKeys = tuple[tuple[Any, ...], ...]


@st.cache_resource(show_spinner=False, on_release=lambda queue: queue.close())
def job_queue() -> RunQueue[Job, RunResult]:
    """Return the server-wide run queue; its workers start now and load the Numba kernels, so the first run is fast."""
    queue: RunQueue[Job, RunResult] = RunQueue(
        run_job_with_game_keys,
        workers=JOBS,
        max_waiting=MAX_WAITING_BATCHES,
        memo=ResultMemo(MEMO_BYTES),
        initializer=partial(start_worker, WORKER_MEMORY_BYTES),
        max_batch_seconds=MAX_RUN_MINUTES * 60,
    )
    baseline = load_scenario(SCENARIO_ROOT / DEFAULT_REGION / "baseline.yaml")
    short = with_seed_and_days(baseline, days=2)
    queue.submit([(("warm-up", worker), (short, ENGINE, 1)) for worker in range(JOBS)])
    return queue


@dataclass(frozen=True)
class PendingRun:
    """A run this session queued and has not shown yet; kept in the session, so a rerun picks it up."""

    ticket: Ticket[RunResult]
    entries: list[Entry]
    scenarios: list[Scenario]
    keys: RunKeys


def aligned(scenarios: list[Scenario]) -> tuple[list[Scenario], RunKeys]:
    """Return the scenarios with the session's seed and horizon, and the keys that identify their runs."""
    days, seed, reps = int(st.session_state.days), int(st.session_state.seed), int(st.session_state.reps)
    runs = [with_seed_and_days(scenario, seed=seed, days=days) for scenario in scenarios]
    return runs, tuple((s.sha256, seed, days, ENGINE, reps) for s in runs)


def start_run(entries: list[Entry], scenarios: list[Scenario], lang: str) -> None:
    """Estimate the run, refuse it above the caps, else queue it and keep the ticket in the session."""
    reps = int(st.session_state.reps)
    runs, keys = aligned(scenarios)
    pending: PendingRun | None = st.session_state.get("pending")
    if pending is not None and pending.keys == keys and not pending.ticket.finished:
        return  # pressed again while the same run waits: keep waiting for it
    refused = refusal(estimate_batch((scenario, reps) for scenario in runs))
    if refused is not None:
        st.error(describe_refusal(refused, lang))
        return
    queue = job_queue()
    if pending is not None:
        queue.cancel(pending.ticket)  # this session now wants another run; one place in the queue each
        st.session_state.pending = None
    try:
        ticket = queue.submit([(key, (scenario, ENGINE, reps)) for key, scenario in zip(keys, runs, strict=True)])
    except QueueFull:
        st.warning(label("queue_full", lang))
        return
    st.session_state.pending = PendingRun(ticket, list(entries), runs, keys)


def queue_status(ticket: Ticket[RunResult], position: int, lang: str) -> tuple[str, float | None]:
    """Return what a waiting session shows: its place in the queue, or the progress (0..1) of its run."""
    if ticket.state == WAITING and position > 0:
        return label("queue_position", lang, position=position), None
    if ticket.total == 0:
        return label("running", lang), 0.0
    return f"{label('running', lang)} {ticket.done}/{ticket.total}", ticket.done / ticket.total


def _wait(pending: PendingRun, lang: str) -> None:
    queue = job_queue()
    placeholder = st.empty()
    try:
        while True:
            # Each update lets Streamlit rerun this script (the ticket stays in the session) or stop it.
            text, fraction = queue_status(pending.ticket, queue.position(pending.ticket), lang)
            if fraction is None:
                placeholder.info(text)
            else:
                placeholder.progress(fraction, text=text)
            if pending.ticket.wait(POLL_SECONDS):
                break
    except StopException:
        queue.cancel(pending.ticket)  # the tab was closed or the run stopped: free its place in the queue
        st.session_state.pending = None
        raise
    placeholder.empty()


def collect_run(lang: str) -> None:
    """Wait for this session's queued run in its own script thread, drawing its position and progress."""
    pending: PendingRun | None = st.session_state.get("pending")
    if pending is None:
        return
    _wait(pending, lang)
    st.session_state.pending = None
    ticket = pending.ticket
    if ticket.state == DONE and ticket.results is not None:
        st.session_state.last_keys = pending.keys
        st.session_state.last_entries = pending.entries
        st.session_state.last_scenarios = pending.scenarios
        st.session_state.last_results = ticket.results
    elif ticket.failure == WORKER_DIED:
        st.error(label("worker_died", lang))
    elif ticket.failure == TIMED_OUT:
        st.error(label("run_timed_out", lang, minutes=MAX_RUN_MINUTES))
    elif ticket.detail:
        st.error(f"{label('run_failed', lang)} {ticket.detail}")
