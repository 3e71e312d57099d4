"""Online portal outage (type `portal_outage`): for some days a service cannot be done or booked online."""

from typing import Annotated, Literal

from pydantic import Field, Strict

from sim.io.schema_types import MAX_DAYS
from sim.mechanisms.base import InterventionConfig, Mechanism, ShareTables, register


class PortalOutage(InterventionConfig):
    """The online portal of a service is down for some days: no online requests, no online booking."""

    type: Literal["portal_outage"]
    duration_days: Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS)]


def apply(intervention: InterventionConfig, tables: ShareTables, service: int) -> None:
    """Set the service's online and booking shares to zero from start_day for duration_days."""
    assert isinstance(intervention, PortalOutage)
    last = intervention.start_day + intervention.duration_days
    tables.online_share[intervention.start_day : last, service] = 0.0
    tables.booking_share[intervention.start_day : last, service] = 0.0


MECHANISM = register(
    Mechanism("portal_outage", PortalOutage, "Ausfall des Online-Portals", "Online portal outage", apply)
)
