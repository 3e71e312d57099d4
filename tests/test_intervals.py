"""Uncertainty: Student-t intervals, paired intervals of differences (common random numbers), --precision."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from sim.analysis.compare import (
    CONTAINS_ZERO,
    PrecisionTarget,
    _replications_needed,
    compare,
    format_table,
    precision_target,
)
from sim.cli import main
from sim.errors import InputError
from sim.io.config import load_scenario
from sim.runner import replicate, replication_seeds, t_half_width, t_quantile, with_seed_and_days

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
SHARED = REPO / "scenarios" / "lemgo_kalletal" / "shared_citizen_office.yaml"
DAYS = 14


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.mark.parametrize("count", [2, 3, 5, 10, 30, 200])
def test_t_quantile_is_scipys(count: int):
    assert t_quantile(count) == pytest.approx(stats.t.ppf(0.975, count - 1), rel=1e-12)
    assert t_quantile(count, 0.9) == pytest.approx(stats.t.ppf(0.95, count - 1), rel=1e-12)


def test_five_replications_give_an_interval_about_42_percent_wider_than_1_96():
    assert t_quantile(5) / 1.96 == pytest.approx(1.4164, abs=1e-3)
    with pytest.raises(ValueError, match="at least 2"):
        t_quantile(1)


def test_half_width_is_t_times_the_standard_error():
    values = np.array([3.0, 5.0, 4.0, 8.0])
    expected = stats.t.ppf(0.975, 3) * values.std(ddof=1) / 2.0
    assert t_half_width(values) == pytest.approx(expected)
    low, high = stats.t.interval(0.95, 3, loc=values.mean(), scale=stats.sem(values))
    assert t_half_width(values) == pytest.approx((high - low) / 2)
    assert t_half_width([7.0]) == 0.0


def test_replication_seeds_start_with_the_root_and_extend_without_changing():
    seeds = replication_seeds(42, 6)
    assert seeds[0] == 42 and len(set(seeds)) == 6
    assert replication_seeds(42, 3) == seeds[:3]  # adding replications keeps the earlier ones (--precision)


def test_replicate_reports_student_t_intervals_with_the_same_keys():
    result = replicate(with_seed_and_days(load_scenario(BASELINE), days=10), 3)
    block = result.summary["replications"]
    assert block["count"] == 3 and block["interval"] == "Student t, 95 %"
    figures = block["kpis"]["wait_minutes.mean"]
    assert set(figures) == {"mean", "ci95_low", "ci95_high"}
    assert figures["ci95_high"] - figures["mean"] == pytest.approx(figures["mean"] - figures["ci95_low"], abs=2e-4)


@pytest.fixture(scope="module")
def crn_pair():
    """Baseline and shared office, 14 days, 4 replications each, replication r with the same seed."""
    return compare([load_scenario(BASELINE), load_scenario(SHARED)], days=DAYS, replications=4)


def test_paired_intervals_are_narrower_than_unpaired_on_a_crn_pair(crn_pair):
    values = crn_pair.values
    for kpi in ("car_km", "trips", "travel_minutes.mean", "citizen_hours"):
        base, shared = values[kpi]
        paired = t_half_width(shared - base)
        welch = stats.ttest_ind(shared, base, equal_var=False).confidence_interval(0.95)
        unpaired = (welch.high - welch.low) / 2
        assert paired < unpaired, kpi
    requests = values["requests.total"]
    assert np.array_equal(requests[0], requests[1])  # same seeds, same needs: the difference is exactly 0


def test_the_table_marks_differences_whose_interval_contains_zero(crn_pair):
    table = crn_pair.table.set_index("kpi")
    column = "shared_citizen_office - baseline"
    assert bool(table.loc["requests.total", f"{column} {CONTAINS_ZERO}"])
    for kpi, row in table.iterrows():
        low, high = row[f"{column} ci95_low"], row[f"{column} ci95_high"]
        assert low <= row[column] <= high, kpi
        assert bool(row[f"{column} {CONTAINS_ZERO}"]) == (low <= 0 <= high), kpi
    text = format_table(crn_pair.table)
    assert " ± " in text and "~0" in text


def test_precision_stops_once_the_target_is_met():
    scenarios = [load_scenario(BASELINE), load_scenario(SHARED)]
    comparison = compare(scenarios, days=DAYS, precision=PrecisionTarget("car_km", 1e9))
    assert len(comparison.seeds) == 2  # the fewest that give an interval
    assert "target met" in comparison.precision_note


def test_precision_stops_at_the_cap_when_the_target_is_out_of_reach():
    scenarios = [load_scenario(BASELINE), load_scenario(SHARED)]
    comparison = compare(scenarios, days=DAYS, precision=PrecisionTarget("car_km", 1e-9, max_replications=3))
    assert len(comparison.seeds) == 3
    assert comparison.values["car_km"].shape == (2, 3)
    assert "cap of 3 replications reached" in comparison.precision_note


def test_replications_needed_grow_with_the_gap_but_at_most_double_and_stay_under_the_cap():
    target = PrecisionTarget("car_km", 10.0, max_replications=50)
    assert _replications_needed(4, 11.0, target) == 5  # (11/10)^2 * 4 = 4.84
    assert _replications_needed(4, 100.0, target) == 8  # would be 400
    assert _replications_needed(40, 100.0, target) == 50


@pytest.mark.parametrize(
    ("text", "cap", "message"),
    [
        ("car_km", None, "expected KPI=HALFWIDTH"),
        ("car_km=-1", None, "expected KPI=HALFWIDTH"),
        ("car_km=abc", None, "expected KPI=HALFWIDTH"),
        (None, 5, "is the cap of --precision"),
    ],
)
def test_bad_precision_is_bad_input(text: str | None, cap: int | None, message: str):
    with pytest.raises(InputError, match=message):
        precision_target(text, cap)


def test_compare_cli_writes_paired_intervals(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out_dir = tmp_path / "cmp"
    argv = ["compare", str(BASELINE), str(SHARED), "--days", "10", "--replications", "2", "--out", str(out_dir)]
    assert _exit_code(argv) == 0
    header = (out_dir / "comparison.csv").read_text(encoding="utf-8").splitlines()[1]
    for column in ("shared_citizen_office - baseline ci95_low", "shared_citizen_office - baseline ci95_high",
                   f"shared_citizen_office - baseline {CONTAINS_ZERO}", "baseline ci95_half"):  # fmt: skip
        assert column in header
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["replication_seeds"]) == 2
    summary = json.loads((out_dir / "baseline" / "summary.json").read_text(encoding="utf-8"))
    assert summary["replications"]["seeds"] == manifest["replication_seeds"]
    assert "paired" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--precision", "nope=1"], "unknown KPI 'nope'"),
        (["--precision", "car_km"], "expected KPI=HALFWIDTH"),
        (["--max-replications", "5"], "is the cap of --precision"),
    ],
)
def test_compare_cli_rejects_bad_precision(extra: list[str], message: str, capsys, tmp_path: Path):
    argv = ["compare", str(BASELINE), str(SHARED), "--days", "5", "--out", str(tmp_path / "o"), *extra]
    assert _exit_code(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "o").exists()
