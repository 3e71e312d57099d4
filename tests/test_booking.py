"""Appointments from a slot book: lead times from scarce slots, the booking horizon, online or by phone."""

import numpy as np
import pytest

from sim import load_scenario, with_seed_and_days
from sim.model.region import Region
from sim.model.requests import CHANNEL_IN_PERSON, STATUS_SERVED

QUICK_WINS = "scenarios/lemgo_kalletal/digital_quick_wins.yaml"
OFFICE = 0  # citizen_office is the first service


def run(booking: dict, days: int = 40) -> Region:
    overrides = {"interventions": {"online_appointments": booking}}
    model = Region(with_seed_and_days(load_scenario(QUICK_WINS, overrides), days=days))
    model.run()
    return model


def lead_days(model: Region) -> np.ndarray:
    """Days from need to the appointment of every booked first visit that was served then."""
    book = model.book
    mask = book.booked & (book.status == STATUS_SERVED) & (book.tries == 1)
    return (book.served_day[mask].astype(int) - book.need_day[mask]).astype(int)


@pytest.fixture(scope="module")
def scarce_and_ample() -> tuple[Region, Region]:
    ample = run({"booking_share": 1.0, "bookable_share": 0.9})
    scarce = run({"booking_share": 1.0, "bookable_share": 0.02, "horizon_days": 10})
    return scarce, ample


def test_lead_times_grow_when_slots_are_scarce(scarce_and_ample):
    scarce, ample = scarce_and_ample
    assert lead_days(scarce).mean() > lead_days(ample).mean() + 1.0
    assert lead_days(ample).mean() < 1.0


def test_nobody_gets_a_slot_beyond_the_horizon(scarce_and_ample):
    scarce, _ = scarce_and_ample
    leads = lead_days(scarce)
    assert leads.size > 0 and leads.max() <= 10
    book = scarce.book
    walked_in = (book.service == OFFICE) & (book.channel == CHANNEL_IN_PERSON) & ~book.booked
    assert walked_in.any()  # those who found no slot within 10 days walk in instead
    slots = scarce.shared.places.slots_booked
    assert (slots >= 0).all()


def test_residents_without_online_use_book_by_phone_or_not_at_all():
    no_phone = run({"booking_share": 1.0, "phone_share": 0.0}, days=20)
    online_user = no_phone.citizens.is_online_user[no_phone.book.citizen]
    booked = no_phone.book.booked
    assert booked[online_user].any()
    assert not booked[~online_user].any()
    by_phone = run({"booking_share": 1.0, "phone_share": 1.0}, days=20)
    online_user = by_phone.citizens.is_online_user[by_phone.book.citizen]
    assert by_phone.book.booked[~online_user].any()
