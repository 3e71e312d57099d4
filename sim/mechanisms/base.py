"""What every mechanism module provides, and the registry they add themselves to."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
from pydantic import Field, Strict, model_validator

from sim.io.schema_types import MAX_DAYS, CostPerYear, Count, Frozen, Identifier, Text

DurationDays = Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS)]


class InterventionConfig(Frozen):
    """Fields every intervention has: what it changes, when it starts, what it costs and who pays.

    `service` names the service it changes; a closure or an outage changes places instead and
    leaves it out (its module says so).
    """

    service: Identifier | None = None
    start_day: Count = 0
    paid_by: Identifier | None = None
    cost_eur_per_year: CostPerYear = 0.0

    def yearly_cost_eur(self) -> float:
        """Return what the intervention costs a year (a module may derive it from other fields)."""
        return self.cost_eur_per_year


class ClosureConfig(InterventionConfig):
    """Fields of a mechanism that shuts whole service points for some days (it names no service)."""

    duration_days: DurationDays
    source: Text = ""

    @model_validator(mode="after")
    def _no_service(self) -> "ClosureConfig":
        if self.service is not None:
            raise ValueError("a closure shuts whole service points and names no service; remove 'service'")
        return self


@dataclass(frozen=True)
class Residents:
    """Who lives where, for mechanisms that act on people rather than on services (online adoption)."""

    district_ids: tuple[str, ...]
    population: np.ndarray  # (districts x age groups) residents
    online_use: np.ndarray  # (age groups) the region's share of residents who use online services


@dataclass
class ShareTables:
    """Per day and service: the share of requests that can be done online, and of visitors who book."""

    online_share: np.ndarray  # (days x services)
    booking_share: np.ndarray  # (days x services): online users who book an appointment
    phone_share: np.ndarray  # (days x services): residents without online use who book by phone
    residents: Residents | None = None
    # Per service with an adoption model: (days x districts x age groups) share of residents who go online.
    adoption: dict[int, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckContext:
    """What a mechanism's own cross-check may read of its scenario and region (no schema objects: no cycle)."""

    days: int  # simulation.days of the file
    online_shares: dict[str, float]  # services.<id>.online_share
    interventions: dict[str, InterventionConfig]
    district_ids: frozenset[str]


Problem = Callable[[str, str], None]  # (key path, message)


@dataclass(frozen=True)
class Closure:
    """Service points shut for a stretch of days, announced beforehand or not, perhaps with their portal down."""

    point_ids: tuple[str, ...]
    start_day: int
    duration_days: int
    is_announced: bool
    takes_portal_down: bool = False  # the online portal of every service these points offer is down too

    @property
    def end_day(self) -> int:
        """Return the first day the points are open again (exclusive end)."""
        return self.start_day + self.duration_days


# point id -> the IT provider it depends on (None if it names none)
Providers = Mapping[str, str | None]


@dataclass(frozen=True)
class Mechanism:
    """One intervention type: its tag in scenario files, its schema, and its effect.

    The effect is on the day tables (`apply`, for mechanisms that change a service) or on the
    places (`closures`, for mechanisms that shut service points); a mechanism may have neither and
    act through the tables the model builds from its config (slot books, terminals).
    """

    tag: str
    schema: type[InterventionConfig]
    label_de: str
    label_en: str
    apply: Callable[[InterventionConfig, ShareTables, int], None] | None = None  # (intervention, tables, service)
    closures: Callable[[InterventionConfig, Providers], list[Closure]] | None = None
    order: int = 0  # mechanisms apply in this order (then in file order): later ones read what earlier ones set
    # Checks across the scenario, reported like every cross-check (exit 2): (intervention, key path, context, problem).
    check: Callable[[InterventionConfig, str, CheckContext, Problem], None] | None = None


REGISTRY: dict[str, Mechanism] = {}


def register(mechanism: Mechanism) -> Mechanism:
    """Add a mechanism to the registry (each module calls this once, at import)."""
    if mechanism.tag in REGISTRY:
        raise ValueError(f"two mechanisms share the tag '{mechanism.tag}'")
    REGISTRY[mechanism.tag] = mechanism
    return mechanism
