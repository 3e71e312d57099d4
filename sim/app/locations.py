"""The "Standorte" tab's logic without Streamlit: a capped location solve, its proposal and the tables shown."""

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.locate_output import assigned_points, locate_record
from sim.analysis.locate_problem import LocateProblem, LocateRequest, build_problem, solve
from sim.analysis.locate_scenario import PROPOSAL_FILE, load_proposal, plan_changes, proposal_text
from sim.analysis.locate_simulate import SIMULATED_ROWS
from sim.analysis.location import SolverOptions
from sim.app.i18n import label, number, register_labels
from sim.app.names import PlaceNames
from sim.errors import InputError
from sim.io.config import Scenario

# A browser user may not start a solve larger than this (the command line has no cap).
MAX_BROWSER_CANDIDATES = 300
BROWSER_TIME_LIMIT_SECONDS = 20.0
MAX_SIMULATED_DAYS = 365

register_labels({
    "too_many_candidates": {
        "de": "Zu viele Kandidaten für den Browser: {count}, erlaubt sind {cap}. Bitte »Ortsteile« wählen oder "
              "python -m sim locate auf der Kommandozeile nutzen (dort gibt es keine Grenze).",
        "en": "Too many candidates for the browser: {count}, the limit is {cap}. Please choose 'Ortsteile' or use "
              "python -m sim locate on the command line (which has no limit).",
    },
    "change_kept": {"de": "bleibt", "en": "kept"},
    "change_moved": {"de": "verlegt", "en": "moved"},
    "change_opened": {"de": "neu", "en": "new"},
    "change_closed": {"de": "geschlossen", "en": "closed"},
    "column_site": {"de": "Standort", "en": "Site"},
    "column_district": {"de": "Ortsteil", "en": "Ortsteil"},
    "column_change": {"de": "Änderung", "en": "Change"},
    "column_served": {"de": "Nachfrage", "en": "Demand"},
    "column_minutes": {"de": "Minuten im Mittel", "en": "mean minutes"},
    "column_input": {"de": "heute", "en": "today"},
    "column_proposal": {"de": "Vorschlag", "en": "proposal"},
    "column_difference": {"de": "Differenz", "en": "difference"},
})  # fmt: skip
ROW_LABELS_DE = {
    "in_person_requests": "Anliegen vor Ort oder am mobilen Halt",
    "travel_minutes_mean": "Anfahrt, Mittel (min, alle Verkehrsmittel)",
    "wait_minutes_mean": "Wartezeit, Mittel (min)",
    "wait_minutes_p90": "Wartezeit, 90 %-Wert (min)",
    "cross_border_share": "über die Grenze bedient (%)",
    "share_to_assigned_site": "Wege zum Standort des Optimierers (%)",
    "accessibility_gini": "Erreichbarkeit: Gini über die Einwohner",
    "beyond_30_minutes_by_transit": "Einwohner > 30 min mit Bus/zu Fuß (%)",
    "cost_eur_per_year": "Kosten der Kommunen pro Jahr (EUR)",
}


class TooManyCandidates(InputError):
    """A solve larger than the browser may start: how many candidates it would have."""

    def __init__(self, count: int):
        """Remember the count; the message names the cap."""
        self.count = count
        super().__init__(None, "candidates", f"{count} candidates; the browser's limit is {MAX_BROWSER_CANDIDATES}")


@dataclass(frozen=True)
class Located:
    """A solved request: locate.json's record, the proposal's text and validated scenario, the instance."""

    record: dict[str, Any]
    text: str
    proposal: Scenario
    problem: LocateProblem

    @property
    def assigned(self) -> dict[str, str]:
        """Return each Ortsteil's assigned service point in the proposal."""
        return assigned_points(self.record)


def browser_locate(scenario: Scenario, request: LocateRequest, allowed_root: Path) -> Located:
    """Solve a request within the browser's caps; raise InputError above the cap or for bad input."""
    capped = dataclasses.replace(request, options=SolverOptions(time_limit_seconds=BROWSER_TIME_LIMIT_SECONDS))
    problem = build_problem(scenario, capped)
    count = len(problem.candidates.ids)
    if count > MAX_BROWSER_CANDIDATES:
        raise TooManyCandidates(count)
    result = solve(problem, capped)
    folder = scenario.path.parent
    text = proposal_text(problem, result, capped, folder)
    record = locate_record(problem, result, capped, plan_changes(problem, result, capped.service), PROPOSAL_FILE)
    proposal = load_proposal(text, f"{scenario.slug}_proposal.yaml", folder, allowed_root)
    return Located(record, text, proposal, problem)


def sites_table(located: Located, places: PlaceNames, language: str) -> pd.DataFrame:
    """Return the proposed sites (kept, moved, new) and the closed ones, with demand served and mean minutes."""
    rows = []
    for site in located.record["sites"]:
        minutes = site["mean_minutes"]
        rows.append({
            label("column_site", language): site["name"],
            label("column_district", language): places.district(site["district"]),
            label("column_change", language): label(f"change_{site['change']}", language),
            label("column_served", language): number(site["demand_served"], language),
            label("column_minutes", language): "–" if minutes is None else number(minutes, language, 1),
        })  # fmt: skip
    for point_id in located.record["closed"]:
        rows.append({label("column_site", language): places.point(point_id, language),
                     label("column_change", language): label("change_closed", language)})  # fmt: skip
    return pd.DataFrame(rows)


def simulation_table(simulated: dict[str, Any], language: str) -> pd.DataFrame:
    """Return the simulated figures of input and proposal and their difference, in the language."""
    rows = []
    for key, text, scale, decimals in SIMULATED_ROWS:
        before, after = simulated["input"][key], simulated["proposal"][key]

        def shown(value: float | None, scale: float = scale, decimals: int = decimals) -> str:
            return "–" if value is None else number(value * scale, language, decimals)

        change = None if before is None or after is None else after - before
        rows.append({
            "": ROW_LABELS_DE[key] if language == "de" else text,
            label("column_input", language): shown(before),
            label("column_proposal", language): shown(after),
            label("column_difference", language): shown(change),
        })  # fmt: skip
    return pd.DataFrame(rows)
