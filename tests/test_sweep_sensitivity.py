"""Sensitivity through the project's code path: Ishigami's Sobol indices against SALib's, robustness, PRIM."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from sweep_fixtures import synthetic_scenario

from sim.analysis.sweep.design import REFERENCE_POINT
from sim.analysis.sweep.discovery import discover_box
from sim.analysis.sweep.report import analyse_folder
from sim.analysis.sweep.run import run_sweep
from sim.analysis.sweep.sensitivity import Outputs, robustness
from sim.analysis.sweep.spec import load_sweep
from sim.analysis.sweep.view import robustness_view
from sim.io.config import Scenario

NAMES = ["behaviour.mode_constants.transit", "behaviour.mode_constants.bike", "behaviour.mode_constants.walk"]
ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]


def ishigami_model(scenario: Scenario) -> dict:
    """The Ishigami function in place of a simulation: x1..x3 are three mode constants in [-pi, pi]."""
    constants = scenario.config.behaviour.mode_constants
    x1, x2, x3 = constants["transit"], constants["bike"], constants["walk"]
    offset = 1.0 if scenario.path.stem == "b" else 0.0  # a second scenario: Ishigami + 1, so differences are 1
    return {"ishigami": math.sin(x1) + 7 * math.sin(x2) ** 2 + 0.1 * x3**4 * math.sin(x1) + offset}


@pytest.fixture(scope="module")
def ishigami_sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ishigami")
    scenario = synthetic_scenario(folder, citizens=500)
    # Another description, so another scenario hash: jobs of identical scenarios are run once and shared.
    (folder / "b.yaml").write_text(f"extends: {scenario.name}\ndescription: plus one\n", encoding="utf-8")
    content = {
        "name": "ishigami",
        "scenarios": {"a": scenario.name, "b": "b.yaml"},
        "parameters": {name: {"range": [-math.pi, math.pi]} for name in NAMES},
        "design": {"method": "sobol", "samples": 1024, "seed": 42},
        "kpis": ["ishigami"],
    }
    path = folder / "ishigami.yaml"
    path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    run_sweep(load_sweep(path), folder / "out", executor="serial", show_progress=False, model=ishigami_model)
    return folder / "out"


def test_ishigami_sobol_indices_match_salib_and_theory(ishigami_sweep):
    from SALib.analyze import sobol
    from SALib.sample import sobol as sobol_sample
    from SALib.test_functions import Ishigami

    indices = analyse_folder(ishigami_sweep).indices
    ours = indices[indices["output"] == "a: ishigami"].set_index("parameter").loc[NAMES]
    problem = {"num_vars": 3, "names": NAMES, "bounds": [[-math.pi, math.pi]] * 3}
    samples = sobol_sample.sample(problem, 1024, calc_second_order=False, seed=42)
    salib = sobol.analyze(problem, Ishigami.evaluate(samples), calc_second_order=False, seed=42)
    np.testing.assert_allclose(ours["S1"], salib["S1"], atol=1e-9)
    np.testing.assert_allclose(ours["ST"], salib["ST"], atol=1e-9)
    np.testing.assert_allclose(ours["S1"], ISHIGAMI_S1, atol=0.1)
    np.testing.assert_allclose(ours["ST"], ISHIGAMI_ST, atol=0.1)


def test_a_constant_difference_has_no_sensitivity_and_keeps_its_sign(ishigami_sweep):
    report = analyse_folder(ishigami_sweep)
    difference = report.indices[report.indices["output"] == "b - a: ishigami"]
    assert np.allclose(difference["ST"], 0.0)
    row = report.robustness.iloc[0]
    assert row["difference"] == "b - a: ishigami"
    assert row["sign"] == "+" and row["share_of_space"] == 1.0 and row["verdict"] == "robust"


def test_the_view_gives_bars_signs_and_boxes(ishigami_sweep):
    view = robustness_view(analyse_folder(ishigami_sweep))
    assert view.measure == "ST"
    assert set(view.bars["parameter"]) == set(NAMES)
    assert list(view.signs["share_of_space"]) == [1.0]


def test_robustness_counts_the_share_of_points_keeping_the_shipped_sign():
    points = pd.Index([REFERENCE_POINT, 0, 1, 2, 3], name="point")
    by_point = pd.DataFrame({"d": [5.0, 1.0, 2.0, -1.0, 3.0]}, index=points)
    runs = pd.MultiIndex.from_product([points, [0]], names=["point", "replication"])
    found = robustness(Outputs(by_point, pd.DataFrame({"d": by_point["d"].to_numpy()}, index=runs)), ["d"])
    assert found.loc[0, "share_of_space"] == 0.75
    assert found.loc[0, "verdict"] == "mostly holds"


def test_prim_finds_the_box_where_cooperation_pays_off():
    generator = np.random.default_rng(3)
    design = pd.DataFrame(generator.random((600, 3)), columns=["time", "border", "wait"])
    holds = ((design["time"] < 0.4) & (design["border"] > 0.5)).to_numpy()
    box = discover_box(design, holds)
    limits = box.limits.set_index("parameter")
    assert box.density >= 0.9 and box.coverage >= 0.8
    assert limits.loc["time", "high"] == pytest.approx(0.4, abs=0.06)
    assert limits.loc["border", "low"] == pytest.approx(0.5, abs=0.06)
    assert not limits.loc["wait", "restricted"]
