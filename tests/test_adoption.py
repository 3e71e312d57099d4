"""Online adoption: no diffusion leaves a run as it was, the legal limit holds, the fit to Düsseldorf, same seed."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kernels.choice import REQUEST_STRIDE
from kernels.decide import CHANNEL_ONLINE
from kernels.random import PURPOSE_ONLINE_POSSIBLE, uniform
from sim.analysis.adoption_fit import EWA_DUESSELDORF, expected_shares
from sim.io.config import load_scenario
from sim.mechanisms.adoption_curve import bass_curve
from sim.model.region import Region
from sim.runner import simulate, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
LK_BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
EWA = REPO / "scenarios" / "bochum" / "online_registration.yaml"
LK_ONLINE_USE = '{"0-17": 0.39, "18-64": 0.62, "65+": 0.35}'  # the region's citizens.online_use


def adoption_file(tmp_path: Path, name: str, **fields: str) -> Path:
    """Write a Lemgo-Kalletal scenario with an online adoption model of the Bürgerbüro."""
    values = {
        "legal_online_share": "0.5", "initial_adoption": LK_ONLINE_USE,
        "potential": '{"0-17": 0.9, "18-64": 0.9, "65+": 0.9}',
        "innovation_per_day": '{"0-17": 0.002, "18-64": 0.004, "65+": 0.001}',
        "imitation_per_day": '{"0-17": 0.02, "18-64": 0.03, "65+": 0.01}', "campaigns": "[]", "online_share": "0.15",
    } | fields  # fmt: skip
    model = "".join(
        f"    {key}: {values[key]}\n"
        for key in ("legal_online_share", "initial_adoption", "potential", "innovation_per_day", "imitation_per_day",
                    "campaigns")
    )  # fmt: skip
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"extends: {LK_BASELINE}\nname: {name}\n"
        f"services:\n  citizen_office:\n    online_share: {values['online_share']}\n"
        "interventions:\n  adoption:\n    type: online_adoption\n    service: citizen_office\n"
        f"{model}    legal_source: test\n    source: test\n",
        encoding="utf-8",
    )
    return path


def test_the_curve_stays_put_without_innovation_and_imitation():
    population = np.array([[100.0, 300.0, 80.0], [50.0, 120.0, 60.0]])
    initial = np.array([[0.1, 0.3, 0.05], [0.2, 0.1, 0.0]])
    curve = bass_curve(initial, np.full(3, 0.9), np.zeros((40, 2, 3)), np.zeros(3), np.ones(40, bool), population)
    assert (curve == initial).all()


def test_the_curve_grows_only_while_the_service_is_available_and_never_above_the_potential():
    population = np.array([[100.0, 300.0, 80.0]])
    available = np.arange(200) < 100
    potential = np.array([0.3, 0.6, 0.2])
    curve = bass_curve(np.zeros(3), potential, np.full((200, 1, 3), 0.05), np.full(3, 0.5), available, population)
    assert (np.diff(curve[:101], axis=0) >= 0).all() and (curve[101:] == curve[100]).all()
    assert (curve <= potential).all() and np.allclose(curve[100], potential, atol=1e-3)


def test_word_of_mouth_stays_in_the_district():
    population = np.array([[1000.0, 1000.0, 1000.0], [1000.0, 1000.0, 1000.0]])
    innovation = np.zeros((60, 2, 3))
    innovation[:10, 0, :] = 0.05  # a campaign in district 0 only
    curve = bass_curve(np.zeros(3), np.full(3, 0.8), innovation, np.full(3, 0.2), np.ones(60, bool), population)
    assert curve[-1, 0].min() > 0.3 and (curve[:, 1] == 0).all()


def test_no_innovation_and_no_imitation_leave_the_run_as_without_the_model(tmp_path):
    frozen = adoption_file(tmp_path, "frozen", innovation_per_day='{"0-17": 0, "18-64": 0, "65+": 0}',
                           imitation_per_day='{"0-17": 0, "18-64": 0, "65+": 0}')  # fmt: skip
    plain = tmp_path / "plain.yaml"
    plain.write_text(f"extends: {LK_BASELINE}\nname: frozen\n", encoding="utf-8")
    with_model = simulate(with_seed_and_days(load_scenario(frozen), days=30))
    without = simulate(with_seed_and_days(load_scenario(plain), days=30))
    adoption = with_model.summary.pop("adoption")
    assert adoption["counter_visits_avoided"] == 0 and adoption["staff_hours_freed"] == 0
    weekly = adoption["by_service"]["citizen_office"]["weekly"]
    assert len(set(weekly["expected_online_share"])) == 1  # the expected share does not move
    summary = without.summary | {"scenario_file": "frozen"}
    assert json.dumps(with_model.summary) == json.dumps(summary)
    assert with_model.daily.equals(without.daily) and with_model.daily_places.equals(without.daily_places)


def test_the_online_share_never_exceeds_the_legal_limit(tmp_path):
    legal = 0.3
    eager = adoption_file(tmp_path, "eager", legal_online_share=str(legal), online_share=str(legal),
                          innovation_per_day='{"0-17": 0.5, "18-64": 0.5, "65+": 0.5}',
                          potential='{"0-17": 1.0, "18-64": 1.0, "65+": 1.0}')  # fmt: skip
    model = Region(with_seed_and_days(load_scenario(eager), days=60))
    assert (model.policy.online_share[:, 0] <= legal).all()
    assert all((expected <= legal + 1e-12).all() for expected in model.policy.expected_online_shares().values())
    model.run()
    book, seed = model.book, model.seed
    rows = np.flatnonzero((book.service == 0) & (book.channel == CHANNEL_ONLINE))
    assert rows.size > 1000  # nearly everyone adopted: the limit, not the people, binds
    draws = [uniform(seed, PURPOSE_ONLINE_POSSIBLE, int(book.citizen[r]), int(book.need_day[r]),
                     int(book.service[r]) * REQUEST_STRIDE + int(book.ordinal[r])) for r in rows]  # fmt: skip
    assert max(draws) < legal  # every online request is one of the legally possible ones
    share = rows.size / np.count_nonzero(book.service == 0)
    assert legal - 0.05 < share <= legal


def test_the_calibrated_registration_reproduces_duesseldorfs_uptake():
    scenario = load_scenario(EWA)
    for window, share in zip(EWA_DUESSELDORF, expected_shares(scenario, "registration"), strict=True):
        assert abs(share - window.online_share) <= window.tolerance, window.name
    model = scenario.config.interventions["ewa_adoption"]
    factors = np.array(model.potential.as_tuple()) / np.array([0.02, 0.26, 0.10])  # online-ID users by age
    assert np.allclose(factors, factors[1], rtol=0.03)  # one share of the online-ID users adopts, in every age group
    shares = np.array(scenario.region.municipalities["bochum"].age_shares.as_tuple())
    adults = shares[1] + shares[2] + shares[0] * 2 / 18  # residents 16+
    eid = (0.02 * shares[0] * 2 / 18 + 0.26 * shares[1] + 0.10 * shares[2]) / adults
    assert abs(eid - 0.22) <= 0.01  # eGovernment MONITOR 2024: 22 % use the online ID function


def test_the_simulated_uptake_follows_the_expected_curve():
    result = simulate(with_seed_and_days(load_scenario(EWA), days=91))
    registration = result.summary["adoption"]["by_service"]["registration"]
    simulated, expected = registration["online_share"], EWA_DUESSELDORF[0].online_share
    # About 16,000 registrations in the window: binomial noise of the share is below 0.1 percentage points.
    assert abs(simulated - expected) <= EWA_DUESSELDORF[0].tolerance
    assert registration["counter_visits_avoided"] == registration["online"] > 0
    assert registration["staff_hours_freed"] > 0  # online registration runs without a back office desk


def test_the_same_seed_gives_the_same_curve(tmp_path):
    path = adoption_file(tmp_path, "campaign", campaigns='[{name: push, start_day: 5, duration_days: 10, '
                         'innovation_per_day: {"0-17": 0.01, "18-64": 0.01, "65+": 0.01}, source: test}]')  # fmt: skip
    scenario = with_seed_and_days(load_scenario(path), days=42)
    first, second = simulate(scenario).summary["adoption"], simulate(scenario).summary["adoption"]
    other = simulate(with_seed_and_days(scenario, seed=7)).summary["adoption"]
    assert first == second
    curve = first["by_service"]["citizen_office"]["weekly"]["online_share"]
    assert curve != other["by_service"]["citizen_office"]["weekly"]["online_share"]


@pytest.mark.parametrize(
    ("name", "key_path"),
    [
        ("adoption_campaign_outside_horizon.yaml", "interventions.online_forms_adoption.campaigns.0.start_day"),
        ("adoption_online_share_above_legal.yaml", "services.citizen_office.online_share"),
    ],
)
def test_run_refuses_bad_adoption_input_with_exit_2(name, key_path):
    completed = subprocess.run(
        [sys.executable, "-m", "sim", "run", f"tests/data/bad/{name}", "--days", "5"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 2
    assert key_path in completed.stderr and "Traceback" not in completed.stderr
    assert "outside the horizon" in completed.stderr or "above the legal limit" in completed.stderr


def test_compare_with_replications_gives_intervals_of_the_adoption_figures(tmp_path):
    """Replications of a run with adoption: its KPIs computed from other figures get intervals too (was a KeyError)."""
    from sim.analysis.compare import compare

    path = adoption_file(tmp_path, "eager")
    scenarios = [with_seed_and_days(load_scenario(p), days=14) for p in (LK_BASELINE, path)]
    comparison = compare(scenarios, replications=2)
    block = comparison.results[1].summary["replications"]["kpis"]
    share = block["adoption.online_share_all"]
    assert 0 < share["ci95_low"] <= share["mean"] <= share["ci95_high"] < 1
    assert "adoption.online_share_all" not in comparison.results[0].summary["replications"]["kpis"]
