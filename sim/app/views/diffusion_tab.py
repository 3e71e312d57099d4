"""The tab 'Verbreitung': how a shared solution spreads from the pioneers year by year, and its cost per adopter."""

from pathlib import Path

import altair as alt
import streamlit as st

from sim.analysis.diffusion import DiffusionResult
from sim.app.diffusion_view import (
    adopter_deck,
    adopter_rows,
    benefit_workload,
    cost_frame,
    curve_frame,
    diffusion_files,
    solution_name,
)  # fmt: skip
from sim.app.i18n import label, register_labels
from sim.app.jobs import DiffusionJob, cache_folder
from sim.app.views.charts import localised
from sim.app.views.queued import collect, submit
from sim.app.views.state import SCENARIO_ROOT, kept_choice, remember, remembered
from sim.app.workload import describe_workload, refusal
from sim.io.diffusion_config import LoadedDiffusion, load_diffusion

SLOT = "diffusion"

register_labels({
    "diffusion_intro": {
        "de": (
            "Jede Kommune entscheidet vierteljährlich, ob sich eine Lösung für sie lohnt: ihr Anteil an der "
            "Entwicklung plus eigene Einführung gegen den Nutzen (Zeit der Verwaltung und der Bürger). Nachbarn, "
            "Kreis und Kooperationen machen den Nutzen glaubwürdiger; je mehr mitmachen, desto billiger wird es "
            "(docs/YEARS_AHEAD.md). Verglichen mit einer Welt, in der jede allein entwickelt."
        ),
        "en": (
            "Every municipality decides each quarter whether a solution is worth it: its share of the development plus "
            "its own roll-out against the benefit (staff time and residents' time). Neighbours, the Kreis and "
            "cooperations make the benefit credible; the more join, the cheaper it gets (docs/YEARS_AHEAD.md). "
            "Compared with a world in which every municipality develops alone."
        ),
    },
    "no_diffusion": {
        "de": "Für diese Region gibt es kein Verbreitungsmodell. Bitte in der Seitenleiste Südwestfalen wählen.",
        "en": "This region has no adoption model. Please choose Südwestfalen in the sidebar.",
    },
    "diffusion_file": {"de": "Modell", "en": "Model"},
    "diffusion_run": {"de": "Verbreitung rechnen", "en": "Run the adoption model"},
    "diffusion_press": {"de": "»Verbreitung rechnen« drücken.", "en": "Press 'Run the adoption model'."},
    "adoption_curve": {"de": "Wie viele Kommunen die Lösung nutzen", "en": "How many municipalities use the solution"},
    "adopters_map": {"de": "Wer sie Ende {year} nutzt", "en": "Who uses it at the end of {year}"},
    "map_year": {"de": "Jahr auf der Karte", "en": "Year on the map"},
    "costs_per_adopter": {"de": "Kosten je Nutzer", "en": "Costs per adopter"},
    "legend_adopters": {
        "de": "Dunkelblau: Pionier, grün: nutzt sie, grau: noch nicht; Größe nach Einwohnern (gemeinsame Entwicklung).",
        "en": "Dark blue: pioneer, green: uses it, grey: not yet; size by residents (shared development).",
    },
})  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=4)
def _loaded(path: str, modified_ns: int) -> LoadedDiffusion:
    return load_diffusion(path)


def _curve(result: DiffusionResult, solution: str, lang: str) -> None:
    frame = curve_frame(result, solution, lang)
    year, world, adopters, share = frame.columns
    st.markdown(f"**{label('adoption_curve', lang)}**")
    chart = alt.Chart(frame).mark_line(interpolate="step-after").encode(
        x=alt.X(f"{year}:Q", title=year, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False)),
        y=alt.Y(f"{adopters}:Q", title=adopters),
        color=alt.Color(f"{world}:N", title=world, legend=alt.Legend(orient="bottom", labelLimit=0)),
        tooltip=[alt.Tooltip(f"{year}:Q", format=".2f"), world, adopters, share],
    )  # fmt: skip
    st.altair_chart(localised(chart, lang), width="stretch")


def _map(result: DiffusionResult, solution: str, first: int, last: int, lang: str) -> None:
    remembered("diffusion_year", list(range(first, last + 1)), last)
    year = st.slider(label("map_year", lang), first, last, key="diffusion_year")
    remember("diffusion_year")
    st.markdown(f"**{label('adopters_map', lang, year=year)}**")
    st.pydeck_chart(adopter_deck(adopter_rows(result, solution, int(year), lang), True), height=520,
                    key="diffusion_map")  # fmt: skip
    st.caption(label("legend_adopters", lang))


def show_result(result: DiffusionResult, loaded: LoadedDiffusion, lang: str) -> None:
    """Draw a finished model: the solution chooser, its curve, the map of adopters by year and the costs."""
    solutions = list(loaded.config.solutions)
    solution = kept_choice(st.selectbox, label("solution", lang), solutions, "diffusion_solution", solutions[0],
                           format_func=lambda s: solution_name(loaded, s, lang))  # fmt: skip
    _curve(result, solution, lang)
    _map(result, solution, loaded.config.start_year, loaded.config.end_year, lang)
    st.markdown(f"**{label('costs_per_adopter', lang)}**")
    st.table(cost_frame(result, loaded, lang), hide_index=True)


def draw_diffusion(lang: str) -> None:
    """Draw the tab: the region's adoption model, its cost beforehand, the run button and the result."""
    st.caption(label("diffusion_intro", lang))
    files = diffusion_files(SCENARIO_ROOT, str(st.session_state.get("region", "")))
    if not files:
        st.info(label("no_diffusion", lang))
        return
    names = [path.stem for path in files]
    chosen = kept_choice(st.selectbox, label("diffusion_file", lang), names, "diffusion_file", names[0])
    path = files[names.index(chosen)]
    loaded = _loaded(str(path), path.stat().st_mtime_ns)
    runs, workload = benefit_workload(loaded)
    st.caption(describe_workload(workload, runs, min(runs, 2), lang))
    refused = refusal(workload)
    key = ("diffusion", loaded.sha256, loaded.config.seed)
    if st.button(label("diffusion_run", lang), key="diffusion_run", type="primary", disabled=refused is not None):
        submit(SLOT, [(key, DiffusionJob(Path(path), None, cache_folder("diffusion")))], lang)
    done = collect(SLOT, lang)
    if done is None or done[0] != (key,):
        st.info(label("diffusion_press", lang))
        return
    show_result(done[1][0], loaded, lang)
