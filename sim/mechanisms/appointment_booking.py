"""Appointment booking (type `appointment_booking`): visitors book slots in a slot book, online or by phone."""

from typing import Annotated, Literal

import numpy as np
from pydantic import Field, Strict

from sim.io.schema_types import Identifier, Number, Share
from sim.mechanisms.base import InterventionConfig, Mechanism, ShareTables, register


class AppointmentBooking(InterventionConfig):
    """Appointments: a share of desk time is offered as slots; online users and phone callers book them.

    Residents who use online services book with `booking_share`, the others by phone with
    `phone_share`. Each books the first free slot at the chosen office within `horizon_days` of
    the need (the lead time comes out of the slot book); without a free slot they walk in.
    """

    type: Literal["appointment_booking"]
    service: Identifier
    booking_share: Share
    phone_share: Share = 0.0
    slot_minutes: Annotated[Number, Field(gt=0, le=240)] | None = None  # default: the service's mean time
    bookable_share: Annotated[Share, Field(gt=0)] = 0.6  # of the desks' open time offered as slots
    horizon_days: Annotated[int, Strict(), Field(ge=1, le=365)] = 28


def apply(intervention: InterventionConfig, tables: ShareTables, service: int) -> None:
    """From start_day on, book at least booking_share (online) and phone_share (by phone) of the visits."""
    assert isinstance(intervention, AppointmentBooking)
    start = intervention.start_day
    tables.booking_share[start:, service] = np.maximum(
        tables.booking_share[start:, service], intervention.booking_share
    )
    tables.phone_share[start:, service] = np.maximum(tables.phone_share[start:, service], intervention.phone_share)


MECHANISM = register(
    Mechanism("appointment_booking", AppointmentBooking, "Terminvergabe", "Appointment booking", apply)
)
