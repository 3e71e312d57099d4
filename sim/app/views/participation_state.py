"""Server-wide resources of the participation mode: the ratings store, rate limits, published comparisons."""

import secrets
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from sim.app.i18n import label
from sim.app.run_queue import DONE, QueueFull
from sim.app.views.runs import POLL_SECONDS, job_queue, queue_status
from sim.errors import InputError
from sim.participation.database import database_url
from sim.participation.model_results import folder_summaries, jobs
from sim.participation.publication import Publication, data_folder, load_publication, publications
from sim.participation.rate_limit import SlidingWindow
from sim.participation.retention import apply_retention
from sim.participation.store import RatingStore

SESSION_RATINGS_PER_MINUTE = 12  # a person rating a handful of scenarios never meets it; a script does
SERVER_RATINGS_PER_MINUTE = 600
LOGIN_ATTEMPTS_PER_5_MINUTES = 5
EVERYONE = "*"
TOKEN = "participation_token"

Summaries = dict[str, dict[str, Any]]


@st.cache_resource(show_spinner=False, max_entries=2, on_release=lambda store: store.close())
def _store(url: str, folder: str, day: date) -> RatingStore:
    store = RatingStore.open(url)
    apply_retention(store, publications(Path(folder)), day)  # once a day per server: expired rounds go
    return store


def rating_store() -> RatingStore:
    """Return the server's ratings store (opened, tables created and retention applied once a day).

    Raises:
        InputError: if the database cannot be reached (the page shows it inline; it is tried again next time).
    """
    folder = data_folder()
    return _store(database_url(folder), str(folder), date.today())


@st.cache_resource(show_spinner=False)
def limits() -> dict[str, SlidingWindow]:
    """Return the server's rate limits: ratings per session and server, moderator sign-ins per session."""
    return {
        "ratings": SlidingWindow(SESSION_RATINGS_PER_MINUTE, 60.0),
        "server": SlidingWindow(SERVER_RATINGS_PER_MINUTE, 60.0),
        "login": SlidingWindow(LOGIN_ATTEMPTS_PER_5_MINUTES, 300.0),
    }


@st.cache_resource(show_spinner=False, max_entries=16)
def _publication(path: str, modified_ns: int) -> Publication:
    return load_publication(path)


def published() -> dict[str, Path]:
    """Return the published comparison files by key."""
    return publications(data_folder())


def publication(path: Path) -> Publication:
    """Return a published comparison, validated once per content change."""
    return _publication(str(path), path.stat().st_mtime_ns)


def session_token() -> str:
    """Return this browser tab's random token (kept in server memory only; the store sees its hash)."""
    if TOKEN not in st.session_state:
        st.session_state[TOKEN] = secrets.token_hex(16)
    return str(st.session_state[TOKEN])


def model_summaries(chosen: Publication, lang: str) -> Summaries | None:
    """Return each scenario's summary: from the results folder, or run on the app's queue (shared by all visitors)."""
    try:
        found = folder_summaries(chosen)
    except InputError as error:
        st.error(error.describe())
        return None
    if found is not None:
        return found
    pairs = jobs(chosen)
    queue = job_queue()
    try:
        ticket = queue.submit(pairs)
    except QueueFull:
        st.warning(label("queue_full", lang))
        return None
    placeholder = st.empty()
    try:
        while not ticket.wait(POLL_SECONDS):
            text, fraction = queue_status(ticket, queue.position(ticket), lang)
            placeholder.progress(fraction or 0.0, text=text)
    except StopException:
        queue.cancel(ticket)  # the visitor left: free the place in the queue
        raise
    placeholder.empty()
    if ticket.state != DONE or ticket.results is None:
        st.warning(label("pt_model_missing", lang))
        return None
    return {key: result.summary for key, result in zip(chosen.scenarios, ticket.results, strict=True)}
