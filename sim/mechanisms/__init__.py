"""Mechanisms as modules: each intervention type lives in one module here and registers itself.

Adding a mechanism: write `sim/mechanisms/<name>.py` (schema, effect, labels; see docs/ARCHITECTURE.md)
and import it below. The scenario schema, the policy layer and the costs read the registry.
"""

from sim.mechanisms import (  # noqa: F401 - importing registers them
    appointment_booking,
    digital_solution,
    id_terminal,
    it_outage,
    office_closure,
    online_adoption,
    online_rollout,
    portal_outage,
)
from sim.mechanisms.base import REGISTRY, CheckContext, Closure, InterventionConfig, Mechanism, Residents, ShareTables

__all__ = ["REGISTRY", "CheckContext", "Closure", "InterventionConfig", "Mechanism", "Residents", "ShareTables"]
