"""The server-wide run queue as a session sees it: submit a batch, wait in the session's own thread, keep results.

Every simulation of the app goes through here, to the queue's worker processes (sim/app/jobs.py);
the Streamlit script thread only waits, draws the queue position or progress, and keeps the
results. The main comparison (sim/app/views/runs.py) and each further tab use their own slot, so
one pending batch per slot and session.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from sim.app.i18n import label
from sim.app.jobs import AppJob, run_app_job
from sim.app.result_memo import ResultMemo
from sim.app.run_queue import DONE, TIMED_OUT, WAITING, WORKER_DIED, QueueFull, RunQueue, Ticket
from sim.app.views.state import DEFAULT_REGION, SCENARIO_ROOT
from sim.app.workload import WORKER_MEMORY_BYTES
from sim.executors import start_worker
from sim.io.config import load_scenario
from sim.runner import with_seed_and_days

JOBS = 2  # worker processes of the server-wide run queue
MAX_WAITING_BATCHES = 8  # runs of all sessions that may wait; beyond that the server is busy
MEMO_BYTES = 256 * 1024 * 1024  # server-wide memo of finished runs, least recently used out first
MAX_RUN_MINUTES = 15  # a run still going after this is stopped, so no run holds the queue for ever
POLL_SECONDS = 0.25
ENGINE = "kernels"

Batch = Sequence[tuple[Hashable, AppJob]]


@st.cache_resource(show_spinner=False, on_release=lambda queue: queue.close())
def job_queue() -> RunQueue[AppJob, Any]:
    """Return the server-wide run queue; its workers start now and load the Numba kernels, so the first run is fast."""
    queue: RunQueue[AppJob, Any] = RunQueue(
        run_app_job,
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


def queue_status(ticket: Ticket[Any], position: int, lang: str) -> tuple[str, float | None]:
    """Return what a waiting session shows: its place in the queue, or the progress (0..1) of its run."""
    if ticket.state == WAITING and position > 0:
        return label("queue_position", lang, position=position), None
    if ticket.total == 0:
        return label("running", lang), 0.0
    return f"{label('running', lang)} {ticket.done}/{ticket.total}", ticket.done / ticket.total


def wait_for(ticket: Ticket[Any], lang: str) -> None:
    """Wait for a ticket in this session's script thread, drawing its place in the queue or its progress.

    Each update lets Streamlit rerun the script (the ticket stays in the session) or stop it; a stop
    (the tab was closed) withdraws this session from the batch.
    """
    queue = job_queue()
    placeholder = st.empty()
    try:
        while True:
            text, fraction = queue_status(ticket, queue.position(ticket), lang)
            if fraction is None:
                placeholder.info(text)
            else:
                placeholder.progress(fraction, text=text)
            if ticket.wait(POLL_SECONDS):
                break
    except StopException:
        queue.cancel(ticket)
        raise
    placeholder.empty()


def show_failure(ticket: Ticket[Any], lang: str) -> None:
    """Draw why a finished batch gave no results (a worker died, the time limit, or the job's own error)."""
    if ticket.failure == WORKER_DIED:
        st.error(label("worker_died", lang))
    elif ticket.failure == TIMED_OUT:
        st.error(label("run_timed_out", lang, minutes=MAX_RUN_MINUTES))
    elif ticket.detail:
        st.error(f"{label('run_failed', lang)} {ticket.detail}")


@dataclass(frozen=True)
class Pending:
    """A batch a tab queued and has not shown yet; kept in the session, so a rerun picks it up."""

    ticket: Ticket[Any]
    keys: tuple[Hashable, ...]


def submit(slot: str, batch: Batch, lang: str) -> None:
    """Queue a tab's batch (one pending batch per slot and session; the same batch still waiting is kept)."""
    keys = tuple(key for key, _ in batch)
    pending: Pending | None = st.session_state.get(f"pending_{slot}")
    if pending is not None and pending.keys == keys and not pending.ticket.finished:
        return
    queue = job_queue()
    if pending is not None:
        queue.cancel(pending.ticket)
        st.session_state[f"pending_{slot}"] = None
    try:
        ticket = queue.submit(list(batch))
    except QueueFull:
        st.warning(label("queue_full", lang))
        return
    st.session_state[f"pending_{slot}"] = Pending(ticket, keys)


def collect(slot: str, lang: str) -> tuple[tuple[Hashable, ...], list[Any]] | None:
    """Wait for the slot's pending batch; keep and return (keys, results) of the last batch that finished well."""
    pending: Pending | None = st.session_state.get(f"pending_{slot}")
    if pending is not None:
        try:
            wait_for(pending.ticket, lang)
        except StopException:
            st.session_state[f"pending_{slot}"] = None
            raise
        st.session_state[f"pending_{slot}"] = None
        if pending.ticket.state == DONE and pending.ticket.results is not None:
            st.session_state[f"done_{slot}"] = (pending.keys, pending.ticket.results)
        else:
            show_failure(pending.ticket, lang)
    return st.session_state.get(f"done_{slot}")
