"""Malformed closures, outages, terminals and cost caps: each exits 2 with one line naming file, key path and line."""

from pathlib import Path

import pytest

from sim.cli import main

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


def test_every_bad_file_has_an_expectation_and_a_readme_row() -> None:
    assert set(BAD_FILES) == set(EXPECTED)
    readme = (REPO / BAD / "README.md").read_text(encoding="utf-8")
    assert [name for name in BAD_FILES if f"`{name}`" not in readme] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_closure_input_exits_2_with_one_clear_line(name: str, capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    line, key_path, message = EXPECTED[name]
    assert main(["validate", str(BAD / name)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert f"{BAD / name}:{line}: {key_path}: " in err
    assert message in err
    assert len(err.strip().splitlines()) == 1
