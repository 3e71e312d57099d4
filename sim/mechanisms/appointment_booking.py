"""Online appointment booking (type `appointment_booking`): a share of visits arrive in evenly spread slots."""

from typing import Literal

import numpy as np

from sim.io.schema_types import Share
from sim.mechanisms.base import InterventionConfig, Mechanism, ShareTables, register


class AppointmentBooking(InterventionConfig):
    """Online appointment booking: a share of in-person visits arrive in evenly spread slots."""

    type: Literal["appointment_booking"]
    booking_share: Share


def apply(intervention: InterventionConfig, tables: ShareTables, service: int) -> None:
    """From start_day on, book at least booking_share of the service's in-person visits."""
    assert isinstance(intervention, AppointmentBooking)
    column = tables.booking_share[intervention.start_day :, service]
    tables.booking_share[intervention.start_day :, service] = np.maximum(column, intervention.booking_share)


MECHANISM = register(
    Mechanism("appointment_booking", AppointmentBooking, "Online-Terminvergabe", "Online appointments", apply)
)
