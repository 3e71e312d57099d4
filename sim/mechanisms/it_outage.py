"""IT outage (type `it_outage`): a shared IT provider is down, so every office that depends on it closes.

Service points name their provider in `it_provider`. For the outage's days each of them is shut
without warning (people still come and find the door closed), and the online portal of every
service they offer is down, as a `portal_outage` would take it down. This is the concentration
risk of sharing one provider (Südwestfalen-IT, 10/2023: 72 municipalities and Kreise).
"""

from typing import Literal

from sim.io.schema_types import Identifier
from sim.mechanisms.base import Closure, ClosureConfig, InterventionConfig, Mechanism, Providers, register


class ItOutage(ClosureConfig):
    """The IT provider `provider` is down from start_day for duration_days."""

    type: Literal["it_outage"]
    provider: Identifier


def closures(intervention: InterventionConfig, providers: Providers) -> list[Closure]:
    """Return one unannounced closure of every point that depends on the provider, portal included."""
    assert isinstance(intervention, ItOutage)
    points = tuple(point for point, provider in providers.items() if provider == intervention.provider)
    return [Closure(points, intervention.start_day, intervention.duration_days, False, takes_portal_down=True)]


MECHANISM = register(Mechanism("it_outage", ItOutage, "IT-Ausfall", "IT outage", closures=closures))
