"""Municipalities adopting shared solutions as the app shows them: curve, map of adopters, costs (no Streamlit).

The model is sim/analysis/diffusion.py (docs/YEARS_AHEAD.md, section 2); its run goes through the
app's queue (sim/app/jobs.py). The tables come from sim/analysis/diffusion_views.py; this module
gives them readable headers, estimates the simulated runs the benefits need, and builds the map.
"""

from pathlib import Path
from typing import Any

import pandas as pd
import pydeck as pdk

from sim.analysis.diffusion import WORLDS, DiffusionResult
from sim.analysis.diffusion_views import adopters_in_year, adoption_curve_table, cost_comparison
from sim.app.geometry import fit_zoom
from sim.app.i18n import label, number, register_labels
from sim.app.names import Texts, pick
from sim.app.workload import Workload, estimate_batch
from sim.io.config import load_scenario
from sim.io.diffusion_config import LoadedDiffusion
from sim.runner import with_seed_and_days

MAP_WIDTH_PX, MAP_HEIGHT_PX = 900, 520
COLOURS = {"pioneer": [20, 40, 120, 230], "adopted": [46, 125, 50, 210], "not_yet": [180, 180, 180, 170]}
SOLUTION_NAMES: dict[str, Texts] = {
    "online_services": {"de": "Digitale Bürgerdienste (Online-Formulare, Online-Termine)",
                        "en": "Digital citizen services (online forms, online appointments)"},
    "data_platform": {"de": "Gemeinsame Datenplattform", "en": "Shared data platform"},
}  # fmt: skip

register_labels({
    "diffusion_tab": {"de": "Verbreitung", "en": "Adoption"},
    "world_shared": {"de": "einmal entwickelt, geteilt", "en": "developed once, shared"},
    "world_alone": {"de": "jede Kommune entwickelt allein", "en": "every municipality develops alone"},
    "world": {"de": "Welt", "en": "World"},
    "adopters": {"de": "Kommunen, die sie nutzen", "en": "Municipalities using it"},
    "residents_share_percent": {"de": "Anteil der Einwohner (%)", "en": "Share of residents (%)"},
    "solution": {"de": "Lösung", "en": "Solution"},
    "adopters_end": {"de": "Nutzer am Ende", "en": "Adopters at the end"},
    "one_off_per_adopter": {"de": "Einmalkosten je Nutzer (EUR)", "en": "One-off cost per adopter (EUR)"},
    "total_per_adopter": {"de": "Kosten bis zum Ende je Nutzer (EUR)", "en": "Cost to the end per adopter (EUR)"},
    "alone_per_adopter": {"de": "dieselben Nutzer jeweils allein (EUR je Nutzer)", "en": "the same adopters each alone (EUR per adopter)"},  # noqa: E501 - text
    "status_pioneer": {"de": "Pionier", "en": "pioneer"},
    "status_adopted": {"de": "nutzt sie", "en": "uses it"},
    "status_not_yet": {"de": "noch nicht", "en": "not yet"},
    "tooltip_adopter": {
        "de": "{name} ({population} Einwohner): {status}{since}.",
        "en": "{name} ({population} residents): {status}{since}.",
    },
    "since_year": {"de": " seit {year}", "en": " since {year}"},
})  # fmt: skip


def diffusion_files(scenario_root: Path, region: str) -> list[Path]:
    """Return the diffusion files shipped for a region (scenarios/<region>/diffusion/*.yaml)."""
    return sorted((scenario_root / region / "diffusion").glob("*.yaml"))


def solution_name(loaded: LoadedDiffusion, solution: str, language: str) -> str:
    """Return a solution's name in the language (the file's name where no translation is known)."""
    return (
        pick(SOLUTION_NAMES[solution], language)
        if solution in SOLUTION_NAMES
        else loaded.config.solutions[solution].name
    )


def benefit_workload(loaded: LoadedDiffusion) -> tuple[int, Workload]:
    """Return the runs the benefits need (two per solution with benefit_runs; cached afterwards) and their work."""
    jobs = []
    for solution in loaded.config.solutions.values():
        runs = solution.benefit_runs
        if runs is None:
            continue
        for name in (runs.baseline, runs.variant):
            jobs.append((with_seed_and_days(load_scenario(loaded.path.parent / name), days=runs.days), 1))
    return len(jobs), estimate_batch(jobs)


def _year_fraction(year: float) -> str:
    whole = int(year)
    quarter = round((year - whole) * 4) + 1
    return f"{whole}" if quarter == 1 else f"{whole}/Q{quarter}"


def curve_frame(result: DiffusionResult, solution: str, language: str) -> pd.DataFrame:
    """Return the adoption curve of a solution in both worlds: year, world, adopters, share of residents."""
    table = adoption_curve_table(result, solution)
    year, world = label("year", language), label("world", language)
    adopters, share = label("adopters", language), label("residents_share_percent", language)
    rows = []
    for record in table.to_dict("records"):
        for kind in WORLDS:
            rows.append({year: float(record["year"]), world: label(f"world_{kind}", language),
                         adopters: int(record[f"adopters_{kind}"]),
                         share: round(100.0 * float(record[f"residents_share_{kind}"]), 1)})  # fmt: skip
    return pd.DataFrame(rows)


def cost_frame(result: DiffusionResult, loaded: LoadedDiffusion, language: str) -> pd.DataFrame:
    """Return per solution and world: adopters at the end and the costs per adopter, with readable headers."""
    costs = cost_comparison(result)

    def money(value: Any) -> str:
        return "–" if pd.isna(value) else number(float(value), language)

    return pd.DataFrame({
        label("solution", language): [solution_name(loaded, s, language) for s in costs["solution"]],
        label("world", language): [label(f"world_{w}", language) for w in costs["world"]],
        label("adopters_end", language): costs["adopters"].astype(int).to_numpy(),
        label("one_off_per_adopter", language): [money(v) for v in costs["one_off_eur_per_adopter"]],
        label("total_per_adopter", language): [money(v) for v in costs["total_eur_per_adopter"]],
        label("alone_per_adopter", language): [money(v) for v in costs["same_adopters_alone_eur_per_adopter"]],
    })  # fmt: skip


def adopter_rows(result: DiffusionResult, solution: str, year: int, language: str) -> list[dict[str, Any]]:
    """Return the map's points: every municipality, coloured by whether it uses the solution by the end of `year`."""
    table = adopters_in_year(result, solution, year)
    rows = []
    for record in table.to_dict("records"):
        status = "pioneer" if record["is_pioneer"] and record["has_adopted"] else (
            "adopted" if record["has_adopted"] else "not_yet")  # fmt: skip
        since = (
            label("since_year", language, year=_year_fraction(record["adopted_year"])) if record["has_adopted"] else ""
        )
        rows.append({
            "position": [record["lon"], record["lat"]], "colour": COLOURS[status],
            "radius": 3.0 + 9.0 * (record["population"] / 80000.0) ** 0.5,
            "tooltip": label("tooltip_adopter", language, name=record["name"],
                             population=number(record["population"], language),
                             status=label(f"status_{status}", language), since=since),
        })  # fmt: skip
    return rows


def adopter_deck(rows: list[dict[str, Any]], show_background: bool) -> pdk.Deck:
    """Return a map of the municipalities as dots, fitted to their extent."""
    lons, lats = [r["position"][0] for r in rows], [r["position"][1] for r in rows]
    bounds = (min(lons) - 0.05, min(lats) - 0.05, max(lons) + 0.05, max(lats) + 0.05)
    layer = pdk.Layer("ScatterplotLayer", rows, id="adopters", get_position="position", get_radius="radius",
                      radius_units=pdk.types.String("pixels"), get_fill_color="colour", stroked=True,
                      get_line_color=[255, 255, 255, 255], line_width_min_pixels=1, pickable=True)  # fmt: skip
    view = pdk.ViewState(longitude=(bounds[0] + bounds[2]) / 2, latitude=(bounds[1] + bounds[3]) / 2,
                         zoom=round(fit_zoom(bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX) - 0.15, 2))  # fmt: skip
    tooltip = {"html": "{tooltip}", "style": {"fontSize": "14px", "maxWidth": "320px", "whiteSpace": "normal"}}
    style = pdk.map_styles.CARTO_LIGHT if show_background else None
    return pdk.Deck(layers=[layer], initial_view_state=view, map_style=style, tooltip=tooltip, map_provider="carto")
