"""Variants: a shipped scenario plus the changes made in the app, named after them, kept next to the original."""

import re
from typing import Any

import yaml

from sim.app.i18n import COST_KEYS, weekday_name, word
from sim.app.names import Entry, PlaceNames, Texts, both, scenario_title, service_label
from sim.io.schema import ScenarioConfig

MAX_VARIANT_NAME_CHARS = 80
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def clean_name(text: str | None) -> str:
    """Return a variant name typed by the user or taken from a link: printable, trimmed and capped."""
    return _UNPRINTABLE.sub("", text or "").strip()[:MAX_VARIANT_NAME_CHARS]


def short(name: str) -> str:
    """Return a place name without its parenthesised address or note ('Bürgerbüro Kalletal (Rathaus …)')."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name) or name


def _joined(title: str, change: str) -> str:
    """Return 'title + change', with a change that starts with a sign written as '+ 1 …' or '− 1 …'."""
    if change[:1] in "+-":
        return f"{title} {'+' if change[0] == '+' else '−'} {change[1:]}"
    return f"{title} + {change}"


def _change(de: str, en: str) -> Texts:
    return {"de": de, "en": en}


def _point_changes(point_id: str, change: dict[str, Any], base: ScenarioConfig, names: PlaceNames) -> list[Texts]:
    de, en = short(names.point(point_id, "de")), short(names.point(point_id, "en"))
    found = []
    if "desks" in change:
        before = base.service_points[point_id].desks if point_id in base.service_points else 0
        step = int(change["desks"]) - before
        found.append(
            _change(f"{step:+d} Schalter {de}", f"{step:+d} desk{'s' if abs(step) != 1 else ''} {en}")
            if step
            else _change(f"{change['desks']} Schalter {de}", f"{change['desks']} desks {en}")
        )
    for weekday in change.get("opening_hours", {}):
        found.append(
            _change(
                f"Öffnungszeiten {de} am {weekday_name(weekday, 'de')}",
                f"opening hours {en} on {weekday_name(weekday, 'en')}",
            )
        )
    if "timetable" in change:
        found.append(_change(f"Fahrplan {de}", f"timetable {en}"))
    return found


def _agreement_change(agreement_id: str, change: Any, base: ScenarioConfig, names: PlaceNames) -> Texts:
    original = base.agreements.get(agreement_id)
    title = original.name if original else agreement_id
    if change is None:
        return _change(f"ohne {title}", f"without {title}")
    members_de = ", ".join(names.municipality(m) for m in change["members"])
    key_de, key_en = word(COST_KEYS, change["cost_key"], "de"), word(COST_KEYS, change["cost_key"], "en")
    if "services" in change and original is None:
        services_de = ", ".join(service_label(base, s, "de") for s in change["services"])
        services_en = ", ".join(service_label(base, s, "en") for s in change["services"])
        return _change(
            f"gemeinsamer Zugang {services_de} ({members_de}; Kosten {key_de})",
            f"shared access {services_en} ({members_de}; cost {key_en})",
        )
    return _change(f"{title}: {members_de}, Kosten {key_de}", f"{title}: {members_de}, cost {key_en}")


def describe_changes(overrides: dict[str, Any], base: ScenarioConfig, names: PlaceNames) -> tuple[Texts, ...]:
    """Return each change the overrides make to the base scenario, as short phrases in German and English."""
    found: list[Texts] = []
    for point_id, change in overrides.get("service_points", {}).items():
        found.extend(_point_changes(point_id, change, base, names))
    for service_id, change in overrides.get("services", {}).items():
        percent = round(100 * float(change["online_share"]))
        found.append(
            _change(
                f"Online-Anteil {service_label(base, service_id, 'de')} {percent} %",
                f"online share {service_label(base, service_id, 'en')} {percent} %",
            )
        )
    for agreement_id, change in overrides.get("agreements", {}).items():
        found.append(_agreement_change(agreement_id, change, base, names))
    return tuple(found)


def variant_title(original: Texts, changes: tuple[Texts, ...], custom: str) -> Texts:
    """Return the variant's title: the user's name, else the original's title plus its first change."""
    if custom:
        return both(custom)
    if not changes:
        return original
    more = len(changes) - 1
    return {
        "de": _joined(original["de"], changes[0]["de"]) + (f" (und {more} weitere)" if more else ""),
        "en": _joined(original["en"], changes[0]["en"]) + (f" (and {more} more)" if more else ""),
    }


def variant_entry(key: str, base: ScenarioConfig, changes: tuple[Texts, ...], custom: str) -> Entry:
    """Return the entry of a variant of a shipped scenario."""
    original = scenario_title(base)
    summary = {
        "de": "Wie »" + original["de"] + "«, aber: " + "; ".join(c["de"] for c in changes) + ".",
        "en": "As '" + original["en"] + "', but: " + "; ".join(c["en"] for c in changes) + ".",
    }
    return Entry(f"{key}+variant", variant_title(original, changes, custom), summary, key, changes)


def variant_yaml(base_file: str, entry: Entry, overrides: dict[str, Any]) -> str:
    """Return the variant as a scenario file that extends its base and states only the changes."""
    content = {
        "extends": base_file,
        "name": entry.title["en"],
        "title": dict(entry.title),
        "summary": dict(entry.summary),
        **overrides,
    }
    header = "# Written by the IKZ-Sim app: the base scenario plus the changes made in the browser.\n"
    return header + yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
