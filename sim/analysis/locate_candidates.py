"""Candidate sites for `locate`: today's sites of the service, plus Ortsteile, other service points or a file."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from kernels.travel import great_circle_km
from sim.errors import InputError
from sim.io.config import Scenario
from sim.io.schema_types import Frozen, Identifier, Latitude, Longitude, Text
from sim.model.geography import Geography

CANDIDATE_KINDS = ("ortsteile", "points")
MAX_FILE_BYTES = 2_000_000
MAX_KM_FROM_ORTSTEIL = 25.0  # a candidate farther from the Ortsteil it names is a typo in the coordinates
FILE_COLUMNS = ("id", "district", "lat", "lon")


@dataclass(frozen=True)
class Candidates:
    """Candidate sites; today's sites of the service come first and are named by their service point id."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray
    district: np.ndarray  # int64 index into the geography's districts
    point_ids: tuple[str | None, ...]  # the existing service point a candidate is, else None

    @property
    def existing(self) -> tuple[int, ...]:
        """Return the positions of today's sites."""
        return tuple(index for index, point in enumerate(self.point_ids) if point is not None)

    def index(self, candidate_id: str) -> int:
        """Return a candidate's position, or raise InputError naming the known ids."""
        if candidate_id in self.ids:
            return self.ids.index(candidate_id)
        known = ", ".join(self.ids[:12]) + (", ..." if len(self.ids) > 12 else "")
        raise InputError(None, "--fixed", f"unknown site '{candidate_id}'; candidate ids are {known}")


class CandidateRow(Frozen):
    """One row of a candidates file."""

    id: Identifier
    district: Identifier
    lat: Latitude
    lon: Longitude
    name: Text = ""


def existing_sites(scenario: Scenario, service: str) -> list[tuple[str, str, float, float, str]]:
    """Return today's fixed sites of a service: (point id, name, lat, lon, district id)."""
    return [
        (point_id, point.name, float(point.lat), float(point.lon), point.district)
        for point_id, point in scenario.config.service_points.items()
        if point.kind == "fixed" and service in point.services and point.lat is not None and point.lon is not None
        and point.district is not None
    ]  # fmt: skip


def _other_points(scenario: Scenario, service: str) -> list[tuple[str, str, float, float, str]]:
    """Return other fixed service points (town halls, libraries, practices) as sites, one per position."""
    seen: set[tuple[float, float]] = set()
    rows = []
    for point_id, point in scenario.config.service_points.items():
        if point.kind != "fixed" or service in point.services or point.lat is None or point.lon is None:
            continue
        if (point.lat, point.lon) in seen or point.district is None:
            continue
        seen.add((point.lat, point.lon))
        rows.append((f"point:{point_id}", point.name, float(point.lat), float(point.lon), point.district))
    return rows


def read_candidate_file(path: Path, geography: Geography) -> list[tuple[str, str, float, float, str]]:
    """Read a CSV of candidate sites (id, district, lat, lon and optionally name), checking every row."""
    if not path.is_file():
        raise InputError(path, "--candidates", "file not found (give ortsteile, points or a CSV file)")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(path, "--candidates", f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    missing = [column for column in FILE_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, "header", f"missing column(s) {', '.join(missing)}; expected {', '.join(FILE_COLUMNS)}")
    rows, seen = [], set()
    for line, raw in enumerate(reader, start=2):
        try:
            row = CandidateRow.model_validate({key: value for key, value in raw.items() if key is not None})
        except ValidationError as error:
            first = error.errors()[0]
            raise InputError(path, ".".join(str(p) for p in first["loc"]), first["msg"], line) from None
        if row.id in seen:
            raise InputError(path, "id", f"'{row.id}' is listed twice", line)
        if row.district not in geography.district_ids:
            raise InputError(path, "district", f"unknown Ortsteil '{row.district}' of this region", line)
        centre = geography.district_index(row.district)
        km = great_circle_km(row.lat, row.lon, geography.district_lat[centre], geography.district_lon[centre])
        if km > MAX_KM_FROM_ORTSTEIL:
            message = f"{km:.0f} km from its Ortsteil '{row.district}'; check the coordinates"
            raise InputError(path, "lat", message, line)
        seen.add(row.id)
        rows.append((row.id, row.name or row.id, row.lat, row.lon, row.district))
    if not rows:
        raise InputError(path, "", "no candidate sites in the file")
    return rows


def candidate_sites(scenario: Scenario, geography: Geography, service: str, kind: str | Path) -> Candidates:
    """Return today's sites of the service followed by the candidates of `kind`: ortsteile, points or a CSV file.

    `ortsteile` adds the centre of every Ortsteil that has none of today's sites.
    """
    today = existing_sites(scenario, service)
    if kind == "ortsteile":
        # An Ortsteil that holds one of today's sites is represented by that site.
        hosts = {row[4] for row in today}
        others = [
            (f"ortsteil:{district_id}", name, float(geography.district_lat[i]), float(geography.district_lon[i]),
             district_id)
            for i, (district_id, name) in enumerate(zip(geography.district_ids, geography.district_names, strict=True))
            if district_id not in hosts
        ]  # fmt: skip
    elif kind == "points":
        others = _other_points(scenario, service)
    else:
        others = read_candidate_file(Path(kind), geography)
    taken = {row[0] for row in today}
    clash = [row[0] for row in others if row[0] in taken]
    if clash:
        raise InputError(str(kind), "id", f"'{clash[0]}' is already the id of one of today's sites")
    rows = today + others
    return Candidates(
        ids=tuple(row[0] for row in rows),
        names=tuple(row[1] for row in rows),
        lat=np.array([row[2] for row in rows], dtype=np.float64),
        lon=np.array([row[3] for row in rows], dtype=np.float64),
        district=np.array([geography.district_index(row[4]) for row in rows], dtype=np.int64),
        point_ids=tuple([row[0] for row in today] + [None] * len(others)),
    )
