"""`locate`: the location problem of one service, built from a scenario with the model's own travel minutes.

Demand points are the Ortsteile, weighted by residents or by the in-person visits of a base run;
candidate sites are today's sites of the service plus Ortsteile, other service points or a file. The
minutes come from `sim.summary.reach.door_to_door_minutes` (the decision kernel's rule from each
Ortsteil's centroid). The models treat the service as shared: any resident may use any site; the
proposal scenario makes that true with an agreement where the input does not (locate_scenario.py).
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.base_run import base_run, visits_per_week
from sim.analysis.locate_candidates import Candidates, candidate_sites
from sim.analysis.location import DEFAULT_OPTIONS, InfeasibleError, LocationResult, SolverOptions, locate
from sim.errors import InputError
from sim.io.config import Scenario
from sim.io.schema import MODES
from sim.model.geography import Geography, build_geography
from sim.model.population import Citizens, synthesize_population
from sim.summary.reach import door_to_door_minutes

MAX_UTILISATION = 0.85  # ESTIMATE: a site counts as full when its desks are busy 85 % of the open time
DAYS_PER_WEEK = 7.0
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class LocateRequest:
    """What to solve: the service, the model and its parameters, the candidates and the demand."""

    service: str
    model: str = "p-median"
    p: int | None = None
    radius_minutes: float | None = None
    fixed: tuple[str, ...] = ()
    capacity: bool = False
    candidates: str | Path = "ortsteile"
    demand: str = "population"
    mode: str = "car"
    closures_allowed: bool = True
    options: SolverOptions = field(default=DEFAULT_OPTIONS)


@dataclass(frozen=True)
class LocateProblem:
    """The instance: candidates, minutes (Ortsteile x candidates), demand weights and capacities."""

    scenario: Scenario
    geography: Geography
    candidates: Candidates
    travel_minutes: np.ndarray
    weights: np.ndarray
    weights_unit: str
    capacities: np.ndarray | None


def check_service(scenario: Scenario, service: str) -> None:
    """Raise InputError unless the scenario has the service."""
    known = list(scenario.config.services)
    if service not in known:
        message = f"unknown service '{service}'; the scenario has {', '.join(known)}"
        raise InputError(scenario.path, "--service", message)


def expected_weekly_visits(scenario: Scenario, citizens: Citizens, service: str, districts: int) -> np.ndarray:
    """Return expected in-person visits per week per Ortsteil from the service's rates and its base online share."""
    config = scenario.config.services[service]
    rate_per_week = np.array(config.requests_per_person_year.as_tuple()) / DAYS_PER_YEAR * DAYS_PER_WEEK
    in_person = rate_per_week[citizens.age_group] * (1.0 - config.online_share * citizens.is_online_user)
    return np.bincount(citizens.district, in_person, districts)


def capacities(scenario: Scenario, candidates: Candidates, service: str) -> np.ndarray:
    """Return in-person visits per week each candidate can serve; a new site is sized like today's largest one."""
    points = scenario.config.service_points
    minutes = scenario.config.services[service].service_time.mean_minutes

    def capacity(point_id: str) -> float:
        point = points[point_id]
        return point.desks * point.open_hours_per_week() * 60.0 / minutes * MAX_UTILISATION

    today = [capacity(point_id) for point_id in candidates.point_ids if point_id is not None]
    if not today:
        raise InputError(scenario.path, "--capacity", f"needs one of today's {service} sites as the size of new sites")
    return np.array([capacity(p) if p is not None else max(today) for p in candidates.point_ids])


def build_problem(scenario: Scenario, request: LocateRequest) -> LocateProblem:
    """Return the instance of a request: candidates, minutes by the request's mode, weights and capacities."""
    check_service(scenario, request.service)
    if request.mode not in MODES:
        raise InputError(None, "--mode", f"unknown mode '{request.mode}'; choose one of {', '.join(MODES)}")
    geography = build_geography(scenario.region)
    candidates = candidate_sites(scenario, geography, request.service, request.candidates)
    travel = door_to_door_minutes(scenario, geography, candidates.lat, candidates.lon, candidates.district)
    districts = len(geography.district_ids)
    if request.demand == "simulated":
        service = list(scenario.config.services).index(request.service)
        weights = visits_per_week(base_run(scenario))[:, service, :].sum(axis=1)
        unit = "in-person visits per week (simulated)"
    else:
        citizens = synthesize_population(scenario.region, geography, scenario.config.simulation)
        if request.capacity:
            weights = expected_weekly_visits(scenario, citizens, request.service, districts)
            unit = "in-person visits per week (expected)"
        else:
            weights, unit = np.bincount(citizens.district, minlength=districts).astype(np.float64), "residents"
    sizes = capacities(scenario, candidates, request.service) if request.capacity else None
    return LocateProblem(scenario, geography, candidates, travel[MODES.index(request.mode)], weights, unit, sizes)


def solve(problem: LocateProblem, request: LocateRequest) -> LocationResult:
    """Solve the request's model; bad parameters and infeasible instances become InputError (exit 2)."""
    candidates = problem.candidates
    fixed = [candidates.index(candidate_id) for candidate_id in request.fixed]
    p = request.p
    if p is None and request.model != "lscp":
        p = max(len(candidates.existing), len(fixed), 1)
    try:
        return locate(
            request.model, problem.travel_minutes, p=p, radius_minutes=request.radius_minutes,
            weights=problem.weights, fixed=fixed, existing=candidates.existing,
            closures_allowed=request.closures_allowed, capacities=problem.capacities, options=request.options,
        )  # fmt: skip
    except InfeasibleError as error:
        raise InputError(None, f"--model {request.model}", str(error)) from None
    except ValueError as error:
        raise InputError(None, f"--model {request.model}", str(error)) from None


def promise(problem: LocateProblem, result: LocationResult, radius_minutes: float | None) -> dict[str, Any]:
    """Return what the optimiser promises: minutes to the assigned site (weighted mean, longest) and coverage."""
    has_site = (result.assignment >= 0) & (problem.weights > 0)
    rows = np.flatnonzero(has_site)
    minutes = problem.travel_minutes[rows, result.assignment[rows]]
    weights = problem.weights[rows]
    total = float(problem.weights.sum())
    figures: dict[str, Any] = {
        "mean_minutes": round(float(np.average(minutes, weights=weights)), 4) if weights.sum() > 0 else None,
        "longest_minutes": round(float(minutes.max()), 4) if len(minutes) else None,
        "share_within_30_minutes": round(float(weights[minutes <= 30.0].sum() / total), 6),
        "share_without_a_site": round(float(problem.weights[~has_site & (problem.weights > 0)].sum() / total), 6),
    }
    if radius_minutes is not None:
        figures["share_within_radius"] = round(float(weights[minutes <= radius_minutes].sum() / total), 6)
    return figures
