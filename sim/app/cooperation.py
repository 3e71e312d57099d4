"""'Lohnt es sich? Wer zahlt was?': a coalition analysis as the app shows it (tables and sentences, no Streamlit).

The analysis itself is sim/analysis/coalitions.py (every coalition of the agreements simulated with
common random numbers, docs/COALITIONS.md); it runs in a worker of the app's queue. This module
estimates its cost beforehand, and turns its result into a bar table (each member's yearly cost
under each allocation next to its stand-alone cost), badges (individually rational, in the core)
and a reading in plain German or English.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.allocation import EXACT_MAX_PLAYERS
from sim.analysis.coalition_scenarios import players_of
from sim.analysis.coalition_views import ViewAllocation
from sim.app.i18n import COST_KEYS, label, number, register_labels, word
from sim.app.names import PlaceNames
from sim.app.workload import Refusal, Workload, describe_refusal, estimate_job, refusal
from sim.errors import InputError
from sim.io.config import Scenario
from sim.runner import with_seed_and_days

STANDALONE = "standalone"
AS_RUN = "as_run"
METHOD_ORDER = ("shapley", "nucleolus", "scrb", AS_RUN, "usage", "population", "equal", "base_plus_usage", "fixed")
KEY_METHODS = (AS_RUN, "usage", "population", "equal", "base_plus_usage", "fixed")

register_labels({
    "coalitions_tab": {"de": "Lohnt es sich? Wer zahlt was?", "en": "Does it pay off? Who pays what?"},
    "method_standalone": {"de": "allein (ohne Zusammenarbeit)", "en": "alone (no cooperation)"},
    "method_shapley": {"de": "Shapley-Wert", "en": "Shapley value"},
    "method_nucleolus": {"de": "Nukleolus", "en": "Nucleolus"},
    "method_scrb": {"de": "SCRB (separierbare Kosten, Restnutzen)", "en": "SCRB (separable costs, remaining benefits)"},
    "method_as_run": {"de": "Schlüssel des Szenarios ({keys})", "en": "scenario's own key ({keys})"},
    "method_key": {"de": "Schlüssel {name}", "en": "key {name}"},
    "allocation": {"de": "Aufteilung", "en": "Allocation"},
    "against_alone": {"de": "Gegenüber allein", "en": "Against alone"},
    "saves": {"de": "spart", "en": "saves"},
    "pays_more_word": {"de": "zahlt mehr", "en": "pays more"},
    "alone_word": {"de": "allein", "en": "alone"},
    "cost_per_year_eur": {"de": "Kosten je Jahr (EUR)", "en": "Cost a year (EUR)"},
    "standalone_cost_eur": {"de": "Kosten allein je Jahr (EUR)", "en": "Cost alone a year (EUR)"},
    "saving_eur": {"de": "Ersparnis ggü. allein (EUR/Jahr)", "en": "Saving against alone (EUR/year)"},
    "view_budget": {"de": "Haushalt der Kommunen", "en": "Municipal budget"},
    "view_generalised": {
        "de": "Gesamtkosten mit Zeit der Bürger und CO2", "en": "Generalised cost with residents' time and CO2"
    },
    "reading_pays_off": {
        "de": "Zusammen zahlen die Kommunen {together} EUR im Jahr, jede für sich {alone} EUR: die Zusammenarbeit spart {saving} EUR im Jahr.",  # noqa: E501 - text
        "en": "Together the municipalities pay {together} EUR a year, each on its own {alone} EUR: cooperation saves {saving} EUR a year.",  # noqa: E501 - text
    },
    "reading_costs_more": {
        "de": "Zusammen zahlen die Kommunen {together} EUR im Jahr, jede für sich {alone} EUR: die Zusammenarbeit kostet {extra} EUR im Jahr mehr. Keine Aufteilung stellt jede Kommune so gut wie allein (der Kern ist leer).",  # noqa: E501 - text
        "en": "Together the municipalities pay {together} EUR a year, each on its own {alone} EUR: cooperation costs {extra} EUR a year more. No allocation leaves every municipality as well off as alone (the core is empty).",  # noqa: E501 - text
    },
    "under_method": {"de": "Unter dem {method}", "en": "Under the {method},"},
    "by_method": {"de": "nach dem {method}", "en": "by the {method}"},
    "pays_more_than_alone": {"de": "zahlt {municipality} {amount} EUR mehr als allein", "en": "{municipality} pays {amount} EUR more than alone"},  # noqa: E501 - text
    "everyone_saves": {"de": "spart jede Kommune", "en": "every municipality saves"},
    "indistinct_short": {"de": "(nicht von null unterscheidbar)", "en": "(not distinguishable from zero)"},
    "badge_rational_all": {"de": "individuell rational für alle", "en": "individually rational for all"},
    "badge_not_rational": {"de": "nicht individuell rational für {who}", "en": "not individually rational for {who}"},
    "badge_in_core": {"de": "im Kern", "en": "in the core"},
    "badge_not_in_core": {"de": "nicht im Kern", "en": "not in the core"},
    "badge_core_unchecked": {"de": "Kern nicht geprüft", "en": "core not checked"},
    "too_many_members": {
        "de": "{members} Mitglieder: Im Browser werden höchstens {cap} Mitglieder (alle {coalitions} Koalitionen) gerechnet. Bitte die Kommandozeile nutzen: python -m sim coalitions …",  # noqa: E501 - text
        "en": "{members} members: the browser computes at most {cap} members (all {coalitions} coalitions). Please use the command line: python -m sim coalitions …",  # noqa: E501 - text
    },
})  # fmt: skip


def method_label(method: str, own_keys: dict[str, str], language: str) -> str:
    """Return an allocation's name: a method, the scenario's own key(s) as run, or another key."""
    if method == AS_RUN:
        keys = ", ".join(dict.fromkeys(word(COST_KEYS, key, language) for key in own_keys.values()))
        return label("method_as_run", language, keys=keys)
    if method in ("shapley", "nucleolus", "scrb", STANDALONE):
        return label(f"method_{method}", language)
    quoted = f"»{word(COST_KEYS, method, language)}«" if language == "de" else f"'{word(COST_KEYS, method, language)}'"
    return label("method_key", language, name=quoted)


@dataclass(frozen=True)
class CoalitionPlan:
    """What a coalition analysis of a scenario will take: its members, the runs, and the work estimate."""

    members: tuple[str, ...]
    runs: int  # distinct coalition scenarios x replications (singletons all stand alone: one scenario)
    workload: Workload


def plan_coalitions(scenario: Scenario, days: int, replications: int) -> CoalitionPlan:
    """Estimate the analysis: 2^n - n distinct coalition scenarios, each run once per replication.

    Raises:
        InputError: the scenario has no agreement.
    """
    members = players_of(scenario)
    distinct = 2 ** len(members) - len(members) if len(members) > 1 else 1
    one = estimate_job(with_seed_and_days(scenario, days=days))
    runs = distinct * replications
    return CoalitionPlan(members, runs, Workload(one.requests * runs, one.peak_bytes, one.citizen_runs * runs))


def plan_refusal(plan: CoalitionPlan, language: str) -> str | None:
    """Return why the browser will not run the analysis (too many members, over a cap), or None."""
    if len(plan.members) > EXACT_MAX_PLAYERS:
        return label("too_many_members", language, members=len(plan.members), cap=EXACT_MAX_PLAYERS,
                     coalitions=2**EXACT_MAX_PLAYERS - 1)  # fmt: skip
    refused: Refusal | None = refusal(plan.workload)
    return None if refused is None else describe_refusal(refused, language)


def has_agreements(scenario: Scenario) -> bool:
    """Return whether a scenario has a cooperation to analyse."""
    try:
        return len(players_of(scenario)) > 1
    except InputError:
        return False


def bar_frame(view: ViewAllocation, own_keys: dict[str, str], places: PlaceNames, language: str) -> pd.DataFrame:
    """Return per member its stand-alone cost and its cost under each allocation, the saving's interval, its verdict.

    Columns: municipality, allocation, cost a year, interval from, interval to, against alone
    (alone / saves / pays more).
    """
    municipality, method = label("municipality", language), label("allocation", language)
    cost, low, high = label("cost_per_year_eur", language), label("ci_low", language), label("ci_high", language)
    status = label("against_alone", language)
    rows = []
    for index, player in enumerate(view.player_ids):
        alone = float(view.standalone_costs[index])
        who = places.municipality(player)
        rows.append({municipality: who, method: method_label(STANDALONE, own_keys, language), cost: round(alone),
                     low: round(alone), high: round(alone), status: label("alone_word", language)})  # fmt: skip
        for name in ordered_methods(view):
            value = float(view.allocations[name][index])
            half = float(np.nan_to_num(view.saving_half_widths[name][index]))
            verdict = label("saves" if round(value) <= round(alone) else "pays_more_word", language)
            rows.append({municipality: who, method: method_label(name, own_keys, language), cost: round(value),
                         low: round(value - half), high: round(value + half), status: verdict})  # fmt: skip
    return pd.DataFrame(rows)


def saving_frame(bars: pd.DataFrame, language: str) -> pd.DataFrame:
    """Return from `bar_frame`'s table each allocation's saving against standing alone, with its interval."""
    municipality, method, cost, low, high, status = bars.columns
    is_alone = bars[status] == label("alone_word", language)
    alone = bars[is_alone].set_index(municipality)[cost]
    rows = bars[~is_alone]
    own = rows[municipality].map(alone)
    return pd.DataFrame({
        municipality: rows[municipality], method: rows[method], label("saving_eur", language): own - rows[cost],
        low: own - rows[high], high: own - rows[low], status: rows[status],
    }).reset_index(drop=True)  # fmt: skip


def ordered_methods(view: ViewAllocation) -> list[str]:
    """Return the view's allocations in the order the page shows them (methods, then the keys)."""
    return [method for method in METHOD_ORDER if method in view.allocations]


Badge = tuple[str, bool | None]  # text; True green, False red, None grey


def badges(
    view: ViewAllocation, own_keys: dict[str, str], places: PlaceNames, language: str
) -> list[tuple[str, list[Badge]]]:
    """Return per allocation its name and badges: (text, True green / False red / None grey)."""
    shown = []
    for name in ordered_methods(view):
        rational = view.individually_rational[name]
        losers = [places.municipality(p) for p, fine in zip(view.player_ids, rational, strict=True) if not fine]
        first = (
            (label("badge_rational_all", language), True)
            if not losers
            else (label("badge_not_rational", language, who=", ".join(losers)), False)
        )
        core = view.in_core.get(name)
        if core is None:
            second: Badge = (label("badge_core_unchecked", language), None)
        else:
            second = (label("badge_in_core" if core else "badge_not_in_core", language), bool(core))
        shown.append((method_label(name, own_keys, language), [first, second]))
    return shown


def _clause(view: ViewAllocation, method: str, places: PlaceNames, language: str) -> str:
    """Return who pays more than alone under an allocation, or that every municipality saves."""
    savings = view.savings(method)
    halves = np.nan_to_num(view.saving_half_widths[method])
    losers = []
    for index, player in enumerate(view.player_ids):
        if round(float(savings[index])) < 0:
            amount = number(-float(savings[index]), language)
            text = label("pays_more_than_alone", language, municipality=places.municipality(player), amount=amount)
            if halves[index] >= abs(savings[index]):
                text += " " + label("indistinct_short", language)
            losers.append(text)
    return ", ".join(losers) if losers else label("everyone_saves", language)


def reading(view: ViewAllocation, own_keys: dict[str, str], places: PlaceNames, language: str) -> list[str]:
    """Return the plain-language reading: does it pay off, and who pays more than alone under each allocation."""
    together, alone = view.grand_cost, float(view.standalone_costs.sum())
    if together <= alone:
        lines = [label("reading_pays_off", language, together=number(together, language),
                       alone=number(alone, language), saving=number(alone - together, language))]  # fmt: skip
    else:
        lines = [label("reading_costs_more", language, together=number(together, language),
                       alone=number(alone, language), extra=number(together - alone, language))]  # fmt: skip
    shapley = label("by_method", language, method=label("method_shapley", language))
    shapley_clause = f"{shapley} {_clause(view, 'shapley', places, language)}" if "shapley" in view.allocations else ""
    for method in [m for m in KEY_METHODS if m in view.allocations]:
        under = label("under_method", language, method=method_label(method, own_keys, language))
        sentence = f"{under} {_clause(view, method, places, language)}"
        if method == AS_RUN and shapley_clause:
            sentence += f"; {shapley_clause}"
        lines.append(sentence + ".")
    return lines
