"""`python -m sim access` and `locate`: every shipped scenario, recomputable tables, proposals that validate, exit 2."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import shipped_scenarios

from sim.cli import main
from sim.summary.accessibility import CATCHMENT_MINUTES, two_step_fca

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
OFFICES = ["buergerbuero_lemgo", "buergerbuero_kalletal"]


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#", keep_default_na=False)


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_access_runs_on_every_shipped_scenario(path: Path, tmp_path: Path) -> None:
    assert main(["access", str(path), "--out", str(tmp_path / "access")]) == 0
    access = read_csv(tmp_path / "access" / "access.csv")
    assert list(access.columns) == ["district", "service", "measure", "mode", "value"]
    assert {"2sfca", "e2sfca", "gravity", "cumulative_15min", "cumulative_30min", "cumulative_45min"} <= set(
        access["measure"]
    )
    assert set(access["mode"]) == {"car", "transit", "bike", "walk", "resident_modes", "all"}
    times = read_csv(tmp_path / "access" / "travel_times.csv")
    assert list(times.columns) == ["district", "service", "service_point", "mode", "minutes"]
    assert (times["minutes"].astype(float) > 0).all()
    manifest = json.loads((tmp_path / "access" / "manifest.json").read_text())
    assert manifest["seed"] and manifest["package_versions"] and manifest["catchment_minutes"] == CATCHMENT_MINUTES


def test_access_tables_are_deterministic_and_recomputable(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert main(["access", str(BASELINE), "--out", str(tmp_path / name)]) == 0
    for file in ("access.csv", "travel_times.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    # 2SFCA by car for the Bürgerbüro, recomputed from travel_times.csv, the supply in the manifest and the demand rows.
    access = read_csv(tmp_path / "a" / "access.csv")
    times = read_csv(tmp_path / "a" / "travel_times.csv")
    supply = json.loads((tmp_path / "a" / "manifest.json").read_text())["supply_desk_hours_per_week"]["citizen_office"]
    office = access[access["service"] == "citizen_office"]
    demand = office[office["measure"] == "demand"].set_index("district")["value"].astype(float)
    car = times[(times["service"] == "citizen_office") & (times["mode"] == "car")]
    matrix = np.full((len(demand), len(supply)), np.inf)
    for row in car.itertuples():
        matrix[demand.index.get_loc(row.district), list(supply).index(row.service_point)] = float(row.minutes)
    expected = two_step_fca(list(supply.values()), demand.to_numpy(), matrix, CATCHMENT_MINUTES["car"]) * 1000
    written = office[(office["measure"] == "2sfca") & (office["mode"] == "car")]["value"].astype(float).to_numpy()
    np.testing.assert_allclose(written, expected, atol=1e-5)


def locate(tmp_path: Path, name: str, *arguments: str) -> dict:
    out = tmp_path / name
    assert main(["locate", str(BASELINE), "--service", "citizen_office", *arguments, "--out", str(out)]) == 0
    assert main(["validate", str(out / "proposal.yaml")]) == 0
    return json.loads((out / "locate.json").read_text())


def test_locate_both_offices_fixed_and_one_free_on_lemgo_kalletal(tmp_path: Path, capsys) -> None:
    both = locate(tmp_path, "both", "--p", "2", "--fixed", *OFFICES, "--simulate", "--days", "60")
    assert both["status"] == "optimal" and both["mip_gap"] == 0.0
    assert sorted(site["service_point"] for site in both["sites"]) == sorted(OFFICES)
    assert both["objective"] > 0 and both["objective_unit"] == "weighted travel minutes"
    printed = capsys.readouterr().out
    assert "promise: mean" in printed and "trips to the optimiser's site" in printed
    simulated = both["simulation"]
    assert simulated["input"]["in_person_requests"] == simulated["proposal"]["in_person_requests"]  # same needs (CRN)
    assert 0.5 < simulated["proposal"]["share_to_assigned_site"] <= 1.0
    proposal = yaml.safe_load((tmp_path / "both" / "proposal.yaml").read_text())
    assert proposal["agreements"]["locate_shared_citizen_office"]["access"] == "mutual"  # the model assumes sharing
    one_free = locate(tmp_path, "one", "--p", "2", "--fixed", OFFICES[0])
    assert one_free["objective"] <= both["objective"] + 1e-6  # fewer fixed sites can only help
    center = locate(tmp_path, "center", "--model", "p-center", "--p", "2", "--fixed", OFFICES[0])
    assert center["moved"] and center["moved"][0]["service_point"] == OFFICES[1]
    moved = yaml.safe_load((tmp_path / "center" / "proposal.yaml").read_text())["service_points"][OFFICES[1]]
    assert moved["district"] != "hohenhausen" and set(moved) >= {"district", "lat", "lon", "name"}


def test_capacitated_locate_keeps_every_site_within_its_capacity(tmp_path: Path) -> None:
    located = locate(tmp_path, "capacity", "--p", "2", "--capacity", "--candidates", "points")
    assert located["model"] == "capacitated p-median"
    assert located["weights_unit"].startswith("in-person visits per week")
    kalletal = next(site for site in located["sites"] if site["service_point"] == OFFICES[1])
    assert kalletal["demand_served"] <= 2 * 26 * 60 / 12 * 0.85 + 1e-6  # 2 desks, 26 hours, 12 minutes, 85 %


def test_locate_mobile_stops_write_a_timetable_that_is_simulated(tmp_path: Path) -> None:
    mobile = ["--mobile", "--stops", "4", "--days-per-week", "2"]
    located = locate(tmp_path, "mobile", *mobile, "--simulate", "--days", "30")
    point = yaml.safe_load((tmp_path / "mobile" / "proposal.yaml").read_text())["service_points"]
    timetable = point["mobile_citizen_office_locate"]["timetable"]
    assert len(timetable) == 4 and {stop["weekday"] for stop in timetable} == {"mon", "tue"}
    assert not {stop["district"] for stop in timetable} & {"kernstadt", "hohenhausen"}  # not where an office is
    assert located["simulation"]["proposal"]["in_person_requests"] > 0


def test_candidate_file_is_read_and_checked(tmp_path: Path, capsys) -> None:
    good = tmp_path / "sites.csv"
    good.write_text("id,district,lat,lon,name\nrathaus_talle,talle,52.09,8.98,Alte Schule Talle\n")
    located = locate(tmp_path, "file", "--p", "2", "--fixed", OFFICES[0], "--candidates", str(good))
    assert located["candidates"] == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("id,district,lat,lon\nschool,atlantis,52.09,8.98\n")
    code = main(["locate", str(BASELINE), "--service", "citizen_office", "--candidates", str(bad),
                 "--out", str(tmp_path / "bad_out")])  # fmt: skip
    assert code == 2 and "bad.csv:2: district: unknown Ortsteil 'atlantis'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--service", "citizen_office", "--p", "30"], "p = 30 is larger than the number of candidate sites (29)"),
        (["--service", "passport_office"], "unknown service 'passport_office'; the scenario has citizen_office"),
        (["--service", "citizen_office", "--model", "mclp", "--p", "2", "--radius", "0"], "radius must be a positive"),
        (["--service", "citizen_office", "--model", "lscp", "--radius", "-3"], "radius must be a positive"),
        (["--service", "citizen_office", "--p", "1", "--capacity", "--fixed", OFFICES[1]], "infeasible: total"),
        (["--service", "citizen_office", "--fixed", "town_hall"], "unknown site 'town_hall'"),
        (["--service", "citizen_office", "--mobile", "--stops", "3"], "needs --stops K and --days-per-week D"),
    ],
)
def test_bad_locate_input_exits_2_with_a_clear_message(arguments, message, tmp_path, capsys) -> None:
    assert main(["locate", str(BASELINE), *arguments, "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert not (tmp_path / "out").exists()


def test_infeasible_capacitated_instance_says_so_without_a_traceback(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sim", "locate", str(BASELINE), "--service", "citizen_office", "--p", "1",
         "--capacity", "--fixed", OFFICES[1], "--out", str(tmp_path / "out")],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 2
    assert "infeasible" in completed.stderr and "Traceback" not in completed.stderr


def test_simulated_demand_weights_by_the_visits_of_a_run(tmp_path: Path) -> None:
    for demand in ("population", "simulated"):
        assert main(["access", str(BASELINE), "--demand", demand, "--out", str(tmp_path / demand)]) == 0
    rows = {demand: read_csv(tmp_path / demand / "access.csv") for demand in ("population", "simulated")}
    weights = {
        demand: table[(table["measure"] == "demand") & (table["service"] == "citizen_office")]["value"].astype(float)
        for demand, table in rows.items()
    }
    assert weights["population"].sum() == 55010  # residents
    assert 400 < weights["simulated"].sum() < 1000  # in-person Bürgerbüro visits a week (about 0.6 a resident-year)
    manifest = json.loads((tmp_path / "simulated" / "manifest.json").read_text())
    assert manifest["demand"] == "simulated"
