"""Loading scenario and region files: YAML with line numbers, `extends`, validation and cross-checks."""

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.errors import InputError, InputErrors
from sim.io.cross_checks import check_access, check_references, check_region
from sim.io.schema import RegionConfig, ScenarioConfig
from sim.io.suggest import did_you_mean
from sim.io.yaml_files import Provenance, is_special_file, parse_yaml_text, read_yaml
from sim.mechanisms import REGISTRY

__all__ = ["Scenario", "load_region", "load_scenario", "load_scenario_text", "parse_yaml_text", "read_yaml"]

MAX_EXTENDS_DEPTH = 10
PATH_KEYS = frozenset({"region", "extends"})


@dataclass(frozen=True)
class Scenario:
    """A validated scenario with its region, where it came from and a content hash."""

    config: ScenarioConfig
    region: RegionConfig
    path: Path
    region_path: Path
    resolved: dict[str, Any] = field(repr=False)
    sha256: str
    bases: tuple[Path, ...] = ()  # the files this scenario's own `extends` names (its base scenario first)

    @property
    def slug(self) -> str:
        """Return the file stem, used for output folder names."""
        return self.path.stem


def _merge(base: dict[str, Any], child: dict[str, Any], prefix: str, lines: Provenance) -> dict[str, Any]:
    """Deep-merge child over base; a null in the child removes that key (e.g. a closed office)."""
    merged, removed = _merged(base, child, {})
    for relative in removed:
        path = f"{prefix}.{relative}" if prefix else relative
        for known in [p for p in lines if p == path or p.startswith(path + ".")]:
            del lines[known]
    return merged


MergeMemo = dict[tuple[int, int], tuple[dict[str, Any], list[str]]]


def _merged(base: dict[str, Any], child: dict[str, Any], memo: MergeMemo) -> tuple[dict[str, Any], list[str]]:
    """Return child merged over base and the key paths (relative) that a null removed.

    Each pair of shared nodes (YAML aliases) is merged once and its result reused, so a merge
    never re-expands a structure that aliases share.
    """
    pair = (id(base), id(child))
    if pair in memo:
        return memo[pair]
    merged = dict(base)
    removed: list[str] = []
    for key, value in child.items():
        if value is None and key in base:
            del merged[key]
            removed.append(str(key))
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key], below = _merged(base[key], value, memo)
            removed.extend(f"{key}.{path}" for path in below)
        else:
            merged[key] = value
    memo[pair] = (merged, removed)
    return merged, removed


def _confined(path: Path, value: str, allowed_root: Path | None, key: str, line: int | None) -> Path:
    """Resolve a file reference; refuse system files, and with allowed_root absolute paths and anything outside it."""
    target = (path.parent / value).resolve()
    if is_special_file(target):
        message = f"'{value}' is a system file (under /proc, /sys or /dev), not a scenario file"
        raise InputError(path, key, message, line)
    if allowed_root is None:
        return target
    root = allowed_root.resolve()
    if Path(value).is_absolute() or not target.is_relative_to(root):
        raise InputError(path.name, key, f"'{value}' is outside {root.name}/; only shipped files may be named", line)
    return target


def _load_with_extends(
    path: Path,
    chain: tuple[Path, ...],
    preloaded: tuple[dict[str, Any], Provenance] | None = None,
    allowed_root: Path | None = None,
) -> tuple[dict[str, Any], Provenance]:
    resolved_path = path.resolve()
    if resolved_path in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved_path))
        raise InputError(path, "extends", f"cycle in extends: {cycle}")
    data, lines = preloaded if preloaded is not None else read_yaml(path)
    if "region" in data:
        if not isinstance(data["region"], str):
            raise InputError(path, "region", "expected the path of a region file", lines["region"][1])
        data["region"] = str(_confined(path, data["region"], allowed_root, "region", lines["region"][1]))
    parents = data.pop("extends", None)
    if parents is None:
        return data, lines
    line = lines.get("extends", (str(path), None))[1]
    parent_list = [parents] if isinstance(parents, str) else parents
    if not isinstance(parent_list, list) or not all(isinstance(p, str) for p in parent_list):
        raise InputError(path, "extends", "expected a file name or a list of file names", line)
    merged: dict[str, Any] = {}
    merged_lines: Provenance = {}
    for parent in parent_list:
        parent_path = _confined(path, parent, allowed_root, "extends", line)
        if not parent_path.exists():
            raise InputError(path, "extends", f"base file '{parent}' not found", line)
        if parent_path.resolve() in (*chain, resolved_path):
            cycle = " -> ".join(p.name for p in (*chain, resolved_path, parent_path.resolve()))
            raise InputError(path, "extends", f"cycle in extends: {cycle}", line)
        if len(chain) + 1 >= MAX_EXTENDS_DEPTH:
            names = " -> ".join(p.name for p in (*chain, resolved_path, parent_path))
            message = f"'{parent}' makes the extends chain longer than {MAX_EXTENDS_DEPTH} files ({names})"
            raise InputError(path, "extends", message, line)
        parent_data, parent_lines = _load_with_extends(parent_path, (*chain, resolved_path))
        merged_lines.update(parent_lines)
        merged = _merge(merged, parent_data, "", merged_lines)
    own_lines = {key: value for key, value in lines.items() if key != "extends"}
    merged_lines.update(own_lines)
    merged = _merge(merged, data, "", merged_lines)
    return merged, merged_lines


def _locate(loc: tuple[Any, ...], lines: Provenance, default_file: str) -> tuple[str, str, int | None]:
    parts = [str(part) for part in loc if not str(part).startswith("function-")]
    # Pydantic adds the tag of a discriminated union to the path; it is not a key the user wrote.
    if len(parts) > 2 and parts[0] == "interventions" and parts[2] in REGISTRY:
        del parts[2]
    key_path = ".".join(parts)
    probe = parts[:]
    while probe:
        hit = lines.get(".".join(probe))
        if hit:
            return hit[0], key_path, hit[1]
        probe.pop()
    return default_file, key_path, None


def _friendly(error: dict[str, Any], model: type[BaseModel] | None = None) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        close = did_you_mean(model, tuple(error["loc"]))
        if close is not None:
            return f"unknown key (check the spelling); did you mean '{close}'?"
        return "unknown key (check the spelling; see docs/SCENARIOS.md for the keys this place takes)"
    if kind == "missing":
        return "required key is missing"
    received = error.get("input")
    shown = repr(received) if not isinstance(received, (dict, list)) else type(received).__name__
    return f"{error['msg']} (got {shown})"


def validation_errors(
    error: ValidationError, lines: Provenance, file: str, model: type[BaseModel] | None = None
) -> InputErrors:
    """Turn a pydantic ValidationError into InputErrors that name file, key path and line.

    Args:
        model: the validated model, to suggest the closest allowed key for a misspelled one.
    """
    found = []
    for item in error.errors():
        where_file, key_path, line = _locate(tuple(item["loc"]), lines, file)
        found.append(InputError(where_file, key_path, _friendly(dict(item), model), line))
    return InputErrors(found)


def read_validated[Model: BaseModel](path: Path, model: type[Model]) -> tuple[Model, Provenance]:
    """Read a YAML file and validate it as the model; raise InputErrors naming file, key path and line."""
    data, lines = read_yaml(path)
    try:
        return model.model_validate(data), lines
    except ValidationError as error:
        raise validation_errors(error, lines, str(path), model) from None


def load_region(path: Path) -> RegionConfig:
    """Load and validate a region file, including its cross-references."""
    data, lines = read_yaml(path)
    try:
        region = RegionConfig.model_validate(data)
    except ValidationError as error:
        raise validation_errors(error, lines, str(path), RegionConfig) from None
    _check_region(region, lines, str(path))
    return region


def _error_at(lines: Provenance, file: str, key_path: str, message: str) -> InputError:
    where_file, _, line = _locate(tuple(key_path.split(".")), lines, file)
    return InputError(where_file, key_path, message, line)


def _check_region(region: RegionConfig, lines: Provenance, file: str) -> None:
    problems: list[InputError] = []

    def problem(key_path: str, message: str) -> None:
        problems.append(_error_at(lines, file, key_path, message))

    check_region(region, problem)
    if problems:
        raise InputErrors(problems)


def _check_scenario(scenario: ScenarioConfig, region: RegionConfig, lines: Provenance, file: str) -> None:
    problems: list[InputError] = []

    def problem(key_path: str, message: str) -> None:
        problems.append(_error_at(lines, file, key_path, message))

    def access_problem(key_path: str, message: str) -> None:
        # A gap in access comes from the scenario as a whole (often an office removed with null in this
        # file), so name the file the user gave, not the base file that defines the service.
        where_file, _, line = _locate(tuple(key_path.split(".")), lines, file)
        problems.append(InputError(file, key_path, message, line if where_file == file else None))

    check_references(scenario, region, problem)
    if not problems:
        check_access(scenario, region, access_problem)
    if problems:
        raise InputErrors(problems)


def load_scenario(path: Path | str, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load a scenario file (following `extends`), validate it and its region, and hash the result."""
    path = Path(path)
    own, _ = read_yaml(path)
    data, lines = _load_with_extends(path, ())
    if overrides:
        for key in PATH_KEYS & set(overrides):
            # Overrides come from widgets or a URL: they may change values, never name a file to open.
            raise InputError("overrides", key, "names a file; only a scenario file may do that, not an override")
        data = _merge(data, overrides, "", lines)
    return dataclasses.replace(build_scenario(data, lines, path), bases=_bases(path, own.get("extends")))


def _bases(path: Path, extends: Any) -> tuple[Path, ...]:
    """Return the resolved files a scenario's own `extends` names (already checked by the loader)."""
    names = [extends] if isinstance(extends, str) else list(extends or [])
    return tuple((path.parent / name).resolve() for name in names)


MAX_UPLOAD_BYTES = 100_000


def load_scenario_text(text: str, name: str, folder: Path, allowed_root: Path) -> Scenario:
    """Validate an uploaded or edited scenario as if it were the file `name` in `folder`.

    It may extend shipped scenarios and name a shipped region, but no path may leave
    allowed_root (no absolute paths, no '../' out of it), and it is capped in size.
    """
    if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise InputError(name, "", f"larger than {MAX_UPLOAD_BYTES // 1000} kB; a scenario states only its differences")
    path = folder / Path(name).name
    data, lines = parse_yaml_text(text, path.name)
    merged, merged_lines = _load_with_extends(path, (), (data, lines), allowed_root)
    return build_scenario(merged, merged_lines, path)


def build_scenario(data: dict[str, Any], lines: Provenance, path: Path) -> Scenario:
    """Validate merged scenario data and its region into a Scenario."""
    try:
        config = ScenarioConfig.model_validate(data)
    except ValidationError as error:
        raise validation_errors(error, lines, str(path), ScenarioConfig) from None
    region_path = Path(config.region)
    if not region_path.exists():
        where_file, _, line = _locate(("region",), lines, str(path))
        raise InputError(where_file, "region", f"region file not found: {region_path}", line)
    region = load_region(region_path)
    _check_scenario(config, region, lines, str(path))
    resolved = config.model_dump(mode="json", by_alias=True)
    region_dump = region.model_dump(mode="json", by_alias=True)
    canonical = json.dumps({"scenario": {**resolved, "region": region.id}, "region": region_dump}, sort_keys=True)
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return Scenario(config, region, path, region_path, resolved, digest)
