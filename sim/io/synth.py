"""Synthetic rural regions for scale tests: towns and villages, service points by density, bus lines."""

import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.errors import InputError
from sim.io.config import load_scenario, read_yaml
from sim.io.results_folder import current_umask
from sim.io.schema import MAX_POPULATION

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
HEADER = "# Written by 'python -m sim synth': a synthetic region for scale tests, not a real place.\n"
SOURCE = "SYNTHETIC (python -m sim synth); structure drawn to resemble rural NRW, not a real place"
KM_PER_DEGREE_LAT = 111.2
GP_PER_INHABITANT = 58 / 100_000  # parameters.health.gp_density_lippe
OFFICE_WEEK = {day: ["08:00-12:30"] for day in ("mon", "tue", "wed", "thu", "fri")} | {
    "mon": ["08:00-12:30", "14:00-17:30"],
    "thu": ["08:00-12:30", "14:00-18:00"],
}
GP_WEEK = {day: ["08:00-12:30"] for day in ("mon", "tue", "wed", "thu", "fri")} | {
    day: ["08:00-12:30", "15:00-18:30"] for day in ("mon", "tue", "thu")
}
LIBRARY_WEEK = {
    "tue": ["10:00-18:00"],
    "wed": ["10:00-13:00"],
    "thu": ["12:00-18:00"],
    "fri": ["10:00-16:00"],
    "sat": ["10:00-13:00"],
}


def _split(total: int, weights: np.ndarray) -> list[int]:
    """Split an integer total by weights so that the parts add up exactly (largest remainder)."""
    raw = weights / weights.sum() * total
    parts = np.floor(raw).astype(int)
    for index in np.argsort(-(raw - parts))[: total - parts.sum()]:
        parts[index] += 1
    return parts.tolist()


def _offset(lat: float, lon: float, east_km: float, north_km: float) -> tuple[float, float]:
    return (
        round(lat + north_km / KM_PER_DEGREE_LAT, 5),
        round(lon + east_km / (KM_PER_DEGREE_LAT * math.cos(math.radians(lat))), 5),
    )


def synthesize_region(citizens: int, municipalities: int, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (region, scenario) mappings for a synthetic region of the given size."""
    rng = np.random.default_rng(seed)  # a local generator: the synthetic geography, not the simulation
    sizes = _split(citizens, rng.lognormal(0.0, 0.8, municipalities))
    columns = math.ceil(math.sqrt(municipalities))
    region_municipalities: dict[str, Any] = {}
    lines: dict[str, Any] = {}
    centres: list[tuple[str, float, float]] = []
    points: dict[str, Any] = {}
    for index, population in enumerate(sizes):
        m_id = f"m{index:03d}"
        lat, lon = _offset(51.3, 7.9, 14.0 * (index % columns), 14.0 * (index // columns))
        districts = _districts(m_id, population, lat, lon, rng)
        district_ids = list(districts)
        region_municipalities[m_id] = {
            "name": f"Gemeinde {index + 1}",
            "population": population,
            "source": SOURCE,
            "lat": lat,
            "lon": lon,
            "age_shares": {"0-17": 0.17, "18-64": 0.60, "65+": 0.23},
            "age_shares_source": "rural_nrw_age_structure_current (ESTIMATE in the facts file)",
            "age_shares_estimate": True,
            "districts": districts,
        }
        lines[f"{m_id}_local"] = {
            "name": f"Ortsbus Gemeinde {index + 1}",
            "headway_minutes": 60 if population > 15000 else 120,
            "speed_kmh": 22,
            "districts": district_ids,
            "source": SOURCE,
            "estimate": True,
        }
        centres.append((district_ids[0], lat, lon))
        points.update(_municipal_points(m_id, population, districts, rng))
    lines.update(_regional_buses(centres))
    template, _ = read_yaml(BASELINE)
    region_template, _ = read_yaml((BASELINE.parent / template["region"]).resolve())
    region = {
        "id": "synthetic",
        "name": f"Synthetic region ({citizens:,} residents, {municipalities} municipalities)",
        "description": SOURCE,
        "municipalities": region_municipalities,
        "transit_lines": lines,
        "modes": region_template["modes"],
        "citizens": region_template["citizens"],
    }
    scenario = {
        "name": f"Synthetic baseline ({citizens:,} residents)",
        "description": SOURCE,
        "region": "REGION_FILE",
        "simulation": {**template["simulation"], "seed": seed},
        "behaviour": template["behaviour"],
        "services": template["services"],
        "service_points": points,
    }
    return region, scenario


def _regional_buses(centres: list[tuple[str, float, float]]) -> dict[str, Any]:
    """Return hourly regional buses linking each municipality's core town with the next one's."""
    return {
        f"regio_{index:03d}": {
            "name": f"Regiobus {index + 1}",
            "headway_minutes": 60,
            "speed_kmh": 32,
            "districts": [centres[index][0], centres[index + 1][0]],
            "source": SOURCE,
            "estimate": True,
        }
        for index in range(len(centres) - 1)
    }


def _districts(m_id: str, population: int, lat: float, lon: float, rng: np.random.Generator) -> dict[str, Any]:
    """Return a municipality's districts: a core town and 2-15 villages around it, by population."""
    villages = int(np.clip(population // 1500, 2, 15))
    shares = np.concatenate(([rng.uniform(0.4, 0.6) * villages], rng.lognormal(0.0, 0.6, villages)))
    districts: dict[str, Any] = {}
    for number, size in enumerate(_split(population, shares)):
        if number == 0:
            d_lat, d_lon, radius = lat, lon, round(min(2.5, 0.6 + size / 20000), 2)
        else:
            angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(2.5, 6.5)
            d_lat, d_lon = _offset(lat, lon, distance * math.cos(angle), distance * math.sin(angle))
            radius = round(min(1.2, 0.4 + size / 5000), 2)
        districts[f"{m_id}_d{number:02d}"] = {
            "name": "Kernort" if number == 0 else f"Dorf {number}",
            "population": size,
            "lat": d_lat,
            "lon": d_lon,
            "radius_km": radius,
            "source": SOURCE,
            "estimate": True,
        }
    return districts


def _municipal_points(m_id: str, population: int, districts: dict[str, Any], rng: np.random.Generator) -> dict:
    """Return a Bürgerbüro, back office, library and GP practices sized by population."""
    centre_id = next(iter(districts))
    centre = districts[centre_id]
    office_desks = max(1, math.ceil(population * 0.7 * 12 / (52 * 1800 * 0.7)))
    base = {"owner": m_id, "district": centre_id, "lat": centre["lat"], "lon": centre["lon"], "source": SOURCE}
    points: dict[str, Any] = {
        f"{m_id}_buergerbuero": {
            **base,
            "name": f"Bürgerbüro {m_id}",
            "services": ["citizen_office"],
            "desks": office_desks,
            "opening_hours": OFFICE_WEEK,
            "cost_eur_per_desk_year": 85000,
            "fixed_cost_eur_per_year": 20000,
        },
        f"{m_id}_back_office": {
            **base,
            "name": f"Back office {m_id}",
            "kind": "back_office",
            "services": ["citizen_office"],
            "desks": 1,
            "max_tries": 20,
            "opening_hours": OFFICE_WEEK,
            "cost_eur_per_desk_year": 85000,
        },
        f"{m_id}_library": {
            **base,
            "name": f"Bücherei {m_id}",
            "services": ["library"],
            "desks": max(1, round(population * 1.3 * 2 / (52 * 1560 * 0.65))),
            "opening_hours": LIBRARY_WEEK,
            "cost_eur_per_desk_year": 60000,
            "fixed_cost_eur_per_year": 40000,
        },
    }
    doctors = max(1, round(population * GP_PER_INHABITANT))
    by_size = sorted(districts, key=lambda d: -districts[d]["population"])
    homes = _split(doctors, np.array([districts[d]["population"] for d in by_size], dtype=float) ** 1.5)
    for district_id, count in zip(by_size, homes, strict=True):
        district = districts[district_id]
        for number, desks in enumerate(_split(count, np.ones(math.ceil(count / 4))) if count else []):
            lat, lon = _offset(district["lat"], district["lon"], rng.uniform(-0.4, 0.4), rng.uniform(-0.4, 0.4))
            points[f"{district_id}_gp{number}"] = {
                "name": f"Hausarztpraxis {district_id} {number + 1}",
                "owner": m_id,
                "district": district_id,
                "lat": lat,
                "lon": lon,
                "services": ["gp"],
                "desks": desks,
                "opening_hours": GP_WEEK,
                "source": SOURCE,
            }
    return points


def write_synthetic(out_file: Path, citizens: int, municipalities: int, seed: int) -> tuple[Path, Path]:
    """Write scenario FILE and its region beside it (FILE stem + '_region.yaml'), validated, atomically."""
    if citizens < 100 or citizens > MAX_POPULATION:
        raise InputError(None, "--citizens", f"expected between 100 and {MAX_POPULATION:,}, got {citizens}")
    if municipalities < 1 or municipalities > 500 or citizens // municipalities < 100:
        raise InputError(None, "--municipalities", "expected 1-500 municipalities of at least 100 residents each")
    out_file = Path(out_file)
    region_file = out_file.with_name(f"{out_file.stem}_region.yaml")
    for target in (out_file, region_file):
        _check_replaceable(target)
    region, scenario = synthesize_region(citizens, municipalities, seed)
    scenario["region"] = region_file.name
    out_file.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_file.stem}.synth-", dir=out_file.parent))
    try:
        for name, content in ((region_file.name, region), (out_file.name, scenario)):
            text = HEADER + yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
            (staging / name).write_text(text, encoding="utf-8")
        try:
            load_scenario(staging / out_file.name)  # the same validation as real regions
        except InputError as error:  # a bug in the generator: name the files the user asked for
            message = error.describe().replace(str(staging), str(out_file.parent))
            raise RuntimeError(f"the generated region does not validate: {message}") from None
        mode = 0o666 & ~current_umask()
        for target in (region_file, out_file):
            (staging / target.name).chmod(mode)
            (staging / target.name).replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_file, region_file


def _check_replaceable(target: Path) -> None:
    """Refuse to overwrite a file that `synth` did not write (a user's own scenario, say)."""
    if target.is_dir():
        raise InputError(target, "--out", "this is a folder; give the scenario file to write, e.g. synth/big.yaml")
    if target.exists():
        with target.open("rb") as existing:
            first_line = existing.readline(200).decode("utf-8", errors="replace")
        if not first_line.startswith(HEADER.strip()):
            raise InputError(target, "--out", "this file was not written by 'python -m sim synth'; it is left as is")
