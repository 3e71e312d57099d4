"""The app's further tabs after "Ergebnisse" and "Szenario-Editor": one entry per view, in order.

Each entry is (label key in sim/app/i18n.py, draw function taking the language). A view module
registers its own labels with `register_labels` and draws inside the tab it is given. A further tab
is drawn only while it is open, so its analyses and waits never hold up the page.
"""

from collections.abc import Callable

import streamlit as st

from sim.app.i18n import LANGUAGES, label
from sim.app.views.cooperation_tab import draw_cooperation
from sim.app.views.diffusion_tab import draw_diffusion
from sim.app.views.locations_view import draw_locations
from sim.app.views.participation import participation_tab
from sim.app.views.robustness_tab import draw_robustness
from sim.app.views.years_tab import draw_years

Tab = tuple[str, Callable[[str], None]]

EXTRA_TABS: list[Tab] = [
    ("locations", draw_locations),
    ("coalitions_tab", draw_cooperation),
    ("years_tab", draw_years),
    ("diffusion_tab", draw_diffusion),
    ("participation", participation_tab),
    ("robustness_tab", draw_robustness),  # last: it reads a sweep's report as soon as it is drawn
]

TAB_KEY = "tab"  # the session key of the open tab's label


def keep_open_tab(lang: str) -> None:
    """Keep the open tab across a language switch: its label in the session becomes the new language's."""
    current = st.session_state.get(TAB_KEY)
    for tab_id in ["results", "editor", *(key for key, _ in EXTRA_TABS)]:
        if current in {label(tab_id, language) for language in LANGUAGES}:
            st.session_state[TAB_KEY] = label(tab_id, lang)
            return
