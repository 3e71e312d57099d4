"""Replications in the app: means with Student-t intervals on the cards, paired intervals of the differences.

Replication r of every scenario runs with the same seed (common random numbers), so the
difference of two scenarios gets the interval of its per-replication differences: a paired
interval, much narrower than the two scenarios' own intervals. A difference whose interval
contains 0 is "not distinguishable from zero" and is said so in words. Same rule and numbers as
`python -m sim compare --replications N` (sim/analysis/compare.py).
"""

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.app.i18n import label, register_labels
from sim.app.names import PlaceNames
from sim.app.presentation import card_kpis, cost_frame, kpi_label
from sim.runner import RunResult, t_half_width
from sim.summary.kpi_registry import KPIS, Kpi

register_labels({
    "indistinct": {
        "de": "Nicht von null unterscheidbar (das 95-%-Intervall der Differenz enthält 0): {kpis}.",
        "en": "Not distinguishable from zero (the 95 % interval of the difference contains 0): {kpis}.",
    },
    "interval_note": {
        "de": (
            "Karten: Mittelwert über {reps} Wiederholungen ± halbe Breite des 95-%-Intervalls (Student-t); "
            "Differenzen gepaart (jede Wiederholung sieht in allen Szenarien dieselben Anliegen). "
            "Tabelle, Karte und tägliche Wartezeiten zeigen die erste Wiederholung."
        ),
        "en": (
            "Cards: mean over {reps} replications ± half-width of the 95 % interval (Student t); differences "
            "paired (each replication sees the same needs in every scenario). The table, the map and the daily "
            "waits show the first replication."
        ),
    },
    "single_run_note": {
        "de": "Ein Lauf je Szenario, daher ohne Intervall. Ab 2 Wiederholungen zeigen die Karten 95-%-Intervalle.",
        "en": "One run per scenario, so no interval. With 2 or more replications the cards show 95 % intervals.",
    },
    "card_help": {
        "de": "Differenz ± halbe Breite des gepaarten 95-%-Intervalls. {verdict}",
        "en": "Difference ± half-width of the paired 95 % interval. {verdict}",
    },
    "difference_mean": {"de": "Differenz (Mittel)", "en": "Difference (mean)"},
    "not_distinguishable": {"de": "nicht von null unterscheidbar", "en": "not distinguishable from zero"},
    "distinguishable": {"de": "von null verschieden", "en": "different from zero"},
    "differences_chart": {
        "de": "Differenzen zum Vergleich mit 95-%-Intervall (gepaart)",
        "en": "Differences to the reference with 95 % interval (paired)",
    },
})  # fmt: skip

Values = dict[str, np.ndarray]  # KPI key -> (scenarios x replications), in the KPI's shown unit


def replicated_values(per_scenario: list[list[RunResult]]) -> Values:
    """Return every registry KPI of every scenario and replication, in its shown unit."""
    return {kpi.key: np.array([[kpi.value(run.summary) for run in runs] for runs in per_scenario]) for kpi in KPIS}


@dataclass(frozen=True)
class Difference:
    """A scenario's paired difference to another in one KPI: mean, 95 % half-width, whether it contains 0."""

    mean: float
    half_width: float

    @property
    def contains_zero(self) -> bool:
        """Return whether the interval contains 0: the difference is not distinguishable from zero."""
        return self.mean - self.half_width <= 0.0 <= self.mean + self.half_width


def paired_difference(values: np.ndarray, index: int, reference: int) -> Difference:
    """Return scenario `index` minus scenario `reference` over paired replications (rows of `values`)."""
    differences = values[index] - values[reference]
    return Difference(float(differences.mean()), t_half_width(differences))


@dataclass(frozen=True)
class Card:
    """One headline card: its KPI, label, value text, difference text (None: no change) and what it says."""

    kpi: Kpi
    label: str
    value: str
    delta: str | None
    indistinct: bool  # the difference's paired interval contains 0


def with_interval(kpi: Kpi, mean: float, half_width: float, language: str, signed: bool = False) -> str:
    """Return 'mean ± half-width' in the KPI's format (one decimal more where a non-zero half-width reads 0)."""
    if 0 < half_width and round(half_width, kpi.decimals) == 0:
        kpi = dataclasses.replace(kpi, decimals=kpi.decimals + 1)
    return f"{kpi.format(mean, language, signed=signed)} ± {kpi.format(half_width, language)}"


def interval_cards(summary: dict, values: Values, index: int, reference: int | None, language: str) -> list[Card]:
    """Return the cards of scenario `index` with replications: mean ± half-width, paired difference ± half-width."""
    cards = []
    for kpi in card_kpis(summary):
        own = values[kpi.key][index]
        text = with_interval(kpi, float(own.mean()), t_half_width(own), language)
        delta, indistinct = None, False
        if reference is not None:
            difference = paired_difference(values[kpi.key], index, reference)
            if difference.mean != 0 or difference.half_width != 0:
                delta = with_interval(kpi, difference.mean, difference.half_width, language, signed=True)
                indistinct = difference.contains_zero
        cards.append(Card(kpi, kpi_label(kpi, summary, language), text, delta, indistinct))
    return cards


def indistinct_sentence(cards: list[Card], language: str) -> str | None:
    """Return the sentence that names the differences not distinguishable from zero (None if there is none)."""
    names = [card.label for card in cards if card.indistinct]
    return label("indistinct", language, kpis="; ".join(names)) if names else None


def difference_frame(
    names: list[str], values: Values, references: list[int], summary: dict, language: str
) -> pd.DataFrame:
    """Return each scenario's paired difference to its reference in every card KPI, with the 95 % interval.

    Columns (shown as they are): scenario, key figure, difference, lower end, upper end, verdict.
    The reference rows (a scenario compared with itself) are left out.
    """
    scenario, figure = label("scenario", language), label("key_figure", language)
    difference, low, high = label("difference_mean", language), label("ci_low", language), label("ci_high", language)
    verdict = label("verdict", language)
    rows = []
    for kpi in card_kpis(summary):
        for index, name in enumerate(names):
            if references[index] == index:
                continue
            found = paired_difference(values[kpi.key], index, references[index])
            if found.mean == 0 and found.half_width == 0:
                continue  # no difference at all (e.g. nobody unserved in either): nothing to draw
            rows.append({
                scenario: name, figure: kpi_label(kpi, summary, language),
                difference: round(found.mean, kpi.decimals + 1),
                low: round(found.mean - found.half_width, kpi.decimals + 1),
                high: round(found.mean + found.half_width, kpi.decimals + 1),
                verdict: label("not_distinguishable" if found.contains_zero else "distinguishable", language),
            })  # fmt: skip
    return pd.DataFrame(rows)


def mean_cost_frame(
    names: list[str], per_scenario: list[list[RunResult]], places: PlaceNames, language: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return who pays how much (the mean over replications) and each scenario's total with its 95 % interval.

    The second table has the columns scenario, total, lower end, upper end (the cost axis's unit).
    """
    replications = len(per_scenario[0])
    frames = [cost_frame(names, [runs[r] for runs in per_scenario], places, language) for r in range(replications)]
    scenario, payer, cost = frames[0].columns
    stacked = pd.concat(frames, ignore_index=True)
    mean = stacked.groupby([scenario, payer], sort=False, as_index=False)[cost].mean().round(0)
    totals = stacked.assign(run=[r for r, frame in enumerate(frames) for _ in range(len(frame))])
    per_run = totals.groupby([scenario, "run"], sort=False)[cost].sum()
    rows = []
    for name in names:
        runs = per_run.loc[name].to_numpy(dtype=float)
        half = t_half_width(runs)
        mean_total = float(runs.mean())
        rows.append({scenario: name, cost: round(mean_total), label("ci_low", language): round(mean_total - half),
                     label("ci_high", language): round(mean_total + half)})  # fmt: skip
    return mean, pd.DataFrame(rows)
