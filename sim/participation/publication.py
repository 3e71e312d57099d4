"""A published comparison: the scenarios residents rate, the criteria they rate them on, and the rules of the round.

A model project writes one YAML file per comparison (data/participation/<id>.yaml). It names the
scenario files, optionally a finished `python -m sim compare` folder holding their results, the
criteria (each may sit beside a model KPI), the period it is open, and how long ratings are kept.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import Field, Strict, model_validator

from sim.errors import InputError
from sim.io.config import Scenario, load_scenario, read_validated
from sim.io.schema_types import MAX_DAYS, Frozen, Identifier, Labels
from sim.io.yaml_files import Provenance, line_of
from sim.summary.kpi_registry import BY_KEY, DISTRICT_BY_KEY

FOLDER_VARIABLE = "IKZ_PARTICIPATION_FOLDER"
DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "data" / "participation"
# Decidim's comment form falls back to 1,000 characters (Decidim::Comments::CommentForm#max_length).
DEFAULT_COMMENT_MAX_CHARS = 1000
MAX_COMMENT_MAX_CHARS = 2000
MAX_SCENARIOS = 8
MAX_CRITERIA = 6
# Groups smaller than this are not shown by Ortsteil or age band: one person's rating stays theirs.
DEFAULT_MIN_GROUP = 5
DEFAULT_RETENTION_DAYS = 180


class Criterion(Frozen):
    """One question every scenario is rated on (1 to 5), optionally paired with a model KPI."""

    label: Labels
    question: Labels
    kpi: str | None = None  # a registry key (sim/summary/kpi_registry.py) shown beside the residents' rating
    district_kpi: str | None = None  # a by-district figure shown beside it on the map

    @model_validator(mode="after")
    def _known_kpis(self) -> "Criterion":
        if self.kpi is not None and self.kpi not in BY_KEY:
            raise ValueError(f"kpi '{self.kpi}' is not in the KPI registry; known: {', '.join(BY_KEY)}")
        if self.district_kpi is not None and self.district_kpi not in DISTRICT_BY_KEY:
            known = ", ".join(DISTRICT_BY_KEY)
            raise ValueError(f"district_kpi '{self.district_kpi}' is not a by-district figure; known: {known}")
        return self


class ScenarioEntry(Frozen):
    """A scenario file of the comparison; title and summary default to the scenario file's own."""

    file: Annotated[str, Strict(), Field(min_length=1, max_length=500)]
    title: Labels | None = None
    summary: Labels | None = None


class Simulation(Frozen):
    """Seed and horizon of the runs when the results are computed on demand (common to all scenarios)."""

    days: Annotated[int, Strict(), Field(ge=7, le=MAX_DAYS)] = 365
    seed: Annotated[int, Strict(), Field(ge=0, lt=2**63)] = 20260101


class PublicationFile(Frozen):
    """The schema of a published comparison file."""

    title: Labels
    summary: Labels
    organiser: Labels
    binding: bool = False  # CONSUL's advice: say from the start whether the result binds anyone
    opens: date
    closes: date
    retention_days: Annotated[int, Strict(), Field(ge=0, le=3650)] = DEFAULT_RETENTION_DAYS
    min_group: Annotated[int, Strict(), Field(ge=1, le=100)] = DEFAULT_MIN_GROUP
    comment_max_chars: Annotated[int, Strict(), Field(ge=0, le=MAX_COMMENT_MAX_CHARS)] = DEFAULT_COMMENT_MAX_CHARS
    simulation: Simulation = Simulation()
    results: Annotated[str, Strict(), Field(max_length=500)] | None = None
    scenarios: list[ScenarioEntry] = Field(min_length=2, max_length=MAX_SCENARIOS)
    criteria: dict[Identifier, Criterion] = Field(min_length=1, max_length=MAX_CRITERIA)

    @model_validator(mode="after")
    def _period(self) -> "PublicationFile":
        if self.closes < self.opens:
            raise ValueError(f"closes ({self.closes}) is before opens ({self.opens})")
        return self


@dataclass(frozen=True)
class Publication:
    """A validated published comparison with its scenarios loaded (keys are the scenario files' stems)."""

    key: str  # the file's stem; it names the comparison in the database and in links
    spec: PublicationFile
    path: Path
    scenarios: dict[str, Scenario]

    def title(self, key: str) -> Labels:
        """Return a scenario's title: the publication's plain-language one, else the scenario file's."""
        entry = self._entry(key)
        config = self.scenarios[key].config
        return entry.title or config.title or Labels(de=config.name, en=config.name)

    def summary(self, key: str) -> Labels:
        """Return a scenario's plain-language description."""
        entry = self._entry(key)
        config = self.scenarios[key].config
        return entry.summary or config.summary or Labels(de=config.description, en=config.description)

    def _entry(self, key: str) -> ScenarioEntry:
        return next(entry for entry in self.spec.scenarios if Path(entry.file).stem == key)

    def is_open(self, today: date) -> bool:
        """Return whether ratings are taken on this day."""
        return self.spec.opens <= today <= self.spec.closes

    def results_folder(self) -> Path | None:
        """Return the finished comparison folder, if the file names one (relative to the file)."""
        return (self.path.parent / self.spec.results).resolve() if self.spec.results else None


def _load_scenarios(path: Path, spec: PublicationFile, lines: Provenance) -> dict[str, Scenario]:
    scenarios: dict[str, Scenario] = {}
    regions: set[str] = set()
    for index, entry in enumerate(spec.scenarios):
        key_path = f"scenarios.{index}.file"
        target = (path.parent / entry.file).resolve()
        if target.suffix not in (".yaml", ".yml") or not target.is_file():
            raise InputError(path, key_path, f"scenario file not found: {entry.file}", line_of(lines, key_path))
        if target.stem in scenarios:
            raise InputError(path, key_path, f"two scenario files are named {target.stem}", line_of(lines, key_path))
        scenarios[target.stem] = load_scenario(target)
        regions.add(scenarios[target.stem].region.model_dump_json())
    if len(regions) > 1:
        raise InputError(path, "scenarios", "the scenarios use different regions; a comparison covers one region")
    return scenarios


def load_publication(path: Path | str) -> Publication:
    """Read and validate a published comparison and its scenario files; raise InputError naming the key path."""
    path = Path(path)
    spec, lines = read_validated(path, PublicationFile)
    if not path.stem.replace("_", "a").isalnum() or not path.stem[:1].isalpha() or not path.stem.islower():
        raise InputError(path, "", "the file name must be lower case letters, digits and _ (it names the comparison)")
    publication = Publication(path.stem, spec, path, _load_scenarios(path, spec, lines))
    folder = publication.results_folder()
    if folder is not None and not folder.is_dir():
        raise InputError(path, "results", f"results folder not found: {spec.results}", line_of(lines, "results"))
    return publication


def data_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder of published comparisons (and of the default SQLite file): the environment's or data/."""
    environ = os.environ if environ is None else environ
    configured = environ.get(FOLDER_VARIABLE, "").strip()
    return Path(configured) if configured else DEFAULT_FOLDER


def publications(folder: Path) -> dict[str, Path]:
    """Return the published comparison files of a folder by key (file stem), sorted."""
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def district_names(publication: Publication) -> dict[str, str]:
    """Return the Ortsteile of the comparison's region (id -> name), in the region file's order."""
    region = next(iter(publication.scenarios.values())).region
    return {
        district_id: district.name
        for municipality in region.municipalities.values()
        for district_id, district in municipality.districts.items()
    }
