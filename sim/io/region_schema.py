"""Typed, frozen configuration of region files: municipalities, districts, transit lines, modes, traits."""

from typing import Annotated

from pydantic import ConfigDict, Field, field_validator, model_validator

from sim.io.projection_schema import Projections
from sim.io.schema_types import (
    MAX_POPULATION,
    AgeValue,
    Count,
    Frozen,
    Identifier,
    Latitude,
    Longitude,
    Number,
    Text,
)


class AgeValues(Frozen):
    """One value per age group, written with the group labels as keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    age_0_17: AgeValue = Field(alias="0-17")
    age_18_64: AgeValue = Field(alias="18-64")
    age_65_plus: AgeValue = Field(alias="65+")

    def as_tuple(self) -> tuple[float, float, float]:
        """Return the values in age-group order."""
        return (self.age_0_17, self.age_18_64, self.age_65_plus)


class AgeShares(AgeValues):
    """Shares per age group that add up to one."""

    @model_validator(mode="after")
    def _sum_to_one(self) -> "AgeShares":
        total = sum(self.as_tuple())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"age shares must add up to 1, they add up to {total:.6f}")
        if max(self.as_tuple()) > 1.0:
            raise ValueError("each age share must be between 0 and 1")
        return self


# ---------------------------------------------------------------------------------------------- region


class District(Frozen):
    """An Ortsteil: population, centroid and how far homes spread around it."""

    name: Text
    population: Annotated[Count, Field(le=MAX_POPULATION)]
    lat: Latitude
    lon: Longitude
    radius_km: Annotated[Number, Field(gt=0, le=30)]
    source: Text
    estimate: bool
    coord_source: Text | None = None
    coord_estimate: bool = False
    radius_source: Text | None = None
    population_date: Text | None = None


class Municipality(Frozen):
    """A municipality with its official population, age structure and districts."""

    name: Text
    ags: Text | None = None
    population: Annotated[Count, Field(gt=0, le=MAX_POPULATION)]
    population_date: Text | None = None
    source: Text
    lat: Latitude
    lon: Longitude
    age_shares: AgeShares
    age_shares_source: Text
    age_shares_estimate: bool
    districts: dict[Identifier, District] = Field(min_length=1)
    kreis: Identifier | None = None  # the Kreis whose projection applies (an id of projections.kreise)


class TransitLine(Frozen):
    """A bus or rail line; any two districts it serves are connected directly."""

    name: Text
    headway_minutes: Annotated[Number, Field(gt=0, le=1440)]
    speed_kmh: Annotated[Number, Field(gt=0, le=200)]
    districts: list[Identifier] = Field(min_length=2)
    source: Text
    estimate: bool


class Mode(Frozen):
    """Travel parameters of one mode."""

    speed_kmh: Annotated[Number, Field(gt=0, le=200)] | None = None
    circuity: Annotated[Number, Field(ge=1, le=3)]
    access_minutes: Annotated[Number, Field(ge=0, le=240)]
    egress_minutes: Annotated[Number, Field(ge=0, le=240)]
    co2_kg_per_km: Annotated[Number, Field(ge=0, le=5)]
    max_distance_km: Annotated[Number, Field(gt=0, le=1000)] | None = None
    source: Text
    estimate: bool


class Modes(Frozen):
    """The four modes; transit speeds come from the lines."""

    car: Mode
    transit: Mode
    bike: Mode
    walk: Mode

    @model_validator(mode="after")
    def _speeds_present(self) -> "Modes":
        for name in ("car", "bike", "walk"):
            if getattr(self, name).speed_kmh is None:
                raise ValueError(f"modes.{name}.speed_kmh is required")
        return self


class CitizenTraits(Frozen):
    """Shares of residents with car access and who use online services, by age group."""

    car_access: AgeValues
    car_access_source: Text
    car_access_estimate: bool
    online_use: AgeValues
    online_use_source: Text
    online_use_estimate: bool

    @field_validator("car_access", "online_use")
    @classmethod
    def _shares(cls, value: AgeValues) -> AgeValues:
        if max(value.as_tuple()) > 1.0:
            raise ValueError("shares must be between 0 and 1")
        return value


class BoundingBox(Frozen):
    """The area every coordinate of a region (and of its scenarios' service points) must lie in."""

    lat_min: Latitude
    lat_max: Latitude
    lon_min: Longitude
    lon_max: Longitude

    @model_validator(mode="after")
    def _ordered(self) -> "BoundingBox":
        if self.lat_min >= self.lat_max or self.lon_min >= self.lon_max:
            raise ValueError("lat_min must be below lat_max and lon_min below lon_max")
        if self.lat_max - self.lat_min > 20 or self.lon_max - self.lon_min > 30:
            raise ValueError("a region spans at most 20 degrees of latitude and 30 of longitude")
        return self

    def contains(self, lat: float, lon: float) -> bool:
        """Return whether a point lies inside the box (edges included)."""
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max

    def describe(self) -> str:
        """Return the box as readable text."""
        return f"latitude {self.lat_min:g} to {self.lat_max:g}, longitude {self.lon_min:g} to {self.lon_max:g}"


# Germany with a margin of about 20 km (the extremes are 47.27-55.06 N and 5.87-15.04 E).
GERMANY = BoundingBox(lat_min=47.0, lat_max=55.3, lon_min=5.5, lon_max=15.4)


class RegionConfig(Frozen):
    """A region file: municipalities, districts, transit lines, modes and citizen traits."""

    id: Identifier
    name: Text
    description: Text = ""
    bounding_box: BoundingBox = GERMANY
    # District populations must add up to the official municipal total within this share.
    district_sum_tolerance_share: Annotated[Number, Field(ge=0, le=0.5)] = 0.02
    municipalities: dict[Identifier, Municipality] = Field(min_length=1)
    transit_lines: dict[Identifier, TransitLine] = Field(default_factory=dict)
    modes: Modes
    citizens: CitizenTraits
    projections: Projections | None = None
