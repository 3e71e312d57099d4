"""What every mechanism module provides, and the registry they add themselves to."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.io.schema_types import CostPerYear, Count, Frozen, Identifier


class InterventionConfig(Frozen):
    """Fields every intervention has: the service it changes, when it starts, what it costs and who pays."""

    service: Identifier
    start_day: Count = 0
    paid_by: Identifier | None = None
    cost_eur_per_year: CostPerYear = 0.0


@dataclass
class ShareTables:
    """Per day and service: the share of requests that can be done online, and of visitors who book."""

    online_share: np.ndarray  # (days x services)
    booking_share: np.ndarray  # (days x services): online users who book an appointment
    phone_share: np.ndarray  # (days x services): residents without online use who book by phone


@dataclass(frozen=True)
class Mechanism:
    """One intervention type: its tag in scenario files, its schema, and its effect on the day tables."""

    tag: str
    schema: type[InterventionConfig]
    label_de: str
    label_en: str
    apply: Callable[[InterventionConfig, ShareTables, int], None]  # (intervention, tables, service index)


REGISTRY: dict[str, Mechanism] = {}


def register(mechanism: Mechanism) -> Mechanism:
    """Add a mechanism to the registry (each module calls this once, at import)."""
    if mechanism.tag in REGISTRY:
        raise ValueError(f"two mechanisms share the tag '{mechanism.tag}'")
    REGISTRY[mechanism.tag] = mechanism
    return mechanism
