"""Typed, frozen configuration objects for region and scenario files (pydantic v2, unknown keys rejected)."""

import re
from typing import TYPE_CHECKING, Annotated, Literal, Union

from pydantic import Field, Strict, field_validator, model_validator

from sim.io.agreement_keys import CostKey, check_key_fields
from sim.io.projection_schema import Year
from sim.io.region_schema import (  # noqa: E402, F401 - re-exported: region files are part of the schema
    GERMANY,
    AgeShares,
    AgeValues,
    BoundingBox,
    CitizenTraits,
    District,
    Mode,
    Modes,
    Municipality,
    RegionConfig,
    TransitLine,
)
from sim.io.schema_types import (  # noqa: F401 - re-exported: the schema's public names
    AGE_GROUPS,
    MAX_CONSTANT,
    MAX_COST_EUR_PER_YEAR,
    MAX_DAYS,
    MAX_DESKS,
    MAX_MINUTES,
    MAX_POPULATION,
    MAX_RATE_PER_PERSON_YEAR,
    MAX_SERVICE_POINTS,
    MAX_UTILITY_WEIGHT,
    MODES,
    WEEKDAYS,
    AgeValue,
    Constant,
    CostPerYear,
    Count,
    Frozen,
    Identifier,
    Labels,
    Latitude,
    Longitude,
    Minutes,
    Number,
    Share,
    Text,
    WeekdayWeight,
)
from sim.mechanisms import REGISTRY
from sim.mechanisms.municipal import MunicipalBehaviour

# ---------------------------------------------------------------------------------------------- scenario


def _parse_clock(text: str) -> float:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise ValueError(f"'{text}' is not a time like 08:30")
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > 1440:
        raise ValueError(f"'{text}' is after 24:00")
    return float(minutes)


def parse_hours(text: str) -> tuple[float, float]:
    """Parse '08:00-12:30' into (start_minute, end_minute) since midnight."""
    if not isinstance(text, str) or text.count("-") != 1:
        raise ValueError(f"expected opening hours like '08:00-12:30', got {text!r}")
    start_text, end_text = text.split("-")
    start, end = _parse_clock(start_text), _parse_clock(end_text)
    if end <= start:
        raise ValueError(f"'{text}' closes before it opens")
    return (start, end)


HoursText = Annotated[str, Strict()]
HoursPerWeek = Annotated[Number, Field(gt=0, le=168)]


class WeeklyHours(Frozen):
    """Opening hours per weekday, e.g. mon: ['08:00-12:30', '14:00-16:00']; a missing day is closed."""

    mon: list[HoursText] = Field(default_factory=list)
    tue: list[HoursText] = Field(default_factory=list)
    wed: list[HoursText] = Field(default_factory=list)
    thu: list[HoursText] = Field(default_factory=list)
    fri: list[HoursText] = Field(default_factory=list)
    sat: list[HoursText] = Field(default_factory=list)
    sun: list[HoursText] = Field(default_factory=list)

    @field_validator("*")
    @classmethod
    def _valid_intervals(cls, value: list[str]) -> list[str]:
        intervals = [parse_hours(text) for text in value]
        for earlier, later in zip(intervals, intervals[1:], strict=False):
            if later[0] < earlier[1]:
                raise ValueError("intervals must be in order and must not overlap")
        return value

    def intervals(self, weekday: int) -> list[tuple[float, float]]:
        """Return the open intervals of a weekday (0 = Monday) in minutes since midnight."""
        return [parse_hours(text) for text in getattr(self, WEEKDAYS[weekday])]


class WeekdayWeights(Frozen):
    """Relative demand per weekday (need not sum to one)."""

    mon: WeekdayWeight = 1.0
    tue: WeekdayWeight = 1.0
    wed: WeekdayWeight = 1.0
    thu: WeekdayWeight = 1.0
    fri: WeekdayWeight = 1.0
    sat: WeekdayWeight = 0.0
    sun: WeekdayWeight = 0.0

    def as_tuple(self) -> tuple[float, ...]:
        """Return the weights Monday to Sunday."""
        return tuple(getattr(self, day) for day in WEEKDAYS)

    @model_validator(mode="after")
    def _some_weight(self) -> "WeekdayWeights":
        if sum(self.as_tuple()) <= 0:
            raise ValueError("at least one weekday needs a positive weight")
        return self


class ServiceTime(Frozen):
    """Lognormal service time at the desk."""

    mean_minutes: Annotated[Number, Field(gt=0, le=480)]
    cv: Annotated[Number, Field(ge=0, le=5)]


class Service(Frozen):
    """A public service: demand by age, desk time, online share and who pays for it."""

    label: Labels
    requests_per_person_year: AgeValues
    service_time: ServiceTime
    online_share: Share
    weekday_weights: WeekdayWeights = WeekdayWeights()
    paid_by: Literal["municipality", "health_insurance"] = "municipality"
    open_access: bool = False
    source: Text

    @field_validator("requests_per_person_year")
    @classmethod
    def _cap_rates(cls, value: AgeValues) -> AgeValues:
        if max(value.as_tuple()) > MAX_RATE_PER_PERSON_YEAR:
            raise ValueError(f"rates above {MAX_RATE_PER_PERSON_YEAR:g} requests per person-year are not plausible")
        return value


class TimetableStop(Frozen):
    """One stop of a mobile unit: a weekday, a district and the hours spent there."""

    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    district: Identifier
    hours: HoursText

    @field_validator("hours")
    @classmethod
    def _valid_hours(cls, value: str) -> str:
        parse_hours(value)
        return value


class ServicePoint(Frozen):
    """A place that serves: fixed office, back office (serves online requests) or mobile unit."""

    name: Text
    kind: Literal["fixed", "back_office", "mobile"] = "fixed"
    owner: Identifier
    services: list[Identifier] = Field(min_length=1)
    district: Identifier | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    desks: Annotated[int, Strict(), Field(ge=1, le=MAX_DESKS)]
    opening_hours: WeeklyHours | None = None
    timetable: list[TimetableStop] = Field(default_factory=list)
    uptake_share: Share = 1.0
    cost_eur_per_desk_year: CostPerYear = 0.0
    fixed_cost_eur_per_year: CostPerYear = 0.0
    max_tries: Annotated[int, Strict(), Field(ge=1, le=60)] | None = None
    it_provider: Identifier | None = None  # the IT provider it depends on; an it_outage of that provider shuts it
    # The weekly opening hours cost_eur_per_desk_year was estimated for (default: desk_costs.quoted_hours_per_week).
    cost_quoted_hours_per_week: HoursPerWeek | None = None
    source: Text = ""
    display_name: Labels | None = None  # shown in the app and the report instead of name, if given

    def open_hours_per_week(self) -> float:
        """Return the hours a week the point is open: its opening hours, or a mobile unit's stops."""
        if self.kind == "mobile" or self.opening_hours is None:
            spans = [parse_hours(stop.hours) for stop in self.timetable]
        else:
            spans = [span for day in range(7) for span in self.opening_hours.intervals(day)]
        return sum(end - start for start, end in spans) / 60.0

    @model_validator(mode="after")
    def _kind_fields(self) -> "ServicePoint":
        if self.kind == "mobile":
            if not self.timetable:
                raise ValueError("a mobile unit needs a timetable")
            for weekday in WEEKDAYS:
                stops = sorted(parse_hours(stop.hours) for stop in self.timetable if stop.weekday == weekday)
                for earlier, later in zip(stops, stops[1:], strict=False):
                    if later[0] < earlier[1]:
                        raise ValueError(f"timetable: two stops overlap on {weekday} (one unit, one place at a time)")
            if self.opening_hours is not None:
                raise ValueError("a mobile unit has a timetable, not opening_hours")
        else:
            if self.opening_hours is None:
                raise ValueError(f"a {self.kind} service point needs opening_hours")
            if self.timetable:
                raise ValueError("only a mobile unit has a timetable")
            if self.kind == "fixed" and (self.district is None or self.lat is None or self.lon is None):
                raise ValueError("a fixed service point needs district, lat and lon")
            if not any(self.opening_hours.intervals(day) for day in range(7)):
                raise ValueError("opening_hours has no open day")
        return self


class Agreement(Frozen):
    """A cooperation contract: members, services, access rule and cost-sharing key."""

    name: Text
    members: list[Identifier] = Field(min_length=2)
    services: list[Identifier] = Field(min_length=1)
    access: Literal["mutual", "none"] = "mutual"
    pool_member_points: bool = True
    cost_key: CostKey  # each key's own fields are checked in sim/io/agreement_keys.py
    fixed_shares: dict[Identifier, Share] | None = None
    # base_plus_usage: the share of each cost item split equally (the rest by use); Sockelbetrag.
    base_share: Share | None = None
    # shapley and nucleolus: each member's yearly total cost, set by the coalition analysis before a run.
    game_costs_eur_per_year: dict[Identifier, Annotated[Number, Field(ge=-MAX_COST_EUR_PER_YEAR)]] | None = None
    # equal_capped: no member pays more than this a year of the pool; the lead pays what the caps leave uncovered.
    cap_eur_per_year: CostPerYear | None = None
    lead: Identifier | None = None
    start_day: Count = 0
    end_day: Count | None = None

    @model_validator(mode="after")
    def _shares(self) -> "Agreement":
        if len(set(self.members)) != len(self.members):
            raise ValueError("members are listed twice")
        check_key_fields(self)
        if self.end_day is not None and self.end_day <= self.start_day:
            raise ValueError("end_day must be after start_day")
        return self


# Each intervention type's schema lives in its mechanism module (sim/mechanisms); the union is built from the registry.
if TYPE_CHECKING:
    from sim.mechanisms.base import InterventionConfig

    class Intervention(InterventionConfig):
        """What the type checker knows of any intervention: the common fields and its type tag."""

        type: str
else:
    Intervention = Annotated[
        Union[tuple(mechanism.schema for mechanism in REGISTRY.values())],  # noqa: UP007 - built at run time
        Field(discriminator="type"),
    ]
OnlineShareRamp = REGISTRY["online_share"].schema
AppointmentBooking = REGISTRY["appointment_booking"].schema


class Simulation(Frozen):
    """Horizon, seed, the queue's patience and the warm-up left out of the key figures."""

    days: Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS)] = 365
    seed: Annotated[int, Strict(), Field(ge=0, le=2**63 - 1)] = 20260101
    start_weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    max_tries: Annotated[int, Strict(), Field(ge=1, le=60)] = 3
    engine: Literal["kernels", "agents"] = "kernels"
    # Reweight residents to this year's projection (region file `projections`); None keeps the base year.
    population_year: Year | None = None
    # Requests that arise in the first warmup_days count in no key figure (docs/MODEL.md, "Warm-up").
    warmup_days: Annotated[int, Strict(), Field(ge=0, le=MAX_DAYS)] = 0

    @model_validator(mode="after")
    def _warmup_within_horizon(self) -> "Simulation":
        if self.warmup_days >= self.days:
            raise ValueError(f"warmup_days ({self.warmup_days}) must be shorter than days ({self.days})")
        return self


class DeskCosts(Frozen):
    """How a desk's yearly cost follows its opening hours (docs/MODEL.md, "Desk costs and opening hours").

    A desk costs cost_eur_per_desk_year x (1 - hours_share + hours_share x open hours / quoted hours):
    the staff time at the counter follows the hours; the workplace, material and overhead do not.
    """

    quoted_hours_per_week: HoursPerWeek = 30.0
    hours_share: Share = 0.7
    source: Text = (
        "ESTIMATE: quoted hours 30 a week, the typical small-town Buergerbuero's 25-35 h/week "
        "(parameters.citizen_office.opening_hours_per_week_example); hours share 0.7 = staff cost of the "
        "85,000 EUR workplace less 12,365 EUR material and about 15 % overhead "
        "(parameters.citizen_office.workplace_cost_per_year, office_material_cost_per_workplace)."
    )

    def factor(self, point: "ServicePoint") -> float:
        """Return the multiple of cost_eur_per_desk_year one desk of this point costs at its opening hours."""
        quoted = point.cost_quoted_hours_per_week or self.quoted_hours_per_week
        return 1.0 - self.hours_share + self.hours_share * point.open_hours_per_week() / quoted


class Behaviour(Frozen):
    """Choice and learning parameters of citizens."""

    time_weight_per_minute: Annotated[Number, Field(gt=0, le=MAX_UTILITY_WEIGHT)]
    wait_weight_per_minute: Annotated[Number, Field(ge=0, le=MAX_UTILITY_WEIGHT)]
    border_penalty_minutes: Minutes
    mode_constants: dict[Literal["car", "transit", "bike", "walk"], Constant]
    wait_learning_rate: Annotated[Number, Field(gt=0, le=1)]
    social_learning_share: Share = 0.5
    public_learning_rate: Annotated[Number, Field(gt=0, le=1)] = 0.05
    remembered_places: Annotated[int, Strict(), Field(ge=1, le=16)] = 4
    consideration_set_size: Annotated[int, Strict(), Field(ge=1, le=50)] = 8
    initial_expected_wait_minutes: Minutes
    lift_constant: Constant = -2.5
    mobile_lookahead_days: Annotated[int, Strict(), Field(ge=0, le=60)] = 7
    source: Text

    @field_validator("mode_constants")
    @classmethod
    def _all_modes(cls, value: dict[str, float]) -> dict[str, float]:
        missing = [mode for mode in MODES if mode not in value]
        if missing:
            raise ValueError(f"mode_constants needs every mode; missing: {', '.join(missing)}")
        return value


VALUE_OF_TIME_SOURCE = (
    "ESTIMATE in the range of the values of time for non-business passenger trips of the German Federal "
    "Transport Plan's appraisal (BVWP 2030 methodology: PTV, TCI, Mann 2016, Methodenhandbuch zum "
    "Bundesverkehrswegeplan 2030, values from Axhausen et al. 2015); they depend on purpose and distance, "
    "so replace this with the handbook's value for short errands if you quote the result"
)
CO2_PRICE_SOURCE = (
    "Umweltbundesamt, Methodenkonvention 3.1 zur Ermittlung von Umweltkosten, Kostensätze (2020): "
    "195 EUR(2020) per tonne of CO2 emitted in 2020, 1 % pure rate of time preference "
    "(680 EUR per tonne with equal weighting of generations)"
)


class CoalitionAnalysis(Frozen):
    """Values of the coalition analysis's generalised cost: residents' time and CO2, with sources and switches."""

    value_of_time_eur_per_hour: Annotated[Number, Field(gt=0, le=1000)] = 8.0
    value_of_time_source: Text = VALUE_OF_TIME_SOURCE
    include_time: bool = True
    co2_eur_per_tonne: Annotated[Number, Field(ge=0, le=10000)] = 195.0
    co2_source: Text = CO2_PRICE_SOURCE
    include_co2: bool = True


class ScenarioConfig(Frozen):
    """A scenario: a region, services, service points, agreements and interventions."""

    name: Text
    description: Text = ""
    title: Labels | None = None  # a short title in German and English for the app, its charts and the report
    summary: Labels | None = None  # what the scenario does, in a sentence or two, in German and English
    region: Text
    simulation: Simulation = Simulation()
    desk_costs: DeskCosts = DeskCosts()
    behaviour: Behaviour
    services: dict[Identifier, Service] = Field(min_length=1, max_length=100)
    service_points: dict[Identifier, ServicePoint] = Field(min_length=1, max_length=MAX_SERVICE_POINTS)
    agreements: dict[Identifier, Agreement] = Field(default_factory=dict)
    interventions: dict[Identifier, Intervention] = Field(default_factory=dict)
    municipal_behaviour: MunicipalBehaviour = MunicipalBehaviour()
    coalition_analysis: CoalitionAnalysis | None = None  # None: the defaults of CoalitionAnalysis
