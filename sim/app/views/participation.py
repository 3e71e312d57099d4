"""Participation mode ("Beteiligung"): residents explore a published comparison, rate it and see what others prefer.

`?beteiligung=<comparison>` shows only this page, without the expert controls (see app.py). In the
expert app the "Beteiligung" tab lists the published comparisons with their links, previews a page
and holds the moderation view.
"""

from datetime import date

import streamlit as st

from sim.app import participation_texts  # noqa: F401 - registers the labels
from sim.app.i18n import AGE_GROUPS, LANGUAGES, label, number, word
from sim.app.names import markdown_safe
from sim.app.participation_map import rating_deck, rating_rows
from sim.app.participation_tables import Summaries, model_cards, preference_table, texts
from sim.app.views.map_view import legend_html, shapes_of
from sim.app.views.moderation import moderation
from sim.app.views.participation_state import (
    EVERYONE,
    limits,
    model_summaries,
    publication,
    published,
    rating_store,
    session_token,
)
from sim.app.views.results import DELTA_COLOURS, METRIC_LABELS_WRAP
from sim.app.views.sidebar import LANGUAGE_NAMES
from sim.errors import InputError
from sim.participation.aggregate import grouped, preferences, ranking
from sim.participation.publication import Publication, district_names
from sim.participation.store import RatingStore
from sim.participation.submission import HIGHEST_SCORE, LOWEST_SCORE, SubmissionRefused, check_submission

RESIDENT_PARAM = "beteiligung"
SCORES = list(range(LOWEST_SCORE, HIGHEST_SCORE + 1))
SHOWN_COMMENTS = 50


def _day(value: date, lang: str) -> str:
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


def _header(chosen: Publication, lang: str) -> None:
    spec = chosen.spec
    st.title(texts(spec.title, lang))
    st.write(texts(spec.summary, lang))
    period = {"opens": _day(spec.opens, lang), "closes": _day(spec.closes, lang)}
    st.caption(
        f"{label('pt_by', lang, organiser=texts(spec.organiser, lang))} · {label('pt_period', lang, **period)} "
        f"{label('pt_binding' if spec.binding else 'pt_not_binding', lang)}"
    )
    if not chosen.is_open(date.today()):
        st.info(label("pt_closed", lang, **period))
    with st.expander(label("pt_privacy_title", lang)):
        st.write(label("pt_privacy", lang, days=spec.retention_days))


def _about_you(chosen: Publication, lang: str) -> tuple[str | None, str | None]:
    names = district_names(chosen)
    with st.expander(label("pt_about_you", lang)):
        columns = st.columns(2)
        district = columns[0].selectbox(
            label("district", lang), [None, *sorted(names, key=names.__getitem__)], key="pt_district",
            format_func=lambda d: label("pt_no_answer", lang) if d is None else names[d],
        )  # fmt: skip
        age_group = columns[1].selectbox(
            label("pt_age_group", lang), [None, *AGE_GROUPS], key="pt_age_group",
            format_func=lambda a: label("pt_no_answer", lang) if a is None else word(AGE_GROUPS, a, lang),
        )  # fmt: skip
    return district, age_group


def _cards(chosen: Publication, key: str, summaries: Summaries | None, lang: str) -> None:
    if summaries is None:
        return
    first = next(iter(chosen.scenarios))
    caption = label("pt_model_says", lang)
    if key == first:
        caption += f" ({label('pt_reference', lang)})"
    st.caption(caption)
    cards = model_cards(chosen, key, summaries, lang)
    for column, (kpi, title, value, delta) in zip(st.columns(max(len(cards), 1)), cards, strict=False):
        column.metric(title, value, delta, delta_color=DELTA_COLOURS[kpi.better])


def _save(chosen: Publication, key: str, scores: dict, tags: tuple[str | None, str | None], comment: str,
          store: RatingStore, lang: str) -> None:  # fmt: skip
    token = session_token()
    rate = limits()
    if not chosen.is_open(date.today()):
        st.error(label("refused_closed", lang))
        return
    if not rate["ratings"].allow(token) or not rate["server"].allow(EVERYONE):
        wait = max(rate["ratings"].retry_after_seconds(token), rate["server"].retry_after_seconds(EVERYONE))
        st.warning(label("pt_too_fast", lang, seconds=max(1, round(wait))))
        return
    try:
        submission = check_submission(chosen, key, scores, tags[0], tags[1], comment)
    except SubmissionRefused as refused:
        values = {k: number(v, lang) if isinstance(v, int) else v for k, v in refused.values.items()}
        st.error(label(refused.reason, lang, **values))
        return
    rated = st.session_state.setdefault("pt_rated", set())
    store.save(submission, token, date.today())
    st.success(label("pt_replaced" if (chosen.key, key) in rated else "pt_saved", lang))
    rated.add((chosen.key, key))


def _rating_form(chosen: Publication, key: str, tags: tuple[str | None, str | None], store: RatingStore | None,
                 lang: str) -> None:  # fmt: skip
    cap = chosen.spec.comment_max_chars
    with st.form(f"pt_form_{chosen.key}_{key}"):
        st.markdown(f"**{label('pt_rate', lang)}** · {label('pt_scale', lang)}")
        scores = {
            name: st.radio(
                f"{texts(criterion.label, lang)}: {texts(criterion.question, lang)}",
                SCORES,
                index=None,
                horizontal=True,
                key=f"pt_score_{chosen.key}_{key}_{name}",
            )  # fmt: skip
            for name, criterion in chosen.spec.criteria.items()
        }
        comment = ""
        if cap > 0:
            prompt = label("pt_comment", lang, cap=number(cap, lang))
            comment = st.text_area(prompt, key=f"pt_comment_{chosen.key}_{key}")
        pressed = st.form_submit_button(
            label("pt_save", lang), type="primary", disabled=store is None, key=f"pt_save_{chosen.key}_{key}"
        )
    if pressed and store is not None:
        _save(chosen, key, scores, tags, comment, store, lang)


def _scenarios(chosen: Publication, summaries: Summaries | None, store: RatingStore | None, lang: str) -> None:
    tags = _about_you(chosen, lang)
    st.header(label("pt_scenarios", lang))
    rated = st.session_state.get("pt_rated", set())
    for key in chosen.scenarios:
        with st.container(border=True):
            mark = f" · ✓ {label('pt_rated', lang)}" if (chosen.key, key) in rated else ""
            st.subheader(markdown_safe(texts(chosen.title(key), lang)) + mark)
            st.write(texts(chosen.summary(key), lang))
            _cards(chosen, key, summaries, lang)
            _rating_form(chosen, key, tags, store, lang)


def _preferences(chosen: Publication, summaries: Summaries | None, store: RatingStore, lang: str) -> None:
    st.header(label("pt_preferences", lang))
    criteria = list(chosen.spec.criteria)
    found = preferences(store.score_sums(chosen.key), list(chosen.scenarios), criteria)
    st.table(preference_table(chosen, found, summaries, lang), hide_index=True)
    order = [texts(chosen.title(key), lang) for key in ranking(found)]
    st.caption(label("pt_ranking", lang, order=" > ".join(order)) if order else label("pt_no_ratings", lang))


def _map(chosen: Publication, summaries: Summaries | None, store: RatingStore, lang: str) -> None:
    st.subheader(label("pt_map", lang))
    columns = st.columns(2)
    key = columns[0].selectbox(
        label("pt_map_scenario", lang), list(chosen.scenarios), key="pt_map_scenario",
        format_func=lambda k: texts(chosen.title(k), lang),
    )  # fmt: skip
    criteria = chosen.spec.criteria
    criterion = columns[1].selectbox(
        label("pt_map_criterion", lang), [None, *criteria], key="pt_map_criterion",
        format_func=lambda c: label("pt_all_criteria", lang) if c is None else texts(criteria[c].label, lang),
    )  # fmt: skip
    by_district = grouped(store.score_sums(chosen.key, "district"), key, list(criteria), chosen.spec.min_group)
    region = chosen.scenarios[key].region
    district_kpi = criteria[criterion].district_kpi if criterion is not None else None
    district_kpi = district_kpi or next((c.district_kpi for c in criteria.values() if c.district_kpi), None)
    summary = summaries.get(key) if summaries else None
    rows = rating_rows(by_district, shapes_of(region), district_names(chosen), criterion, summary, district_kpi, lang)
    deck, legend = rating_deck(rows, shapes_of(region), lang)
    map_column, legend_column = st.columns([4, 1])
    map_column.pydeck_chart(deck, height=480, key="pt_map_chart")
    legend_column.markdown(legend_html(legend), unsafe_allow_html=True)
    st.caption(label("pt_map_note", lang, min_group=chosen.spec.min_group, withheld=number(by_district.withheld, lang)))


def _comments(chosen: Publication, store: RatingStore, lang: str) -> None:
    st.subheader(label("pt_comments", lang))
    shown = store.comments(chosen.key, limit=SHOWN_COMMENTS)
    if not shown:
        st.caption(label("pt_no_comments", lang))
    for comment in shown:
        with st.container(border=True):
            st.caption(f"{texts(chosen.title(comment.scenario), lang)} · {_day(comment.rated_on, lang)}")
            st.text(comment.text)  # as text: HTML and Markdown in a comment are shown, never rendered


def participation_page(chosen: Publication, lang: str) -> None:
    """Draw a published comparison for residents: explain, show the model, take ratings, show what others prefer."""
    st.markdown(METRIC_LABELS_WRAP, unsafe_allow_html=True)
    _header(chosen, lang)
    store: RatingStore | None
    try:
        store = rating_store()
    except InputError as error:
        store = None
        st.error(label("pt_store_down", lang, reason=error.message))
    summaries = model_summaries(chosen, lang)
    _scenarios(chosen, summaries, store, lang)
    if store is None:
        return
    _preferences(chosen, summaries, store, lang)
    _map(chosen, summaries, store, lang)
    _comments(chosen, store, lang)


def resident_page(lang: str) -> bool:
    """Draw the residents' page if the link asks for one (?beteiligung=<comparison>); return whether it did."""
    key = st.query_params.get(RESIDENT_PARAM)
    if key is None:
        return False
    st.radio(label("language", lang), LANGUAGES, key="lang", horizontal=True, format_func=LANGUAGE_NAMES.get)
    st.query_params.update({RESIDENT_PARAM: key, "lang": lang})
    files = published()
    if key not in files:
        st.error(label("pt_none", lang) if not files else f"{label('pt_choose', lang)}: {', '.join(files)}")
        return True
    try:
        chosen = publication(files[key])
    except InputError as error:
        st.error(error.describe())
        return True
    participation_page(chosen, lang)
    return True


def participation_tab(lang: str) -> None:
    """Draw the expert app's tab: the published comparisons, their links, a preview and moderation."""
    files = published()
    if not files:
        st.info(label("pt_none", lang))
        return
    key = st.selectbox(label("pt_choose", lang), list(files), key="pt_choose")
    try:
        chosen = publication(files[key])
    except InputError as error:
        st.error(error.describe())
        return
    st.caption(label("pt_link", lang, link=f"?{RESIDENT_PARAM}={key}&lang={lang}"))
    moderation(chosen, lang)
    if st.toggle(label("participation", lang), key="pt_preview"):
        participation_page(chosen, lang)
