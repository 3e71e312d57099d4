"""Mechanism modules: the registry builds the schema, and an outage moves requests offline only while it lasts."""

import numpy as np

from sim.io.config import load_scenario
from sim.io.schema import OnlineShareRamp
from sim.mechanisms import REGISTRY
from sim.model.policy import share_tables
from sim.runner import simulate, with_seed_and_days

QUICK_WINS = "scenarios/lemgo_kalletal/digital_quick_wins.yaml"
OUTAGE = {"interventions": {"it_outage": {"type": "portal_outage", "service": "citizen_office", "start_day": 10,
                                          "duration_days": 7}}}  # fmt: skip


def test_every_registered_mechanism_is_a_valid_intervention_type():
    assert {"online_share", "appointment_booking", "portal_outage"} <= set(REGISTRY)
    assert REGISTRY["online_share"].schema is OnlineShareRamp
    for mechanism in REGISTRY.values():
        assert mechanism.label_de and mechanism.label_en


def test_outage_zeroes_the_online_and_booking_shares_only_while_it_lasts():
    config = load_scenario(QUICK_WINS, OUTAGE).config
    online, booking, phone = share_tables(with_seed_and_days(load_scenario(QUICK_WINS), days=30).config)
    thirty_days = config.simulation.model_copy(update={"days": 30})
    online_out, booking_out, phone_out = share_tables(config.model_copy(update={"simulation": thirty_days}))
    assert np.array_equal(phone_out, phone)  # the telephone still works during a portal outage
    office = list(config.services).index("citizen_office")
    assert (online_out[10:17, office] == 0).all() and (booking_out[10:17, office] == 0).all()
    assert np.array_equal(online_out[:10], online[:10]) and np.array_equal(online_out[17:], online[17:])
    assert online[10:17, office].min() > 0 and booking[10:17, office].min() > 0


def test_during_an_outage_residents_go_in_person_instead():
    normal = simulate(with_seed_and_days(load_scenario(QUICK_WINS), days=30))
    outage = simulate(with_seed_and_days(load_scenario(QUICK_WINS, OUTAGE), days=30))
    assert outage.summary["requests"]["total"] == normal.summary["requests"]["total"]  # same needs (CRN)
    days = slice(10, 17)
    assert outage.daily["online"][days].sum() < normal.daily["online"][days].sum()
    assert outage.daily["in_person"][days].sum() > normal.daily["in_person"][days].sum()
    assert (outage.daily["online"][:10] == normal.daily["online"][:10]).all()
