"""The "Standorte" tab: choose a service and a location model, see the proposal beside today's sites, simulate it."""

import streamlit as st

from sim.analysis.locate_candidates import existing_sites
from sim.analysis.locate_problem import LocateRequest
from sim.analysis.location import MODELS
from sim.app.i18n import label, number, register_labels
from sim.app.jobs import ProposalJob
from sim.app.location_layers import location_deck
from sim.app.locations import (
    MAX_BROWSER_CANDIDATES,
    MAX_SIMULATED_DAYS,
    Located,
    TooManyCandidates,
    browser_locate,
    simulation_table,
    sites_table,
)
from sim.app.messages import describe
from sim.app.names import place_names, service_label
from sim.app.views.map_view import MAP_HEIGHT_PX, shapes_of
from sim.app.views.queued import collect, submit
from sim.app.views.state import SCENARIO_ROOT, scenario_files, shipped_scenario
from sim.app.workload import describe_refusal, estimate_batch, refusal
from sim.errors import InputError
from sim.io.config import Scenario
from sim.io.schema import MODES
from sim.runner import with_seed_and_days

register_labels({
    "locations": {"de": "Standorte", "en": "Locations"},
    "locations_intro": {
        "de": "Wo sollten die Standorte einer Leistung liegen? Ein Standortmodell (p-Median: kürzeste Wege im Mittel; "
              "MCLP: die meisten Einwohner im Radius; LSCP: wenige Standorte, alle im Radius; p-Center: der längste "
              "Weg so kurz wie möglich) schlägt Standorte vor; die Simulation zeigt, was daraus wird: Wartezeiten, "
              "Wege über die Grenze, Kosten. Im Browser höchstens {cap} Kandidaten; größere Rechnungen mit "
              "python -m sim locate.",
        "en": "Where should a service's sites be? A location model (p-median: shortest trips on average; MCLP: most "
              "residents within the radius; LSCP: fewest sites, everyone within the radius; p-center: the longest "
              "trip as short as possible) proposes sites; the simulation shows what follows: waits, trips across the "
              "border, costs. At most {cap} candidates in the browser; larger problems with python -m sim locate.",
    },
    "locate_input": {"de": "Ausgangsszenario", "en": "Starting scenario"},
    "locate_model": {"de": "Modell", "en": "Model"},
    "locate_p": {"de": "Zahl der Standorte", "en": "Number of sites"},
    "locate_radius": {"de": "Radius (min)", "en": "Radius (min)"},
    "locate_mode": {"de": "Verkehrsmittel", "en": "Mode"},
    "locate_fixed": {"de": "Diese Standorte bleiben", "en": "These sites stay"},
    "locate_candidates": {"de": "Kandidaten", "en": "Candidates"},
    "candidates_ortsteile": {"de": "Ortsteile", "en": "Ortsteile"},
    "candidates_points": {"de": "andere Servicestellen", "en": "other service points"},
    "locate_run": {"de": "Standorte berechnen", "en": "Find sites"},
    "locate_simulate": {"de": "Vorschlag simulieren", "en": "Simulate the proposal"},
    "locate_days": {"de": "Simulierte Tage", "en": "Days simulated"},
    "locate_objective": {"de": "Zielwert", "en": "Objective"},
    "locate_promise": {
        "de": "Versprechen des Optimierers ({mode}): im Mittel {mean} min zum zugeordneten Standort, höchstens "
              "{longest} min; {within} % der Nachfrage innerhalb von 30 min. Die Annahme: jeder nutzt den nächsten "
              "Standort, auch über die Gemeindegrenze (der Vorschlag fügt dafür eine Vereinbarung hinzu).",
        "en": "The optimiser's promise ({mode}): on average {mean} min to the assigned site, at most {longest} min; "
              "{within} % of the demand within 30 min. It assumes everyone uses the nearest site, also across the "
              "border (the proposal adds an agreement for that).",
    },
    "locate_stale": {"de": "Die Auswahl hat sich geändert: bitte neu berechnen.",
                     "en": "The choice has changed: please find sites again."},
    "locate_download": {"de": "Vorschlag als Szenario-Datei (YAML)", "en": "Proposal as a scenario file (YAML)"},
    "locate_simulated": {
        "de": "Simulation mit denselben Bedürfnissen der Einwohner in beiden Szenarien (gemeinsame Zufallszahlen):",
        "en": "Simulation with the same residents' needs in both scenarios (common random numbers):",
    },
})  # fmt: skip
OBJECTIVE_UNITS_DE = {"weighted travel minutes": "gewichtete Wegminuten", "covered weight": "erreichte Nachfrage",
                      "sites": "Standorte", "max travel minutes": "längster Weg, min"}  # fmt: skip
MODEL_NAMES = {"p-median": "p-Median", "mclp": "MCLP", "lscp": "LSCP", "p-center": "p-Center"}
MODE_LABELS = {"car": ("Auto", "car"), "transit": ("Bus", "bus"), "bike": ("Rad", "bike"), "walk": ("zu Fuß", "walk")}
SLOT = "locations"  # the tab's slot on the run queue (sim/app/views/queued.py)


def _request(scenario: Scenario, lang: str) -> LocateRequest:
    """Draw the choices and return the request they make."""
    services = list(scenario.config.services)
    service = st.selectbox(label("map_service", lang), services, key="locate_service",
                           format_func=lambda s: service_label(scenario.config, s, lang))  # fmt: skip
    model = st.radio(label("locate_model", lang), MODELS, horizontal=True, key="locate_model",
                     format_func=MODEL_NAMES.__getitem__)  # fmt: skip
    today = existing_sites(scenario, service)
    columns = st.columns(3)
    p = None
    if model != "lscp":
        p = int(columns[0].number_input(label("locate_p", lang), min_value=1, max_value=MAX_BROWSER_CANDIDATES,
                                        value=max(1, len(today)), key="locate_p"))  # fmt: skip
    radius = None
    if model in ("mclp", "lscp"):
        radius = float(columns[1].number_input(label("locate_radius", lang), min_value=1.0, max_value=120.0,
                                               value=15.0, step=1.0, key="locate_radius"))  # fmt: skip
    mode = columns[2].selectbox(label("locate_mode", lang), MODES, key="locate_mode",
                                format_func=lambda m: MODE_LABELS[m][0 if lang == "de" else 1])  # fmt: skip
    names = {point: name for point, name, *_ in today}
    fixed = st.multiselect(label("locate_fixed", lang), list(names), key="locate_fixed", format_func=names.__getitem__)
    candidates = st.radio(label("locate_candidates", lang), ("ortsteile", "points"), horizontal=True,
                          key="locate_candidates", format_func=lambda k: label(f"candidates_{k}", lang))  # fmt: skip
    return LocateRequest(service, model, p, radius, tuple(fixed), candidates=candidates, mode=mode)


def _show_proposal(located: Located, scenario: Scenario, lang: str) -> None:
    """Draw the objective, the promise, the sites table, the map and the download of the proposal."""
    record = located.record
    solver = f"{record['status']}, gap {record['mip_gap']:.2%}"
    unit = OBJECTIVE_UNITS_DE.get(record["objective_unit"], "") if lang == "de" else record["objective_unit"]
    st.metric(f"{label('locate_objective', lang)} ({unit})", number(record["objective"], lang, 1), help=solver)
    promise = record["promise"]
    st.caption(label("locate_promise", lang, mode=MODE_LABELS[record["mode"]][0 if lang == "de" else 1],
                     mean=number(promise["mean_minutes"] or 0, lang, 1),
                     longest=number(promise["longest_minutes"] or 0, lang, 1),
                     within=number(100 * promise["share_within_30_minutes"], lang, 1)))  # fmt: skip
    places = place_names(scenario.region, [scenario.config, located.proposal.config])
    st.dataframe(sites_table(located, places, lang), hide_index=True, key="locate_sites")
    today = [(point, lat, lon) for point, _, lat, lon, _ in existing_sites(scenario, record["service"])]
    populations = {d: district.population for m in scenario.region.municipalities.values()
                   for d, district in m.districts.items()}  # fmt: skip
    deck = location_deck(record, today, shapes_of(scenario.region), populations, places, lang)
    st.pydeck_chart(deck, height=MAP_HEIGHT_PX, key="locate_map")
    st.caption(f"● {label('legend_today', lang)}   ● {label('legend_proposed', lang)}")
    st.download_button(label("locate_download", lang), located.text, "standortvorschlag.yaml", key="locate_yaml")


def _simulate(located: Located, scenario: Scenario, lang: str) -> None:
    """Simulate input and proposal with common random numbers on the app's run queue, within its work caps."""
    days = int(st.slider(label("locate_days", lang), 7, MAX_SIMULATED_DAYS, 90, key="locate_days"))
    runs = [with_seed_and_days(s, days=days) for s in (scenario, located.proposal)]
    service = located.record["service"]
    key = ("locate-proposal", runs[0].sha256, runs[1].sha256, service)
    if st.button(label("locate_simulate", lang), key="locate_simulate"):
        refused = refusal(estimate_batch((run, 1) for run in runs))
        if refused is not None:
            st.error(describe_refusal(refused, lang))
            return
        job = ProposalJob(runs[0], runs[1], service, tuple(sorted(located.assigned.items())))
        submit(SLOT, [(key, job)], lang)
    done = collect(SLOT, lang)
    if done is not None and done[0] == (key,):
        st.caption(label("locate_simulated", lang))
        st.dataframe(simulation_table(done[1][0], lang), hide_index=True, key="locate_simulation")


def draw_locations(lang: str) -> None:
    """Draw the tab: choices, a capped solve, the proposal on the map beside today's sites, and its simulation."""
    st.caption(label("locations_intro", lang, cap=MAX_BROWSER_CANDIDATES))
    files = scenario_files(st.session_state.region)
    name = st.selectbox(label("locate_input", lang), list(files), key="locate_input")
    scenario = shipped_scenario(files[name])
    request = _request(scenario, lang)
    key = (st.session_state.region, name, request)
    if st.button(label("locate_run", lang), key="locate_run", type="primary"):
        try:
            st.session_state.locate_result = (key, browser_locate(scenario, request, SCENARIO_ROOT))
        except TooManyCandidates as error:
            st.session_state.locate_result = None
            st.error(label("too_many_candidates", lang, count=error.count, cap=MAX_BROWSER_CANDIDATES))
        except InputError as error:
            st.session_state.locate_result = None
            st.error("\n\n".join(describe(error, lang, show_place=False)))
    found = st.session_state.get("locate_result")
    if not found:
        return
    if found[0] != key:
        st.info(label("locate_stale", lang))
        return
    _show_proposal(found[1], scenario, lang)
    _simulate(found[1], scenario, lang)
