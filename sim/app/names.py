"""What the user reads instead of ids: scenario titles, service point, municipality and Ortsteil names."""

import re
from dataclasses import dataclass, field
from typing import Any

from sim.io.config import Scenario
from sim.io.schema import RegionConfig, ScenarioConfig, ServicePoint

Texts = dict[str, str]  # {"de": ..., "en": ...}


_MARKDOWN = re.compile(r"([\\`*_\[\]|<>~$])")  # emphasis, links and images, tables, HTML, strike, maths


def markdown_safe(text: str) -> str:
    """Return text (a name typed by a user or taken from a link) with Markdown's special characters escaped.

    A name must never become a link or an image: an image would make the browser fetch from elsewhere.
    """
    return _MARKDOWN.sub(r"\\\1", text)


def both(text: str) -> Texts:
    """Return the same text for both languages (a proper name, or text the user typed)."""
    return {"de": text, "en": text}


def pick(texts: Texts, language: str) -> str:
    """Return the text in the language, English if it is missing."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def scenario_title(config: ScenarioConfig) -> Texts:
    """Return the scenario's short title in both languages (its name where the file has no title)."""
    return {"de": config.title.de, "en": config.title.en} if config.title else both(config.name)


def scenario_summary(config: ScenarioConfig) -> Texts:
    """Return what the scenario does in both languages (its description where the file has no summary)."""
    return {"de": config.summary.de, "en": config.summary.en} if config.summary else both(config.description)


def point_name(point: ServicePoint, language: str) -> str:
    """Return a service point's name as shown (its display name in the language, if the file gives one)."""
    return (
        pick({"de": point.display_name.de, "en": point.display_name.en}, language) if point.display_name else point.name
    )


@dataclass(frozen=True)
class Entry:
    """One scenario of a comparison as the page shows it: a shipped file, a variant of one, or an upload."""

    key: str  # unique in the comparison: the file stem, '<stem>+variant' or 'upload:<stem>'
    title: Texts
    summary: Texts
    original: str | None = None  # the key of the entry this one varies
    changes: tuple[Texts, ...] = field(default=())

    def name(self, language: str) -> str:
        """Return the title in the language."""
        return pick(self.title, language)


def shipped_entry(key: str, scenario: Scenario) -> Entry:
    """Return the entry of a shipped scenario file."""
    return Entry(key, scenario_title(scenario.config), scenario_summary(scenario.config))


def upload_entry(scenario: Scenario) -> Entry:
    """Return the entry of an uploaded or edited scenario: its own name (a title it inherited would mislead)."""
    return Entry(f"upload:{scenario.slug}", both(scenario.config.name), both(scenario.config.description))


@dataclass(frozen=True)
class PlaceNames:
    """Display names of one region's municipalities and Ortsteile and of a scenario's service points."""

    municipalities: dict[str, str]
    districts: dict[str, str]
    points: dict[str, Texts]
    services: dict[str, Texts] = field(default_factory=dict)

    def municipality(self, municipality_id: str) -> str:
        """Return a municipality's name."""
        return self.municipalities.get(municipality_id, municipality_id)

    def district(self, district_id: str) -> str:
        """Return an Ortsteil's name."""
        return self.districts.get(district_id, district_id)

    def point(self, point_id: str, language: str) -> str:
        """Return a service point's name in the language."""
        return pick(self.points[point_id], language) if point_id in self.points else point_id

    def service(self, service_id: str, language: str) -> str:
        """Return a service's label in the language."""
        return pick(self.services[service_id], language) if service_id in self.services else service_id


def place_names(region: RegionConfig, configs: list[ScenarioConfig]) -> PlaceNames:
    """Return the names of a region's places and of the service points of all the scenarios."""
    districts = {
        district_id: district.name
        for municipality in region.municipalities.values()
        for district_id, district in municipality.districts.items()
    }
    points: dict[str, Texts] = {}
    services: dict[str, Texts] = {}
    for config in configs:
        for point_id, point in config.service_points.items():
            points.setdefault(point_id, {"de": point_name(point, "de"), "en": point_name(point, "en")})
        for service_id, service in config.services.items():
            services.setdefault(service_id, {"de": service.label.de, "en": service.label.en})
    municipalities = {municipality_id: m.name for municipality_id, m in region.municipalities.items()}
    return PlaceNames(municipalities, districts, points, services)


def service_label(config: ScenarioConfig, service_id: str, language: str) -> str:
    """Return a service's label in the language."""
    service = config.services.get(service_id)
    return pick({"de": service.label.de, "en": service.label.en}, language) if service else service_id


def as_texts(value: Any) -> Texts:
    """Return a Labels object or a plain string as both-language texts."""
    if isinstance(value, str):
        return both(value)
    return {"de": value.de, "en": value.en}
