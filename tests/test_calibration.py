"""Calibration recovers known parameters on a synthetic region whose targets were generated with them."""

from pathlib import Path

import pytest
import yaml
from sweep_fixtures import synthetic_scenario

from sim.analysis.calibration.figures import run_figures
from sim.analysis.calibration.fit import calibrate
from sim.analysis.calibration.targets import load_targets
from sim.analysis.sweep.jobs import point_scenario
from sim.cli import main
from sim.io.config import load_scenario

KNOWN = {"behaviour.mode_constants.walk": -0.4, "services.gp.requests_per_person_year": 1.25}
MULTIPLY = {"behaviour.mode_constants.walk": False, "services.gp.requests_per_person_year": True}
DAYS = 60


@pytest.fixture(scope="module")
def targets_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calibration")
    scenario = synthetic_scenario(folder)
    base = load_scenario(scenario)
    truth, _ = run_figures(point_scenario(base, KNOWN, MULTIPLY, base.config.simulation.seed, DAYS))
    content = {
        "name": "synthetic",
        "scenario": scenario.name,
        "days": DAYS,
        "parameters": {
            "behaviour.mode_constants.walk": {"range": [-2.0, 2.0]},
            "services.gp.requests_per_person_year": {"range": [0.5, 2.0], "multiply": True},
        },
        "targets": {
            "walk_share": {"figure": "modal_split.walk", "value": truth["modal_split.walk"], "tolerance": 0.01,
                           "source": "generated with the known parameters"},
            "gp_rate": {"figure": "requests_per_person_year.gp", "value": truth["requests_per_person_year.gp"],
                        "tolerance": 0.1, "source": "generated with the known parameters"},
        },
    }  # fmt: skip
    path = folder / "targets.yaml"
    path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return path


def test_calibration_recovers_the_known_parameters(targets_file):
    result = calibrate(load_targets(targets_file))
    assert result.values["behaviour.mode_constants.walk"] == pytest.approx(-0.4, abs=0.1)
    assert result.values["services.gp.requests_per_person_year"] == pytest.approx(1.25, abs=0.03)
    assert result.loss < 0.5 < result.loss_start
    assert result.fit["within"].all()


def test_calibrate_writes_a_file_a_scenario_can_extend(targets_file, tmp_path):
    out = tmp_path / "out"
    assert main(["calibrate", str(targets_file), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["calibrated.yaml", "calibration.json", "fit.csv", "manifest.json"]
    (targets_file.parent / "calibrated.yaml").write_text((out / "calibrated.yaml").read_text(), encoding="utf-8")
    (targets_file.parent / "uses.yaml").write_text("extends: [synth.yaml, calibrated.yaml]\n", encoding="utf-8")
    scenario = load_scenario(targets_file.parent / "uses.yaml")
    assert scenario.config.behaviour.mode_constants["walk"] == pytest.approx(-0.4, abs=0.1)
    assert "CALIBRATED" in scenario.config.behaviour.source
    provenance = (out / "calibrated.yaml").read_text()
    assert "seed" in provenance and "loss" in provenance and "generated with the known parameters" in provenance


def test_a_bad_targets_file_exits_2(targets_file, tmp_path, capsys):
    bad = yaml.safe_load(targets_file.read_text())
    bad["parameters"]["behaviour.walk_constant"] = {"range": [0, 1]}
    path = targets_file.parent / "bad.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    assert main(["calibrate", str(path), "--out", str(tmp_path / "x")]) == 2
    assert "behaviour.walk_constant" in capsys.readouterr().err
