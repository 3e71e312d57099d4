"""Mechanisms as modules: each intervention type lives in one module here and registers itself.

Adding a mechanism: write `sim/mechanisms/<name>.py` (schema, effect, labels; see docs/ARCHITECTURE.md)
and import it below. The scenario schema, the policy layer and the costs read the registry.
"""

from sim.mechanisms import appointment_booking, online_rollout, portal_outage  # noqa: F401 - importing registers them
from sim.mechanisms.base import REGISTRY, InterventionConfig, Mechanism, ShareTables

__all__ = ["REGISTRY", "InterventionConfig", "Mechanism", "ShareTables"]
