"""Office closure (type `office_closure`): service points shut for some days, announced beforehand or not.

An announced closure (a software switch, a renovation) is known to residents: nobody books a
visit on a closed day, and whoever keeps another usable open place for the service chooses among
the open ones. An unannounced one is not: people keep choosing as before and come to a closed
door (docs/MODEL.md, "Closures and outages").
"""

from typing import Literal

from pydantic import Field

from sim.io.schema_types import Identifier
from sim.mechanisms.base import Closure, ClosureConfig, InterventionConfig, Mechanism, Providers, register


class OfficeClosure(ClosureConfig):
    """Named service points are closed from start_day for duration_days."""

    type: Literal["office_closure"]
    service_points: list[Identifier] = Field(min_length=1)
    announced: bool = True


def closures(intervention: InterventionConfig, providers: Providers) -> list[Closure]:
    """Return the closure of the named points."""
    assert isinstance(intervention, OfficeClosure)
    points = tuple(dict.fromkeys(intervention.service_points))
    return [Closure(points, intervention.start_day, intervention.duration_days, intervention.announced)]


MECHANISM = register(
    Mechanism("office_closure", OfficeClosure, "Schließung von Standorten", "Office closure", closures=closures)
)
