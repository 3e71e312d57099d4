"""Malformed closures, outages, terminals and cost caps: each exits 2 with one line naming file, key path and line."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BAD = Path("tests/data/bad_closures")  # relative to REPO, so messages show short paths

EXPECTED = {
    "closure_unknown_point.yaml": (
        6, "interventions.renovation.service_points.1", "unknown service point 'buergerbuero_dorf'"
    ),
    "closure_duration_zero.yaml": (8, "interventions.renovation.duration_days", "greater than or equal to 1 (got 0)"),
    "closure_start_outside_horizon.yaml": (
        7, "interventions.renovation.start_day", "day 400 lies outside the horizon (days 0-364, simulation.days)"
    ),
    "closure_names_a_service.yaml": (4, "interventions.renovation", "names no service; remove 'service'"),
    "outage_unknown_provider.yaml": (
        8, "interventions.ransomware.provider",
        "no service point depends on IT provider 'suedwestfalen_it' (it_provider of the service points: krz_lemgo)",
    ),
    "outage_negative_duration.yaml": (10, "interventions.ransomware.duration_days", "greater than or equal to 1"),
    "terminal_at_a_library.yaml": (
        7, "interventions.terminal.service_point", "'stadtbuecherei_lemgo' does not offer 'citizen_office'"
    ),
    "capped_key_without_lead.yaml": (4, "agreements.platform", "needs cap_eur_per_year and lead"),
}  # fmt: skip
BAD_FILES = sorted(path.name for path in (REPO / BAD).glob("*.yaml"))


@pytest.fixture(scope="module")
def validated() -> dict[str, subprocess.CompletedProcess[str]]:
    """Run `python -m sim validate FILE` for every bad file, all processes at once."""
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "sim", "validate", str(BAD / name)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in BAD_FILES
    }
    results = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return results


def test_every_bad_file_has_an_expectation_and_a_readme_row() -> None:
    assert set(BAD_FILES) == set(EXPECTED)
    readme = (REPO / BAD / "README.md").read_text(encoding="utf-8")
    assert [name for name in BAD_FILES if f"`{name}`" not in readme] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_closure_input_exits_2_with_one_clear_line(name: str, validated) -> None:
    line, key_path, message = EXPECTED[name]
    completed = validated[name]
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert completed.stdout == ""
    assert f"{BAD / name}:{line}: {key_path}: " in completed.stderr
    assert message in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_run_refuses_an_outage_of_an_unknown_provider_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "run",
            str(BAD / "outage_unknown_provider.yaml"),
            "--days",
            "5",
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "interventions.ransomware.provider" in completed.stderr
    assert not out.exists()
