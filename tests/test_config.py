"""The loader: `extends` merging, YAML coercion, duplicate keys, error locations, schema and shipped data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from sim.errors import InputError, InputErrors
from sim.io.config import load_region, load_scenario, parse_yaml_text, read_yaml, validation_errors
from sim.io.schema import ScenarioConfig

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
REGION = REPO / "scenarios" / "regions" / "lemgo_kalletal.yaml"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


# ---------------------------------------------------------------------------------------------- extends


def test_extends_merges_nested_keys_and_null_removes_a_point(tmp_path: Path) -> None:
    child = _write(
        tmp_path,
        "child.yaml",
        f"extends: {BASELINE}\nservice_points:\n  buergerbuero_lemgo:\n    desks: 7\n  back_office_kalletal: null\n",
    )
    base = load_scenario(BASELINE).config
    config = load_scenario(child).config
    lemgo = config.service_points["buergerbuero_lemgo"]
    assert lemgo.desks == 7
    # Everything the child did not mention comes from the base, also deep inside the point.
    assert lemgo.opening_hours == base.service_points["buergerbuero_lemgo"].opening_hours
    assert lemgo.cost_eur_per_desk_year == 85000
    assert config.name == base.name
    assert "back_office_kalletal" not in config.service_points
    assert set(config.service_points) == set(base.service_points) - {"back_office_kalletal"}


def test_extends_list_merges_in_order(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "first.yaml",
        f"extends: {BASELINE}\nname: First\nservice_points:\n  buergerbuero_lemgo: {{desks: 6}}\n",
    )
    # A base need not be complete on its own: second.yaml only states differences.
    _write(
        tmp_path,
        "second.yaml",
        "service_points:\n  buergerbuero_lemgo: {desks: 8}\n  buergerbuero_kalletal: {desks: 3}\n",
    )
    both = _write(tmp_path, "both.yaml", "extends: [first.yaml, second.yaml]\n")
    reversed_order = _write(tmp_path, "reversed.yaml", "extends: [second.yaml, first.yaml]\n")
    config = load_scenario(both).config
    assert config.service_points["buergerbuero_lemgo"].desks == 8  # the later file wins
    assert config.service_points["buergerbuero_kalletal"].desks == 3
    assert config.name == "First"
    assert load_scenario(reversed_order).config.service_points["buergerbuero_lemgo"].desks == 6


def test_extends_path_and_region_are_relative_to_the_file(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    _write(tmp_path, "base.yaml", f"extends: {BASELINE}\nname: Base in parent folder\n")
    child = _write(sub, "child.yaml", "extends: ../base.yaml\n")
    scenario = load_scenario(child)
    assert scenario.config.name == "Base in parent folder"
    assert scenario.region_path == REGION.resolve()


# ---------------------------------------------------------------------------------------------- YAML quirks


def test_yaml_reads_1e3_as_text_and_float_fields_coerce_it(tmp_path: Path) -> None:
    assert yaml.safe_load("x: 1e3")["x"] == "1e3"  # the PyYAML gotcha this guards against
    child = _write(
        tmp_path,
        "exponent.yaml",
        f"extends: {BASELINE}\nservice_points:\n  buergerbuero_lemgo:\n    cost_eur_per_desk_year: 8.5e4\n"
        "    fixed_cost_eur_per_year: 4e4\n",
    )
    point = load_scenario(child).config.service_points["buergerbuero_lemgo"]
    assert point.cost_eur_per_desk_year == 85000.0
    assert point.fixed_cost_eur_per_year == 40000.0


def test_words_are_not_numbers(tmp_path: Path) -> None:
    child = _write(
        tmp_path, "words.yaml", f'extends: {BASELINE}\nservice_points:\n  buergerbuero_lemgo:\n    desks: "four"\n'
    )
    with pytest.raises(InputError) as caught:
        load_scenario(child)
    assert caught.value.key_path == "service_points.buergerbuero_lemgo.desks"
    assert caught.value.line == 4
    assert "'four'" in caught.value.message


def test_integer_fields_do_not_take_exponent_text(tmp_path: Path) -> None:
    text = f"extends: {BASELINE}\nservice_points:\n  buergerbuero_lemgo: {{desks: 1e1}}\n"
    child = _write(tmp_path, "desks.yaml", text)
    with pytest.raises(InputError) as caught:
        load_scenario(child)
    assert caught.value.key_path == "service_points.buergerbuero_lemgo.desks"


def test_duplicate_keys_are_rejected_with_both_lines() -> None:
    text = "name: x\nsimulation:\n  days: 10\n  seed: 1\n  days: 20\n"
    with pytest.raises(InputError) as caught:
        parse_yaml_text(text, "dup.yaml")
    error = caught.value
    assert (error.file, error.key_path, error.line) == ("dup.yaml", "simulation.days", 5)
    assert "line 3" in error.message
    assert error.describe() == "dup.yaml:5: simulation.days: duplicate key (first defined on line 3)"


def test_merge_keys_may_override_on_purpose() -> None:
    data, _ = parse_yaml_text("a: &a {x: 1, y: 2}\nb: {<<: *a, y: 3}\n", "merge.yaml")
    assert data["b"] == {"x": 1, "y": 3}


def test_read_yaml_missing_file_and_non_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_yaml(tmp_path / "nothing.yaml")
    with pytest.raises(InputError, match="expected a mapping"):
        read_yaml(_write(tmp_path, "list.yaml", "- 1\n- 2\n"))
    with pytest.raises(InputError, match="not UTF-8"):
        path = tmp_path / "latin1.yaml"
        path.write_bytes("name: Bürgerbüro\n".encode("latin-1"))
        read_yaml(path)


# ---------------------------------------------------------------------------------------------- error locations


def test_validation_errors_name_file_key_path_and_line() -> None:
    text = "name: Test\nregion: r.yaml\nsimulation:\n  days: 0\n  sede: 3\n"
    data, lines = parse_yaml_text(text, "scenario.yaml")
    with pytest.raises(ValidationError) as caught:
        ScenarioConfig.model_validate(data)
    errors = validation_errors(caught.value, lines, "scenario.yaml").errors
    by_path = {error.key_path: error for error in errors}
    assert by_path["simulation.days"].line == 4
    assert by_path["simulation.days"].file == "scenario.yaml"
    assert by_path["simulation.sede"].line == 5
    assert "unknown key" in by_path["simulation.sede"].message
    # A missing key has no line of its own; it is reported at the file (and the nearest parent if any).
    assert by_path["behaviour"].line is None
    assert "scenario.yaml:4: simulation.days: " in by_path["simulation.days"].describe()


def test_errors_in_a_base_file_name_the_base_file(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", f"extends: {BASELINE}\nsimulation:\n  days: -3\n")
    child = _write(tmp_path, "child.yaml", "extends: base.yaml\nname: Child\n")
    with pytest.raises(InputError) as caught:
        load_scenario(child)
    assert caught.value.file == str(tmp_path / "base.yaml")
    assert caught.value.line == 3
    assert caught.value.key_path == "simulation.days"


def test_a_child_fixes_a_mistake_of_its_base(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", f"extends: {BASELINE}\nsimulation:\n  days: -3\n")
    child = _write(tmp_path, "child.yaml", "extends: base.yaml\nsimulation:\n  days: 30\n")
    assert load_scenario(child).config.simulation.days == 30


# ---------------------------------------------------------------------------------------------- schema


def test_schema_is_json_with_service_points_and_extends() -> None:
    completed = _sim("schema")
    assert completed.returncode == 0, completed.stderr
    schema = json.loads(completed.stdout)
    assert "service_points" in schema["properties"]
    assert "extends" in schema["properties"]


def test_region_schema_has_municipalities() -> None:
    completed = _sim("schema", "--region")
    assert completed.returncode == 0, completed.stderr
    schema = json.loads(completed.stdout)
    assert "municipalities" in schema["properties"]
    assert "extends" not in schema["properties"]


# ---------------------------------------------------------------------------------------------- shipped data


def test_every_shipped_file_validates() -> None:
    # Scenarios, regions, sweeps, calibration targets and diffusion files: validate tells them apart.
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "scenarios").rglob("*.yaml"))
    assert len(files) >= 6
    completed = _sim("validate", *files)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.count("OK ") == len(files)
    assert completed.stderr == ""


def test_shipped_scenarios_hash_the_same_twice() -> None:
    assert load_scenario(BASELINE).sha256 == load_scenario(BASELINE).sha256


@pytest.mark.parametrize("region_file", sorted((REPO / "scenarios" / "regions").glob("*.yaml")), ids=lambda p: p.stem)
def test_district_populations_add_up_to_the_official_population(region_file: Path) -> None:
    # Real data: the Ortsteile come from different sources and dates, so allow 1 % (Kalletal is +0.83 %).
    region = load_region(region_file)
    for municipality_id, municipality in region.municipalities.items():
        total = sum(district.population for district in municipality.districts.values())
        deviation = total / municipality.population - 1
        assert abs(deviation) <= 0.01, f"{municipality_id}: districts {total} vs {municipality.population}"


def test_a_misspelled_key_gets_the_closest_allowed_key_as_a_suggestion(tmp_path, repo):
    scenario = tmp_path / "typo.yaml"
    scenario.write_text(
        f"extends: {repo / 'scenarios/lemgo_kalletal/digital_quick_wins.yaml'}\n"
        "simulation: {dayz: 30}\n"
        "service_points: {buergerbuero_kalletal: {deskz: 3}}\n"
        "interventions: {booking: {type: appointment_booking, service: citizen_office, booking_shar: 0.3}}\n"
        "zzz: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(InputErrors) as caught:
        load_scenario(scenario)
    messages = {error.key_path: error.message for error in caught.value.errors}
    unknown = "unknown key (check the spelling); did you mean"
    assert messages["simulation.dayz"] == f"{unknown} 'days'?"
    assert messages["service_points.buergerbuero_kalletal.deskz"] == f"{unknown} 'desks'?"
    assert messages["interventions.booking.booking_shar"] == f"{unknown} 'booking_share'?"
    assert "did you mean" not in messages["zzz"]  # nothing close: no guess
