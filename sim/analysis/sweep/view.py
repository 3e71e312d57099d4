"""The tables behind the app's "Robustheit" view of a finished sweep (pure: no Streamlit, no runs)."""

from dataclasses import dataclass

import pandas as pd

from sim.analysis.sweep.report import SensitivityReport, box_table
from sim.analysis.sweep.sensitivity import SEPARATOR

MAX_BROWSER_JOBS = 200  # the app may start sweeps up to this many jobs; larger ones belong on the command line


@dataclass(frozen=True)
class RobustnessView:
    """Bars per KPI difference (tornado or Sobol), the share of the space keeping each sign, the discovered boxes."""

    bars: pd.DataFrame  # difference, parameter, measure, value, low, high; sorted for a tornado per difference
    measure: str  # "ST" (Sobol total), "mu_star" (Morris) or "spearman" (rank correlation)
    signs: pd.DataFrame  # difference, as_shipped, sign, share_of_space, share_of_runs, verdict
    boxes: pd.DataFrame  # scenario, parameter, low, high, restricted, coverage, density, mass


def robustness_view(report: SensitivityReport) -> RobustnessView:
    """Return what the view shows, from a sensitivity report (see sim.analysis.sweep.report.analyse_folder)."""
    measure, spread = {"sobol": ("ST", "ST_conf"), "morris": ("mu_star", "mu_star_conf"), "rank": ("spearman", None)}[
        report.method
    ]
    differences = report.indices[report.indices["output"].str.contains(SEPARATOR, regex=False)]
    bars = pd.DataFrame({"difference": differences["output"], "parameter": differences["parameter"],
                         "measure": measure, "value": differences[measure]})  # fmt: skip
    half = differences[spread] if spread else 0.0
    bars["low"], bars["high"] = bars["value"] - half, bars["value"] + half
    bars["order"] = bars["value"].abs()
    bars = bars.sort_values(["difference", "order"], ascending=[True, False]).drop(columns="order")
    columns = ["difference", "as_shipped", "sign", "share_of_space", "share_of_runs", "verdict"]
    signs = report.robustness.loc[:, columns] if len(report.robustness) else pd.DataFrame(columns=columns)
    return RobustnessView(bars.reset_index(drop=True), measure, signs, box_table(report))


def may_start_in_browser(jobs: int) -> bool:
    """Return whether a sweep of this many jobs may be started from the app (never above MAX_BROWSER_JOBS)."""
    return 0 < jobs <= MAX_BROWSER_JOBS
