"""Municipalities that decide: the diffusion model's known outcomes, seeds, costs, inputs and the diffuse command."""

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.analysis import diffusion_benefits
from sim.analysis.diffusion import DiffusionResult, annuity_factor, simulate_diffusion
from sim.analysis.diffusion_benefits import benefits_from_figures, run_benefits
from sim.analysis.diffusion_cli import register_diffusion_command
from sim.analysis.diffusion_views import adopters_in_year, adoption_curve_table, cost_comparison
from sim.errors import InputError
from sim.io.diffusion_config import LoadedDiffusion, load_diffusion
from sim.io.diffusion_schema import BenefitRuns, TypeBenefit

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests/data/diffusion"
SWF = REPO / "scenarios/suedwestfalen/diffusion/shared_solutions.yaml"
# Benefits of the Südwestfalen file given directly (the file takes online_services from one-year runs).
SWF_BENEFITS = {
    "online_services": {
        "town": TypeBenefit(staff_hours_per_resident_year=0.012, resident_hours_per_resident_year=0.047),
        "rural": TypeBenefit(staff_hours_per_resident_year=0.012, resident_hours_per_resident_year=0.12),
    },
    "data_platform": {
        "town": TypeBenefit(staff_hours_per_resident_year=0.02, resident_hours_per_resident_year=0.0),
        "rural": TypeBenefit(staff_hours_per_resident_year=0.015, resident_hours_per_resident_year=0.0),
    },
}


def diffuse(*args: str) -> int:
    """Run `diffuse` as `python -m sim` does once sim/cli.py registers it: InputError -> exit 2."""
    parser = argparse.ArgumentParser(prog="python -m sim")
    register_diffusion_command(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(["diffuse", *args])
    try:
        return int(parsed.handler(parsed))
    except InputError as error:
        print(error.describe(), file=sys.stderr)
        return 2


def given_benefits(loaded: LoadedDiffusion) -> dict[str, dict[str, TypeBenefit]]:
    return {s_id: dict(s.benefit or {}) for s_id, s in loaded.config.solutions.items()}


def with_solution(loaded: LoadedDiffusion, **changes: object) -> LoadedDiffusion:
    solution = loaded.config.solutions["forms"].model_copy(update=changes)
    return dataclasses.replace(loaded, config=loaded.config.model_copy(update={"solutions": {"forms": solution}}))


def final_adopters(result: DiffusionResult, world: str, solution: str = "forms") -> int:
    curve = result.curve[(result.curve["world"] == world) & (result.curve["solution"] == solution)]
    return int(curve["adopters"].iloc[-1])


@pytest.fixture(scope="module")
def three_towns() -> LoadedDiffusion:
    return load_diffusion(DATA / "three_towns.yaml")


@pytest.fixture(scope="module")
def swf_result() -> DiffusionResult:
    return simulate_diffusion(load_diffusion(SWF), SWF_BENEFITS)


def test_no_peers_and_negative_net_benefit_nobody_adopts(three_towns: LoadedDiffusion) -> None:
    # Alpha, the largest town, credits 3.5 EUR per resident-year: 5 x (10,500 - 1,000) = 47,500 < 105,000 EUR.
    result = simulate_diffusion(three_towns, given_benefits(three_towns))
    assert result.curve["adopters"].max() == 0
    assert result.adopters["adopted_year"].isna().all()


def test_zero_cost_everybody_adopts(three_towns: LoadedDiffusion) -> None:
    free = with_solution(three_towns, development_cost_eur=0.0, rollout_cost_eur={"small": 0.0},
                         running_cost_eur_per_year=0.0)  # fmt: skip
    result = simulate_diffusion(free, given_benefits(free))
    assert final_adopters(result, "shared") == final_adopters(result, "alone") == 3


def test_a_worthwhile_solution_is_adopted_once_its_price_is_shared(three_towns: LoadedDiffusion) -> None:
    # Shared, each of three pays 100,000 / 3 + 5,000; alone, each pays 105,000: only sharing pays off for Alpha.
    pioneers = with_solution(three_towns, pioneers=["beta", "gamma"])
    result = simulate_diffusion(pioneers, given_benefits(pioneers))
    assert final_adopters(result, "shared") == 3
    assert final_adopters(result, "alone") == 2


def test_same_seed_same_curve_and_another_seed_another(swf_result: DiffusionResult) -> None:
    loaded = load_diffusion(SWF)
    again = simulate_diffusion(loaded, SWF_BENEFITS)
    assert again.curve.equals(swf_result.curve) and again.adopters.equals(swf_result.adopters)
    other = simulate_diffusion(loaded, SWF_BENEFITS, seed=1)
    assert not other.adopters.equals(swf_result.adopters)


def test_the_model_leaves_numpy_global_state_alone(three_towns: LoadedDiffusion) -> None:
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - reading the legacy global state is the point
    simulate_diffusion(three_towns, given_benefits(three_towns))
    assert np.array_equal(before, np.random.get_state()[1])  # noqa: NPY002


def test_suedwestfalen_spreads_from_the_pioneers_and_sharing_is_cheaper(swf_result: DiffusionResult) -> None:
    costs = cost_comparison(swf_result).set_index(["solution", "world"])
    online = costs.loc["online_services"]
    assert online.loc["alone", "adopters"] == 6  # only the pioneers, each developing alone
    assert online.loc["shared", "adopters"] > 40
    assert online.loc["shared", "one_off_eur_per_adopter"] < online.loc["alone", "one_off_eur_per_adopter"] / 5
    first = swf_result.adopters.query("world == 'shared' and solution == 'online_services' and is_pioneer")
    assert first["adopted_year"].eq(2022.0).all() and len(first) == 6


def test_development_share_falls_as_more_join(swf_result: DiffusionResult) -> None:
    curve = swf_result.curve.query("world == 'shared' and solution == 'online_services' and adopters > 0")
    share = (curve["development_eur"] / curve["adopters"]).to_numpy()
    assert np.all(np.diff(share) <= 1e-9) and share[-1] < share[0] / 5
    table = adoption_curve_table(swf_result, "online_services").dropna()
    assert np.all(np.diff(table["adopters_shared"].to_numpy()) >= 0)
    assert table["one_off_eur_per_adopter_shared"].iloc[-1] < table["one_off_eur_per_adopter_shared"].iloc[0]


def test_adopters_in_year_gives_a_map_layer(swf_result: DiffusionResult) -> None:
    layer_2022 = adopters_in_year(swf_result, "online_services", 2022)
    layer_2035 = adopters_in_year(swf_result, "online_services", 2035)
    assert len(layer_2022) == 59 and {"lat", "lon", "has_adopted"} <= set(layer_2022.columns)
    assert layer_2022["has_adopted"].sum() == 6
    assert (
        layer_2035["has_adopted"].sum()
        == cost_comparison(swf_result).query("solution == 'online_services' and world == 'shared'")["adopters"].iloc[0]
    )


def test_annuity_factor() -> None:
    assert annuity_factor(5, 0.0) == 5.0
    assert annuity_factor(2, 0.1) == pytest.approx(1 / 1.1 + 1 / 1.21)


def test_bad_edge_exits_2_with_key_path_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert diffuse(str(DATA / "edge_to_unknown_municipality.yaml"), "--out", str(tmp_path / "out")) == 2
    message = capsys.readouterr().err
    assert "edge_to_unknown_municipality.yaml:23: network.edges.0.between.1: unknown municipality 'atlantis'" in message
    assert not (tmp_path / "out").exists()


def test_unknown_pioneer_and_missing_type_are_reported(tmp_path: Path) -> None:
    text = (DATA / "three_towns.yaml").read_text(encoding="utf-8")
    text = text.replace("rollout_cost_eur: {small: 5000}", "rollout_cost_eur: {big: 5000}\n    pioneers: [omega]")
    (tmp_path / "bad.yaml").write_text(text.replace("../projections/", f"{DATA.parent}/projections/"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_diffusion(tmp_path / "bad.yaml")
    message = caught.value.describe()
    assert "solutions.forms.rollout_cost_eur: unknown municipality type(s): big" in message
    assert "solutions.forms.pioneers.0: unknown municipality 'omega'" in message


def test_diffuse_writes_its_tables_and_may_replace_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        assert diffuse(str(DATA / "three_towns.yaml"), "--out", str(out), "--seed", "3") == 0
    names = {"diffusion.json", "adoption_curve.csv", "adopters.csv", "costs_per_adopter.csv", "manifest.json"}
    assert {path.name for path in out.iterdir()} == names
    summary = json.loads((out / "diffusion.json").read_text(encoding="utf-8"))
    assert summary["seed"] == 3 and summary["costs"][0]["adopters"] == 0


def test_benefits_from_figures_per_resident_and_year() -> None:
    runs = BenefitRuns(baseline="a.yaml", variant="b.yaml", service="citizen_office", days=73,
                       types={"a": "town", "b": "town"}, staff_minutes_saved_per_online_case=6, source="t",
                       estimate=True)  # fmt: skip
    without = {"a": {"residents": 600, "citizen_minutes": 9000, "online": 10},
               "b": {"residents": 400, "citizen_minutes": 3000, "online": 0}}  # fmt: skip
    with_it = {"a": {"residents": 600, "citizen_minutes": 6000, "online": 60},
               "b": {"residents": 400, "citizen_minutes": 3000, "online": 50}}  # fmt: skip
    found = benefits_from_figures(runs, without, with_it)["town"]
    # 3,000 minutes and 100 cases x 6 minutes saved by 1,000 residents in a fifth of a year.
    assert found.resident_hours_per_resident_year == pytest.approx(3000 / 60 / 1000 * 5)
    assert found.staff_hours_per_resident_year == pytest.approx(100 * 6 / 60 / 1000 * 5)


def test_benefits_from_runs_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = BenefitRuns(baseline="baseline.yaml", variant="digital_quick_wins.yaml", service="citizen_office", days=3,
                       types={"lemgo": "town", "kalletal": "rural"}, staff_minutes_saved_per_online_case=10,
                       source="test", estimate=True)  # fmt: skip
    folder = REPO / "scenarios/lemgo_kalletal"
    first = run_benefits(runs, folder, 11, tmp_path)
    assert set(first) == {"town", "rural"} and len(list(tmp_path.glob("benefits_*.json"))) == 1

    def no_more_runs(*_: object) -> None:
        raise AssertionError("the cached benefits should have been used")

    monkeypatch.setattr(diffusion_benefits, "service_figures", no_more_runs)
    assert run_benefits(runs, folder, 11, tmp_path) == first
