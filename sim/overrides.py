"""Scenario overrides from the app's widgets: desks, hours, online shares, timetable, agreements."""

import copy
from typing import Any

import yaml

from sim.schema import WEEKDAYS, parse_hours


def merge_overrides(*parts: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge override mappings in order (later parts win)."""
    merged: dict[str, Any] = {}
    for part in parts:
        _merge_into(merged, part)
    return merged


def _merge_into(target: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge_into(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def desks(point_id: str, count: int) -> dict[str, Any]:
    """Return the override that sets a service point's desks."""
    return {"service_points": {point_id: {"desks": int(count)}}}


def opening_hours(point_id: str, weekday: str, text: str) -> dict[str, Any]:
    """Return the override for one weekday's hours, from text like '08:00-12:30, 14:00-16:00' ('' = closed).

    Raises:
        ValueError: if a part is not an interval like 08:00-12:30.
    """
    if weekday not in WEEKDAYS:
        raise ValueError(f"unknown weekday '{weekday}'")
    intervals = [part.strip() for part in text.split(",") if part.strip()]
    for interval in intervals:
        parse_hours(interval)
    return {"service_points": {point_id: {"opening_hours": {weekday: intervals}}}}


def online_share(service_id: str, share: float) -> dict[str, Any]:
    """Return the override of a service's online share."""
    return {"services": {service_id: {"online_share": float(share)}}}


def timetable(point_id: str, stops: list[dict[str, str]]) -> dict[str, Any]:
    """Return the override of a mobile unit's weekly timetable."""
    clean = [{"weekday": s["weekday"], "district": s["district"], "hours": s["hours"]} for s in stops]
    return {"service_points": {point_id: {"timetable": clean}}}


def agreement(agreement_id: str, members: list[str], cost_key: str) -> dict[str, Any]:
    """Return the override of an agreement's members and cost key (fewer than two members ends it)."""
    if len(members) < 2:
        return {"agreements": {agreement_id: None}}
    return {"agreements": {agreement_id: {"members": list(members), "cost_key": cost_key}}}


def new_agreement(agreement_id: str, name: str, members: list[str], services: list[str], cost_key: str) -> dict:
    """Return the override that adds a mutual-access agreement pooling the members' points for the services."""
    return {
        "agreements": {
            agreement_id: {
                "name": name,
                "members": list(members),
                "services": list(services),
                "access": "mutual",
                "pool_member_points": True,
                "cost_key": cost_key,
            }
        }
    }


def scenario_yaml(base_file: str, name: str, overrides: dict[str, Any]) -> str:
    """Return a scenario file that extends base_file and states only the overrides."""
    content = {"extends": base_file, "name": name, **overrides}
    header = "# Written by the IKZ-Sim app: the base scenario plus the changes made in the browser.\n"
    return header + yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
