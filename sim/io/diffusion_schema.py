"""Typed configuration of diffusion files: shared digital solutions, pioneers, the peer network, decision rules."""

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from sim.io.schema_types import MAX_DAYS, Count, Frozen, Identifier, Number, Share, Text

MAX_COST_EUR = 1_000_000_000.0
Year = Annotated[int, Strict(), Field(ge=2000, le=2100)]
YearPoint = Annotated[Number, Field(ge=2000, le=2101)]  # a moment, e.g. 2022.25 = the start of April 2022
CostEur = Annotated[Number, Field(ge=0, le=MAX_COST_EUR)]
Weight = Annotated[Number, Field(ge=0, le=100)]
HoursPerResidentYear = Annotated[Number, Field(ge=-100, le=100)]


class MunicipalityType(Frozen):
    """A size class of municipalities: each belongs to the largest class whose minimum it reaches."""

    min_population: Count
    label: Text = ""


class TypeBenefit(Frozen):
    """What a solution saves per resident and year in one type of municipality."""

    staff_hours_per_resident_year: HoursPerResidentYear
    resident_hours_per_resident_year: HoursPerResidentYear


class BenefitRuns(Frozen):
    """Benefits taken from two simulated scenarios, without and with the solution (common random numbers)."""

    baseline: Text  # scenario file, relative to the diffusion file
    variant: Text
    service: Identifier
    days: Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS)]
    types: dict[Identifier, Identifier] = Field(min_length=1)  # municipality of the runs' region -> type
    staff_minutes_saved_per_online_case: Annotated[Number, Field(ge=0, le=240)]
    source: Text
    estimate: bool


class Solution(Frozen):
    """A digital solution developed once and shared, or developed by every adopter alone."""

    name: Text
    release_year: YearPoint
    development_cost_eur: CostEur
    rollout_cost_eur: dict[Identifier, CostEur] = Field(min_length=1)  # per adopter, by type
    # Running costs: per instance (shared: one instance split equally; alone: one per adopter) and per resident.
    running_cost_eur_per_year: CostEur = 0.0
    running_cost_eur_per_resident_year: Annotated[Number, Field(ge=0, le=1000)] = 0.0
    benefit: dict[Identifier, TypeBenefit] | None = None
    benefit_runs: BenefitRuns | None = None
    pioneers: list[Identifier] = Field(default_factory=list)
    source: Text
    estimate: bool

    @model_validator(mode="after")
    def _one_benefit(self) -> "Solution":
        if (self.benefit is None) == (self.benefit_runs is None):
            raise ValueError("give either benefit (by type) or benefit_runs (two scenarios to simulate), not both")
        return self


class Group(Frozen):
    """A cooperation: members influence each other, or, with teachers, the teachers influence every member."""

    name: Text
    members: list[Identifier] | Literal["all"]
    teachers: list[Identifier] = Field(default_factory=list)
    weight: Weight
    since_year: YearPoint | None = None
    source: Text


class Edge(Frozen):
    """One named tie between two municipalities."""

    between: list[Identifier] = Field(min_length=2, max_length=2)
    weight: Weight
    source: Text


class Network(Frozen):
    """Who watches whom: neighbours, the same Kreis, cooperations and named ties (weights add up)."""

    neighbour_km: Annotated[Number, Field(ge=0, le=200)]
    neighbour_weight: Weight
    same_kreis_weight: Weight
    groups: dict[Identifier, Group] = Field(default_factory=dict)
    edges: list[Edge] = Field(default_factory=list)
    source: Text


class Decision(Frozen):
    """How a council weighs a solution: costs, credited benefits and how often it puts the topic on its agenda."""

    innovation_rate_per_year: Share
    imitation_rate_per_year: Share
    credibility_alone: Share
    staff_cost_eur_per_hour: Annotated[Number, Field(ge=0, le=1000)]
    value_of_time_eur_per_hour: Annotated[Number, Field(ge=0, le=1000)]
    resident_time_weight: Share
    appraisal_years: Annotated[int, Strict(), Field(ge=1, le=50)]
    discount_rate: Annotated[Number, Field(ge=0, le=0.5)]
    follower_development_share: Share
    source: Text
    estimate: bool


class DiffusionConfig(Frozen):
    """A diffusion file: the region's municipalities deciding on shared solutions step by step."""

    name: Text
    description: Text = ""
    region: Text  # region file, relative to the diffusion file
    start_year: Year
    end_year: Year
    steps_per_year: Literal[1, 2, 4, 12] = 4
    seed: Annotated[int, Strict(), Field(ge=0, le=2**63 - 1)] = 20260101
    municipality_types: dict[Identifier, MunicipalityType] = Field(min_length=1)
    solutions: dict[Identifier, Solution] = Field(min_length=1, max_length=50)
    network: Network
    decision: Decision

    @model_validator(mode="after")
    def _horizon(self) -> "DiffusionConfig":
        if self.end_year < self.start_year:
            raise ValueError("end_year must not be before start_year")
        if not any(kind.min_population == 0 for kind in self.municipality_types.values()):
            raise ValueError("one municipality type needs min_population 0, so that every municipality has a type")
        return self

    @property
    def steps(self) -> int:
        """Return the number of steps from the start of start_year to the end of end_year."""
        return (self.end_year - self.start_year + 1) * self.steps_per_year

    def year_of_step(self, step: int) -> float:
        """Return the moment at which a step begins, in years (2020.25 = the start of April 2020)."""
        return self.start_year + step / self.steps_per_year

    def type_of(self, population: int) -> str:
        """Return the type of a municipality of this size."""
        fitting = [(kind.min_population, key) for key, kind in self.municipality_types.items()]
        return max(item for item in fitting if item[0] <= population)[1]
