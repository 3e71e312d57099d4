"""The proposal as a scenario file: it `extends` the input and keeps, moves, opens or closes the service's sites.

A closed site of today that a new site can replace is *moved* (it keeps its id, desks, hours, owner
and costs; only its place changes), pairing closed and new sites so that the total distance moved is
least. A new site without a partner is *opened* with the desks, hours and costs of today's nearest
site, owned by the municipality it lies in. A closed site without a partner is *closed* (null). The
location models assume any resident may use any site, so an agreement with mutual access for the
service is added when the input does not already give it.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.optimize import linear_sum_assignment

from sim.analysis.locate_problem import LocateProblem, LocateRequest
from sim.analysis.location import LocationResult
from sim.io.config import Scenario, load_scenario_text
from sim.model.policy import access_matrix, agreement_state

EARTH_RADIUS_KM = 6371.0088
HEADER = "# Written by 'python -m sim locate': a proposal to simulate, not a decision.\n"


@dataclass(frozen=True)
class Changes:
    """What the proposal does to today's sites; `site_point` names each open candidate's service point."""

    kept: tuple[str, ...]
    moved: tuple[tuple[str, int], ...]  # (today's point id, candidate it moves to)
    opened: tuple[tuple[str, int], ...]  # (new point id, candidate)
    closed: tuple[str, ...]
    site_point: dict[int, str]


def _km(lat_a: np.ndarray, lon_a: np.ndarray, lat_b: np.ndarray, lon_b: np.ndarray) -> np.ndarray:
    """Return great-circle km between every a and every b (a x b)."""
    phi_a, phi_b = np.radians(lat_a)[:, None], np.radians(lat_b)[None, :]
    half = (
        np.sin((phi_b - phi_a) / 2) ** 2
        + np.cos(phi_a) * np.cos(phi_b) * np.sin(np.radians(lon_b[None, :] - lon_a[:, None]) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(half, 1.0)))


def _new_id(service: str, district_id: str, taken: set[str]) -> str:
    """Return an unused service point id for a new site in an Ortsteil."""
    base = f"{service}_{district_id}"[:60]
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    taken.add(name)
    return name


def plan_changes(problem: LocateProblem, result: LocationResult, service: str) -> Changes:
    """Return which of today's sites are kept, moved or closed and which sites open."""
    candidates, is_open = problem.candidates, set(result.open_sites)
    existing = candidates.existing
    kept = [i for i in existing if i in is_open]
    closing = [i for i in existing if i not in is_open]
    new = [i for i in result.open_sites if i not in existing]
    pairs: list[tuple[int, int]] = []
    if closing and new:
        distance = _km(candidates.lat[closing], candidates.lon[closing], candidates.lat[new], candidates.lon[new])
        rows, columns = linear_sum_assignment(distance)
        pairs = [(closing[r], new[c]) for r, c in zip(rows, columns, strict=True)]
    moved_from, moved_to = {a for a, _ in pairs}, {b for _, b in pairs}
    taken = set(problem.scenario.config.service_points)
    opened = [(_new_id(service, problem.geography.district_ids[candidates.district[i]], taken), i)
              for i in new if i not in moved_to]  # fmt: skip
    site_point = {i: str(candidates.point_ids[i]) for i in kept}
    site_point.update({b: str(candidates.point_ids[a]) for a, b in pairs})
    site_point.update({i: point_id for point_id, i in opened})
    return Changes(
        kept=tuple(str(candidates.point_ids[i]) for i in kept),
        moved=tuple((str(candidates.point_ids[a]), b) for a, b in pairs),
        opened=tuple(opened),
        closed=tuple(str(candidates.point_ids[i]) for i in closing if i not in moved_from),
        site_point=site_point,
    )


def shared_agreement(scenario: Scenario, service: str) -> dict[str, Any]:
    """Return an agreement giving every municipality mutual access to the service, or {} if access is already shared."""
    config = scenario.config
    municipalities = tuple(scenario.region.municipalities)
    if config.services[service].open_access or len(municipalities) < 2:
        return {}
    allowed = access_matrix(config, municipalities, agreement_state(config, config.simulation.days - 1, frozenset()))
    points = [i for i, point in enumerate(config.service_points.values()) if service in point.services]
    if allowed[:, points, list(config.services).index(service)].all():
        return {}
    return {
        f"locate_shared_{service}"[:64]: {
            "name": f"Shared {service} (added by locate: the location model assumes any resident may use any site)",
            "members": list(municipalities),
            "services": [service],
            "access": "mutual",
            "pool_member_points": True,
            "cost_key": "usage",
        }
    }


def _site(problem: LocateProblem, candidate: int) -> dict[str, Any]:
    """Return the place fields of a candidate: district, lat, lon."""
    candidates = problem.candidates
    return {
        "district": problem.geography.district_ids[candidates.district[candidate]],
        "lat": round(float(candidates.lat[candidate]), 6),
        "lon": round(float(candidates.lon[candidate]), 6),
    }


def _point_changes(problem: LocateProblem, changes: Changes, request: LocateRequest) -> dict[str, Any]:
    """Return the service_points block: moved sites get a new place, opened ones a copy of the nearest site."""
    points, geography = problem.scenario.config.service_points, problem.geography
    source = f"Place proposed by python -m sim locate ({request.model}, {request.service}); the rest as before."
    block: dict[str, Any] = {}
    for point_id, candidate in changes.moved:
        where = geography.district_names[problem.candidates.district[candidate]]
        block[point_id] = {**_site(problem, candidate), "name": f"{points[point_id].name} – moved to {where}",
                           "source": source}  # fmt: skip
        if points[point_id].display_name is not None:
            block[point_id]["display_name"] = None
    today = list(problem.candidates.existing)
    for point_id, candidate in changes.opened:
        distance = _km(problem.candidates.lat[[candidate]], problem.candidates.lon[[candidate]],
                       problem.candidates.lat[today], problem.candidates.lon[today])[0]  # fmt: skip
        template = str(problem.candidates.point_ids[today[int(np.argmin(distance))]])
        copied = points[template].model_dump(mode="json", exclude_unset=True, by_alias=True)
        copied.pop("display_name", None)
        site, district = _site(problem, candidate), problem.candidates.district[candidate]
        municipality = geography.municipality_ids[geography.district_municipality[district]]
        where = geography.district_names[district]
        block[point_id] = {**copied, **site, "owner": municipality, "name": f"{request.service} {where} (locate)",
                           "source": f"{source} Desks, hours and costs as {template}."}  # fmt: skip
    block.update(dict.fromkeys(changes.closed))
    return block


def relative_extends(input_path: Path, folder: Path) -> str:
    """Return the input file's path relative to the folder the proposal is written to."""
    return Path(os.path.relpath(input_path.resolve(), folder.resolve())).as_posix()


def proposal_text(problem: LocateProblem, result: LocationResult, request: LocateRequest, folder: Path) -> str:
    """Return the proposal scenario file (YAML) for a solved location problem, to be written into `folder`."""
    changes = plan_changes(problem, result, request.service)
    scenario = problem.scenario
    summary = (f"{request.model} for {request.service}: kept {len(changes.kept)}, moved {len(changes.moved)}, "
               f"opened {len(changes.opened)}, closed {len(changes.closed)} sites")  # fmt: skip
    content: dict[str, Any] = {
        "extends": relative_extends(scenario.path, folder),
        "name": f"{scenario.config.name} – {request.model} proposal for {request.service}",
        "description": summary,
        "title": {"de": f"Standortvorschlag ({request.model})", "en": f"Location proposal ({request.model})"},
    }
    agreement = shared_agreement(scenario, request.service)
    if agreement:
        content["agreements"] = agreement
    content["service_points"] = _point_changes(problem, changes, request)
    return HEADER + yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=110)


def load_proposal(text: str, name: str, folder: Path, allowed_root: Path | None = None) -> Scenario:
    """Validate a proposal as the file `name` in `folder` (exit 2 through InputError if it does not validate)."""
    return load_scenario_text(text, name, folder, allowed_root or Path(folder.anchor))


PROPOSAL_FILE = "proposal.yaml"
