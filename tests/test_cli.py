"""The command line: exit codes 0/2, short messages without tracebacks, and the files a run writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
OUTPUT_FILES = ("summary.json", "by_municipality.csv", "daily.csv", "daily_service_points.csv", "manifest.json")


def _sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def _exit_code(argv: list[str]) -> int:
    """Return main's exit code, also when argparse ends the program with SystemExit."""
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 20-day baseline run, shared by the tests that read its files."""
    out_dir = tmp_path_factory.mktemp("run") / "baseline"
    assert main(["run", str(BASELINE), "--days", "20", "--out", str(out_dir)]) == 0
    return out_dir


def test_run_writes_all_output_files(run_dir: Path) -> None:
    assert sorted(path.name for path in run_dir.iterdir()) == sorted(OUTPUT_FILES)
    for name in OUTPUT_FILES:
        assert (run_dir / name).stat().st_size > 0
    assert (run_dir / "daily.csv").read_text(encoding="utf-8").startswith("# ikz-sim seed=20260101 ")


def test_summary_has_the_documented_keys(run_dir: Path) -> None:
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    for key in ("scenario", "seed", "days", "engine", "population", "trips", "car_km", "co2_kg"):
        assert key in summary
    assert summary["days"] == 20
    assert summary["seed"] == 20260101
    assert summary["engine"] == "kernels"
    assert set(summary["requests"]) >= {"total", "online", "in_person", "mobile"}
    assert set(summary["outcomes"]) >= {"served", "unserved"}
    for block in ("travel_minutes", "wait_minutes"):
        assert set(summary[block]) >= {"mean", "p90"}
    assert set(summary["cost_eur"]) >= {"total", "per_capita"}
    assert 0 <= summary["cross_border_share"] <= 1
    assert set(summary["by_municipality"]) == {"lemgo", "kalletal"}
    for figures in summary["by_municipality"].values():
        assert "cost_paid_eur" in figures
    requests = summary["requests"]
    assert requests["total"] == requests["online"] + requests["in_person"]
    assert summary["outcomes"]["served"] + summary["outcomes"]["unserved"] == requests["total"]


def test_manifest_records_seed_versions_and_hash(run_dir: Path) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 20260101
    assert "numpy" in manifest["package_versions"]
    assert len(manifest["scenario_sha256"]) == 64
    int(manifest["scenario_sha256"], 16)


def test_replications_write_confidence_intervals_and_rerun_replaces_atomically(tmp_path: Path) -> None:
    out_dir = tmp_path / "reps"
    assert main(["run", str(BASELINE), "--days", "10", "--replications", "2", "--out", str(out_dir)]) == 0
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    replications = summary["replications"]
    assert replications["count"] == 2
    assert len(set(replications["seeds"])) == 2
    for name, figures in replications["kpis"].items():
        assert figures["ci95_low"] <= figures["mean"] <= figures["ci95_high"], name
    # An earlier results folder is replaced whole (a folder with the user's own files is refused:
    # tests/test_results_folder.py).
    assert main(["run", str(BASELINE), "--days", "10", "--out", str(out_dir)]) == 0
    assert sorted(path.name for path in out_dir.iterdir()) == sorted(OUTPUT_FILES)
    assert json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))["replications"]["count"] == 1
    assert [path.name for path in tmp_path.iterdir()] == ["reps"]  # no '.reps.*' temporary folders left


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", str(BASELINE), "--days", "0"], "--days must be between 1 and"),
        (["run", str(BASELINE), "--days", "abc"], "--days must be a whole number, got 'abc'"),
        (["run", str(BASELINE), "--days", "99999"], "--days must be between 1 and 3650"),
        (["run", str(BASELINE), "--replications", "0"], "--replications must be between 1 and"),
        (["run", str(BASELINE), "--seed", "-1"], "--seed must be between 0"),
        (["run", str(BASELINE), "--engine", "warp"], "invalid choice: 'warp'"),
        (["fly", str(BASELINE)], "invalid choice: 'fly'"),
        ([], "the following arguments are required"),
    ],
    ids=["days-0", "days-abc", "days-huge", "replications-0", "seed-negative", "engine", "subcommand", "none"],
)
def test_bad_arguments_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _exit_code([*argv, "--out", str(tmp_path / "out")] if argv and argv[0] == "run" else argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["run", "validate", "compare"])
def test_missing_file_exits_2(command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "no_such_scenario.yaml"
    assert _exit_code([command, str(missing)]) == 2
    captured = capsys.readouterr()
    assert f"{missing}: file not found" in captured.err
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize("command", ["run", "compare"])
@pytest.mark.parametrize("below", ["out", "deeper/out", ""], ids=["under-file", "deep-under-file", "is-file"])
def test_out_that_is_or_lies_under_a_file_exits_2(
    command: str, below: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    out_dir = blocker / below if below else blocker
    assert _exit_code([command, str(BASELINE), "--days", "10", "--out", str(out_dir)]) == 2
    captured = capsys.readouterr()
    assert f"{blocker}: --out: this is a file, not a folder" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert blocker.read_text(encoding="utf-8") == "not a folder"  # never replaced by a results folder
    assert [path.name for path in tmp_path.iterdir()] == ["a_file"]


def test_schema_and_validate_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BASELINE)]) == 0
    assert f"OK {BASELINE}" in capsys.readouterr().out
    assert main(["schema"]) == 0
    json.loads(capsys.readouterr().out)


# -- end to end: the same guarantees through a real `python -m sim` process


def test_subprocess_bad_days_exits_2_without_traceback() -> None:
    completed = _sim("run", str(BASELINE), "--days", "abc")
    assert completed.returncode == 2
    assert "--days must be a whole number, got 'abc'" in completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr


def test_subprocess_missing_file_and_unknown_command_exit_2() -> None:
    missing = _sim("validate", "no/such/file.yaml")
    assert missing.returncode == 2
    assert "no/such/file.yaml: file not found" in missing.stderr
    unknown = _sim("simulate", str(BASELINE))
    assert unknown.returncode == 2
    assert "invalid choice: 'simulate'" in unknown.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr


def test_subprocess_out_under_a_file_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    completed = _sim("run", str(BASELINE), "--days", "10", "--out", str(blocker / "out"))
    assert completed.returncode == 2, completed.stderr
    assert f"{blocker}: --out: this is a file, not a folder" in completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr


def test_every_command_explains_itself_with_an_example_and_help_for_every_argument():
    import argparse

    from sim.cli import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    assert len(commands.choices) >= 11
    for name, command in commands.choices.items():
        assert command.description and len(command.description) > 40, name
        assert command.epilog and "python -m sim " + name in command.epilog, name
        for action in command._actions:
            assert action.help, f"{name} {action.dest} has no help"
        text = command.format_help()
        assert "example" in text and "None" not in text, name  # no "(default: None)"


def test_run_prints_whole_counts_and_a_per_year_cost_line(tmp_path, capsys):
    assert main(["run", str(BASELINE), "--days", "30", "--out", str(tmp_path / "run")]) == 0
    printed = capsys.readouterr().out
    assert "unserved 0 " in printed and ".0 requests" not in printed
    assert "per year: cost " in printed and "EUR per resident" in printed and "the 30 days simulated" in printed
