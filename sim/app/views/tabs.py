"""The app's further tabs after "Ergebnisse" and "Szenario-Editor": one entry per view, in order.

Each entry is (label key in sim/app/i18n.py, draw function taking the language). A view module
registers its own labels with `register_labels` and draws inside the tab it is given.
"""

from collections.abc import Callable

from sim.app.views.participation import participation_tab

Tab = tuple[str, Callable[[str], None]]

EXTRA_TABS: list[Tab] = [("participation", participation_tab)]
