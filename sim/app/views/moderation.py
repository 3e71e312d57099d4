"""The moderation view: behind the password from the environment, hide or show comments, export all ratings as CSV."""

import hashlib
import os
from datetime import date

import streamlit as st

from sim.app import participation_texts  # noqa: F401 - registers the labels
from sim.app.i18n import label, number
from sim.app.participation_tables import texts
from sim.app.views.participation_state import limits, rating_store, session_token
from sim.errors import InputError
from sim.participation.export import ratings_csv
from sim.participation.moderator import (
    HASH_VARIABLE,
    PASSWORD_VARIABLE,
    PasswordHash,
    configured_hash,
    verify_password,
)
from sim.participation.publication import Publication
from sim.participation.retention import deletion_day
from sim.participation.store import RatingStore

SIGNED_IN = "pt_moderator"
SHOWN_COMMENTS = 200


@st.cache_resource(show_spinner=False, max_entries=4)
def _password_hash(environment_digest: str) -> PasswordHash | None:
    return configured_hash()  # hashed once per setting; a plain password is never kept


def password_hash() -> PasswordHash | None:
    """Return the moderator's password hash from the environment (None: moderation is not set up)."""
    setting = os.environ.get(HASH_VARIABLE, "") + "\0" + os.environ.get(PASSWORD_VARIABLE, "")
    return _password_hash(hashlib.sha256(setting.encode("utf-8")).hexdigest())


def _sign_in(stored: PasswordHash, lang: str) -> None:
    with st.form("pt_login"):
        password = st.text_input(label("pt_password", lang), type="password", key="pt_password")
        pressed = st.form_submit_button(label("pt_login", lang))
    if not pressed:
        return
    attempts = limits()["login"]
    token = session_token()
    if not attempts.allow(token):
        seconds = max(1, round(attempts.retry_after_seconds(token)))
        st.warning(label("pt_too_fast", lang, seconds=seconds))
    elif verify_password(password, stored):
        st.session_state[SIGNED_IN] = True
        st.rerun()
    else:
        st.error(label("pt_wrong_password", lang))


def _comment_list(chosen: Publication, store: RatingStore, lang: str) -> None:
    for comment in store.comments(chosen.key, include_hidden=True, limit=SHOWN_COMMENTS):
        with st.container(border=True):
            state = f" · {label('pt_hidden', lang)}" if comment.is_hidden else ""
            title = texts(chosen.title(comment.scenario), lang)
            st.caption(f"#{comment.rating_id} · {title} · {comment.rated_on}{state}")
            st.text(comment.text)
            action = "pt_show" if comment.is_hidden else "pt_hide"
            if st.button(label(action, lang), key=f"pt_toggle_{comment.rating_id}"):
                store.set_hidden(comment.rating_id, not comment.is_hidden)
                st.rerun()


def moderation(chosen: Publication, lang: str) -> None:
    """Draw the moderation view of a comparison (sign-in first)."""
    with st.expander(label("pt_moderation", lang), expanded=bool(st.session_state.get(SIGNED_IN))):
        try:
            stored = password_hash()
        except ValueError as error:
            st.error(label("pt_bad_hash", lang, reason=str(error)))
            return
        if stored is None:
            st.info(label("pt_no_moderation", lang))
            return
        if not st.session_state.get(SIGNED_IN):
            _sign_in(stored, lang)
            return
        try:
            store = rating_store()
        except InputError as error:
            st.error(label("pt_store_down", lang, reason=error.message))
            return
        if st.button(label("pt_logout", lang), key="pt_logout"):
            st.session_state[SIGNED_IN] = False
            st.rerun()
        day = deletion_day(chosen.spec)
        count = number(store.count(chosen.key), lang)
        st.caption(label("pt_moderation_note", lang, count=count, backend=store.backend, day=day.isoformat()))
        st.download_button(
            label("pt_export", lang), ratings_csv(store.ratings()), f"bewertungen_{date.today().isoformat()}.csv",
            mime="text/csv", key="pt_export",
        )  # fmt: skip
        _comment_list(chosen, store, lang)
