"""Checks of a scenario's interventions against the rest of it: services, payers, points, providers, horizon."""

from collections.abc import Callable

from sim.io.schema import ScenarioConfig
from sim.mechanisms.id_terminal import IdTerminal
from sim.mechanisms.it_outage import ItOutage
from sim.mechanisms.office_closure import OfficeClosure

Problem = Callable[[str, str], None]  # (key path, message)


def check_interventions(scenario: ScenarioConfig, owners: set[str], problem: Problem) -> None:
    """Report unknown services, payers, service points and IT providers, and closures outside the horizon."""
    providers = sorted({p.it_provider for p in scenario.service_points.values() if p.it_provider is not None})
    days = scenario.simulation.days
    for intervention_id, intervention in scenario.interventions.items():
        base = f"interventions.{intervention_id}"
        if intervention.service is not None and intervention.service not in scenario.services:
            problem(f"{base}.service", f"unknown service '{intervention.service}'")
        if intervention.paid_by is not None and intervention.paid_by not in owners:
            problem(f"{base}.paid_by", f"unknown municipality or agreement '{intervention.paid_by}'")
        if isinstance(intervention, OfficeClosure | ItOutage) and intervention.start_day >= days:
            problem(
                f"{base}.start_day",
                f"day {intervention.start_day} lies outside the horizon (days 0-{days - 1}, simulation.days)",
            )
        if isinstance(intervention, OfficeClosure):
            for index, point_id in enumerate(intervention.service_points):
                if point_id not in scenario.service_points:
                    problem(f"{base}.service_points.{index}", f"unknown service point '{point_id}'")
        elif isinstance(intervention, ItOutage) and intervention.provider not in providers:
            known = ", ".join(providers) or "none (give service points an it_provider)"
            problem(f"{base}.provider", f"no service point depends on IT provider '{intervention.provider}' "
                                        f"(it_provider of the service points: {known})")  # fmt: skip
        elif isinstance(intervention, IdTerminal):
            _check_terminal(scenario, base, intervention, problem)


def _check_terminal(scenario: ScenarioConfig, base: str, terminal: IdTerminal, problem: Problem) -> None:
    """Report a terminal at an unknown point, or at a point that does not offer its service."""
    point = scenario.service_points.get(terminal.service_point)
    if point is None:
        problem(f"{base}.service_point", f"unknown service point '{terminal.service_point}'")
    elif terminal.service not in point.services:
        problem(f"{base}.service_point", f"'{terminal.service_point}' does not offer '{terminal.service}'")
