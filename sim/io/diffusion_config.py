"""Loading diffusion files: YAML with line numbers, the region they name, validation and cross-checks."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sim.errors import InputError, InputErrors
from sim.io.config import load_region, validation_errors
from sim.io.diffusion_schema import DiffusionConfig
from sim.io.schema import RegionConfig
from sim.io.yaml_files import is_special_file, line_of, read_yaml

Problem = Callable[[str, str], None]  # (key path, message)


@dataclass(frozen=True)
class LoadedDiffusion:
    """A validated diffusion file with its region, where it came from and a content hash."""

    config: DiffusionConfig
    region: RegionConfig
    path: Path
    region_path: Path
    sha256: str


def load_diffusion(path: Path | str) -> LoadedDiffusion:
    """Load and validate a diffusion file and its region; every problem names file, key path and line.

    Raises:
        InputError: for YAML, schema or cross-reference problems (the CLI exits with code 2).
    """
    path = Path(path)
    data, lines = read_yaml(path)
    try:
        config = DiffusionConfig.model_validate(data)
    except ValidationError as error:
        raise validation_errors(error, lines, str(path)) from None
    region_path = (path.parent / config.region).resolve()
    if is_special_file(region_path) or not region_path.is_file():
        raise InputError(path, "region", f"region file not found: {config.region}", line_of(lines, "region"))
    region = load_region(region_path)
    problems: list[InputError] = []

    def problem(key_path: str, message: str) -> None:
        problems.append(InputError(path, key_path, message, line_of(lines, key_path)))

    check_diffusion(config, region, problem)
    if problems:
        raise InputErrors(problems)
    canonical = json.dumps(
        {"diffusion": config.model_dump(mode="json"), "region": region.model_dump(mode="json", by_alias=True)},
        sort_keys=True,
    )
    return LoadedDiffusion(config, region, path, region_path, hashlib.sha256(canonical.encode()).hexdigest())


def check_diffusion(config: DiffusionConfig, region: RegionConfig, problem: Problem) -> None:
    """Report names the region does not have, types without costs or benefits, and releases outside the horizon."""
    known = set(region.municipalities)
    types = set(config.municipality_types)
    for solution_id, solution in config.solutions.items():
        base = f"solutions.{solution_id}"
        _same_types(f"{base}.rollout_cost_eur", set(solution.rollout_cost_eur), types, problem)
        if solution.benefit is not None:
            _same_types(f"{base}.benefit", set(solution.benefit), types, problem)
        if solution.benefit_runs is not None:
            _same_types(f"{base}.benefit_runs.types", set(solution.benefit_runs.types.values()), types, problem)
        _known_towns(f"{base}.pioneers", solution.pioneers, known, problem)
        if not config.start_year <= solution.release_year < config.end_year + 1:
            horizon = f"{config.start_year}-{config.end_year}"
            problem(f"{base}.release_year", f"{solution.release_year:g} lies outside the horizon {horizon}")
    for group_id, group in config.network.groups.items():
        if group.members != "all":
            _known_towns(f"network.groups.{group_id}.members", group.members, known, problem)
        _known_towns(f"network.groups.{group_id}.teachers", group.teachers, known, problem)
    for index, edge in enumerate(config.network.edges):
        _known_towns(f"network.edges.{index}.between", edge.between, known, problem)
        if edge.between[0] == edge.between[1]:
            problem(f"network.edges.{index}.between", "an edge needs two different municipalities")


def _known_towns(key_path: str, names: list[str], known: set[str], problem: Problem) -> None:
    for index, name in enumerate(names):
        if name not in known:
            problem(f"{key_path}.{index}", f"unknown municipality '{name}' (not in the region file)")


def _same_types(key_path: str, given: set[str], types: set[str], problem: Problem) -> None:
    if given - types:
        problem(key_path, f"unknown municipality type(s): {', '.join(sorted(given - types))}")
    if types - given:
        problem(key_path, f"needs a value for every municipality type; missing: {', '.join(sorted(types - given))}")
