"""The app's further tabs after "Ergebnisse" and "Szenario-Editor": one entry per view, in order.

Each entry is (label key in sim/app/i18n.py, draw function taking the language). A view module
registers its own labels with `register_labels` and draws inside the tab it is given.
"""

from collections.abc import Callable

from sim.app.views.cooperation_tab import draw_cooperation
from sim.app.views.diffusion_tab import draw_diffusion
from sim.app.views.robustness_tab import draw_robustness
from sim.app.views.years_tab import draw_years

Tab = tuple[str, Callable[[str], None]]

EXTRA_TABS: list[Tab] = [
    ("coalitions_tab", draw_cooperation),
    ("years_tab", draw_years),
    ("diffusion_tab", draw_diffusion),
    ("robustness_tab", draw_robustness),  # last: it reads a sweep's report as soon as it is drawn
]
