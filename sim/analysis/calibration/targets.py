"""The targets file of a calibration: what is fitted (key paths and bounds) and to which documented figures."""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, Strict, field_validator

from sim.analysis.sweep.spec import Parameter, value_at
from sim.errors import InputError
from sim.io.config import Scenario, load_scenario, read_validated
from sim.io.schema import MAX_DAYS, Frozen, Identifier, Number, Text
from sim.io.yaml_files import line_of


class Target(Frozen):
    """A documented figure: what the model should reproduce, how closely, and where the number comes from."""

    figure: Text  # a calibration figure (modal_split.car, ...) or a dotted path of summary.json
    value: Number
    tolerance: Annotated[Number, Field(gt=0)]
    source: Annotated[str, Strict(), Field(min_length=1, max_length=2000)]


class TargetsFile(Frozen):
    """A calibration: the scenario, the parameters to fit with their bounds, the targets."""

    name: Identifier
    description: Text = ""
    scenario: Text
    days: Annotated[int, Strict(), Field(ge=7, le=MAX_DAYS)] = 120
    seed: Annotated[int, Strict(), Field(ge=0, le=2**63 - 1)] | None = None
    parameters: dict[Text, Parameter] = Field(min_length=1, max_length=20)
    targets: dict[Identifier, Target] = Field(min_length=1, max_length=100)
    max_evaluations: Annotated[int, Strict(), Field(ge=1, le=10_000)] = 300

    @field_validator("parameters")
    @classmethod
    def _ranges_only(cls, value: dict[str, Parameter]) -> dict[str, Parameter]:
        for name, parameter in value.items():
            if parameter.range is None:
                raise ValueError(f"{name}: a fitted parameter needs range: [low, high] (its bounds)")
        return value


@dataclass(frozen=True)
class Targets:
    """A validated targets file with its scenario loaded."""

    spec: TargetsFile
    path: Path
    scenario: Scenario

    @property
    def seed(self) -> int:
        """Return the seed of every evaluation (common random numbers): the file's, or the scenario's."""
        return self.spec.seed if self.spec.seed is not None else self.scenario.config.simulation.seed


def load_targets(path: Path | str) -> Targets:
    """Read and validate a targets file and its scenario; raise InputError naming the key path."""
    path = Path(path)
    spec, lines = read_validated(path, TargetsFile)
    target = (path.parent / spec.scenario).resolve()
    if not target.is_file():
        raise InputError(path, "scenario", f"scenario file not found: {spec.scenario}", line_of(lines, "scenario"))
    scenario = load_scenario(target)
    for name, parameter in spec.parameters.items():
        try:
            base = value_at(scenario.resolved, name)
        except KeyError:
            raise InputError(path, f"parameters.{name}", f"'{name}' is not a key of {target.name}") from None
        if isinstance(base, dict) and not parameter.multiply:
            raise InputError(path, f"parameters.{name}", "a mapping: name one value, or fit it with multiply: true")
    return Targets(spec, path, scenario)
