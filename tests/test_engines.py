"""The two engines give identical figures; so do 1 and 2 Numba threads; the synthetic region validates."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shipped_scenarios
from swf_subset import write_subset

from sim.cli import main
from sim.io.config import load_scenario
from sim.runner import simulate, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
# Südwestfalen's scenarios are compared on a few of its municipalities below; the whole baseline at the end.
SHIPPED = [path for path in shipped_scenarios() if path.parent.name != "suedwestfalen"]
# Each Südwestfalen scenario with the municipalities it changes (and a neighbour), 14 days, closures from day 2.
SUEDWESTFALEN_SUBSETS = {
    "baseline": ("bad_berleburg", "menden", "hemer"),
    "stadtbueros_2017": ("arnsberg",),
    "menden_closure": ("menden", "hemer"),
    "it_outage": ("bad_berleburg", "menden", "hemer"),
    "id_terminal": ("bad_berleburg",),
    "shared_platform": ("bad_berleburg", "olpe"),
    "separate_platforms": ("bad_berleburg", "olpe"),
}


def without_engine(summary: dict) -> dict:
    return {key: value for key, value in summary.items() if key != "engine"}


@pytest.fixture(scope="module")
def small_region(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "small.yaml"
    assert main(["synth", "--citizens", "5000", "--municipalities", "3", "--seed", "4", "--out", str(out)]) == 0
    return out


def test_engines_identical_on_5000_citizens_over_60_days(small_region):
    scenario = with_seed_and_days(load_scenario(small_region), days=60)
    kernels = simulate(scenario, engine="kernels")
    agents = simulate(scenario, engine="agents")
    assert kernels.summary["requests"]["total"] > 5000
    assert without_engine(kernels.summary) == without_engine(agents.summary)
    assert kernels.daily.equals(agents.daily)
    assert kernels.daily_places.equals(agents.daily_places)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_engines_identical_on_every_shipped_scenario(path):
    scenario = with_seed_and_days(load_scenario(path), days=10)
    kernels = simulate(scenario, engine="kernels").summary
    agents = simulate(scenario, engine="agents").summary
    assert kernels["engine"] == "kernels" and agents["engine"] == "agents"
    assert without_engine(kernels) == without_engine(agents)


def test_every_suedwestfalen_scenario_has_a_subset():
    assert {path.stem for path in (REPO / "scenarios/suedwestfalen").glob("*.yaml")} == set(SUEDWESTFALEN_SUBSETS)


@pytest.mark.parametrize("name", sorted(SUEDWESTFALEN_SUBSETS))
def test_engines_identical_on_14_days_of_suedwestfalen(name, tmp_path):
    path = write_subset(REPO / "scenarios/suedwestfalen" / f"{name}.yaml", tmp_path, SUEDWESTFALEN_SUBSETS[name], 2)
    scenario = with_seed_and_days(load_scenario(path), days=14)
    kernels = simulate(scenario, engine="kernels")
    agents = simulate(scenario, engine="agents")
    assert without_engine(kernels.summary) == without_engine(agents.summary)
    assert kernels.daily.equals(agents.daily)
    assert kernels.daily_places.equals(agents.daily_places)


CLOSURES = """
name: Closures, an outage and a terminal
service_points:
  m001_buergerbuero: {it_provider: krz}
  m001_back_office: {it_provider: krz}
agreements:
  help_while_closed:
    name: Help while m000's office is closed
    members: [m000, m002]
    services: [citizen_office]
    cost_key: equal
    pool_member_points: false
    start_day: 5
    end_day: 15
interventions:
  renovation: {type: office_closure, service_points: [m000_buergerbuero], start_day: 5, duration_days: 10}
  surprise: {type: office_closure, service_points: [m002_library], start_day: 8, duration_days: 4, announced: false}
  outage: {type: it_outage, provider: krz, start_day: 12, duration_days: 6}
  terminal: {type: id_terminal, service: citizen_office, service_point: m002_buergerbuero, id_share: 0.5,
             desk_time_factor: 0.5}
"""


def test_engines_identical_with_closures_an_outage_and_a_terminal(small_region, tmp_path):
    path = tmp_path / "closures.yaml"
    path.write_text(f"extends: {small_region}\n{CLOSURES}", encoding="utf-8")
    scenario = with_seed_and_days(load_scenario(path), days=40)
    kernels = simulate(scenario, engine="kernels")
    agents = simulate(scenario, engine="agents")
    places = kernels.daily_places
    shut = places[(places["service_point"] == "m001_buergerbuero") & places["day"].between(12, 17)]
    assert len(shut) > 0 and (shut["served"] == 0).all()  # the outage's closed doors are part of the comparison
    assert without_engine(kernels.summary) == without_engine(agents.summary)
    assert kernels.daily.equals(agents.daily)
    assert kernels.daily_places.equals(agents.daily_places)


def test_synthetic_region_passes_the_same_validation(small_region):
    completed = subprocess.run(
        [sys.executable, "-m", "sim", "validate", str(small_region), str(small_region.with_name("small_region.yaml"))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    region = load_scenario(small_region).region
    assert sum(m.population for m in region.municipalities.values()) == 5000
    assert len(region.transit_lines) >= 3


def test_synth_rejects_absurd_sizes(tmp_path, capsys):
    assert main(["synth", "--citizens", "50", "--out", str(tmp_path / "x.yaml")]) == 2
    assert "--citizens" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def run_with_threads(threads: int, scenario: Path, out: Path) -> bytes:
    environment = {**os.environ, "NUMBA_NUM_THREADS": str(threads)}
    completed = subprocess.run(
        [sys.executable, "-m", "sim", "run", str(scenario), "--days", "30", "--out", str(out)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return (out / "summary.json").read_bytes()


def test_one_and_two_threads_give_identical_bytes(small_region, tmp_path):
    one = run_with_threads(1, small_region, tmp_path / "one")
    two = run_with_threads(2, small_region, tmp_path / "two")
    assert one == two
    assert json.loads(one)["requests"]["total"] > 0


def test_parallel_workers_give_the_same_comparison(small_region):
    from sim.analysis.compare import compare

    scenarios = [with_seed_and_days(load_scenario(small_region), days=20)] * 2
    serial = compare(scenarios, jobs=1)
    parallel = compare(scenarios, jobs=2)
    for one, two in zip(serial.results, parallel.results, strict=True):
        assert one.summary == two.summary
    assert serial.table.equals(parallel.table)


def test_parallel_decisions_equal_serial_ones(small_region, monkeypatch):
    import sim.model.engines as engines

    scenario = with_seed_and_days(load_scenario(small_region), days=20)
    serial = simulate(scenario, engine="kernels")
    monkeypatch.setattr(engines, "PARALLEL_MIN_REQUESTS", 1)  # every day in parallel chunks
    parallel = simulate(scenario, engine="kernels")
    assert serial.summary == parallel.summary
    assert serial.daily.equals(parallel.daily)


@pytest.mark.slow
def test_engines_identical_on_14_days_of_the_whole_of_suedwestfalen():
    """All 59 municipalities, 1.39M residents (one Citizen agent each): about 40 s and 1.2 GB."""
    scenario = with_seed_and_days(load_scenario(REPO / "scenarios/suedwestfalen/baseline.yaml"), days=14)
    kernels = simulate(scenario, engine="kernels")
    agents = simulate(scenario, engine="agents")
    assert kernels.summary["population"] > 1_380_000
    assert without_engine(kernels.summary) == without_engine(agents.summary)
    assert kernels.daily.equals(agents.daily)
    assert kernels.daily_places.equals(agents.daily_places)
