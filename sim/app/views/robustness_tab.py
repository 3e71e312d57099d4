"""The tab 'Robustheit': a finished sweep's sensitivity (tornado), the signs that hold, the box where it pays off."""

from pathlib import Path

import altair as alt
import streamlit as st

from sim.analysis.sweep.view import RobustnessView
from sim.app.i18n import label, number, register_labels
from sim.app.jobs import RobustnessJob, SweepJob
from sim.app.names import PlaceNames, place_names, scenario_title
from sim.app.robustness import (
    MEASURES,
    Namer,
    bars_frame,
    box_frames,
    finished_sweeps,
    plan_sweep,
    signs_frame,
    sweep_files_folder,
    sweep_manifest,
    sweeps_root,
)  # fmt: skip
from sim.app.views.charts import localised
from sim.app.views.queued import collect, submit
from sim.app.views.state import SCENARIO_ROOT, kept_choice, shipped_scenario
from sim.app.workload import describe_workload
from sim.errors import InputError
from sim.io.schema import ScenarioConfig

REPORT_SLOT, SWEEP_SLOT = "robustness", "sweep"

register_labels({
    "robustness_intro": {
        "de": (
            "Ein Sweep rechnet dieselben Szenarien über viele Werte unsicherer Parameter (docs/SWEEPS.md). Hier steht, "
            "welcher Parameter eine Differenz am stärksten bewegt, wie oft ihr Vorzeichen hält und wo sich die "
            "Zusammenarbeit für alle Mitglieder lohnt."
        ),
        "en": (
            "A sweep runs the same scenarios over many values of uncertain parameters (docs/SWEEPS.md). This shows "
            "which parameter moves a difference most, how often its sign holds, and where cooperation pays off for "
            "every member."
        ),
    },
    "sweep_result": {"de": "Sweep-Ergebnis", "en": "Sweep result"},
    "no_sweeps": {
        "de": "Noch kein fertiger Sweep. Unten einen kleinen starten, oder: python -m sim sweep scenarios/sweeps/…",
        "en": "No finished sweep yet. Start a small one below, or: python -m sim sweep scenarios/sweeps/…",
    },
    "sweep_about": {
        "de": "{jobs} Läufe, {points} Parameterpunkte, {days} Tage je Lauf, abgeschlossen {finished}.",
        "en": "{jobs} runs, {points} parameter points, {days} days per run, finished {finished}.",
    },
    "signs_title": {"de": "Hält das Vorzeichen?", "en": "Does the sign hold?"},
    "tornado_title": {"de": "Welcher Parameter bewegt die Differenz?", "en": "Which parameter moves the difference?"},
    "tornado_choice": {"de": "Differenz", "en": "Difference"},
    "box_title": {"de": "Wo lohnt sich »{scenario}« für alle?", "en": "Where does '{scenario}' pay off for everyone?"},
    "box_found": {
        "de": "In {share} % der Parameterpunkte sparen alle Mitglieder. PRIM-Box: Dichte {density} %, Abdeckung {coverage} %, Anteil des Raums {mass} %.",  # noqa: E501 - text
        "en": "In {share} % of the parameter points every member saves. PRIM box: density {density} %, coverage {coverage} %, share of the space {mass} %.",  # noqa: E501 - text
    },
    "box_none": {
        "de": "PRIM findet keine Einschränkung der Parameter, unter der es sich fast überall für alle lohnt.",
        "en": "PRIM finds no restriction of the parameters under which it pays off for everyone nearly everywhere.",
    },
    "start_sweep": {"de": "Einen kleinen Sweep im Browser starten", "en": "Start a small sweep in the browser"},
    "sweep_file": {"de": "Sweep-Datei", "en": "Sweep file"},
    "sweep_start_button": {"de": "Sweep starten", "en": "Start the sweep"},
    "sweep_done": {"de": "Der Sweep ist fertig und steht oben zur Auswahl.", "en": "The sweep has finished and can be chosen above."},  # noqa: E501 - text
})  # fmt: skip


def _namer(folder: Path, lang: str) -> Namer:
    """Return readable names from the sweep's scenarios that are shipped files (never a file outside scenarios/)."""
    titles: dict[str, str] = {}
    config: ScenarioConfig | None = None
    places: PlaceNames | None = None
    for slug, about in sweep_manifest(folder).get("scenarios", {}).items():
        path = Path(str(about.get("file", "")))
        if not path.is_file() or SCENARIO_ROOT.resolve() not in path.resolve().parents:
            continue
        scenario = shipped_scenario(path.resolve())
        titles[slug] = scenario_title(scenario.config)[lang]
        if config is None:
            config, places = scenario.config, place_names(scenario.region, [scenario.config])
    return Namer(titles, config, places, lang)


def _tornado(view: RobustnessView, namer: Namer, lang: str) -> None:
    differences = list(dict.fromkeys(view.bars["difference"]))
    if not differences:
        return
    st.markdown(f"**{label('tornado_title', lang)}**")
    chosen = kept_choice(st.selectbox, label("tornado_choice", lang), differences, "tornado_difference",
                         differences[0], format_func=namer.difference)  # fmt: skip
    frame = bars_frame(view, namer, chosen)
    parameter, measure, low, high = frame.columns
    order = list(frame[parameter])
    bars = alt.Chart(frame).mark_bar(color="#4c78a8").encode(
        y=alt.Y(f"{parameter}:N", title=parameter, sort=order, axis=alt.Axis(labelLimit=0)),
        x=alt.X(f"{measure}:Q", title=measure), tooltip=[parameter, measure, low, high],
    )  # fmt: skip
    whiskers = (
        alt.Chart(frame)
        .mark_rule(color="black")
        .encode(
            y=alt.Y(f"{parameter}:N", sort=order, title=parameter), x=alt.X(f"{low}:Q", title=measure), x2=f"{high}:Q"
        )
    )
    st.altair_chart(localised(bars + whiskers, lang), width="stretch")
    st.caption(label(MEASURES[view.measure], lang))


def _boxes(view: RobustnessView, namer: Namer, lang: str) -> None:
    for slug, (table, figures) in box_frames(view, namer).items():
        st.markdown(f"**{label('box_title', lang, scenario=namer.scenario(slug))}**")
        shares = {k: number(100 * figures[k], lang) for k in ("share_paying_off", "density", "coverage", "mass")}
        st.write(label("box_found", lang, share=shares["share_paying_off"], density=shares["density"],
                       coverage=shares["coverage"], mass=shares["mass"]))  # fmt: skip
        if figures["any_restricted"]:
            st.table(table, hide_index=True)
        else:
            st.caption(label("box_none", lang))


def show_view(view: RobustnessView, folder: Path, lang: str) -> None:
    """Draw the signs, the tornado of the chosen difference and the discovered boxes."""
    namer = _namer(folder, lang)
    st.markdown(f"**{label('signs_title', lang)}**")
    st.table(signs_frame(view, namer), hide_index=True)
    _tornado(view, namer, lang)
    _boxes(view, namer, lang)


def _start_sweep(lang: str) -> None:
    files = sorted(sweep_files_folder().glob("*.yaml"))
    with st.expander(label("start_sweep", lang)):
        if not files:
            return
        names = [path.name for path in files]
        chosen = kept_choice(st.selectbox, label("sweep_file", lang), names, "sweep_file", names[0])
        path = files[names.index(chosen)]
        try:
            plan = plan_sweep(path, lang)
        except InputError as error:
            st.error(error.describe())
            return
        st.caption(describe_workload(plan.workload, plan.jobs, 1, lang))
        if plan.refusal is not None:
            st.warning(plan.refusal)
        if st.button(label("sweep_start_button", lang), key="sweep_start", disabled=plan.refusal is not None):
            job = SweepJob(path, sweeps_root() / plan.name)
            submit(SWEEP_SLOT, [(("sweep", str(path), path.stat().st_mtime_ns), job)], lang)
        if collect(SWEEP_SLOT, lang) is not None:
            st.success(label("sweep_done", lang))


def draw_robustness(lang: str) -> None:
    """Draw the tab: choose a finished sweep, read its robustness; start a small sweep (capped) below."""
    st.caption(label("robustness_intro", lang))
    _start_sweep(lang)
    folders = finished_sweeps(sweeps_root())
    if not folders:
        st.info(label("no_sweeps", lang))
        return
    names = list(folders)
    chosen = kept_choice(st.selectbox, label("sweep_result", lang), names, "sweep_result", names[-1])
    folder = folders[chosen]
    manifest = sweep_manifest(folder)
    days = manifest.get("sweep", {}).get("days") or "–"
    st.caption(label("sweep_about", lang, jobs=number(manifest.get("jobs", 0), lang), points=manifest.get("points", 0),
                     days=days, finished=manifest.get("finished_utc", "?")))  # fmt: skip
    key = ("robustness", str(folder), (folder / "results.parquet").stat().st_mtime_ns)
    done = st.session_state.get(f"done_{REPORT_SLOT}")
    if done is None or done[0] != (key,):
        submit(REPORT_SLOT, [(key, RobustnessJob(folder))], lang)
    done = collect(REPORT_SLOT, lang)
    if done is not None and done[0] == (key,):
        show_view(done[1][0], folder, lang)
