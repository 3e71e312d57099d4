"""Coalition analysis: the coalitions' scenarios, the runs and their cache, keys, both views, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.coalition_keys import AS_RUN, key_allocations, own_and_pool
from sim.analysis.coalition_runs import CoalitionRun, PoolRecord, RunCache
from sim.analysis.coalition_scenarios import coalition_scenario, coalition_setting, players_of
from sim.analysis.coalition_views import allocate_view
from sim.analysis.coalitions import (
    CoalitionSettings,
    _masks_needed,
    analyse_coalitions,
    coalition_allocation,
    coalition_shares,
)
from sim.analysis.cost_game import CostGame
from sim.analysis.shapley import shapley_exact
from sim.cli import main
from sim.errors import InputError
from sim.io.config import load_scenario
from sim.io.schema import CoalitionAnalysis

REPO = Path(__file__).resolve().parents[1]
LEMGO_KALLETAL = REPO / "scenarios" / "lemgo_kalletal"
SHARED = LEMGO_KALLETAL / "shared_citizen_office.yaml"
COMBINED = LEMGO_KALLETAL / "combined.yaml"
SYNTH = REPO / "tests" / "data" / "synth4"
DAYS = 14


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.fixture(scope="module")
def shared_result(tmp_path_factory: pytest.TempPathFactory):
    """The shared office of Lemgo and Kalletal, 14 days, 3 replications, with a fresh cache."""
    cache = tmp_path_factory.mktemp("cache")
    settings = CoalitionSettings(days=DAYS, replications=3, cache_dir=cache)
    return analyse_coalitions(load_scenario(SHARED), settings), settings


# ------------------------------------------------------------------------------------------ scenarios


def test_players_come_from_the_agreements_in_order_of_appearance():
    assert players_of(load_scenario(SHARED)) == ("lemgo", "kalletal")


def test_a_scenario_without_agreements_is_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    with pytest.raises(InputError, match="no agreements"):
        players_of(load_scenario(LEMGO_KALLETAL / "baseline.yaml"))
    assert _exit_code(["coalitions", str(LEMGO_KALLETAL / "baseline.yaml"), "--out", str(tmp_path / "o")]) == 2
    captured = capsys.readouterr()
    assert "agreements: this scenario has no agreements" in captured.err
    assert "Traceback" not in captured.err and not (tmp_path / "o").exists()


def test_nobody_cooperating_gives_the_base_facilities_and_the_grand_coalition_the_scenario():
    scenario = load_scenario(COMBINED)
    setting = coalition_setting(scenario)
    assert setting.base.path.name == "baseline.yaml"  # combined -> shared_citizen_office -> baseline
    alone = coalition_scenario(setting, frozenset({"lemgo"}), seed=1, days=DAYS)
    baseline_points = set(load_scenario(LEMGO_KALLETAL / "baseline.yaml").config.service_points)
    assert not alone.config.agreements
    assert set(alone.config.service_points) == baseline_points  # telemedicine and mobile office are Lemgo's/Kalletal's
    assert set(alone.config.interventions) == set(scenario.config.interventions)
    grand = coalition_scenario(setting, frozenset({"lemgo", "kalletal"}), seed=1, days=DAYS)
    assert set(grand.config.service_points) == set(scenario.config.service_points)
    assert grand.config.agreements == scenario.config.agreements
    singles = {coalition_scenario(setting, frozenset({m}), seed=1, days=DAYS).sha256 for m in ("lemgo", "kalletal")}
    assert len(singles) == 1  # with two members, every singleton is 'nobody cooperates'


def test_restricting_an_agreement_rescales_fixed_shares_and_drops_what_it_owns():
    overrides = {"agreements": {"shared_office": {"cost_key": "fixed",
                 "fixed_shares": {"m000": 0.1, "m001": 0.2, "m002": 0.3, "m003": 0.4}}}}  # fmt: skip
    setting = coalition_setting(load_scenario(SYNTH / "shared_office.yaml", overrides))
    trio = coalition_scenario(setting, frozenset({"m001", "m002", "m003"}), seed=1, days=DAYS)
    agreement = trio.config.agreements["shared_office"]
    assert agreement.members == ["m001", "m002", "m003"]
    assert agreement.fixed_shares == pytest.approx({"m001": 2 / 9, "m002": 3 / 9, "m003": 4 / 9})
    assert "m000_back_office" in trio.config.service_points  # m000 stands alone with its base points
    assert "m001_back_office" not in trio.config.service_points
    assert "shared_back_office" in trio.config.service_points
    alone = coalition_scenario(setting, frozenset({"m003"}), seed=1, days=DAYS)
    assert "shared_back_office" not in alone.config.service_points
    assert {f"m00{i}_back_office" for i in range(4)} <= set(alone.config.service_points)


def test_game_keys_are_neutral_in_coalition_runs():
    costs = {"m000": 1.0, "m001": 2.0, "m002": 3.0, "m003": 4.0}
    overrides = {"agreements": {"shared_office": {"cost_key": "shapley", "game_costs_eur_per_year": costs}}}
    setting = coalition_setting(load_scenario(SYNTH / "shared_office.yaml", overrides))
    pair = coalition_scenario(setting, frozenset({"m000", "m001"}), seed=1, days=DAYS)
    agreement = pair.config.agreements["shared_office"]
    assert agreement.cost_key == "equal" and agreement.game_costs_eur_per_year is None


def test_a_non_positive_value_of_time_is_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    with pytest.raises(InputError, match="value_of_time_eur_per_hour"):
        load_scenario(SHARED, {"coalition_analysis": {"value_of_time_eur_per_hour": 0}})
    bad = tmp_path / "bad_value_of_time.yaml"
    bad.write_text(f"extends: {SHARED}\ncoalition_analysis:\n  value_of_time_eur_per_hour: -8\n", encoding="utf-8")
    assert _exit_code(["coalitions", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "coalition_analysis.value_of_time_eur_per_hour: Input should be greater than 0" in capsys.readouterr().err


def test_more_than_twelve_members_needs_sample(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    assert _exit_code(["synth", "--citizens", "2600", "--municipalities", "13", "--out", str(tmp_path / "b.yaml")]) == 0
    members = ", ".join(f"m{i:03d}" for i in range(13))
    cooperation = tmp_path / "thirteen.yaml"
    cooperation.write_text(
        "extends: b.yaml\nagreements:\n  all:\n    name: All\n"
        f"    members: [{members}]\n    services: [citizen_office]\n    cost_key: population\n",
        encoding="utf-8",
    )
    assert _exit_code(["coalitions", str(cooperation), "--out", str(tmp_path / "o"), "--no-cache"]) == 2
    assert "13 members is more than 12: ask for a sampled Shapley value with --sample N" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------- runs


def test_every_allocation_adds_up_to_c_n_in_both_views(shared_result):
    result, _ = shared_result
    assert result.players == ("lemgo", "kalletal") and len(result.seeds) == 3
    for view in result.views.values():
        for method, shares in view.allocations.items():
            assert shares.sum() == pytest.approx(view.grand_cost, rel=1e-9), (view.view, method)
        assert {"shapley", "nucleolus", "scrb", AS_RUN, "population", "usage", "equal"} <= set(view.allocations)


def test_common_random_numbers_and_one_run_per_distinct_scenario(shared_result):
    result, _ = shared_result
    assert result.runs_simulated == 2 * 3  # 'nobody cooperates' and 'both', three seeds each
    grand = result.coalitions[-1]
    assert grand.members == ("lemgo", "kalletal")
    assert [run.seed for run in result.grand_runs] == result.seeds
    assert result.seeds[0] == load_scenario(SHARED).config.simulation.seed
    # the budget is the members' cost_paid_eur per year; in the grand coalition it is the run's whole cost
    assert grand.budget_eur == pytest.approx([sum(run.paid_eur.values()) * 365 / DAYS for run in result.grand_runs])


def test_the_cache_gives_the_same_result_without_simulating(shared_result):
    result, settings = shared_result
    again = analyse_coalitions(load_scenario(SHARED), settings)
    assert again.runs_simulated == 0 and again.runs_from_cache == 6
    for view in ("budget", "generalised"):
        for method, shares in result.views[view].allocations.items():
            np.testing.assert_allclose(again.views[view].allocations[method], shares, rtol=1e-12)


def test_cache_files_are_written_atomically_and_bad_ones_ignored(tmp_path: Path):
    cache = RunCache(tmp_path)
    run = CoalitionRun("abc", 1, 14, {"a": 1.0}, {"a": 2.0}, {"a": 3.0})
    cache.put("key", run)
    assert [path.name for path in tmp_path.iterdir()] == ["key.json"]
    assert cache.get("key") == run
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert cache.get("broken") is None and cache.get("missing") is None
    assert RunCache(None).get("key") is None


def test_switching_off_time_and_co2_makes_the_generalised_cost_the_budget(shared_result):
    result, _ = shared_result
    off = CoalitionAnalysis(include_time=False, include_co2=False)
    for coalition in result.coalitions:
        np.testing.assert_array_equal(coalition.generalised_eur(off), coalition.budget_eur)
    on = result.values
    grand = result.coalitions[-1]
    expected = (
        grand.budget_eur + on.value_of_time_eur_per_hour * grand.citizen_hours + on.co2_eur_per_tonne * grand.co2_t
    )
    np.testing.assert_allclose(grand.generalised_eur(on), expected)


def test_coalition_shares_turn_the_shapley_value_into_pool_shares(shared_result):
    result, settings = shared_result
    shares = coalition_shares(load_scenario(SHARED), "ikz_buergerservice", days=DAYS, replications=3,
                              cache_dir=settings.cache_dir)  # fmt: skip
    assert set(shares) == {"lemgo", "kalletal"}
    assert sum(shares.values()) == pytest.approx(1.0)
    totals = coalition_allocation(load_scenario(SHARED), "ikz_buergerservice", days=DAYS, replications=3,
                                  cache_dir=settings.cache_dir)  # fmt: skip
    np.testing.assert_allclose(list(totals.values()), result.views["budget"].allocations["shapley"])
    with pytest.raises(InputError, match="unknown game key"):
        coalition_allocation(load_scenario(SHARED), "ikz_buergerservice", method="banzhaf")
    # With two members the Shapley value splits the saving equally: each saves the same against going alone.
    savings = result.views["budget"].savings("shapley")
    assert savings[0] == pytest.approx(savings[1])


# ------------------------------------------------------------------------------------------- keys


def test_keys_come_from_the_runs_own_cost_accounting(shared_result):
    result, _ = shared_result
    budget = result.views["budget"]
    # the shared office uses the usage key, counted per cost item: the usage row is what the run charged
    np.testing.assert_allclose(budget.allocations["usage"], budget.allocations[AS_RUN], rtol=1e-12)
    assert {"population", "usage", "equal", "base_plus_usage"} <= set(budget.allocations)
    assert "fixed" not in budget.allocations  # the agreement has no fixed shares
    for run in result.grand_runs:
        total = sum(run.paid_eur.values())
        for key, paid in run.paid_eur_by_key.items():
            assert sum(paid.values()) == pytest.approx(total, rel=1e-12), key


def test_key_allocations_read_each_key_per_year():
    run = CoalitionRun(
        "x", 1, 73, {"a": 70.0, "b": 80.0}, {"a": 0.0, "b": 0.0}, {"a": 0.0, "b": 0.0},
        {"pool": PoolRecord(100.0, {"a": 0.5, "b": 0.5})},
        {"population": {"a": 95.0, "b": 55.0}, "equal": {"a": 70.0, "b": 80.0}},
    )  # fmt: skip
    keys = key_allocations([run, run], ("b", "a"), years=73 / 365)
    np.testing.assert_allclose(keys[AS_RUN], [[400.0, 350.0]] * 2)
    np.testing.assert_allclose(keys["population"][0], [275.0, 475.0])
    own, pool = own_and_pool([run], ("a", "b"), "pool", years=1.0)
    np.testing.assert_allclose(own, [20.0, 30.0])
    assert pool == 100.0


# ------------------------------------------------------------------------------------ large games


def test_above_eight_members_only_needed_coalitions_are_run_and_shapley_is_sampled():
    n_players = 9
    masks = _masks_needed(n_players, exact=False, permutations=50, seed=3)
    grand = (1 << n_players) - 1
    assert grand in masks and all(1 << i in masks and grand ^ (1 << i) in masks for i in range(n_players))
    assert len(masks) < grand
    # an airport game: c(S) = the largest need in S; exact Shapley is sequential equal sharing
    needs = np.arange(1.0, n_players + 1.0)
    full = np.array(
        [max((needs[i] for i in range(n_players) if mask >> i & 1), default=0.0) for mask in range(grand + 1)]
    )
    table = np.full((2, grand + 1), np.nan)
    table[:, 0] = 0.0
    table[:, masks] = full[masks]
    players = tuple(f"p{i}" for i in range(n_players))
    keys = {"equal": np.tile(np.full(n_players, full[grand] / n_players), (2, 1))}
    view = allocate_view("budget", players, table, keys, None, exact=False, permutations=50, seed=3)
    assert "nucleolus" not in view.allocations and view.core_empty is None and view.in_core["shapley"] is None
    exact = shapley_exact(CostGame(players, full))
    assert np.all(np.abs(view.allocations["shapley"] - exact) <= 4 * view.shapley_standard_errors + 1e-12)
    assert view.allocations["shapley"].sum() == pytest.approx(full[grand])


# ------------------------------------------------------------------------------------ end to end


def test_synthetic_region_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out_dir = tmp_path / "coalitions"
    argv = ["coalitions", str(SYNTH / "shared_office.yaml"), "--days", str(DAYS), "--replications", "2",
            "--cache", str(tmp_path / "cache"), "--out", str(out_dir)]  # fmt: skip
    assert _exit_code(argv) == 0
    printed = capsys.readouterr().out
    assert "m000+m001+m002+m003" in printed and "core: not empty" in printed
    assert sorted(path.name for path in out_dir.iterdir()) == ["allocation.json", "coalitions.csv", "manifest.json"]
    rows = (out_dir / "coalitions.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("# ikz-sim seed=1 ")
    assert len(rows) == 2 + 15  # comment, header, 2**4 - 1 coalitions
    content = json.loads((out_dir / "allocation.json").read_text(encoding="utf-8"))
    assert content["players"] == ["m000", "m001", "m002", "m003"] and content["replications"] == 2
    assert content["generalised_cost"]["co2_eur_per_tonne"] == 195
    for view in content["views"].values():
        for method in view["methods"]:
            total = sum(player["allocations"][method]["cost"] for player in view["players"])
            assert total == pytest.approx(view["grand_cost"], rel=1e-9)
    assert _exit_code(argv) == 0  # an earlier results folder is replaced; the runs now come from the cache
    assert "0 runs simulated, 24 from the cache" in capsys.readouterr().out
