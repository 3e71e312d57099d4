"""The Bass diffusion of one online service, per district and age group, day by day (plain arrays, no config)."""

import numpy as np


def bass_curve(
    initial: np.ndarray,
    potential: np.ndarray,
    innovation: np.ndarray,
    imitation: np.ndarray,
    available: np.ndarray,
    population: np.ndarray,
) -> np.ndarray:
    """Return the share of each (district, age group) that uses the online route, on each day.

    A discrete Bass model with word of mouth inside the district: on a day the service can be
    done online, a share hazard x (potential - adopted) of a group adopts, where
    hazard = min(1, innovation + imitation x the district's adopted share of its potential).
    No one adopts while the service is not available (before its launch, during an outage),
    and adopters never exceed the potential.

    Args:
        initial: (age groups) or (districts x age groups) share adopted on day 0.
        potential: (age groups) the largest share that will ever adopt.
        innovation: (days x districts x age groups) adoption per day from outside (background, campaigns).
        imitation: (age groups) adoption per day per unit of the district's adopted share of potential.
        available: (days) bool.
        population: (districts x age groups) residents, the weights of the word of mouth.
    """
    days = available.shape[0]
    districts, groups = population.shape
    shares = np.empty((days, districts, groups))
    current = np.minimum(np.broadcast_to(np.asarray(initial, dtype=np.float64), (districts, groups)), potential)
    reachable = (population * potential).sum(axis=1)
    for day in range(days):
        shares[day] = current
        if not available[day]:
            continue
        adopted = (population * current).sum(axis=1)
        word_of_mouth = np.divide(adopted, reachable, out=np.zeros(districts), where=reachable > 0)
        hazard = np.minimum(1.0, innovation[day] + imitation * word_of_mouth[:, None])
        current = np.minimum(current + hazard * (potential - current), potential)
    return shares


def request_weighted_share(
    shares: np.ndarray, population: np.ndarray, rates: np.ndarray, online_share: np.ndarray
) -> np.ndarray:
    """Return the expected online share of a service's requests on each day.

    Args:
        shares: (days x districts x age groups) adopted shares (bass_curve).
        population: (districts x age groups).
        rates: (age groups) requests per person-year of the service.
        online_share: (days) share of the requests that can be done online that day.
    """
    weights = population * rates
    return online_share * (shares * weights).sum(axis=(1, 2)) / weights.sum()
