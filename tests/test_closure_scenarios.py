"""Closures, outages, terminals and capped cost shares on Lemgo–Kalletal: each rule moves the figures it should."""

from pathlib import Path

import numpy as np
import pytest

from sim.analysis.backlog import compare_backlogs, open_requests
from sim.io.config import load_scenario
from sim.mechanisms.cost_keys import equal_up_to_cap
from sim.model.closures import scenario_closures
from sim.model.policy import share_tables
from sim.runner import simulate, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
LEMGO_KALLETAL = REPO / "scenarios" / "lemgo_kalletal"
DAYS = 35
OFFICE = "buergerbuero_kalletal"


def run(tmp_path: Path, base: str, text: str = "", days: int = DAYS):
    """Run `base` (a Lemgo–Kalletal file) with the scenario text added, for `days` days."""
    path = tmp_path / f"{base}_{abs(hash(text))}.yaml"
    path.write_text(f"extends: {LEMGO_KALLETAL / base}.yaml\nname: test\n{text}", encoding="utf-8")
    return simulate(with_seed_and_days(load_scenario(path), days=days))


CLOSED_10_TO_16 = """
interventions:
  kalletal_closed: {type: office_closure, service_points: [buergerbuero_kalletal], start_day: 10, duration_days: 7}
"""
OUTAGE_10_TO_16 = """
service_points:
  buergerbuero_kalletal: {it_provider: krz}
  back_office_kalletal: {it_provider: krz}
interventions:
  krz_down: {type: it_outage, provider: krz, start_day: 10, duration_days: 7}
"""


def sessions(result, point: str, first: int, last: int):
    places = result.daily_places
    return places[(places["service_point"] == point) & places["day"].between(first, last)]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    return run(tmp_path_factory.mktemp("baseline"), "baseline")


def test_an_announced_closure_without_an_alternative_holds_every_visit_until_it_reopens(tmp_path, baseline):
    closed = run(tmp_path, "baseline", CLOSED_10_TO_16)
    assert sessions(closed, OFFICE, 10, 16).empty
    assert closed.summary["requests"]["total"] == baseline.summary["requests"]["total"]
    assert closed.summary["by_service"]["citizen_office"]["cross_border_share"] == 0.0  # nowhere else to go
    reopening = sessions(closed, OFFICE, 17, 17)["visits"].sum()
    assert reopening > 2 * sessions(baseline, OFFICE, 17, 17)["visits"].sum()
    assert all(closed.summary["invariants"].values())


def test_an_announced_closure_sends_residents_to_the_office_an_agreement_opens(tmp_path):
    shared = run(tmp_path, "shared_citizen_office")
    closed = run(tmp_path, "shared_citizen_office", CLOSED_10_TO_16)
    assert sessions(closed, OFFICE, 10, 16).empty
    lemgo_during = sessions(closed, "buergerbuero_lemgo", 10, 16)["visits"].sum()
    assert lemgo_during > sessions(shared, "buergerbuero_lemgo", 10, 16)["visits"].sum()
    assert sessions(closed, OFFICE, 17, 17)["visits"].sum() < 2 * sessions(shared, OFFICE, 17, 17)["visits"].sum()


def test_an_outage_shuts_doors_without_warning_and_changes_nothing_before_it(tmp_path, baseline):
    outage = run(tmp_path, "baseline", OUTAGE_10_TO_16)
    shut = sessions(outage, OFFICE, 10, 16)
    assert len(shut) >= 4 and (shut["served"] == 0).all() and shut["mean_wait_minutes"].isna().all()
    assert outage.daily[outage.daily["day"] < 10].equals(baseline.daily[baseline.daily["day"] < 10])
    assert outage.summary["trips"] > baseline.summary["trips"]  # the trips to closed doors
    days = outage.summary["by_service"]["citizen_office"]["days_to_done"]["mean"]
    assert days > baseline.summary["by_service"]["citizen_office"]["days_to_done"]["mean"]


def test_an_outage_lifts_the_backlog_until_the_office_catches_up(tmp_path, baseline):
    outage = run(tmp_path, "baseline", OUTAGE_10_TO_16)
    reading = compare_backlogs(baseline.daily, outage.daily)
    assert reading.first_day == 10 and 10 <= reading.peak_day <= 17 and reading.peak_extra > 50
    assert 17 <= reading.back_day < DAYS
    assert compare_backlogs(baseline.daily, baseline.daily).peak_extra == 0
    assert open_requests(baseline.daily).index.tolist() == baseline.daily["day"].tolist()


def test_an_it_outage_takes_down_the_portal_of_the_services_its_offices_offer(tmp_path):
    path = tmp_path / "outage.yaml"
    path.write_text(
        f"extends: {LEMGO_KALLETAL}/digital_quick_wins.yaml\nname: test\n{OUTAGE_10_TO_16}", encoding="utf-8"
    )
    config = load_scenario(path).config
    online, booking, _ = share_tables(config, scenario_closures(config))
    office, library = list(config.services).index("citizen_office"), list(config.services).index("library")
    assert (online[10:17, office] == 0).all() and (booking[10:17, office] == 0).all()
    assert (online[9, office] > 0) and (online[17, office] > 0)
    unchanged, *_ = share_tables(config)
    assert np.array_equal(online[:, library], unchanged[:, library])


TERMINAL = """
interventions:
  terminal:
    type: id_terminal
    service: citizen_office
    service_point: buergerbuero_kalletal
    id_share: 1.0
    terminal_use_share: 0.5
    desk_time_factor: 0.5
"""


def test_a_terminal_shortens_the_desk_time_of_the_visits_that_use_it(tmp_path, baseline):
    with_terminal = run(tmp_path, "baseline", TERMINAL)
    before, after = (r.summary["service_points"][OFFICE] for r in (baseline, with_terminal))
    # Half the visits need half the desk time: the desk is busy about three quarters as long for the same visitors.
    assert after["utilisation"] == pytest.approx(0.75 * before["utilisation"], rel=0.1)
    assert after["mean_wait_minutes"] < before["mean_wait_minutes"]
    assert with_terminal.summary["requests"] == baseline.summary["requests"]


def test_equal_shares_up_to_a_cap_by_hand():
    assert equal_up_to_cap(300.0, ["a", "b", "c"], 150.0, "b") == {"a": 100.0, "b": 100.0, "c": 100.0}
    assert equal_up_to_cap(600.0, ["a", "b", "c"], 150.0, "b") == {"a": 150.0, "b": 300.0, "c": 150.0}
    assert equal_up_to_cap(600.0, ["a", "c"], 150.0, "b") == {"a": 450.0, "c": 150.0}  # the lead has left


PLATFORM = """
agreements:
  platform:
    name: Shared platform
    members: [lemgo, kalletal]
    services: [citizen_office]
    access: none
    pool_member_points: false
    cost_key: equal_capped
    cap_eur_per_year: {cap}
    lead: lemgo
interventions:
  data_platform:
    type: digital_solution
    paid_by: platform
    development_cost_eur: 1000000
    write_off_years: 5
    running_cost_eur_per_year: 60000
"""


@pytest.mark.parametrize(("cap", "lemgo", "kalletal"), [(500000, 130000, 130000), (100000, 160000, 100000)])
def test_a_shared_platform_costs_each_member_its_capped_equal_share(tmp_path, baseline, cap, lemgo, kalletal):
    shared = run(tmp_path, "baseline", PLATFORM.format(cap=cap))
    years = DAYS / 365
    for municipality, share in (("lemgo", lemgo), ("kalletal", kalletal)):
        extra = (
            shared.summary["by_municipality"][municipality]["cost_paid_eur"]
            - baseline.summary["by_municipality"][municipality]["cost_paid_eur"]
        )
        assert extra == pytest.approx(share * years, abs=0.05)


def test_the_backlog_command_reads_two_results_folders(tmp_path, capsys):
    from sim.cli import main

    outage = tmp_path / "outage.yaml"
    outage.write_text(f"extends: {LEMGO_KALLETAL}/baseline.yaml\nname: outage\n{OUTAGE_10_TO_16}", encoding="utf-8")
    assert main(["run", str(LEMGO_KALLETAL / "baseline.yaml"), "--days", "30", "--out", str(tmp_path / "a")]) == 0
    assert main(["run", str(outage), "--days", "30", "--out", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    assert main(["backlog", str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    assert "open requests above the reference from day 10" in capsys.readouterr().out
    assert main(["backlog", str(tmp_path / "a"), str(tmp_path / "nowhere")]) == 2
    assert "no daily.csv here" in capsys.readouterr().err
    assert main(["backlog", str(tmp_path / "a"), str(tmp_path / "a")]) == 0
    assert "never lies above" in capsys.readouterr().out
