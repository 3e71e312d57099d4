"""Designs of a sweep: full grid, Latin hypercube, Sobol/Saltelli and Morris samples (SALib), as a points table."""

import itertools
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.sweep.spec import Design, Parameter, Sweep, value_at

REFERENCE_POINT = -1  # the scenarios as shipped: the sign of each headline difference is read there


@dataclass(frozen=True)
class Points:
    """The design: one row per point with the parameter values, plus the raw sample the analyses need."""

    values: pd.DataFrame  # index: point; columns: parameter key paths
    raw: np.ndarray  # (points x parameters) in the problem's space (list parameters as positions)
    problem: dict[str, Any]  # SALib's problem: names and bounds


def problem_of(parameters: dict[str, Parameter]) -> dict[str, Any]:
    """Return SALib's problem: a list parameter is sampled as a position in [0, number of values)."""
    bounds = []
    for parameter in parameters.values():
        if parameter.range is not None:
            bounds.append([float(parameter.range[0]), float(parameter.range[1])])
        else:
            bounds.append([0.0, float(len(parameter.values or []))])
    return {"num_vars": len(parameters), "names": list(parameters), "bounds": bounds}


def _decode(raw: np.ndarray, parameters: dict[str, Parameter], integer: dict[str, bool]) -> pd.DataFrame:
    """Turn raw samples into parameter values: list positions into values, integer ranges rounded."""
    columns: dict[str, list[Any]] = {}
    for column, (name, parameter) in enumerate(parameters.items()):
        if parameter.values is not None:
            positions = np.clip(np.floor(raw[:, column]).astype(int), 0, len(parameter.values) - 1)
            columns[name] = [parameter.values[p] for p in positions]
        elif integer[name]:
            columns[name] = [int(round(v)) for v in raw[:, column]]
        else:
            columns[name] = [float(v) for v in raw[:, column]]
    frame = pd.DataFrame(columns)
    frame.index.name = "point"
    return frame


def _grid(parameters: dict[str, Parameter], design: Design, integer: dict[str, bool]) -> np.ndarray:
    axes = []
    for name, parameter in parameters.items():
        if parameter.values is not None:
            axes.append(np.arange(len(parameter.values)) + 0.5)
        else:
            low, high = parameter.range or (0.0, 1.0)
            axis = np.linspace(low, high, design.levels)
            axes.append(np.unique(np.round(axis)) if integer[name] else axis)
    return np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, len(axes))


def _sample(problem: dict[str, Any], design: Design) -> np.ndarray:
    from scipy.stats import qmc

    samples = design.samples or 1
    if design.method == "latin_hypercube":
        unit = qmc.LatinHypercube(d=problem["num_vars"], seed=design.seed).random(samples)
        bounds = np.array(problem["bounds"])
        return bounds[:, 0] + unit * (bounds[:, 1] - bounds[:, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib's notes on sample sizes; the schema already checks them
        if design.method == "sobol":
            from SALib.sample import sobol

            return sobol.sample(problem, samples, calc_second_order=design.second_order, seed=design.seed)
        from SALib.sample import morris

        return morris.sample(problem, samples, num_levels=design.levels, seed=design.seed)


def integer_parameters(sweep: Sweep) -> dict[str, bool]:
    """Return, per parameter, whether the scenario holds a whole number there (then samples are rounded)."""
    first = next(iter(sweep.scenarios.values()))
    found = {}
    for name, parameter in sweep.spec.parameters.items():
        base = value_at(first.resolved, name)
        found[name] = not parameter.multiply and isinstance(base, int) and not isinstance(base, bool)
    return found


def build_points(sweep: Sweep) -> Points:
    """Return the design's points (grid, Latin hypercube, Sobol/Saltelli or Morris)."""
    parameters = dict(sweep.spec.parameters)
    integer = integer_parameters(sweep)
    problem = problem_of(parameters)
    design = sweep.spec.design
    raw = _grid(parameters, design, integer) if design.method == "grid" else _sample(problem, design)
    return Points(_decode(raw, parameters, integer), raw, problem)


def point_count(sweep: Sweep) -> int:
    """Return the number of design points, as documented in docs/SWEEPS.md."""
    design = sweep.spec.design
    dimensions = len(sweep.spec.parameters)
    samples = design.samples or 0
    if design.method == "latin_hypercube":
        return samples
    if design.method == "sobol":
        return samples * (2 * dimensions + 2 if design.second_order else dimensions + 2)
    if design.method == "morris":
        return samples * (dimensions + 1)
    return len(build_points(sweep).values)


def reference_values(sweep: Sweep, slug: str) -> dict[str, Any]:
    """Return the shipped values of the parameters in one scenario (1.0 for a multiplier)."""
    scenario = sweep.scenarios[slug]
    return {
        name: 1.0 if parameter.multiply else value_at(scenario.resolved, name)
        for name, parameter in sweep.spec.parameters.items()
    }
