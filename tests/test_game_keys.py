"""Shapley and nucleolus cost keys are resolved by the coalition analysis before the run."""

import json

import pytest

from sim.analysis.game_keys import resolve_game_keys, unresolved_game_keys
from sim.cli import main
from sim.io.config import load_scenario
from sim.runner import simulate, with_seed_and_days


def _scenario(tmp_path, repo, key, extra=""):
    path = tmp_path / f"{key}.yaml"
    path.write_text(
        f"extends: {repo / 'scenarios/lemgo_kalletal/shared_citizen_office.yaml'}\n"
        f"agreements:\n  ikz_buergerservice:\n    cost_key: {key}\n{extra}",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("key", ["shapley", "nucleolus"])
def test_a_game_key_gives_each_member_its_share_of_the_saving(tmp_path, repo, key):
    # Two members: Shapley value and nucleolus both split the saving (one back office fewer) equally.
    scenario = with_seed_and_days(load_scenario(_scenario(tmp_path, repo, key)), days=14)
    assert unresolved_game_keys(scenario) == ["ikz_buergerservice"]
    resolved = resolve_game_keys(scenario, cache_dir=tmp_path / "cache")
    assert unresolved_game_keys(resolved) == []
    game = resolved.config.agreements["ikz_buergerservice"].game_costs_eur_per_year
    assert resolved.resolved["agreements"]["ikz_buergerservice"]["game_costs_eur_per_year"] == game
    municipalities = simulate(resolved).summary["by_municipality"]
    savings = {m: f["cost_standalone_eur_per_year"] - f["cost_paid_eur_per_year"] for m, f in municipalities.items()}
    assert savings["lemgo"] == pytest.approx(savings["kalletal"], abs=1.0)
    assert savings["lemgo"] == pytest.approx(37_500, abs=1.0)  # half of one back-office workplace and its room
    assert sum(f["cost_paid_eur_per_year"] for f in municipalities.values()) == pytest.approx(sum(game.values()), abs=1)


def test_stated_game_costs_are_used_as_given(tmp_path, repo):
    stated = "    game_costs_eur_per_year: {lemgo: 1000000, kalletal: 240000}\n"
    scenario = with_seed_and_days(load_scenario(_scenario(tmp_path, repo, "shapley", stated)), days=14)
    assert unresolved_game_keys(scenario) == [] and resolve_game_keys(scenario) is scenario
    paid = simulate(scenario).summary["by_municipality"]
    assert paid["lemgo"]["cost_paid_eur_per_year"] == pytest.approx(1_000_000, abs=1)
    assert paid["kalletal"]["cost_paid_eur_per_year"] == pytest.approx(240_000, abs=1)


def test_run_resolves_the_key_and_records_the_game_costs(tmp_path, repo, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the coalition cache goes to results/.cache under the working folder
    path = _scenario(tmp_path, repo, "shapley")
    assert main(["run", str(path), "--days", "14", "--out", str(tmp_path / "out")]) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert "game_costs_eur_per_year" in json.dumps(manifest)
    assert (tmp_path / "results" / ".cache" / "coalitions").is_dir()
