"""Simulated demand from a base run: in-person visits per week by Ortsteil, service and car access."""

import numpy as np

from kernels.decide import CHANNEL_IN_PERSON, CHANNEL_MOBILE
from sim.io.config import Scenario
from sim.model.outcome import Outcome
from sim.model.region import Region

DAYS_PER_WEEK = 7.0


def base_run(scenario: Scenario) -> Outcome:
    """Run the scenario with its own seed and horizon and return the finished run's records."""
    model = Region(scenario)
    model.run()
    return model.outcome()


def visits_per_week(outcome: Outcome) -> np.ndarray:
    """Return (districts x services x 2) in-person visits per week (index 1: residents with a car), after warm-up.

    A visit is a request handled in person or at a mobile stop, counted once however many tries it took.
    """
    book, citizens = outcome.measured_book, outcome.citizens
    districts, services = len(outcome.geography.district_ids), len(outcome.config.services)
    visits = (book.channel == CHANNEL_IN_PERSON) | (book.channel == CHANNEL_MOBILE)
    person = book.citizen[visits]
    cell = (citizens.district[person] * services + book.service[visits]) * 2 + citizens.has_car[person]
    counts = np.bincount(cell, minlength=districts * services * 2).reshape(districts, services, 2)
    return counts * DAYS_PER_WEEK / max(outcome.days - outcome.warmup_days, 1)
