"""The "Bericht": a one-page, self-contained HTML report of a comparison for a council (no scripts, no downloads)."""

import datetime
import html
from dataclasses import dataclass
from typing import Any

from sim.app.geometry import region_shapes
from sim.app.i18n import label
from sim.app.intervals import Difference, Values, paired_difference
from sim.app.names import Entry, pick, place_names
from sim.app.presentation import (
    cost_frame,
    cost_period,
    gains_lines,
    kpi_label,
    municipality_table,
    period_note,
)
from sim.app.report_svg import cost_svg, map_svg
from sim.app.years import kpi_mean
from sim.io.config import Scenario
from sim.runner import RunResult
from sim.summary.kpi_registry import DISTRICT_BY_KEY, Kpi, kpis_for

STYLE = """
body { font-family: sans-serif; font-size: 10.5pt; margin: 1.2cm; color: #222; max-width: 1100px; }
h1 { font-size: 16pt; margin: 0 0 4px 0; } h2 { font-size: 12pt; margin: 14px 0 4px 0; }
table { border-collapse: collapse; font-size: 9pt; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 2px 6px; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
.meta, .small { font-size: 8.5pt; color: #555; }
.columns { display: flex; gap: 18px; align-items: flex-start; } .columns > div { flex: 1; }
.delta { color: #555; font-size: 8pt; }
@media print { body { margin: 0.8cm; } }
"""

TEXT: dict[str, dict[str, Any]] = {
    "title": {"de": "Bericht: interkommunale Zusammenarbeit – {region}", "en": "Report: inter-municipal cooperation – {region}"},  # noqa: E501 - text
    "meta": {
        "de": "Erstellt mit IKZ-Sim am {date}. {days} simulierte Tage, Startwert {seed}, {reps} Wiederholung(en); alle Szenarien sehen dieselben Anliegen (gemeinsame Zufallszahlen).",  # noqa: E501 - text
        "en": "Made with IKZ-Sim on {date}. {days} simulated days, seed {seed}, {reps} replication(s); every scenario sees the same needs (common random numbers).",  # noqa: E501 - text
    },
    "kpis": {"de": "Kennzahlen", "en": "Key figures"},
    "interval": {
        "de": "Mittelwerte; in Klammern: 95-%-Konfidenzintervall über {reps} Wiederholungen. Darunter: Differenz zum Vergleich ± halbe Breite ihres gepaarten 95-%-Intervalls.",  # noqa: E501 - text
        "en": "Means; in brackets: 95 % confidence interval over {reps} replications. Below: difference to the reference ± half-width of its paired 95 % interval.",  # noqa: E501 - text
    },
    "no_interval": {
        "de": "Ein Lauf je Szenario, daher ohne Konfidenzintervall (mehr Wiederholungen in der App wählen). Darunter: Differenz zum Vergleich.",  # noqa: E501 - text
        "en": "One run per scenario, so no confidence interval (choose more replications in the app). Below: difference to the reference.",  # noqa: E501 - text
    },
    "map_title": {"de": "Karte: {layer} in »{scenario}«", "en": "Map: {layer} in '{scenario}'"},
    "assumptions": {"de": "Annahmen und Quellen", "en": "Assumptions and sources"},
    "assumption_list": {
        "de": [
            "Jede Einwohnerin und jeder Einwohner ist ein Agent; Anliegen, Wege, Warteschlangen und Lernen werden simuliert (Modellbeschreibung: docs/MODEL.md).",  # noqa: E501 - text
            "Werte mit dem Vermerk ESTIMATE in den Szenario-Dateien sind Schätzungen, keine amtlichen Zahlen.",
            "Ortsteil-Grenzen auf der Karte sind genähert (Voronoi-Zellen der Ortsteil-Mittelpunkte), keine amtlichen Grenzen.",  # noqa: E501 - text
            "Die ersten Wochen enthalten eine Einschwingphase, in der die Menschen lernen, wo es schnell geht.",
        ],
        "en": [
            "Every resident is an agent; needs, trips, queues and learning are simulated (model description: docs/MODEL.md).",  # noqa: E501 - text
            "Values marked ESTIMATE in the scenario files are estimates, not official figures.",
            "Ortsteil borders on the map are approximated (Voronoi cells of the Ortsteil centres), not official boundaries.",  # noqa: E501 - text
            "The first weeks include a warm-up in which people learn where service is quick.",
        ],
    },
    "sources": {"de": "Quellen der Leistungen", "en": "Sources of the services"},
}  # fmt: skip


def _text(key: str, language: str, **values: Any) -> Any:
    entry = TEXT[key][language if language in TEXT[key] else "en"]
    return entry.format(**values) if values and isinstance(entry, str) else entry


@dataclass(frozen=True)
class ReportInput:
    """What the report shows: the compared entries, their results and scenarios, in one language."""

    entries: list[Entry]
    results: list[RunResult]
    scenarios: list[Scenario]
    language: str
    values: Values | None = None  # every KPI per scenario and replication, for the paired intervals


def _cell(kpi: Kpi, summary: dict[str, Any], reference: dict[str, Any] | None, language: str,
          paired: Difference | None = None) -> str:  # fmt: skip
    """Return a KPI's cell: the value (the mean with replications) with its interval, and the difference below.

    With replications the difference is the mean of the paired differences ± its half-width, said in
    words where it is not distinguishable from zero.
    """
    value = kpi_mean(kpi, summary)
    text = html.escape(kpi.format(value, language))
    interval = summary.get("replications", {}).get("kpis", {}).get(kpi.key)
    if interval and summary["replications"]["count"] > 1:
        low = kpi.format(interval["ci95_low"] * kpi.scale, language)
        high = kpi.format(interval["ci95_high"] * kpi.scale, language)
        text += f" <span class='delta'>({html.escape(low)} – {html.escape(high)})</span>"
    if paired is not None:
        difference = f"{kpi.format(paired.mean, language, signed=True)} ± {kpi.format(paired.half_width, language)}"
        if paired.contains_zero:
            difference += f" ({label('not_distinguishable', language)})"
        text += f"<br><span class='delta'>{html.escape(difference)}</span>"
    elif reference is not None:
        difference = kpi.format(value - kpi_mean(kpi, reference), language, signed=True)
        text += f"<br><span class='delta'>{html.escape(difference)}</span>"
    return text


def kpi_table(report: ReportInput) -> str:
    """Return the registry's KPIs for every scenario, with intervals and the difference to the reference."""
    language, results, values = report.language, report.results, report.values
    names = [entry.name(language) for entry in report.entries]
    header = "".join(f"<th>{html.escape(name)}</th>" for name in names)
    rows = []
    reference = results[0].summary
    replicated = values is not None and next(iter(values.values())).shape[1] > 1
    for kpi in kpis_for([result.summary for result in results]):
        cells = []
        for index, result in enumerate(results):
            is_paired = values is not None and replicated and index > 0
            paired = paired_difference(values[kpi.key], index, 0) if values is not None and is_paired else None
            cells.append(f"<td>{_cell(kpi, result.summary, reference if index else None, language, paired)}</td>")
        rows.append(f"<tr><td>{html.escape(kpi_label(kpi, reference, language))}</td>{''.join(cells)}</tr>")
    return f"<table><tr><th></th>{header}</tr>{''.join(rows)}</table>"


def _municipality_table(report: ReportInput, places: Any) -> str:
    names = [entry.name(report.language) for entry in report.entries]
    frame = municipality_table(names, report.results, places, report.language)
    header = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><tr>{header}</tr>{body}</table>"


def _costs(report: ReportInput, places: Any) -> str:
    language = report.language
    rows = []
    for entry, result in zip(report.entries, report.results, strict=True):
        frame = cost_frame([entry.name(language)], [result], places, language)
        rows.append((entry.name(language), dict(zip(frame.iloc[:, 1], frame.iloc[:, 2].astype(float), strict=True))))
    return cost_svg(rows, language, cost_period(report.results[0].summary, language))


def _sources(report: ReportInput) -> str:
    config = report.scenarios[0].config
    items = [
        f"<li><b>{html.escape(pick({'de': s.label.de, 'en': s.label.en}, report.language))}:</b> "
        f"{html.escape(s.source)}</li>"
        for s in config.services.values()
    ]
    items.append(
        f"<li><b>{html.escape(label('explain', report.language))}:</b> {html.escape(config.behaviour.source)}</li>"
    )
    return "<ul class='small'>" + "".join(items) + "</ul>"


def report_html(report: ReportInput) -> str:
    """Return the report as one self-contained HTML page (inline styles and SVG only)."""
    language, results = report.language, report.results
    summary = results[0].summary
    region = report.scenarios[0].region
    places = place_names(region, [scenario.config for scenario in report.scenarios])
    names = [entry.name(language) for entry in report.entries]
    shapes = region_shapes(region)
    shown = results[-1].summary
    layer = "travel_minutes_mean"
    reps = summary.get("replications", {}).get("count", 1)
    meta = _text("meta", language, date=datetime.date.today().isoformat(), days=summary["days"], seed=summary["seed"],
                 reps=reps)  # fmt: skip
    gains = "".join(f"<li>{_bold(line)}</li>" for line in gains_lines(names, results, places, language))
    scenarios = "".join(
        f"<li><b>{html.escape(entry.name(language))}:</b> {html.escape(pick(entry.summary, language))}</li>"
        for entry in report.entries
    )
    map_title = _text("map_title", language, layer=DISTRICT_BY_KEY[layer].label(language), scenario=names[-1])
    assumptions = "".join(f"<li>{html.escape(item)}</li>" for item in _text("assumption_list", language))
    interval_note = _text("interval" if reps > 1 else "no_interval", language, reps=reps)
    title = html.escape(_text("title", language, region=region.name))
    return f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>
<style>{STYLE}</style></head><body>
<h1>{title}</h1>
<div class="meta">{html.escape(meta)} {html.escape(period_note(summary, language))}</div>
<h2>{html.escape(label("who_gains", language))}</h2>
<div class="small">{html.escape(label("gains_reference", language, reference=names[0]))}</div><ul>{gains}</ul>
<h2>{html.escape(label("scenario_descriptions", language))}</h2><ul>{scenarios}</ul>
<h2>{html.escape(_text("kpis", language))}</h2><div class="small">{html.escape(interval_note)}</div>
{kpi_table(report)}
<h2>{html.escape(label("by_municipality", language))}</h2>{_municipality_table(report, places)}
<div class="columns"><div><h2>{html.escape(map_title)}</h2>{map_svg(shown, shapes, places, layer, language)}
<div class="small">{html.escape(label("map_method", language))}</div></div>
<div><h2>{html.escape(label("costs_by_payer", language))}</h2>{_costs(report, places)}
<div class="small">{html.escape(label("cost_payers_note", language))}</div>
<h2>{html.escape(_text("assumptions", language))}</h2><ul class="small">{assumptions}</ul>
<div class="small"><b>{html.escape(_text("sources", language))}</b></div>{_sources(report)}</div></div>
</body></html>
"""


def _bold(line: str) -> str:
    """Return a line with **bold** parts as HTML, everything else escaped."""
    parts = html.escape(line).split("**")
    return "".join(f"<b>{part}</b>" if index % 2 else part for index, part in enumerate(parts))
