"""Figures of online adoption: the online share by service over time, counter visits avoided, staff hours freed.

Written into summary.json as `adoption` only when a scenario has an `online_adoption` intervention,
so every other scenario's outputs stay as they were. The counterfactual is the same run with
adoption frozen at its initial level: a request of an adoption service counts as a counter visit
avoided if it went online although its citizen's digital affinity (online rank) lies at or above
the initial adopted share of their age group, i.e. only diffusion made it go online. Same draws,
so the comparison is exact within the run.
"""

from typing import TYPE_CHECKING, Any

import numpy as np

from kernels.summary import CHANNEL_ONLINE
from sim.mechanisms.online_adoption import OnlineAdoption
from sim.model.population import online_ranks
from sim.summary.figures import rounded

if TYPE_CHECKING:
    from sim.model.outcome import Outcome

DAYS_PER_WEEK = 7


def adoption_models(model: "Outcome") -> dict[int, OnlineAdoption]:
    """Return the services (by index) that have an online adoption model, with their intervention."""
    service_ids = list(model.config.services)
    models: dict[int, OnlineAdoption] = {}
    for intervention in model.config.interventions.values():
        if isinstance(intervention, OnlineAdoption):
            models[service_ids.index(intervention.service)] = intervention
    return models


def adoption_figures(model: "Outcome") -> dict[str, Any]:
    """Return summary.json's `adoption` block (call only when adoption_models is not empty)."""
    book, citizens = model.measured_book, model.citizens
    ranks = online_ranks(citizens, model.config.simulation.seed)
    age = citizens.age_group[book.citizen]
    by_service, totals, service_ids = {}, np.zeros(4), list(model.config.services)
    for service, intervention in adoption_models(model).items():
        mine = book.service == service
        online = mine & (book.channel == CHANNEL_ONLINE)
        initial = np.array(intervention.initial_adoption.as_tuple())
        avoided = online & (ranks[book.citizen] >= initial[age])
        # An online request handled in a back office takes the same desk minutes there: only self-service frees time.
        freed_minutes = float(book.service_minutes[avoided & (book.place < 0)].sum())
        counts = np.array([mine.sum(), online.sum(), avoided.sum(), freed_minutes / 60.0])
        totals += counts
        by_service[service_ids[service]] = {
            "legal_online_share": intervention.legal_online_share,
            "requests": int(counts[0]),
            "online": int(counts[1]),
            "online_share": rounded(counts[1] / max(counts[0], 1.0)),
            "counter_visits_avoided": int(counts[2]),
            "staff_hours_freed": rounded(counts[3], 2),
            "weekly": _weekly(model, mine, online, model.adoption_expected[service]),
        }
    return {
        "online_share": rounded(totals[1] / max(totals[0], 1.0)),
        "counter_visits_avoided": int(totals[2]),
        "staff_hours_freed": rounded(totals[3], 2),
        "counterfactual": "adoption frozen at initial_adoption, same draws",
        "by_service": by_service,
    }


def _weekly(model: "Outcome", mine: np.ndarray, online: np.ndarray, expected: np.ndarray) -> dict[str, list[float]]:
    """Return per week after the warm-up: the online share of the service's requests, simulated and expected."""
    book, first = model.measured_book, model.warmup_days
    weeks = max(1, -(-(model.days - first) // DAYS_PER_WEEK))
    week = (book.need_day.astype(np.int64) - first) // DAYS_PER_WEEK
    requests = np.bincount(week[mine], minlength=weeks)[:weeks]
    online_requests = np.bincount(week[online], minlength=weeks)[:weeks]
    padded = np.full(weeks * DAYS_PER_WEEK, np.nan)
    padded[: model.days - first] = expected[first : model.days]
    return {
        "online_share": [rounded(o / r) if r else 0.0 for o, r in zip(online_requests, requests, strict=True)],
        "expected_online_share": [rounded(value) for value in np.nanmean(padded.reshape(weeks, -1), axis=1)],
    }
