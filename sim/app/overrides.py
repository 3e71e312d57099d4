"""Scenario overrides from the app's widgets (desks, hours, online shares, timetable, agreements) and from its URL."""

import copy
import json
import re
from typing import Any

import yaml

from sim.io.schema import WEEKDAYS, parse_hours


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


# The `ov` URL parameter carries the app's overrides in a shared link. It is untrusted text: it is capped,
# parsed defensively, and only the shapes the functions above write survive. A path in it (`region`,
# `extends` or any other key) is dropped, never opened.
MAX_URL_OVERRIDES_CHARS = 20_000
MAX_URL_LIST_ITEMS = 100
MAX_URL_TEXT_CHARS = 200
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_COST_KEYS = ("population", "usage", "equal")
_STOP_KEYS = ("weekday", "district", "hours")
_DROP = object()  # marks an entry that does not have a shape the app writes


def url_overrides(text: str | None) -> tuple[dict[str, Any], bool]:
    """Return the overrides kept from the app's `ov` URL parameter, and whether anything was dropped.

    Kept are only service_points.<id>.desks / .opening_hours.<weekday> / .timetable,
    services.<id>.online_share and agreements.<id> (ended, members and cost key, or a new agreement).
    Text that is too long, is not JSON, nests too deeply or has any other key is dropped.
    """
    if not text:
        return {}, False
    if len(text) > MAX_URL_OVERRIDES_CHARS:
        return {}, True
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return {}, True
    if not isinstance(data, dict):
        return {}, True
    kept: dict[str, Any] = {}
    sections = {"service_points": _point_override, "services": _service_override, "agreements": _agreement_override}
    dropped = False
    for section, entries in data.items():
        clean = sections.get(section)
        if clean is None or not isinstance(entries, dict):
            dropped = True
            continue
        for entry_id, value in entries.items():
            cleaned = clean(value) if _is_identifier(entry_id) else _DROP
            if cleaned is _DROP:
                dropped = True
            else:
                kept.setdefault(section, {})[entry_id] = cleaned
    return kept, dropped


def _is_identifier(value: Any) -> bool:
    return isinstance(value, str) and _IDENTIFIER.match(value) is not None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_URL_TEXT_CHARS


def _is_list_of(values: Any, check: Any) -> bool:
    return isinstance(values, list) and len(values) <= MAX_URL_LIST_ITEMS and all(check(v) for v in values)


def _is_stop(stop: Any) -> bool:
    return isinstance(stop, dict) and set(stop) == set(_STOP_KEYS) and all(map(_is_text, stop.values()))


def _point_override(value: Any) -> Any:
    if not isinstance(value, dict) or not value or not set(value) <= {"desks", "opening_hours", "timetable"}:
        return _DROP
    desks_value = value.get("desks", 1)
    if isinstance(desks_value, bool) or not isinstance(desks_value, int):
        return _DROP
    hours = value.get("opening_hours", {})
    if not isinstance(hours, dict) or not all(
        day in WEEKDAYS and _is_list_of(intervals, _is_text) for day, intervals in hours.items()
    ):
        return _DROP
    if not _is_list_of(value.get("timetable", []), _is_stop):
        return _DROP
    return copy.deepcopy(value)


def _service_override(value: Any) -> Any:
    if not isinstance(value, dict) or set(value) != {"online_share"}:
        return _DROP
    share = value["online_share"]
    if isinstance(share, bool) or not isinstance(share, int | float):
        return _DROP
    return {"online_share": float(share)}


def _agreement_override(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict) or not _is_list_of(value.get("members"), _is_identifier):
        return _DROP
    if value.get("cost_key") not in _COST_KEYS:
        return _DROP
    if set(value) == {"members", "cost_key"}:
        return copy.deepcopy(value)
    new_keys = {"name", "members", "services", "access", "pool_member_points", "cost_key"}
    if (
        set(value) != new_keys
        or not _is_text(value["name"])
        or not _is_list_of(value["services"], _is_identifier)
        or value["access"] != "mutual"
        or value["pool_member_points"] is not True
    ):
        return _DROP
    return copy.deepcopy(value)
