"""Online portal outage (type `portal_outage`): for some days a service cannot be done or booked online."""

from typing import Literal

from sim.io.schema_types import Identifier
from sim.mechanisms.base import DurationDays, InterventionConfig, Mechanism, ShareTables, register


class PortalOutage(InterventionConfig):
    """The online portal of a service is down for some days: no online requests, no online booking."""

    type: Literal["portal_outage"]
    service: Identifier
    duration_days: DurationDays


def shut_portal(tables: ShareTables, service: int, start_day: int, end_day: int) -> None:
    """Set a service's online and online-booking shares to zero on days start_day..end_day-1."""
    tables.online_share[start_day:end_day, service] = 0.0
    tables.booking_share[start_day:end_day, service] = 0.0


def apply(intervention: InterventionConfig, tables: ShareTables, service: int) -> None:
    """Set the service's online and booking shares to zero from start_day for duration_days."""
    assert isinstance(intervention, PortalOutage)
    shut_portal(tables, service, intervention.start_day, intervention.start_day + intervention.duration_days)


MECHANISM = register(
    Mechanism("portal_outage", PortalOutage, "Ausfall des Online-Portals", "Online portal outage", apply)
)
