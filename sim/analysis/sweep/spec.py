"""The sweep file: its typed schema (pydantic, unknown keys rejected) and loading with clear key paths."""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, Strict, ValidationError, model_validator

from sim.errors import InputError
from sim.io.config import Scenario, load_scenario, read_yaml, validation_errors
from sim.io.schema import MAX_DAYS, Frozen, Identifier, Number, Text
from sim.io.yaml_files import Provenance, line_of

MAX_REPLICATIONS = 1000
MAX_SAMPLES = 100_000
Scalar = Number | Annotated[int, Strict()] | Annotated[str, Strict()] | bool


class Parameter(Frozen):
    """One swept parameter: a range [low, high] or a list of values; multiply scales the base value(s)."""

    range: tuple[Number, Number] | None = None
    values: list[Scalar] | None = Field(default=None, min_length=1, max_length=1000)
    multiply: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> "Parameter":
        if (self.range is None) == (self.values is None):
            raise ValueError("give either range: [low, high] or values: [...]")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"empty range: low {self.range[0]:g} must be below high {self.range[1]:g}")
        if self.values is not None and len({repr(value) for value in self.values}) != len(self.values):
            raise ValueError("values are listed twice")
        if self.multiply and self.values is not None and not all(isinstance(v, int | float) for v in self.values):
            raise ValueError("multiply needs numbers")
        return self


class Design(Frozen):
    """How the parameter space is sampled."""

    method: Literal["grid", "latin_hypercube", "sobol", "morris"]
    samples: Annotated[int, Strict(), Field(ge=1, le=MAX_SAMPLES)] | None = None
    levels: Annotated[int, Strict(), Field(ge=2, le=100)] = 4
    second_order: bool = False
    seed: Annotated[int, Strict(), Field(ge=0, le=2**32 - 1)] = 1

    @model_validator(mode="after")
    def _samples(self) -> "Design":
        if self.method != "grid" and self.samples is None:
            raise ValueError(f"design '{self.method}' needs samples")
        if self.method == "sobol" and self.samples is not None and self.samples & (self.samples - 1):
            raise ValueError(f"sobol needs samples as a power of two (e.g. {2 ** round(math.log2(self.samples))})")
        return self


class Analysis(Frozen):
    """What the sensitivity command reads: headline KPIs and the condition that cooperation pays off."""

    headline: list[Text] = Field(default_factory=list)
    pays_off: dict[Text, Literal["lower", "higher"]] = Field(default_factory=dict)


class SweepFile(Frozen):
    """A sweep: base scenarios, parameters by key path, a design, replications and the KPIs to keep."""

    name: Identifier
    description: Text = ""
    scenarios: dict[Identifier, Text] = Field(min_length=1, max_length=100)
    parameters: dict[Text, Parameter] = Field(min_length=1, max_length=50)
    design: Design
    replications: Annotated[int, Strict(), Field(ge=1, le=MAX_REPLICATIONS)] = 1
    days: Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS)] | None = None
    seed: Annotated[int, Strict(), Field(ge=0, le=2**63 - 1)] | None = None
    engine: Literal["kernels", "agents"] | None = None
    kpis: list[Text] = Field(min_length=1, max_length=200)
    analysis: Analysis = Analysis()


@dataclass(frozen=True)
class Sweep:
    """A validated sweep file with its base scenarios loaded."""

    spec: SweepFile
    path: Path
    scenarios: dict[str, Scenario]
    data: dict[str, Any]

    @property
    def parameter_names(self) -> list[str]:
        """Return the key paths of the parameters in file order."""
        return list(self.spec.parameters)

    @property
    def seed(self) -> int:
        """Return the root seed: the sweep's, or the first scenario's."""
        if self.spec.seed is not None:
            return self.spec.seed
        return next(iter(self.scenarios.values())).config.simulation.seed


def value_at(data: dict[str, Any], key_path: str) -> Any:
    """Return the value at a dotted key path of a nested mapping (KeyError if absent)."""
    value: Any = data
    for part in key_path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(key_path)
        value = value[part]
    return value


def _check_parameter(path: Path, lines: Provenance, name: str, parameter: Parameter, scenarios: dict[str, Scenario]):
    """Refuse a key path that a base scenario does not have, or a value its schema refuses."""
    from sim.analysis.sweep.jobs import point_config

    where = f"parameters.{name}"
    for slug, scenario in scenarios.items():
        try:
            base = value_at(scenario.resolved, name)
        except KeyError:
            message = f"'{name}' is not a key of scenario '{slug}' (see docs/SCENARIOS.md for the key paths)"
            raise InputError(path, where, message, line_of(lines, where)) from None
        if isinstance(base, dict | list) and not parameter.multiply:
            message = f"'{name}' is a {type(base).__name__} in '{slug}'; name one value, or use multiply: true"
            raise InputError(path, where, message, line_of(lines, where))
        probes = list(parameter.range) if parameter.range is not None else list(parameter.values or [])
        for value in probes:
            try:
                point_config(scenario, {name: value}, {name: parameter.multiply})
            except ValidationError as error:
                first = error.errors()[0]
                message = f"value {value!r} is not valid in scenario '{slug}': {first['msg']}"
                raise InputError(path, where, message, line_of(lines, where)) from None
            except (TypeError, ValueError) as error:
                raise InputError(path, where, f"value {value!r}: {error}", line_of(lines, where)) from None


def load_sweep(path: Path | str) -> Sweep:
    """Read and validate a sweep file and its base scenarios; raise InputError naming the key path."""
    path = Path(path)
    data, lines = read_yaml(path)
    try:
        spec = SweepFile.model_validate(data)
    except ValidationError as error:
        raise validation_errors(error, lines, str(path), SweepFile) from None
    scenarios: dict[str, Scenario] = {}
    for slug, file in spec.scenarios.items():
        target = (path.parent / file).resolve()
        if not target.is_file():
            raise InputError(path, f"scenarios.{slug}", f"scenario file not found: {file}", line_of(lines, "scenarios"))
        scenarios[slug] = load_scenario(target)
    for name, parameter in spec.parameters.items():
        _check_parameter(path, lines, name, parameter, scenarios)
    for kpi in spec.kpis:
        if any(not part for part in kpi.split(".")):
            message = f"'{kpi}' is not a dotted key path of summary.json like wait_minutes.mean"
            raise InputError(path, "kpis", message, line_of(lines, "kpis"))
    for kpi in [*spec.analysis.headline, *spec.analysis.pays_off]:
        if kpi not in spec.kpis:
            raise InputError(path, "analysis", f"'{kpi}' is not among kpis; add it there", line_of(lines, "analysis"))
    return Sweep(spec, path, scenarios, data)
