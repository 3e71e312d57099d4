"""Desk minutes of a session's visitors: their drawn service time, shortened where a self-service terminal helps.

A terminal (Places.terminal_share, terminal_desk_factor per place and service) lets a share of
visitors capture their own data before they reach the desk (photo, fingerprints, signature for an
ID card), so the clerk needs only a fraction of the drawn service time. Whether a visitor uses it
is a counter-based draw keyed by the request, so every try and every engine agree. Without
terminals the desk minutes are the drawn service times.
"""

import numpy as np
from numba import njit

from kernels.choice import REQUEST_STRIDE
from kernels.random import PURPOSE_TERMINAL, uniform
from kernels.records import Places, Requests


@njit(cache=True)
def desk_minutes(requests: Requests, places: Places, rows: np.ndarray, seed: int) -> np.ndarray:
    """Return the desk minutes of each visit in `rows` at its place (requests.place)."""
    minutes = requests.service_minutes[rows]
    share, factor = places.terminal_share, places.terminal_desk_factor
    if share.shape[0] == 0:
        return minutes
    for visit in range(rows.shape[0]):
        row = rows[visit]
        place, service = requests.place[row], int(requests.service[row])
        if share[place, service] <= 0.0:
            continue
        index = service * REQUEST_STRIDE + int(requests.ordinal[row])
        draw = uniform(seed, PURPOSE_TERMINAL, int(requests.citizen[row]), int(requests.need_day[row]), index)
        if draw < share[place, service]:
            minutes[visit] *= factor[place, service]
    return minutes
