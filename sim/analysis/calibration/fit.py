"""Fitting: SciPy least squares over the named parameters, common random numbers, and the calibrated file."""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.calibration.figures import FIGURES_HELP, figure_value, run_figures
from sim.analysis.calibration.targets import Targets
from sim.analysis.sweep.jobs import merged_data, point_scenario
from sim.analysis.sweep.spec import value_at
from sim.errors import InputError

DIFF_STEP = 0.05  # relative finite-difference step: with common random numbers the loss is a fine staircase


@dataclass
class Evaluations:
    """Every evaluation of the model during a fit, cached by parameter values."""

    targets: Targets
    days: int
    cache: dict[tuple[float, ...], dict[str, float]] = field(default_factory=dict)

    def figures(self, x: np.ndarray) -> dict[str, float]:
        """Return the target figures at parameter values x (one run with the fixed seed)."""
        key = tuple(round(float(v), 12) for v in x)
        if key not in self.cache:
            spec = self.targets.spec
            values = dict(zip(spec.parameters, key, strict=True))
            multiply = {name: p.multiply for name, p in spec.parameters.items()}
            scenario = point_scenario(self.targets.scenario, values, multiply, self.targets.seed, self.days)
            figures, summary = run_figures(scenario)
            found = {}
            for name, target in spec.targets.items():
                try:
                    found[name] = figure_value(figures, summary, target.figure)
                except (KeyError, TypeError, ValueError):
                    message = f"unknown figure '{target.figure}'; expected {FIGURES_HELP}"
                    raise InputError(self.targets.path, f"targets.{name}.figure", message) from None
            self.cache[key] = found
        return self.cache[key]

    def residuals(self, x: np.ndarray) -> np.ndarray:
        """Return (simulated - target) / tolerance for every target."""
        found = self.figures(x)
        targets = self.targets.spec.targets
        return np.array([(found[name] - t.value) / t.tolerance for name, t in targets.items()])


@dataclass(frozen=True)
class CalibrationResult:
    """The fitted values, the fit table and what is needed to reproduce it."""

    values: dict[str, float]
    start: dict[str, float]
    loss_start: float
    loss: float
    fit: pd.DataFrame  # target, figure, value, tolerance, simulated_start, simulated, within, source
    evaluations: int
    seed: int
    days: int
    message: str


def start_values(targets: Targets) -> dict[str, float]:
    """Return the shipped values of the fitted parameters (1.0 for a multiplier), clipped into their bounds."""
    found = {}
    for name, parameter in targets.spec.parameters.items():
        low, high = parameter.range or (0.0, 1.0)
        shipped = 1.0 if parameter.multiply else float(value_at(targets.scenario.resolved, name))
        found[name] = float(np.clip(shipped, low, high))
    return found


def calibrate(targets: Targets, days: int | None = None, start: dict[str, float] | None = None) -> CalibrationResult:
    """Fit the parameters by bounded least squares (SciPy, trust region) with the same seed in every run."""
    from scipy.optimize import least_squares

    spec = targets.spec
    horizon = days or spec.days
    evaluations = Evaluations(targets, horizon)
    first = start or start_values(targets)
    x0 = np.array([first[name] for name in spec.parameters])
    bounds = (np.array([p.range[0] for p in spec.parameters.values() if p.range]),
              np.array([p.range[1] for p in spec.parameters.values() if p.range]))  # fmt: skip
    solution = least_squares(evaluations.residuals, x0, bounds=bounds, diff_step=DIFF_STEP, method="trf",
                             max_nfev=spec.max_evaluations, x_scale=np.maximum(np.abs(x0), 0.5))  # fmt: skip
    fitted = dict(zip(spec.parameters, (float(v) for v in solution.x), strict=True))
    at_start, at_end = evaluations.figures(x0), evaluations.figures(solution.x)
    fit = pd.DataFrame([{"target": name, "figure": t.figure, "value": t.value, "tolerance": t.tolerance,
                         "simulated_start": at_start[name], "simulated": at_end[name],
                         "within": abs(at_end[name] - t.value) <= t.tolerance, "source": t.source}
                        for name, t in spec.targets.items()])  # fmt: skip
    return CalibrationResult(fitted, first, float(np.sum(evaluations.residuals(x0) ** 2)),
                             float(np.sum(solution.fun**2)), fit, len(evaluations.cache), targets.seed, horizon,
                             str(solution.message))  # fmt: skip


def format_fit(result: CalibrationResult) -> str:
    """Return the fitted values and the fit table as text."""
    lines = [f"loss (sum of squared (simulated - target) / tolerance): {result.loss_start:.3f} -> {result.loss:.3f} "
             f"after {result.evaluations} runs of {result.days} days, seed {result.seed}"]  # fmt: skip
    for name, value in result.values.items():
        lines.append(f"  {name}: {result.start[name]:.4g} -> {value:.4g}")
    lines.append(f"  {'target':<34} {'value':>8} {'tol':>7} {'start':>8} {'fitted':>8}")
    for row in result.fit.itertuples():
        mark = "" if row.within else "  (outside tolerance)"
        lines.append(f"  {row.target:<34} {row.value:8.4g} {row.tolerance:7.3g} {row.simulated_start:8.4g} "
                     f"{row.simulated:8.4g}{mark}")  # fmt: skip
    return "\n".join(lines)


def _rounded(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return round(float(value), 4) if isinstance(value, float) else value


def calibrated_fragment(targets: Targets, result: CalibrationResult, when: str) -> dict[str, Any]:
    """Return the scenario fragment that sets the fitted values (multipliers applied), with sources noted."""
    multiply = {name: p.multiply for name, p in targets.spec.parameters.items()}
    data = merged_data(targets.scenario.resolved, result.values, multiply)
    fragment: dict[str, Any] = {}
    note = (f" CALIBRATED ({when}, python -m sim calibrate {targets.path.name}, seed {result.seed}, "
            f"{result.days} days, loss {result.loss:.3g}; see calibration.json).")  # fmt: skip
    for name in targets.spec.parameters:
        parts = name.split(".")
        node = fragment
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _rounded(value_at(data, name))
        owner = ".".join(parts[:2]) if parts[0] == "services" else parts[0]
        owner_node = value_at(fragment, owner)
        owner_node["source"] = str(value_at(targets.scenario.resolved, owner).get("source", "")).rstrip() + note
    return fragment
