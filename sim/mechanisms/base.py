"""What every mechanism module provides, and the registry they add themselves to."""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sim.io.schema_types import CostPerYear, Count, Frozen, Identifier


class InterventionConfig(Frozen):
    """Fields every intervention has: the service it changes, when it starts, what it costs and who pays."""

    service: Identifier
    start_day: Count = 0
    paid_by: Identifier | None = None
    cost_eur_per_year: CostPerYear = 0.0


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
class Mechanism:
    """One intervention type: its tag in scenario files, its schema, and its effect on the day tables."""

    tag: str
    schema: type[InterventionConfig]
    label_de: str
    label_en: str
    apply: Callable[[InterventionConfig, ShareTables, int], None]  # (intervention, tables, service index)
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
