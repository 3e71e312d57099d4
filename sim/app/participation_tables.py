"""Tables of the participation mode: residents' mean ratings beside the model's figures (no Streamlit)."""

import math
from typing import Any

import pandas as pd

from sim.app.i18n import label, number
from sim.app.names import pick
from sim.participation.aggregate import Preference
from sim.participation.publication import Criterion, Publication
from sim.summary.kpi_registry import BY_KEY, Kpi

Summaries = dict[str, dict[str, Any]]


def texts(labels: Any, language: str) -> str:
    """Return a Labels object's text in the language."""
    return pick({"de": labels.de, "en": labels.en}, language)


def score_text(value: float, language: str) -> str:
    """Return a mean score with one decimal, as the language writes it ('–' where there is none)."""
    return "–" if math.isnan(value) else number(value, language, 1)


def model_value(kpi: Kpi, summary: dict[str, Any] | None, language: str) -> str:
    """Return a KPI of a run as text, or '–' if the run or the figure is missing."""
    if summary is None:
        return "–"
    try:
        return kpi.format(kpi.value(summary), language)
    except KeyError:
        return "–"


def _criterion_columns(
    name: str, criterion: Criterion, preference: Preference, summary: dict[str, Any] | None, language: str
) -> dict[str, str]:
    title = texts(criterion.label, language)
    columns = {label("pt_mean", language, criterion=title): score_text(preference.means.get(name, math.nan), language)}
    if criterion.kpi is not None:
        kpi = BY_KEY[criterion.kpi]
        columns[label("pt_model_column", language, criterion=title, kpi=kpi.label(language))] = model_value(
            kpi, summary, language
        )
    return columns


def preference_table(
    publication: Publication, found: dict[str, Preference], summaries: Summaries | None, language: str
) -> pd.DataFrame:
    """Return one row per scenario: ratings, each criterion's mean beside its model KPI, and the overall mean."""
    rows = []
    for key in publication.scenarios:
        preference = found[key]
        summary = summaries.get(key) if summaries else None
        row = {
            label("scenario", language): texts(publication.title(key), language),
            label("pt_ratings", language): number(preference.ratings, language),
        }
        for name, criterion in publication.spec.criteria.items():
            row.update(_criterion_columns(name, criterion, preference, summary, language))
        row[label("pt_overall", language)] = score_text(preference.overall, language)
        rows.append(row)
    return pd.DataFrame(rows)


def model_cards(
    publication: Publication, key: str, summaries: Summaries, language: str
) -> list[tuple[Kpi, str, str, str | None]]:
    """Return (KPI, label, value, difference to the first scenario or None) for each criterion's model KPI."""
    first = next(iter(publication.scenarios))
    cards = []
    for criterion in publication.spec.criteria.values():
        if criterion.kpi is None:
            continue
        kpi = BY_KEY[criterion.kpi]
        value = kpi.value(summaries[key])
        delta = None
        if key != first:
            difference = value - kpi.value(summaries[first])
            delta = None if round(difference, kpi.decimals) == 0 else kpi.format(difference, language, signed=True)
        cards.append((kpi, kpi.label(language), kpi.format(value, language), delta))
    return cards
