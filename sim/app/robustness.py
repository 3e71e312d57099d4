"""'Robustheit': a finished sweep as the app shows it (readable names, tables; no Streamlit).

The sweep and its sensitivity report are built elsewhere (sim/analysis/sweep/, docs/SWEEPS.md);
`robustness_view` gives the tables. This module finds the finished sweep folders and the sweep files
the browser may start (never more than MAX_BROWSER_JOBS jobs, and within the app's work caps), and
turns key paths ('by_service.citizen_office.wait_minutes.mean', 'behaviour.border_penalty_minutes')
into the names a planner reads.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.sweep.design import point_count
from sim.analysis.sweep.sensitivity import SEPARATOR
from sim.analysis.sweep.spec import load_sweep
from sim.analysis.sweep.store import read_manifest
from sim.analysis.sweep.view import MAX_BROWSER_JOBS, RobustnessView, may_start_in_browser
from sim.app.i18n import label, number, register_labels
from sim.app.jobs import ROOT
from sim.app.names import PlaceNames, Texts, pick, service_label
from sim.app.workload import Workload, describe_refusal, estimate_job, refusal
from sim.io.schema import ScenarioConfig
from sim.runner import with_seed_and_days
from sim.summary.kpi_registry import BY_KEY, MUNICIPALITY_KPIS

SWEEPS_ENV = "IKZ_SIM_SWEEPS"  # where finished sweeps are read from and browser sweeps are written to
SWEEP_FILES_ENV = "IKZ_SIM_SWEEP_FILES"  # which sweep files the browser may start
MEASURES = {"ST": "measure_sobol", "mu_star": "measure_morris", "spearman": "measure_rank"}
SIGNS = {"+": "sign_plus", "-": "sign_minus", "0": "sign_zero"}  # words: a lone "+" reads as a list bullet
VERDICTS = {
    "robust": "verdict_robust",
    "mostly holds": "verdict_mostly",
    "depends on the parameters": "verdict_depends",
}
PARAMETER_LABELS: dict[str, Texts] = {
    "behaviour.time_weight_per_minute": {
        "de": "Gewicht der Fahrzeit je Minute",
        "en": "weight of travel time per minute",
    },  # noqa: E501 - text
    "behaviour.wait_weight_per_minute": {"de": "Gewicht der Wartezeit je Minute", "en": "weight of waiting per minute"},
    "behaviour.border_penalty_minutes": {"de": "Aufschlag für die Gemeindegrenze (min)", "en": "border penalty (min)"},
    "behaviour.consideration_set_size": {"de": "Zahl der erwogenen Orte", "en": "places considered"},
    "behaviour.lift_constant": {"de": "Konstante für Mitfahrt", "en": "lift constant"},
    "behaviour.initial_expected_wait_minutes": {
        "de": "anfangs erwartete Wartezeit (min)",
        "en": "initially expected wait (min)",
    },  # noqa: E501 - text
}

register_labels({
    "robustness_tab": {"de": "Robustheit", "en": "Robustness"},
    "measure_sobol": {"de": "Sobol-Gesamteffekt (ST)", "en": "total Sobol index (ST)"},
    "measure_morris": {"de": "Morris-Effekt μ*", "en": "Morris effect μ*"},
    "measure_rank": {"de": "Rangkorrelation (Spearman)", "en": "rank correlation (Spearman)"},
    "verdict_robust": {"de": "robust", "en": "robust"},
    "verdict_mostly": {"de": "hält meistens", "en": "mostly holds"},
    "verdict_depends": {"de": "hängt von den Parametern ab", "en": "depends on the parameters"},
    "parameter": {"de": "Parameter", "en": "Parameter"},
    "difference_of": {"de": "{kpi}: {scenario} minus {reference}", "en": "{kpi}: {scenario} minus {reference}"},
    "as_shipped": {"de": "wie ausgeliefert", "en": "as shipped"},
    "sign": {"de": "Vorzeichen", "en": "Sign"},
    "sign_plus": {"de": "positiv (Zunahme)", "en": "positive (increase)"},
    "sign_minus": {"de": "negativ (Abnahme)", "en": "negative (decrease)"},
    "sign_zero": {"de": "null", "en": "zero"},
    "share_of_space": {"de": "Anteil des Parameterraums mit diesem Vorzeichen (%)", "en": "Share of the space with this sign (%)"},  # noqa: E501 - text
    "share_of_runs": {"de": "Anteil der Läufe mit diesem Vorzeichen (%)", "en": "Share of runs with this sign (%)"},
    "from_value": {"de": "von", "en": "from"},
    "to_value": {"de": "bis", "en": "to"},
    "restricted": {"de": "eingeschränkt", "en": "restricted"},
    "yes": {"de": "ja", "en": "yes"},
    "no": {"de": "nein", "en": "no"},
    "service_prefix": {"de": "{service}: {figure}", "en": "{service}: {figure}"},
    "multiplier_of": {"de": "{service}: {figure} (Faktor)", "en": "{service}: {figure} (factor)"},
    "sweep_too_large": {
        "de": "Dieser Sweep hat {jobs} Läufe; im Browser sind höchstens {cap} erlaubt. Bitte auf der Kommandozeile starten: python -m sim sweep {file}",  # noqa: E501 - text
        "en": "This sweep has {jobs} runs; the browser allows at most {cap}. Please start it on the command line: python -m sim sweep {file}",  # noqa: E501 - text
    },
})  # fmt: skip


def sweeps_root() -> Path:
    """Return the folder whose sub-folders are sweep results (results/sweeps, or $IKZ_SIM_SWEEPS)."""
    return Path(os.environ.get(SWEEPS_ENV) or ROOT / "results" / "sweeps")


def sweep_files_folder() -> Path:
    """Return the folder of sweep files the browser may start (scenarios/sweeps, or $IKZ_SIM_SWEEP_FILES)."""
    return Path(os.environ.get(SWEEP_FILES_ENV) or ROOT / "scenarios" / "sweeps")


def finished_sweeps(root: Path) -> dict[str, Path]:
    """Return the finished sweep folders directly under root by name (a folder a sweep did not write is skipped)."""
    if not root.is_dir():
        return {}
    found = {}
    for folder in sorted(root.iterdir()):
        manifest = read_manifest(folder) if folder.is_dir() and not folder.is_symlink() else None
        if manifest is not None and manifest.get("status") == "finished" and (folder / "results.parquet").is_file():
            found[folder.name] = folder
    return found


def sweep_manifest(folder: Path) -> dict[str, Any]:
    """Return a finished sweep folder's manifest."""
    return read_manifest(folder) or {}


@dataclass(frozen=True)
class SweepPlan:
    """What starting a sweep file from the browser would take, and why it may not."""

    name: str
    jobs: int
    workload: Workload
    refusal: str | None


def plan_sweep(path: Path, language: str) -> SweepPlan:
    """Count a sweep file's jobs ((points + 1) x scenarios x replications) and estimate its work; say if it is refused.

    Raises:
        InputError: the sweep file is not valid (its message names the key path).
    """
    sweep = load_sweep(path)
    spec = sweep.spec
    runs_per_scenario = (point_count(sweep) + 1) * spec.replications
    jobs = runs_per_scenario * len(sweep.scenarios)
    one = [estimate_job(with_seed_and_days(s, days=spec.days) if spec.days else s) for s in sweep.scenarios.values()]
    workload = Workload(sum(w.requests for w in one) * runs_per_scenario, max(w.peak_bytes for w in one),
                        sum(w.citizen_runs for w in one) * runs_per_scenario)  # fmt: skip
    problem = None
    if not may_start_in_browser(jobs):
        problem = label("sweep_too_large", language, jobs=number(jobs, language), cap=MAX_BROWSER_JOBS, file=path.name)
    elif (refused := refusal(workload)) is not None:
        problem = describe_refusal(refused, language)
    return SweepPlan(spec.name, jobs, workload, problem)


@dataclass(frozen=True)
class Namer:
    """Readable names for a sweep's scenarios, KPIs and parameters, in one language."""

    titles: dict[str, str]  # scenario slug -> title
    config: ScenarioConfig | None  # the first scenario: its services' labels
    places: PlaceNames | None
    language: str

    def scenario(self, slug: str) -> str:
        """Return a scenario's title (its slug in words if it is unknown)."""
        return self.titles.get(slug, slug.replace("_", " "))

    def kpi(self, path: str) -> str:
        """Return a KPI path's label: a registry KPI, a service's or a municipality's figure."""
        if path in BY_KEY:
            return BY_KEY[path].label(self.language)
        head, _, rest = path.partition(".")
        owner, _, figure = rest.partition(".")
        if head == "by_service" and figure in BY_KEY:
            service = service_label(self.config, owner, self.language) if self.config else owner
            return label("service_prefix", self.language, service=service, figure=BY_KEY[figure].label(self.language))
        own = {kpi.key: kpi for kpi in MUNICIPALITY_KPIS}
        if head == "by_municipality" and figure in own:
            town = self.places.municipality(owner) if self.places else owner
            return f"{town}: {own[figure].label(self.language)}"
        return path.replace("_", " ")

    def parameter(self, path: str) -> str:
        """Return a parameter key path's label (the last part in words where none is known)."""
        if path in PARAMETER_LABELS:
            return pick(PARAMETER_LABELS[path], self.language)
        parts = path.split(".")
        if len(parts) >= 3 and parts[0] == "services" and self.config is not None:
            service = service_label(self.config, parts[1], self.language)
            return label("multiplier_of", self.language, service=service, figure=parts[-1].replace("_", " "))
        return parts[-1].replace("_", " ")

    def difference(self, output: str) -> str:
        """Return 'KPI: scenario minus reference' for a sweep output named 'scenario - reference: kpi'."""
        pair, _, kpi = output.partition(": ")
        scenario, _, reference = pair.partition(SEPARATOR)
        return label("difference_of", self.language, kpi=self.kpi(kpi), scenario=self.scenario(scenario),
                     reference=self.scenario(reference))  # fmt: skip


def bars_frame(view: RobustnessView, namer: Namer, difference: str) -> pd.DataFrame:
    """Return one difference's bars for a tornado: parameter, measure value and its interval, largest first."""
    language = namer.language
    rows = view.bars[view.bars["difference"] == difference]
    measure = label(MEASURES[view.measure], language)
    return pd.DataFrame({
        label("parameter", language): [namer.parameter(p) for p in rows["parameter"]],
        measure: rows["value"].round(3).to_numpy(),
        label("ci_low", language): rows["low"].round(3).to_numpy(),
        label("ci_high", language): rows["high"].round(3).to_numpy(),
    })  # fmt: skip


def signs_frame(view: RobustnessView, namer: Namer) -> pd.DataFrame:
    """Return per headline difference its value as shipped, its sign and the shares that keep it, with a verdict."""
    language = namer.language
    signs = view.signs
    return pd.DataFrame({
        label("key_figure", language): [namer.difference(d) for d in signs["difference"]],
        label("as_shipped", language): [number(float(v), language, 2) for v in signs["as_shipped"]],
        label("sign", language): [label(SIGNS.get(str(v), "sign_zero"), language) for v in signs["sign"]],
        label("share_of_space", language): [number(100 * float(v), language) for v in signs["share_of_space"]],
        label("share_of_runs", language): [number(100 * float(v), language) for v in signs["share_of_runs"]],
        label("verdict", language): [label(VERDICTS.get(v, "verdict_depends"), language) for v in signs["verdict"]],
    })  # fmt: skip


def box_frames(view: RobustnessView, namer: Namer) -> dict[str, tuple[pd.DataFrame, dict[str, float]]]:
    """Return per cooperation scenario the discovered box (parameter, from, to, restricted) and its statistics."""
    language = namer.language
    found: dict[str, tuple[pd.DataFrame, dict[str, float]]] = {}
    if view.boxes.empty:
        return found
    for slug, rows in view.boxes.groupby("scenario", sort=False):
        table = pd.DataFrame({
            label("parameter", language): [namer.parameter(p) for p in rows["parameter"]],
            label("from_value", language): [_value(v, language) for v in rows["low"]],
            label("to_value", language): [_value(v, language) for v in rows["high"]],
            label("restricted", language): [label("yes" if r else "no", language) for r in rows["restricted"]],
        })  # fmt: skip
        first = rows.iloc[0]
        statistics = {key: float(first[key]) for key in ("share_paying_off", "density", "coverage", "mass")}
        statistics["any_restricted"] = float(rows["restricted"].any())
        found[str(slug)] = (table, statistics)
    return found


def _value(value: object, language: str) -> str:
    return number(float(value), language, 3) if isinstance(value, int | float) else str(value)
