"""Streamlit app: compare cooperation scenarios in the browser (the page's parts live in sim/app/views)."""

import streamlit as st

from sim.app.i18n import label
from sim.app.views.editor import editor
from sim.app.views.participation import resident_page
from sim.app.views.results import show_results
from sim.app.views.runs import collect_run, job_queue, queue_status, start_run
from sim.app.views.sidebar import sidebar
from sim.app.views.state import ROOT, initial_state
from sim.app.views.tabs import EXTRA_TABS

__all__ = ["main", "queue_status"]


def main() -> None:
    """Draw the page."""
    st.set_page_config(page_title="IKZ-Sim", layout="wide", menu_items={})
    job_queue()  # once per server: worker processes started, Numba kernels loaded
    initial_state()
    lang = st.session_state.lang
    if resident_page(lang):  # ?beteiligung=<comparison>: residents see that comparison alone, no expert controls
        return
    st.title(label("title", lang))
    if st.session_state.get("url_dropped"):
        st.warning(label("url_dropped", lang))
    with st.expander(label("explain", lang)):
        st.write(label("explain_text", lang))
        model_doc = ROOT / "docs" / "MODEL.md"
        if model_doc.exists() and st.toggle(label("model_doc", lang), key="show_model_doc"):
            st.markdown(model_doc.read_text(encoding="utf-8"))
    comparison = sidebar(lang)
    titles = [label("results", lang), label("editor", lang)] + [label(key, lang) for key, _ in EXTRA_TABS]
    results_tab, editor_tab, *extra_tabs = st.tabs(titles)
    with editor_tab:
        editor(lang)
    for tab, (_, draw) in zip(extra_tabs, EXTRA_TABS, strict=True):
        with tab:
            draw(lang)
    with results_tab:
        if not comparison.entries:
            st.info(label("press_run", lang))
            return
        if comparison.pressed:
            st.session_state.url_dropped = False
            start_run(comparison.entries, comparison.scenarios, lang)
        collect_run(lang)
        show_results(comparison, lang)


# A spawned worker process re-imports the page's module as __mp_main__; it must not draw the page.
if __name__ != "__mp_main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - the page shows a short message instead of a traceback
        st.error(f"Internal error: {type(error).__name__}: {error}")
