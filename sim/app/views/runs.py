"""Runs of a session: estimate and queue them on the server-wide run queue, then wait for them in the session.

Each replication of each scenario is one job, so the two workers share a replicated run and the
session keeps every replication: the cards show means with intervals and the paired intervals of
the differences (sim/app/intervals.py). Replication r of every scenario runs with the same seed.
"""

from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from sim.app.i18n import label
from sim.app.intervals import replicated_values
from sim.app.jobs import ReplicationJob
from sim.app.names import Entry
from sim.app.run_queue import DONE, QueueFull, Ticket
from sim.app.views.queued import ENGINE, job_queue, queue_status, show_failure, wait_for
from sim.app.workload import describe_refusal, estimate_batch, refusal
from sim.app.years import with_population_year
from sim.io.config import Scenario
from sim.runner import RunResult, replication_seeds, with_replication_block, with_seed_and_days

__all__ = ["aligned", "collect_run", "job_queue", "queue_status", "start_run"]

RunKeys = tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class PendingRun:
    """A run this session queued and has not shown yet; kept in the session, so a rerun picks it up."""

    ticket: Ticket[Any]
    entries: list[Entry]
    scenarios: list[Scenario]
    keys: RunKeys
    seeds: list[int]


def aligned(scenarios: list[Scenario]) -> tuple[list[Scenario], RunKeys]:
    """Return the scenarios with the session's seed, horizon and population year, and the keys of their runs."""
    days, seed, reps = int(st.session_state.days), int(st.session_state.seed), int(st.session_state.reps)
    year = st.session_state.get("year")
    runs = [with_population_year(with_seed_and_days(s, seed=seed, days=days), year) for s in scenarios]
    return runs, tuple((s.sha256, seed, days, ENGINE, reps) for s in runs)


def replication_batch(runs: list[Scenario], seeds: list[int]) -> list[tuple[tuple[Any, ...], Any]]:
    """Return one job per scenario and replication (scenario-major), keyed by scenario, seed and root seed.

    The root seed is in the key because a scenario's Shapley or nucleolus key is resolved with it.
    """
    batch = []
    for scenario in runs:
        days = scenario.config.simulation.days
        for seed in seeds:
            key = (scenario.sha256, seed, days, ENGINE, seeds[0])
            batch.append((key, ReplicationJob(scenario, seed, ENGINE)))
    return batch


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
    seeds = replication_seeds(int(st.session_state.seed), reps)
    try:
        ticket = queue.submit(replication_batch(runs, seeds))
    except QueueFull:
        st.warning(label("queue_full", lang))
        return
    st.session_state.pending = PendingRun(ticket, list(entries), runs, keys, seeds)


def _keep(pending: PendingRun, results: list[RunResult]) -> None:
    """Keep a finished run: per scenario its first replication (with the replication block) and every replication."""
    reps = len(pending.seeds)
    per_scenario = [results[start : start + reps] for start in range(0, len(results), reps)]
    st.session_state.last_keys = pending.keys
    st.session_state.last_entries = pending.entries
    st.session_state.last_scenarios = pending.scenarios
    st.session_state.last_results = [
        runs[0] if reps == 1 else with_replication_block(runs, pending.seeds) for runs in per_scenario
    ]
    st.session_state.last_values = replicated_values(per_scenario)
    st.session_state.last_replications = per_scenario


def collect_run(lang: str) -> None:
    """Wait for this session's queued run in its own script thread, drawing its position and progress."""
    pending: PendingRun | None = st.session_state.get("pending")
    if pending is None:
        return
    try:
        wait_for(pending.ticket, lang)
    except StopException:
        st.session_state.pending = None
        raise
    st.session_state.pending = None
    ticket = pending.ticket
    if ticket.state == DONE and ticket.results is not None:
        _keep(pending, ticket.results)
    else:
        show_failure(ticket, lang)
