"""The logic behind the app's further views, without a page: years, coalition plans, sweep names, payers, report."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from sim.analysis.allocation import EXACT_MAX_PLAYERS
from sim.analysis.game_keys import resolve_game_keys
from sim.analysis.sweep.view import MAX_BROWSER_JOBS
from sim.app.cooperation import CoalitionPlan, plan_coalitions, plan_refusal
from sim.app.i18n import label
from sim.app.jobs import CACHE_ENV, ReplicationJob, cache_folder, run_app_job
from sim.app.names import shipped_entry
from sim.app.presentation import largest_payers
from sim.app.report import ReportInput, report_html
from sim.app.robustness import Namer, plan_sweep
from sim.app.workload import MAX_BYTES_PER_JOB, Workload, describe_workload, estimate_job, refusal
from sim.app.years import with_population_year, year_range
from sim.io.config import load_scenario
from sim.runner import replication_seeds, simulate, with_replication_block, with_seed_and_days
from sim.summary.kpi_registry import KPIS

SNAKE_CASE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


@pytest.fixture(scope="module")
def lk(repo):
    return {name: load_scenario(repo / "scenarios" / "lemgo_kalletal" / f"{name}.yaml")
            for name in ("baseline", "shared_citizen_office")}  # fmt: skip


def test_population_year_reweights_as_the_scenario_key_does(lk, repo):
    baseline = with_seed_and_days(lk["baseline"], days=14)
    assert year_range(baseline.region) == (2025, 2050, 2025)
    assert with_population_year(baseline, None) is baseline
    assert with_population_year(baseline, 2025) is baseline  # the base year: the region file's residents
    older = with_population_year(baseline, 2040)
    assert older.sha256 != baseline.sha256 and older.config.simulation.population_year == 2040
    by_key = load_scenario(repo / "scenarios/lemgo_kalletal/baseline.yaml",
                           {"simulation": {"population_year": 2040, "days": 14}})  # fmt: skip
    assert simulate(older).summary == simulate(by_key).summary
    with pytest.raises(ValueError, match="outside"):
        with_population_year(baseline, 2060)


def test_a_coalition_plan_counts_distinct_runs_and_refuses_large_games(lk):
    plan = plan_coalitions(lk["shared_citizen_office"], days=60, replications=3)
    assert plan.members == ("lemgo", "kalletal")
    assert plan.runs == 2 * 3  # both singletons are the same "nobody cooperates" scenario
    one = estimate_job(with_seed_and_days(lk["shared_citizen_office"], days=60))
    assert plan.workload.requests == pytest.approx(one.requests * 6)
    assert plan_refusal(plan, "de") is None
    many = CoalitionPlan(tuple(f"m{i}" for i in range(EXACT_MAX_PLAYERS + 1)), 10, plan.workload)
    assert plan_refusal(many, "de").startswith("9 Mitglieder: Im Browser werden höchstens 8 Mitglieder")
    heavy = CoalitionPlan(plan.members, 6, Workload(1.0, 2 * MAX_BYTES_PER_JOB))
    assert plan_refusal(heavy, "en").startswith("This run is too large")


def test_sweep_names_are_words_and_large_sweeps_are_refused(repo, tmp_path):
    plan = plan_sweep(repo / "scenarios/sweeps/shared_office_choice.yaml", "de")
    assert plan.jobs == (16 * (4 + 2) + 1) * 2 and plan.refusal is None
    large = (repo / "scenarios/sweeps/shared_office_choice.yaml").read_text(encoding="utf-8")
    path = tmp_path / "large.yaml"
    large = large.replace("../lemgo_kalletal/", f"{repo}/scenarios/lemgo_kalletal/").replace(
        "samples: 16", "samples: 64"
    )
    path.write_text(large, encoding="utf-8")
    refused = plan_sweep(path, "en")
    assert refused.jobs == (64 * 6 + 1) * 2 > MAX_BROWSER_JOBS
    assert refused.refusal.startswith(f"This sweep has 770 runs; the browser allows at most {MAX_BROWSER_JOBS}")
    config = load_scenario(repo / "scenarios/lemgo_kalletal/baseline.yaml")
    from sim.app.names import place_names

    namer = Namer({"baseline": "Ausgangslage"}, config.config, place_names(config.region, [config.config]), "de")
    paths = ("car_km", "by_service.citizen_office.wait_minutes.mean", "by_municipality.lemgo.cost_paid_eur",
             "by_service.gp.cross_border_share")  # fmt: skip
    names = [namer.kpi(path) for path in paths]
    assert names == ["Pkw-Fahrleistung (km)", "Bürgerbüro: Wartezeit, Mittel (min)", "Lemgo: Kosten nach Teilung (EUR)",
                     "Hausarzt: Anteil über die Grenze (%)"]  # fmt: skip
    parameters = ["behaviour.time_weight_per_minute", "behaviour.border_penalty_minutes",
                  "services.gp.requests_per_person_year", "behaviour.mode_constants.transit"]  # fmt: skip
    assert not [name for name in map(namer.parameter, parameters) if SNAKE_CASE.match(name)]
    assert namer.difference("shared_citizen_office - baseline: car_km") == (
        "Pkw-Fahrleistung (km): shared citizen office minus Ausgangslage"
    )


def test_the_smallest_payers_are_summed_into_one(lk):
    frame = pd.DataFrame({"Szenario": ["A"] * 5 + ["B"] * 5, "Zahler": list("pqrst") * 2,
                          "Kosten": [50, 40, 30, 20, 10, 51, 41, 31, 21, 11]})  # fmt: skip
    assert largest_payers(frame, 5, "de") is frame
    summed = largest_payers(frame, 3, "de")
    assert summed["Zahler"].tolist() == ["p", "q", "3 weitere Kommunen"] * 2
    assert summed["Kosten"].tolist() == [50, 40, 60, 51, 41, 63]


def test_the_report_gives_paired_differences_and_says_when_one_is_indistinct(lk):
    scenarios = [with_seed_and_days(lk[name], days=14) for name in ("baseline", "shared_citizen_office")]
    seeds = replication_seeds(scenarios[0].config.simulation.seed, 3)
    runs = [[simulate(with_seed_and_days(s, seed=seed)) for seed in seeds] for s in scenarios]
    values = {kpi.key: np.array([[kpi.value(r.summary) for r in row] for row in runs]) for kpi in KPIS}
    entries = [shipped_entry(name, s) for name, s in zip(("baseline", "shared_citizen_office"), scenarios, strict=True)]
    results = [with_replication_block(row, seeds) for row in runs]
    page = report_html(ReportInput(entries, results, scenarios, "de", values))
    assert "gepaarten 95-%-Intervalls" in page
    assert re.search(r"[+-][\d.,]+ ± [\d.,]+ \(nicht von null unterscheidbar\)", page) or not any(
        (values[k][1] - values[k][0]).std() > 0 for k in values
    )  # fmt: skip
    wait = values["wait_minutes.mean"]
    assert f"{np.mean(wait[1]):.1f}".replace(".", ",") in page  # the mean, not the first replication


def test_the_cost_of_a_run_is_said_in_both_languages(repo):
    swf = load_scenario(repo / "scenarios/suedwestfalen/baseline.yaml")
    year = estimate_job(swf)
    assert refusal(year) is None  # a whole Südwestfalen year may run in the app
    assert 1.5e9 < year.peak_bytes < MAX_BYTES_PER_JOB
    german = describe_workload(year, 1, 1, "de")
    assert re.fullmatch(r"Aufwand \(vorab geschätzt\): Läufe: 1, Anliegen: 1\d\.\d{3}\.\d{3}, Arbeitsspeicher je Lauf: "
                        r"bis zu 1,\d GB, Rechenzeit: etwa \d+ s\.", german), german  # fmt: skip
    small = describe_workload(Workload(1000.0, 5e6, 10.0), 2, 2, "en")
    assert small == ("Cost (estimated beforehand): runs: 2, requests: 1,000, memory per run: up to 5 MB, "
                     "computing time: about 1 s.")  # fmt: skip
    assert label("about_minutes", "de", minutes="3") == "etwa 3 min"


def test_the_queue_runs_a_plain_run_and_caches_go_where_they_are_told(lk, tmp_path, monkeypatch):
    short = with_seed_and_days(lk["baseline"], days=2)
    assert run_app_job((short, "kernels", 1)).summary == simulate(short).summary
    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert cache_folder("coalitions").parts[-3:] == ("results", ".cache", "coalitions")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cache_folder("diffusion") == tmp_path / "diffusion"
    assert json.dumps(str(cache_folder("coalitions"))).endswith('coalitions"')


def test_replications_in_the_app_use_the_game_costs_of_the_root_seed(lk, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    changes = {"agreements": {"ikz_buergerservice": {"cost_key": "shapley"}}, "simulation": {"days": 14}}
    shapley = load_scenario(lk["shared_citizen_office"].path, changes)
    seeds = replication_seeds(shapley.config.simulation.seed, 2)
    resolved = resolve_game_keys(shapley, tmp_path / "coalitions")
    assert resolved.config.agreements["ikz_buergerservice"].game_costs_eur_per_year
    for seed in seeds:
        app = ReplicationJob(shapley, seed).run()
        assert app.summary == simulate(with_seed_and_days(resolved, seed=seed)).summary
