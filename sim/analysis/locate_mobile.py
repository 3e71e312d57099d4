"""`locate --mobile`: the villages a mobile office should stop in and its weekly timetable, as a scenario file.

Candidate stops are the Ortsteile without a fixed site of the service, weighted by residents. The
maximal covering model chooses K stops (sim/analysis/mobile_stops.py): an Ortsteil counts as covered
within the radius by the chosen mode (default: 15 minutes on foot). Note that in the model only the
residents of the stop's own Ortsteil use the mobile office, so the simulation may show less use than
the coverage promises. Stops of one day follow each other from 09:00, `hours_per_stop` each with half
an hour to move on.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.analysis.locate_scenario import HEADER, relative_extends, shared_agreement
from sim.analysis.location import InfeasibleError
from sim.analysis.mobile_stops import MobileTimetable, plan_mobile_stops
from sim.errors import InputError
from sim.io.config import Scenario
from sim.io.schema import MODES, WEEKDAYS
from sim.model.geography import Geography, build_geography
from sim.model.population import synthesize_population
from sim.summary.reach import door_to_door_minutes

FIRST_STOP_MINUTES = 9 * 60
MOVE_MINUTES = 30
LAST_END_MINUTES = 20 * 60
UPTAKE_SHARE = 0.7  # ESTIMATE as in scenarios/lemgo_kalletal/mobile_office.yaml: 70 % of eligible requests wait


@dataclass(frozen=True)
class MobileRequest:
    """A mobile office plan: service, stops, days a week, the covering radius and mode, hours per stop."""

    service: str
    stops: int
    days_per_week: int
    radius_minutes: float = 15.0
    mode: str = "walk"
    hours_per_stop: float = 2.0


def _clock(minutes: float) -> str:
    return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"


def timetable(plan: MobileTimetable, district_ids: list[str], hours_per_stop: float) -> list[dict[str, str]]:
    """Return the stops as timetable entries: each day's stops from 09:00, largest first."""
    entries = []
    population = dict(zip(plan.stops, plan.population_per_stop, strict=True))
    for day, stops in enumerate(plan.stops_by_day):
        start = float(FIRST_STOP_MINUTES)
        for stop in sorted(stops, key=lambda s: (-population[s], s)):
            end = start + hours_per_stop * 60
            if end > LAST_END_MINUTES:
                raise InputError(None, "--hours-per-stop", f"{len(stops)} stops of {hours_per_stop:g} h do not fit "
                                 "into one day (09:00-20:00); choose fewer stops or more days")  # fmt: skip
            entries.append({"weekday": WEEKDAYS[day], "district": district_ids[stop],
                            "hours": f"{_clock(start)}-{_clock(end)}"})  # fmt: skip
            start = end + MOVE_MINUTES
    return entries


def plan_stops(scenario: Scenario, request: MobileRequest) -> tuple[Geography, np.ndarray, list[str], MobileTimetable]:
    """Return the geography, residents counted per Ortsteil, the candidate stops and the plan (InputError if none)."""
    if request.mode not in MODES:
        raise InputError(None, "--mode", f"unknown mode '{request.mode}'; choose one of {', '.join(MODES)}")
    geography = build_geography(scenario.region)
    citizens = synthesize_population(scenario.region, geography, scenario.config.simulation)
    districts = len(geography.district_ids)
    residents = np.bincount(citizens.district, minlength=districts).astype(np.float64)
    hosts = {p.district for p in scenario.config.service_points.values()
             if p.kind == "fixed" and request.service in p.services}  # fmt: skip
    weights = np.where([d in hosts for d in geography.district_ids], 0.0, residents)
    stops = np.flatnonzero(weights > 0)  # no stop where a fixed site already is
    if request.stops > len(stops):
        message = f"{request.stops} stops, but only {len(stops)} Ortsteile have residents and no {request.service} site"
        raise InputError(None, "--stops", message)
    minutes = door_to_door_minutes(
        scenario, geography, geography.district_lat[stops], geography.district_lon[stops], stops
    )[MODES.index(request.mode)]
    try:
        plan = plan_mobile_stops(weights, minutes, request.stops, request.days_per_week, request.radius_minutes)
    except (InfeasibleError, ValueError) as error:
        raise InputError(None, "--stops", str(error)) from None
    return geography, weights, [geography.district_ids[s] for s in stops], plan


def mobile_text(scenario: Scenario, request: MobileRequest, folder: Path) -> tuple[str, dict[str, Any]]:
    """Return the mobile office's scenario file (YAML) and its record for locate.json."""
    geography, weights, stop_ids, plan = plan_stops(scenario, request)
    config = scenario.config
    chosen = [geography.district_index(stop_ids[s]) for s in plan.stops]
    stop_municipality = geography.district_municipality[chosen]
    owner = geography.municipality_ids[int(np.bincount(stop_municipality, plan.population_per_stop).argmax())]
    fixed = [p for p in config.service_points.values() if p.kind == "fixed" and request.service in p.services]
    desk_cost = max((p.cost_eur_per_desk_year for p in fixed), default=0.0)
    entries = timetable(plan, stop_ids, request.hours_per_stop)
    point_id = f"mobile_{request.service}_locate"[:64]
    point = {
        "name": f"Mobile {request.service} (locate: {request.stops} stops, {request.days_per_week} days a week)",
        "kind": "mobile", "owner": owner, "services": [request.service], "desks": 1, "uptake_share": UPTAKE_SHARE,
        "timetable": entries, "cost_eur_per_desk_year": desk_cost,
        "cost_quoted_hours_per_week": round(len(entries) * request.hours_per_stop, 2),
        "source": "Stops and timetable proposed by python -m sim locate --mobile; one workplace at the cost of "
                  "today's fixed sites (ESTIMATE); vehicle not costed; uptake share ESTIMATE.",
    }  # fmt: skip
    replaced = {p: None for p, c in config.service_points.items()
                if c.kind == "mobile" and request.service in c.services}  # fmt: skip
    content: dict[str, Any] = {
        "extends": relative_extends(scenario.path, folder),
        "name": f"{config.name} – mobile {request.service}, {request.stops} stops",
        "description": f"A mobile office for {request.service} at {request.stops} stops, {request.days_per_week} "
                       "days a week, chosen by maximal covering (python -m sim locate --mobile).",
        "title": {"de": "Mobiles Angebot (Standortvorschlag)", "en": "Mobile office (location proposal)"},
    }  # fmt: skip
    if any(geography.municipality_ids[m] != owner for m in stop_municipality):
        content["agreements"] = shared_agreement(scenario, request.service)
    content["service_points"] = {**replaced, point_id: point}
    record = {
        "model": "mclp (mobile stops) + even weekdays", "service": request.service, "mode": request.mode,
        "radius_minutes": request.radius_minutes, "stops": [
            {"district": stop_ids[s], "weekday": WEEKDAYS[d], "residents_covered": round(pop, 4)}
            for s, d, pop in zip(plan.stops, plan.day_of_stop, plan.population_per_stop, strict=True)
        ],
        "timetable": entries, "covered_residents": round(plan.covered_population, 4),
        "covered_share": round(plan.covered_population / float(weights.sum()), 6) if weights.sum() else 0.0,
        "residents_per_day": [round(v, 4) for v in plan.population_per_day], "status": plan.status,
        "replaced_mobile_units": sorted(replaced),
    }  # fmt: skip
    return HEADER + yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=110), record
