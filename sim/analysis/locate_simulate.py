"""Optimise, then simulate: the proposal against the input with common random numbers, promise beside result."""

from typing import Any

from sim.analysis.compare import Comparison, compare
from sim.io.config import Scenario
from sim.runner import Progress

# (key, label, scale, decimals) of the simulated figures printed beside the optimiser's promise.
SIMULATED_ROWS = (
    ("in_person_requests", "requests in person or at a mobile stop", 1.0, 0),
    ("travel_minutes_mean", "travel, mean (min, all modes)", 1.0, 1),
    ("wait_minutes_mean", "wait, mean (min)", 1.0, 1),
    ("wait_minutes_p90", "wait, p90 (min)", 1.0, 1),
    ("cross_border_share", "served across the border (%)", 100.0, 1),
    ("share_to_assigned_site", "trips to the optimiser's site (%)", 100.0, 1),
    ("accessibility_gini", "accessibility: Gini across residents", 1.0, 3),
    ("beyond_30_minutes_by_transit", "residents > 30 min by bus/on foot (%)", 100.0, 1),
    ("cost_eur_per_year", "municipal cost per year (EUR)", 1.0, 0),
)


def _trips_to(summary: dict[str, Any], service: str) -> dict[tuple[str, str], int]:
    """Return trips from each Ortsteil to each service point that offers the service."""
    points = {p for p, figures in summary["service_points"].items() if service in figures["services"]}
    return {(f["district"], f["service_point"]): f["trips"] for f in summary["flows"] if f["service_point"] in points}


def simulated_figures(summary: dict[str, Any], service: str, assigned: dict[str, str] | None) -> dict[str, Any]:
    """Return one run's figures of the service; with the optimiser's site per Ortsteil, the share of trips to it."""
    figures = summary["by_service"][service]
    share = None
    if assigned:
        trips = _trips_to(summary, service)
        total = sum(trips.values())
        to_site = sum(count for (district, point), count in trips.items() if assigned.get(district) == point)
        share = round(to_site / total, 6) if total else None
    return {
        "in_person_requests": figures["requests"]["in_person"] + figures["requests"]["mobile"],
        "travel_minutes_mean": figures["travel_minutes"]["mean"],
        "wait_minutes_mean": figures["wait_minutes"]["mean"],
        "wait_minutes_p90": figures["wait_minutes"]["p90"],
        "cross_border_share": figures["cross_border_share"],
        "share_to_assigned_site": share,
        "accessibility_gini": summary["fairness"]["accessibility"][service]["everyone"]["gini"],
        "beyond_30_minutes_by_transit": summary["fairness"]["beyond_30_minutes_by_transit"][service]["everyone"],
        "cost_eur_per_year": summary["per_year"]["cost_eur"],
    }


def simulate_proposal(
    scenario: Scenario, proposal: Scenario, service: str, assigned: dict[str, str] | None,
    days: int | None = None, progress: Progress | None = None, replications: int = 1,
) -> tuple[Comparison, dict[str, Any]]:  # fmt: skip
    """Run input and proposal with common random numbers; return the comparison and the service's figures of both.

    The service's figures are those of the first replication (the input's own seed); with replications the
    comparison's table holds the paired intervals of the registry's key figures.
    """
    comparison = compare([scenario, proposal], days=days, progress=progress, replications=replications)
    base, proposed = (result.summary for result in comparison.results)
    return comparison, {
        "days": base["days"],
        "seed": base["seed"],
        "input": simulated_figures(base, service, None),
        "proposal": simulated_figures(proposed, service, assigned),
    }


def _cell(value: Any, scale: float, decimals: int) -> str:
    return "–" if value is None else f"{value * scale:,.{decimals}f}"


def format_promise(located: dict[str, Any]) -> str:
    """Return the optimiser's objective and promise: minutes to the assigned site and coverage."""
    promise = located["promise"]
    within = f", {promise['share_within_radius']:.1%} within the radius" if "share_within_radius" in promise else ""
    return (
        f"optimiser ({located['model']}, {located['mode']}, weights: {located['weights_unit']}): objective "
        f"{located['objective']:,.1f} {located['objective_unit']} ({located['status']}, gap {located['mip_gap']:.2%})\n"
        f"  promise: mean {_cell(promise['mean_minutes'], 1, 1)} min to the assigned site, longest "
        f"{_cell(promise['longest_minutes'], 1, 1)} min, {promise['share_within_30_minutes']:.1%} within 30 min{within}"
    )


def format_simulation(service: str, simulated: dict[str, Any]) -> str:
    """Return the simulated figures of the service for input and proposal side by side, with the difference."""
    lines = [
        f"simulation of {service} ({simulated['days']} days, seed {simulated['seed']}, common random numbers):",
        f"  {'':42}{'input':>16}{'proposal':>16}{'difference':>16}",
    ]
    for key, text, scale, decimals in SIMULATED_ROWS:
        before, after = simulated["input"][key], simulated["proposal"][key]
        change = None if before is None or after is None else after - before
        lines.append(f"  {text:42}{_cell(before, scale, decimals):>16}{_cell(after, scale, decimals):>16}"
                     f"{_cell(change, scale, decimals):>16}")  # fmt: skip
    return "\n".join(lines)
