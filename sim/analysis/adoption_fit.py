"""Calibrating an online adoption model to documented uptake: expected online shares over dated windows.

The documented uptake of online address registration (eWA) in Düsseldorf, the first NRW city to
offer it (launched 16 April 2024), gives three windows after launch. The expected online share of
a window is the request-weighted mean of online share x adopted share over its days (the Bass
curve of sim/mechanisms/adoption_curve.py for the city as one district; with the same parameters
everywhere every district follows that curve). `fit_adoption` fits the innovation rate and the
share of the eID potential that ever adopts, with the imitation rate fixed at the literature mean,
so three targets check two parameters. docs/MODEL.md ("Online adoption") states the fit.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from sim.io.config import Scenario
from sim.mechanisms.adoption_curve import bass_curve, request_weighted_share
from sim.mechanisms.online_adoption import OnlineAdoption
from sim.model.policy import share_tables

DUESSELDORF_LAUNCH = (
    "2024-04-16 (https://www.tag24.de/nachrichten/regionales/duesseldorf/"
    "smartphone-statt-warteschlange-das-wird-in-duesseldorf-jetzt-leichter-3160288)"
)
# Sultan, Farley & Lehmann (1990), meta-analysis of 213 Bass model applications: mean q = 0.38 a year.
IMITATION_PER_DAY_LITERATURE = 0.38 / 365


@dataclass(frozen=True)
class UptakeWindow:
    """A documented online share of a service's requests over days after launch [first_day, last_day)."""

    name: str
    first_day: int
    last_day: int
    online_share: float
    tolerance: float  # absolute, in shares (0.0025 = 0.25 percentage points)
    source: str


EWA_DUESSELDORF = (
    UptakeWindow(
        "first three months", 0, 91, 0.01, 0.0025,
        "about 430 online registrations, about 1 % of all in the first three months "
        "(https://www1.wdr.de/nachrichten/ruhrgebiet/bochum-wohnsitz-anmeldung-online-100.html, 07/2024)",
    ),
    UptakeWindow(
        "launch to 31 Dec 2024", 0, 259, 0.0233, 0.0025,
        "2,020 of 122,401 registrations in 2024 were online (https://lokalbuero.com/2025/01/16/76693); the 2024 "
        "registrations pro rata for the 259 days after launch (86,617) give 2.33 % (ESTIMATE: even spread over a year)",
    ),
    UptakeWindow(
        "calendar year 2025", 260, 625, 0.042, 0.0025,
        "'knapp 5.000' of 118,429 registrations in 2025 fully digital (https://www.lokalbuero.com/?p=92503): 4.2 %",
    ),
)  # fmt: skip


def _model(scenario: Scenario, service_id: str) -> OnlineAdoption:
    for intervention in scenario.config.interventions.values():
        if isinstance(intervention, OnlineAdoption) and intervention.service == service_id:
            return intervention
    raise ValueError(f"{scenario.path}: no online_adoption for service '{service_id}'")


def _inputs(scenario: Scenario, service_id: str, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the city as one district (residents by age), the service's rates and its online share by day."""
    config = scenario.config
    municipalities = scenario.region.municipalities.values()
    population = np.array([[sum(m.population * m.age_shares.as_tuple()[g] for m in municipalities) for g in range(3)]])
    rates = np.array(config.services[service_id].requests_per_person_year.as_tuple())
    longer = config.model_copy(update={"simulation": config.simulation.model_copy(update={"days": days})})
    online_share = share_tables(longer)[0][:, list(config.services).index(service_id)]
    return population, rates, online_share


def expected_shares(
    scenario: Scenario, service_id: str, windows: tuple[UptakeWindow, ...] = EWA_DUESSELDORF,
    innovation_per_day: float | None = None, potential_factor: float = 1.0,
) -> list[float]:  # fmt: skip
    """Return the expected online share of each window for the scenario's adoption model of a service.

    Windows count from the model's start_day. Campaigns are left out (the targets are a city without
    one). innovation_per_day and potential_factor replace the file's values (the fit varies them).
    """
    model = _model(scenario, service_id)
    start = model.start_day
    days = start + max(window.last_day for window in windows)
    population, rates, online_share = _inputs(scenario, service_id, days)
    innovation = np.array(model.innovation_per_day.as_tuple())
    if innovation_per_day is not None:
        innovation = np.full(3, innovation_per_day)
    potential = np.array(model.potential.as_tuple()) * potential_factor
    available = (online_share > 0) & (np.arange(days) >= start)
    curve = bass_curve(np.array(model.initial_adoption.as_tuple()), potential, np.tile(innovation, (days, 1, 1)),
                       np.array(model.imitation_per_day.as_tuple()), available, population)  # fmt: skip
    daily = request_weighted_share(curve, population, rates, online_share)
    return [float(daily[start + w.first_day : start + w.last_day].mean()) for w in windows]


def fit_adoption(
    scenario: Scenario, service_id: str, windows: tuple[UptakeWindow, ...] = EWA_DUESSELDORF
) -> tuple[float, float, list[float]]:
    """Return (innovation per day, potential factor, window shares) fitted by least squares on relative errors."""

    def residuals(log_values: np.ndarray) -> list[float]:
        innovation, factor = np.exp(log_values)
        shares = expected_shares(scenario, service_id, windows, float(innovation), float(factor))
        return [(share - w.online_share) / w.online_share for share, w in zip(shares, windows, strict=True)]

    fitted = least_squares(residuals, np.log([0.005, 1.0]))
    innovation, factor = (float(value) for value in np.exp(fitted.x))
    return innovation, factor, expected_shares(scenario, service_id, windows, innovation, factor)
