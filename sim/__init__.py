"""IKZ-Sim: agent-based simulation of inter-municipal cooperation in rural public services.

The stable public API (the names below, loaded on first use so that `import sim` stays cheap):

    from sim import load_scenario, simulate, replicate, compare, with_seed_and_days
    scenario = load_scenario("scenarios/lemgo_kalletal/baseline.yaml")
    result = simulate(with_seed_and_days(scenario, days=30))   # result.summary, .daily, ...
"""

from importlib import import_module
from typing import Any

_PUBLIC = {
    "Scenario": "sim.io.config",
    "load_scenario": "sim.io.config",
    "RunResult": "sim.runner",
    "simulate": "sim.runner",
    "replicate": "sim.runner",
    "with_seed_and_days": "sim.runner",
    "compare": "sim.analysis.compare",
    "KPIS": "sim.summary.kpi_registry",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use."""
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
