"""Population projections of a region file: residents per age group, Kreis (or municipality) and year."""

from typing import Annotated

from pydantic import ConfigDict, Field, Strict, model_validator

from sim.io.schema_types import MAX_POPULATION, Count, Frozen, Identifier, Number, Text

# Bounds of any year a projection table or a scenario may name; the table itself decides what can run.
FIRST_YEAR = 2000
LAST_YEAR = 2100
# Published projections round each age group; their sum may miss the total by this share.
AGE_SUM_TOLERANCE_SHARE = 0.005

Year = Annotated[int, Strict(), Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Residents = Annotated[Number, Field(ge=0, le=MAX_POPULATION)]


class AgeCounts(Frozen):
    """Residents per age group, written with the group labels as keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    age_0_17: Residents = Field(alias="0-17")
    age_18_64: Residents = Field(alias="18-64")
    age_65_plus: Residents = Field(alias="65+")

    def as_tuple(self) -> tuple[float, float, float]:
        """Return the counts in age-group order."""
        return (self.age_0_17, self.age_18_64, self.age_65_plus)


class ProjectedYear(Frozen):
    """The projected residents of one area in one year: the total and its age groups."""

    population: Annotated[Count, Field(le=MAX_POPULATION)]
    age_groups: AgeCounts


class AreaProjection(Frozen):
    """The projection of one Kreis or municipality: a row per year of the table."""

    name: Text
    years: dict[Year, ProjectedYear] = Field(min_length=1)
    source: Text
    estimate: bool
    rule: Text = ""

    def counts(self, year: float) -> tuple[float, float, float]:
        """Return the age-group counts of a year, linear between the table's years.

        Raises:
            ValueError: if the year lies outside the area's table.
        """
        known = sorted(self.years)
        if not known[0] <= year <= known[-1]:
            raise ValueError(f"{year} lies outside {known[0]}-{known[-1]}")
        later = next(y for y in known if y >= year)
        earlier = max(y for y in known if y <= year)
        low, high = self.years[earlier].age_groups.as_tuple(), self.years[later].age_groups.as_tuple()
        weight = 0.0 if later == earlier else (year - earlier) / (later - earlier)
        return tuple(a + (b - a) * weight for a, b in zip(low, high, strict=True))  # type: ignore[return-value]

    def factors(self, year: float, base_year: int) -> tuple[float, float, float]:
        """Return residents per age group in `year` relative to the base year (1.0 where the base has none)."""
        base = self.years[base_year].age_groups.as_tuple()
        return tuple(now / then if then > 0 else 1.0 for now, then in zip(self.counts(year), base, strict=True))  # type: ignore[return-value]


class Projections(Frozen):
    """Projection tables of a region: the base year the region file stands for and the years projected."""

    base_year: Year
    years: list[Year] = Field(min_length=1)
    source: Text
    kreise: dict[Identifier, AreaProjection] = Field(default_factory=dict)
    municipalities: dict[Identifier, AreaProjection] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _years_in_order(self) -> "Projections":
        if any(later <= earlier for earlier, later in zip(self.years, self.years[1:], strict=False)):
            raise ValueError("years must be listed once each, in increasing order")
        if self.base_year not in self.years:
            raise ValueError(f"base_year {self.base_year} must be one of the years {self.years}")
        return self

    @property
    def first_year(self) -> int:
        """Return the first year of the table."""
        return self.years[0]

    @property
    def last_year(self) -> int:
        """Return the last year of the table."""
        return self.years[-1]

    def areas(self) -> list[tuple[str, str, AreaProjection]]:
        """Return (kind, id, projection) of every area; kind is 'kreise' or 'municipalities'."""
        return [("kreise", k, area) for k, area in self.kreise.items()] + [
            ("municipalities", m, area) for m, area in self.municipalities.items()
        ]
