"""Digital rollout: the online share of a service rises linearly to a target (type `online_share`)."""

from typing import Literal

import numpy as np

from sim.io.schema_types import Count, Identifier, Share
from sim.mechanisms.base import InterventionConfig, Mechanism, ShareTables, register


class OnlineShareRamp(InterventionConfig):
    """A digital rollout: the online share of a service rises linearly to a target."""

    type: Literal["online_share"]
    service: Identifier
    ramp_days: Count = 0
    target_share: Share


def apply(intervention: InterventionConfig, tables: ShareTables, service: int) -> None:
    """Move the service's online share towards the target from start_day on, linearly over ramp_days."""
    assert isinstance(intervention, OnlineShareRamp)
    days = tables.online_share.shape[0]
    start = intervention.start_day
    if start >= days:
        return
    share = tables.online_share[start:, service]
    elapsed = np.arange(days - start, dtype=np.float64)
    progress = np.ones_like(elapsed) if intervention.ramp_days == 0 else elapsed / intervention.ramp_days
    tables.online_share[start:, service] = share + (intervention.target_share - share) * np.minimum(1.0, progress)


MECHANISM = register(Mechanism("online_share", OnlineShareRamp, "Digitalisierung", "Digital rollout", apply))
