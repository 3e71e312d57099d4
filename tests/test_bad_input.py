"""Malformed scenario and region files: each one exits 2 with a message naming file, key path and line."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BAD = Path("tests/data/bad")  # relative to REPO, so messages show short paths


@dataclass(frozen=True)
class Expected:
    """Where the message must point: the file holding the mistake, a key path fragment and the line."""

    key_path: str
    line: int | None
    file: str | None = None  # the file named in the message if it is not the file validated


EXPECTED: dict[str, Expected] = {
    "absurd_days.yaml": Expected("simulation.days", 4),
    "absurd_population_region.yaml": Expected("municipalities.alpha.districts.alpha_mitte.population", 18),
    "age_shares_not_summing.yaml": Expected("municipalities.beta.age_shares", 38),
    "alias_bomb.yaml": Expected("description", 3),
    "broken_yaml.yaml": Expected("broken YAML", 6),
    "desks_wrong_type.yaml": Expected("service_points.buergerbuero_lemgo.desks", 5),
    "desks_zero.yaml": Expected("service_points.buergerbuero_kalletal.desks", 5),
    "duplicate_district_id_region.yaml": Expected("municipalities.beta.districts.alpha_dorf", 50),
    "duplicate_service_point_id.yaml": Expected("service_points.buergerbuero_kalletal", 6),
    "empty_file.yaml": Expected("expected a mapping", None),
    "extends_cycle_a.yaml": Expected("extends", 2, file="extends_cycle_b.yaml"),
    "extends_cycle_b.yaml": Expected("extends", 2, file="extends_cycle_a.yaml"),
    "extends_missing_base.yaml": Expected("extends", 2),
    "extends_wrong_type.yaml": Expected("extends", 2),
    "fixed_shares_wrong_sum.yaml": Expected("agreements.ikz_library", 4),
    "float_for_integer_days.yaml": Expected("simulation.days", 4),
    "inherited_mistake.yaml": Expected("service_points.buergerbuero_kalletal.desks", 5, file="desks_zero.yaml"),
    "missing_region_file.yaml": Expected("region", 3),
    "mobile_without_timetable.yaml": Expected("service_points.mobile_library", 4),
    "negative_population.yaml": Expected("municipalities.alpha.districts.alpha_dorf.population", 26),
    "negative_rate.yaml": Expected("services.library.requests_per_person_year.18-64", 5),
    "no_access_for_service.yaml": Expected("services.citizen_office", None),
    "not_a_mapping.yaml": Expected("expected a mapping", None),
    "opening_hours_bad_format.yaml": Expected("service_points.buergerbuero_kalletal.opening_hours.mon", 6),
    "opening_hours_overlap.yaml": Expected("service_points.buergerbuero_lemgo.opening_hours.thu", 6),
    "recursive_alias.yaml": Expected("description", 3),
    "region_not_a_string.yaml": Expected("region", 3),
    "transit_line_unknown_district.yaml": Expected("transit_lines.bus_1.districts.1", 64),
    "typo_in_district_key_region.yaml": Expected("municipalities.beta.districts.beta_mitte.radius", 47),
    "typo_in_service_point_key.yaml": Expected("service_points.buergerbuero_lemgo.desk", 5),
    "unknown_agreement_member.yaml": Expected("agreements.ikz_library.members.1", 6),
    "unknown_district.yaml": Expected("service_points.buergerbuero_lemgo.district", 5),
    "unknown_intervention_type.yaml": Expected("interventions.chatbot", 4),
    "unknown_key_nested.yaml": Expected("simulation.dayz", 4),
    "unknown_key_top.yaml": Expected("colour", 3),
    "unknown_municipality_owner.yaml": Expected("service_points.stadtbuecherei_lemgo.owner", 5),
    "unknown_service_reference.yaml": Expected("service_points.buergerbuero_kalletal.services.1", 5),
    "cost_infinite.yaml": Expected("service_points.buergerbuero_lemgo.cost_eur_per_desk_year", 5),
    "cost_absurd.yaml": Expected("service_points.buergerbuero_lemgo.cost_eur_per_desk_year", 5),
    "nan_lift_constant.yaml": Expected("behaviour.lift_constant", 4),
    "nan_mode_constant.yaml": Expected("behaviour.mode_constants.bike", 5),
    "infinite_time_weight.yaml": Expected("behaviour.time_weight_per_minute", 4),
    "infinite_wait_weight.yaml": Expected("behaviour.wait_weight_per_minute", 4),
    "office_on_another_continent.yaml": Expected("service_points.buergerbuero_lemgo.lat", 5),
    "extends_system_file.yaml": Expected("extends", 2),
    "region_system_file.yaml": Expected("region", 3),
    "extends_same_base_twice.yaml": Expected("notes", 4, file="chain/nested_aliases_base.yaml"),
    "deep_nesting.yaml": Expected("nested deeper than", 3),
    "extends_too_deep.yaml": Expected("extends", 2, file="chain/deep_09.yaml"),
    "latitude_90_region.yaml": Expected("municipalities.beta.districts.beta_dorf.lat", 53),
    "district_sum_mismatch_region.yaml": Expected("municipalities.beta.population", 34),
    "projection_year_outside_table.yaml": Expected("simulation.population_year", 4),
    "projection_age_groups_not_adding_up_region.yaml": Expected(
        "projections.kreise.kreis_mini.years.2040.age_groups", 99
    ),
    "projection_unknown_kreis_region.yaml": Expected("municipalities.beta.kreis", 42),
    "adoption_campaign_outside_horizon.yaml": Expected("interventions.online_forms_adoption.campaigns.0.start_day", 15),
    "adoption_online_share_above_legal.yaml": Expected("services.citizen_office.online_share", 5),
    "adoption_initial_above_potential.yaml": Expected("interventions.online_forms_adoption", 4),
    "adoption_campaign_unknown_district.yaml": Expected(
        "interventions.online_forms_adoption.campaigns.0.districts.1", 18
    ),
}

BAD_FILES = sorted(path.name for path in (REPO / BAD).glob("*.yaml"))


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "sim", *args]


@pytest.fixture(scope="module")
def validated() -> dict[str, subprocess.CompletedProcess[str]]:
    """Run `python -m sim validate FILE` for every bad file, four processes at a time (a busy machine
    with sixty interpreters starting at once would time out)."""

    def validate(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_command("validate", str(BAD / name)), cwd=REPO, capture_output=True, text=True,
                              timeout=300)  # fmt: skip

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(BAD_FILES, pool.map(validate, BAD_FILES), strict=True))


def test_every_bad_file_has_an_expectation() -> None:
    assert len(BAD_FILES) >= 51
    assert set(BAD_FILES) == set(EXPECTED)


def test_readme_lists_every_bad_file() -> None:
    readme = (REPO / BAD / "README.md").read_text(encoding="utf-8")
    missing = [name for name in BAD_FILES if f"`{name}`" not in readme]
    assert not missing


@pytest.mark.parametrize("name", BAD_FILES)
def test_validate_rejects_bad_file(name: str, validated: dict[str, subprocess.CompletedProcess[str]]) -> None:
    completed = validated[name]
    expected = EXPECTED[name]
    named_file = str(BAD / (expected.file or name))
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert "internal error" not in completed.stderr
    assert named_file in completed.stderr
    assert expected.key_path in completed.stderr
    if expected.line is not None:
        assert f"{named_file}:{expected.line}:" in completed.stderr
    else:
        assert f"{named_file}: " in completed.stderr
    assert completed.stdout == ""


def test_duplicate_key_message_names_both_lines(validated: dict[str, subprocess.CompletedProcess[str]]) -> None:
    stderr = validated["duplicate_service_point_id.yaml"].stderr
    assert ":6: service_points.buergerbuero_kalletal: duplicate key (first defined on line 4)" in stderr


def test_no_access_message_names_municipality_and_service(
    validated: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    stderr = validated["no_access_for_service.yaml"].stderr
    assert "residents of 'kalletal' have no service point for 'citizen_office'" in stderr
    assert "baseline.yaml" not in stderr


def test_validate_reports_good_and_bad_files_together() -> None:
    completed = subprocess.run(
        _command("validate", "scenarios/lemgo_kalletal/baseline.yaml", str(BAD / "desks_zero.yaml")),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "OK scenarios/lemgo_kalletal/baseline.yaml" in completed.stdout
    assert "desks_zero.yaml:5: service_points.buergerbuero_kalletal.desks" in completed.stderr


def test_run_on_bad_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    completed = subprocess.run(
        _command("run", str(BAD / "desks_wrong_type.yaml"), "--days", "10", "--out", str(out_dir)),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "desks_wrong_type.yaml:5: service_points.buergerbuero_lemgo.desks" in completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert not out_dir.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("cost_infinite.yaml", "finite number"),
        ("cost_absurd.yaml", "less than or equal to 100000000"),
        ("nan_lift_constant.yaml", "finite number"),
        ("extends_system_file.yaml", "is a system file"),
        ("region_system_file.yaml", "is a system file"),
        ("extends_same_base_twice.yaml", "aliases expand to more than"),
        ("extends_too_deep.yaml", "makes the extends chain longer than 10 files"),
        ("latitude_90_region.yaml", "outside the region's bounding_box"),
        ("district_sum_mismatch_region.yaml", "the districts add up to 1,500 residents"),
        ("projection_year_outside_table.yaml", "2060 lies outside the projection table of region 'lemgo_kalletal'"),
        ("projection_age_groups_not_adding_up_region.yaml", "the age groups add up to 4,500 residents"),
        ("projection_unknown_kreis_region.yaml", "unknown Kreis 'atlantis'"),
    ],
)
def test_hardening_messages_say_what_is_wrong(
    name: str, message: str, validated: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    assert message in validated[name].stderr
