"""A Südwestfalen scenario cut down to a few municipalities, so both engines can run it in a test.

The whole region (1.39 million residents) takes about a minute per agents-engine run. The subset
keeps the named municipalities with their districts, service points and the transit lines between
them, the agreements among them and the interventions that still apply. Closures can be moved to
the first days (all start and end days shifted alike), so a short run meets them.
"""

from pathlib import Path
from typing import Any

import yaml

from sim.io.config import load_scenario

# The five pioneer towns but Soest, and Hemer (Menden's neighbour under menden_closure): about 204,000 residents.
TOWNS = ("arnsberg", "bad_berleburg", "menden", "olpe", "hemer")


def _region(region: dict[str, Any], kept: set[str]) -> tuple[dict[str, Any], set[str]]:
    """Return the region with only the kept municipalities, their district ids, and lines among them."""
    region = dict(region)
    region["municipalities"] = {m: v for m, v in region["municipalities"].items() if m in kept}
    districts = {d for m in region["municipalities"].values() for d in m["districts"]}
    lines = {}
    for line_id, line in region.get("transit_lines", {}).items():
        stops = [d for d in line["districts"] if d in districts]
        if len(stops) >= 2:
            lines[line_id] = {**line, "districts": stops}
    region["transit_lines"] = lines
    if region.get("projections"):
        own = region["projections"].get("municipalities", {})
        region["projections"] = {**region["projections"], "municipalities": {m: v for m, v in own.items() if m in kept}}
    return region, districts


def _shift(item: dict[str, Any], days: int) -> dict[str, Any]:
    """Return the item with its start_day and end_day moved `days` earlier (never before day 0)."""
    moved = dict(item)
    for key in ("start_day", "end_day"):
        if moved.get(key) is not None:
            moved[key] = max(0, moved[key] - days)
    return moved


def _agreements(agreements: dict[str, Any], kept: set[str]) -> dict[str, Any]:
    """Return the agreements that keep at least two members, with their other members removed."""
    found = {}
    for agreement_id, agreement in agreements.items():
        members = [m for m in agreement["members"] if m in kept]
        if len(members) >= 2:
            lead = agreement.get("lead")
            found[agreement_id] = {**agreement, "members": members} | ({"lead": members[0]} if lead and lead not in
                                                                         members else {})  # fmt: skip
    return found


def _interventions(interventions: dict[str, Any], points: dict[str, Any], owners: set[str]) -> dict[str, Any]:
    """Return the interventions whose points and payers are still there."""
    found = {}
    for intervention_id, intervention in interventions.items():
        if intervention.get("paid_by") is not None and intervention["paid_by"] not in owners:
            continue
        if intervention["type"] == "office_closure":
            named = [p for p in intervention["service_points"] if p in points]
            if not named:
                continue
            intervention = {**intervention, "service_points": named}
        if intervention["type"] == "id_terminal" and intervention["service_point"] not in points:
            continue
        if intervention["type"] == "it_outage" and not any(
            p.get("it_provider") == intervention["provider"] for p in points.values()
        ):
            continue
        found[intervention_id] = intervention
    return found


def write_subset(
    scenario_path: Path, folder: Path, towns: tuple[str, ...] = TOWNS, closures_from_day: int | None = None
) -> Path:
    """Write the scenario cut down to `towns` (and its region) into `folder`; return the scenario file.

    With closures_from_day, every start and end day moves so that the earliest closure or outage starts that day.
    """
    scenario = load_scenario(scenario_path)
    resolved = scenario.resolved
    kept = set(towns)
    region, districts = _region(yaml.safe_load(scenario.region_path.read_text(encoding="utf-8")), kept)
    agreements = _agreements(resolved.get("agreements", {}), kept)
    owners = kept | set(agreements)
    points = {
        p: v for p, v in resolved["service_points"].items()
        if v["owner"] in owners and (v.get("district") is None or v["district"] in districts)
    }  # fmt: skip
    interventions = _interventions(resolved.get("interventions", {}), points, owners)
    starts = [i["start_day"] for i in interventions.values() if i["type"] in ("office_closure", "it_outage")]
    if closures_from_day is not None and starts:
        shift = min(starts) - closures_from_day
        agreements = {a: _shift(v, shift) for a, v in agreements.items()}
        interventions = {i: _shift(v, shift) for i, v in interventions.items()}
    region_file = folder / f"{scenario_path.stem}_region.yaml"
    region_file.write_text(yaml.safe_dump(region, allow_unicode=True, sort_keys=False), encoding="utf-8")
    subset = {
        **resolved, "region": str(region_file), "service_points": points, "agreements": agreements,
        "interventions": interventions,
    }  # fmt: skip
    out = folder / f"{scenario_path.stem}.yaml"
    out.write_text(yaml.safe_dump(subset, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
