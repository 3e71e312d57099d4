"""Sweep files and designs: the documented number of jobs, and bad files refused with exit 2 and a clear message."""

import time
from pathlib import Path

import pytest
from sweep_fixtures import synthetic_scenario, write_sweep

from sim.analysis.sweep.design import build_points, point_count
from sim.analysis.sweep.run import make_jobs
from sim.analysis.sweep.spec import load_sweep
from sim.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_scenario(tmp_path_factory.mktemp("synth"))


def _sweep(tmp_path: Path, scenario: Path, **changes):
    return load_sweep(write_sweep(tmp_path, {"a": str(scenario), "b": str(scenario)}, **changes))


def _exit(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


def test_grid_has_the_product_of_levels_and_values(tmp_path, scenario):
    sweep = _sweep(tmp_path, scenario, design={"method": "grid", "levels": 3})
    points = build_points(sweep)
    assert len(points.values) == point_count(sweep) == 3 * 3  # 3 levels of the range x 3 listed values
    # (points + the shipped reference point) x scenarios x replications
    assert len(make_jobs(sweep, points)) == (9 + 1) * 2 * 2
    assert sorted(set(points.values["behaviour.border_penalty_minutes"])) == [0, 5, 15]
    assert sorted(set(points.values["behaviour.time_weight_per_minute"])) == [0.05, 0.175, 0.3]


def test_integer_parameters_are_rounded_on_the_grid(tmp_path, scenario):
    parameters = {"behaviour.consideration_set_size": {"range": [4, 10]}}
    sweep = _sweep(tmp_path, scenario, parameters=parameters, design={"method": "grid", "levels": 4})
    assert list(build_points(sweep).values["behaviour.consideration_set_size"]) == [4, 6, 8, 10]


def test_latin_hypercube_has_samples_points_one_per_stratum(tmp_path, scenario):
    sweep = _sweep(tmp_path, scenario, design={"method": "latin_hypercube", "samples": 10, "seed": 3})
    points = build_points(sweep)
    assert len(points.values) == point_count(sweep) == 10
    assert len(make_jobs(sweep, points)) == (10 + 1) * 2 * 2
    strata = sorted(int((value - 0.05) / 0.25 * 10) for value in points.values["behaviour.time_weight_per_minute"])
    assert strata == list(range(10))


@pytest.mark.parametrize(
    ("method", "second_order", "expected"), [("sobol", False, 8 * 4), ("sobol", True, 8 * 6), ("morris", False, 8 * 3)]
)
def test_sobol_and_morris_sizes(tmp_path, scenario, method, second_order, expected):
    design = {"method": method, "samples": 8, "second_order": second_order}
    sweep = _sweep(tmp_path, scenario, design=design)
    assert len(build_points(sweep).values) == point_count(sweep) == expected


def test_designs_are_reproducible(tmp_path, scenario):
    design = {"method": "sobol", "samples": 8, "seed": 5}
    first = build_points(_sweep(tmp_path, scenario, design=design)).values
    again = build_points(_sweep(tmp_path, scenario, design=design)).values
    assert first.equals(again)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"parameters": {"behaviour.time_wieght": {"range": [0.1, 0.2]}}}, "is not a key of scenario"),
        ({"parameters": {"behaviour.time_weight_per_minute": {"range": [0.2, 0.2]}}}, "empty range"),
        ({"parameters": {"behaviour.time_weight_per_minute": {"values": []}}}, "at least 1 item"),
        ({"parameters": {"behaviour.time_weight_per_minute": {"range": [-1, 0.2]}}}, "greater than 0"),
        ({"replications": -1}, "replications: Input should be greater than or equal to 1"),
        ({"design": {"method": "sobol", "samples": 12}}, "power of two"),
        ({"design": {"method": "latin_hypercube"}}, "needs samples"),
        ({"desing": {"method": "grid"}}, "desing: unknown key"),
        ({"kpis": ["car_km", "wait_minutes..mean"]}, "dotted key path"),
    ],
)
def test_bad_sweep_files_exit_2_with_the_key_path(tmp_path, scenario, capsys, changes, expected):
    path = write_sweep(tmp_path, {"a": str(scenario)}, **changes)
    assert _exit(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert expected in error
    assert "Traceback" not in error
    assert not (tmp_path / "out").exists()


def test_a_kpi_missing_from_the_summary_exits_2(tmp_path, scenario, capsys):
    path = write_sweep(tmp_path, {"a": str(scenario)}, kpis=["car_km", "no_such.figure"], replications=1)
    assert _exit(["sweep", str(path), "--out", str(tmp_path / "out"), "--executor", "serial"]) == 2
    assert "'no_such.figure' is not a figure of the run's summary.json" in capsys.readouterr().err


def test_an_unreachable_scheduler_fails_within_10_seconds(tmp_path, scenario, capsys):
    path = write_sweep(tmp_path, {"a": str(scenario)})
    started = time.monotonic()
    code = _exit(["sweep", str(path), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9", "--out",
                  str(tmp_path / "out")])  # fmt: skip
    assert code == 2
    assert time.monotonic() - started < 10
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_out_never_takes_a_folder_the_sweep_did_not_write(tmp_path, scenario, capsys):
    path = write_sweep(tmp_path, {"a": str(scenario)})
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    assert _exit(["sweep", str(path), "--out", str(mine), "--executor", "serial"]) == 2
    assert "did not write" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_the_sample_sweep_file_is_valid():
    sweep = load_sweep(REPO / "scenarios" / "sweeps" / "shared_office_choice.yaml")
    assert point_count(sweep) == len(build_points(sweep).values) == 16 * 6
