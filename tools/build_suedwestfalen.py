# ruff: noqa: E501
"""Write the Südwestfalen region file and its baseline scenario from tools/swf_data.py (run from the repo root).

Usage: python tools/build_suedwestfalen.py   (rewrites scenarios/regions/suedwestfalen.yaml and
scenarios/suedwestfalen/baseline.yaml; stadtbueros_2017.yaml is written by hand and only extends the baseline).
The rules that fill gaps are documented in docs/SUEDWESTFALEN.md; every value they produce is flagged.
"""

import math
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import projections  # noqa: E402  (a sibling module, not a package)
import swf_data as data  # noqa: E402  (a sibling module, not a package)

REPO = Path(__file__).resolve().parents[1]
REGION_FILE = REPO / "scenarios" / "regions" / "suedwestfalen.yaml"
BASELINE_FILE = REPO / "scenarios" / "suedwestfalen" / "baseline.yaml"
LEMGO_REGION = REPO / "scenarios" / "regions" / "lemgo_kalletal.yaml"
LEMGO_BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"

URBAN_WEIGHT = 3  # an unsourced urban quarter counts three villages when a town's residual is split
GP_PER_INHABITANT = 58 / 100_000  # parameters.health.gp_density_lippe (region_facts); no Südwestfalen figure found
KM_PER_DEGREE_LAT = 111.2
MAX_PRACTICES_PER_DISTRICT = 6  # above 24 doctors in one district, practices grow beyond 4 doctors (MVZ size)
RADIUS_FACTOR = 0.7  # share of the equal-area disc radius over which a one-district municipality's homes spread

OFFICE_WEEK = {
    "mon": ["08:00-12:30", "14:00-17:30"],
    "tue": ["08:00-12:30"],
    "wed": ["08:00-12:30"],
    "thu": ["08:00-12:30", "14:00-18:00"],
    "fri": ["08:00-12:30"],
}
BACK_OFFICE_WEEK = {day: ["08:00-16:00"] for day in ("mon", "tue", "wed", "thu")} | {"fri": ["08:00-12:00"]}
GP_WEEK = {
    "mon": ["08:00-12:30", "15:00-18:30"],
    "tue": ["08:00-12:30", "15:00-18:30"],
    "wed": ["08:00-12:30"],
    "thu": ["08:00-12:30", "15:00-18:30"],
    "fri": ["08:00-12:30"],
}
LIBRARY_WEEK = {
    "tue": ["10:00-18:00"],
    "wed": ["10:00-13:00"],
    "thu": ["12:00-18:00"],
    "fri": ["10:00-16:00"],
    "sat": ["10:00-13:00"],
}
MENDEN_WEEK_2012 = {
    "mon": ["07:00-17:00"],
    "tue": ["07:30-17:00"],
    "wed": ["07:30-17:00"],
    "thu": ["07:30-20:00"],
    "fri": ["07:30-13:00"],
    "sat": ["10:00-13:00"],
}


def split_by_weights(total: int, weights: list[float]) -> list[int]:
    """Split an integer total by weights so that the parts add up exactly (largest remainder)."""
    raw = [w / sum(weights) * total for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: -(raw[i] - parts[i]))
    for index in order[: total - sum(parts)]:
        parts[index] += 1
    return parts


def municipal_populations() -> dict[str, tuple[int, str, bool]]:
    """Return id -> (population, source, estimate) with the HSK and Soest residuals derived."""
    result: dict[str, tuple[int, str, bool]] = {}
    for m_id, row in data.MUNICIPALITIES.items():
        if row[2] is not None:
            result[m_id] = (row[2], row[4], False)
    hsk_known = sum(result[m][0] for m, row in data.MUNICIPALITIES.items() if row[1] == "HSK" and m in result)
    hallenberg = data.HSK_TOTAL_2023_06 - hsk_known
    result["hallenberg"] = (
        hallenberg,
        f"ESTIMATE by difference: HSK total {data.HSK_TOTAL_2023_06:,} minus the 11 other municipalities "
        f"({data.RADIO_SAUERLAND_2023}; the article says 'knapp über 4.500')",
        True,
    )
    residual = data.SO_TOTAL_2018_12 - sum(data.SO_SOURCED_2018.values())
    names = list(data.SO_RESIDUAL_WEIGHTS)
    for m_id, share in zip(names, split_by_weights(residual, list(data.SO_RESIDUAL_WEIGHTS.values())), strict=True):
        result[m_id] = (
            share,
            f"ESTIMATE: Kreis Soest total 31.12.2018 ({data.SO_TOTAL_2018_12:,}, {data.WP_SO_2018}) minus the six "
            f"sourced municipalities = {residual:,}, split over the 8 others in proportion to approximate sizes "
            "(analyst's recollection of de.wikipedia infoboxes, about +-5 %)",
            True,
        )
    return result


def town_radius_km(population: int) -> tuple[float, str]:
    """Return the radius of a town district by population class (no district areas are sourced)."""
    for limit, radius in ((20000, 2.5), (10000, 2.0), (5000, 1.5), (1000, 1.0), (0, 0.7)):
        if population >= limit:
            return radius, (
                "ESTIMATE (rule: no district area sourced; radius by population class >=20k 2.5 km, >=10k 2.0, "
                ">=5k 1.5, >=1k 1.0, else 0.7, extending the Lemgo-Kalletal classes)"
            )
    raise AssertionError("unreachable")


def town_districts(m_id: str, official: int) -> dict:
    """Return the districts of one of the six towns, filling unsourced ones from the residual by weight."""
    rows = data.TOWN_DISTRICTS[m_id]
    sourced = sum(row[1] for row in rows.values() if row[1] is not None)
    open_ids = [d for d, row in rows.items() if row[1] is None]
    weights = [URBAN_WEIGHT if rows[d][2] == "urban" else 1 for d in open_ids]
    residual = official - sourced
    shares = dict(zip(open_ids, split_by_weights(residual, weights), strict=True)) if open_ids else {}
    districts = {}
    for d_id, (name, population, _kind, lat, lon, source, date, coord_sourced) in rows.items():
        is_filled = population is None
        value = shares[d_id] if is_filled else population
        radius, radius_source = town_radius_km(value)
        if is_filled:
            source = (
                f"ESTIMATE (rule: {official:,} official minus {sourced:,} in sourced or facts-estimated districts = "
                f"{residual:,}, split over {len(open_ids)} unsourced districts with weight {URBAN_WEIGHT} per urban "
                "quarter and 1 per village)"
            )
        entry = {
            "name": name,
            "population": value,
            "lat": lat,
            "lon": lon,
            "radius_km": radius,
            "source": source,
            "estimate": is_filled or source.startswith("ESTIMATE") or "ESTIMATE" in source,
            "coord_source": "de.wikipedia coordinates as quoted in the facts"
            if coord_sourced
            else "ESTIMATE (analyst's approximate village/quarter centre, +-1 km)",
            "coord_estimate": not coord_sourced,
            "radius_source": radius_source,
        }
        if date:
            entry["population_date"] = str(date)
        districts[d_id] = entry
    return districts


def single_district(m_id: str, row: tuple, population: int, source: str, estimate: bool) -> dict:
    """Return the one centre district of a municipality modelled at municipality level."""
    name, _, _, date, _, lat, lon, area, area_sourced, _ = row
    radius = round(min(30.0, RADIUS_FACTOR * math.sqrt(area / math.pi)), 2)
    area_note = data.HSK_AREAS if area_sourced else "area ESTIMATE (analyst's recollection of de.wikipedia, +-5 %)"
    return {
        f"{m_id}_zentrum": {
            "name": f"{name} (whole municipality)",
            "population": population,
            "lat": lat,
            "lon": lon,
            "radius_km": radius,
            "source": source,
            "estimate": estimate,
            "coord_source": "ESTIMATE (analyst's approximate town centre, +-1 km)",
            "coord_estimate": True,
            "radius_source": (
                f"ESTIMATE (rule: {RADIUS_FACTOR} x sqrt(area_km2/pi) with area_km2 = {area}; {area_note}; the factor "
                "reflects that most residents live in the main town rather than spread evenly)"
            ),
            "population_date": date,
        }
    }


def build_region() -> dict:
    """Return the region mapping."""
    lemgo = yaml.safe_load(LEMGO_REGION.read_text(encoding="utf-8"))
    populations = municipal_populations()
    municipalities = {}
    for m_id, row in data.MUNICIPALITIES.items():
        name, kreis, _, date, _, lat, lon, _, _, ags = row
        population, source, estimate = populations[m_id]
        shares, age_source = data.AGE_SHARES[kreis]
        entry: dict = {"name": name}
        if ags:
            entry["ags"] = ags
        entry |= {
            "population": population,
            "population_date": date,
            "source": source + (" [ESTIMATE]" if estimate and "ESTIMATE" not in source else ""),
            "lat": lat,
            "lon": lon,
            "age_shares": {"0-17": shares[0], "18-64": shares[1], "65+": shares[2]},
            "age_shares_source": f"{data.KREIS_NAMES[kreis]}: {age_source}",
            "age_shares_estimate": True,
            "kreis": KREIS_IDS[kreis],
        }
        if m_id in data.SIX_TOWNS:
            entry["districts"] = town_districts(m_id, population)
        else:
            entry["districts"] = single_district(m_id, row, population, entry["source"], estimate)
        municipalities[m_id] = entry
    lines = {}
    for line_id, (name, headway, speed, districts, source) in data.LINES.items():
        lines[line_id] = {
            "name": name,
            "headway_minutes": headway,
            "speed_kmh": speed,
            "districts": districts,
            "source": source
            + ("" if source.startswith("ESTIMATE") else "; speed ESTIMATE (regional rail incl. stops)"),
            "estimate": True,
        }
    modes = lemgo["modes"]
    for mode in modes.values():
        mode["source"] = "Copied from lemgo_kalletal.yaml (no Südwestfalen-specific values found): " + mode["source"]
    citizens = lemgo["citizens"]
    for key in ("car_access_source", "online_use_source"):
        citizens[key] = "Copied from lemgo_kalletal.yaml (no Südwestfalen-specific values found): " + citizens[key]
    return {
        "id": "suedwestfalen",
        "name": "Südwestfalen (HSK, Märkischer Kreis, Kreis Olpe, Siegen-Wittgenstein, Kreis Soest)",
        "description": (
            "The 59 municipalities of the five Südwestfalen Kreise (about 1.38 million residents). The six towns of "
            "'Smart Cities: 5 für Südwestfalen' (Arnsberg, Bad Berleburg, Menden, Olpe, Soest, Iserlohn) are modelled "
            "with their Stadtteile/Ortsteile, the other 53 municipalities as one district each. Sources and rules: "
            "docs/SUEDWESTFALEN.md."
        ),
        "bounding_box": {"lat_min": 50.6, "lat_max": 51.85, "lon_min": 7.3, "lon_max": 9.0},
        "district_sum_tolerance_share": 0.01,
        "municipalities": municipalities,
        "transit_lines": lines,
        "modes": modes,
        "citizens": citizens,
        "projections": region_projections(municipalities),
    }


KREIS_IDS = {
    "HSK": "hochsauerlandkreis",
    "MK": "maerkischer_kreis",
    "OE": "kreis_olpe",
    "SI": "kreis_siegen_wittgenstein",
    "SO": "kreis_soest",
}


def region_projections(municipalities: dict) -> dict:
    """Return the projection tables: each Kreis from its municipalities' residents, plus the sourced towns."""
    kreis_bases = {}
    for code, kreis_id in KREIS_IDS.items():
        members = [m for m in municipalities.values() if m["kreis"] == kreis_id]
        shares = tuple(data.AGE_SHARES[code][0])
        note = "base 2025 = the region file's residents of the Kreis (dates 2018-2023, see docs/SUEDWESTFALEN.md) with its age shares"
        kreis_bases[kreis_id] = (sum(m["population"] for m in members), shares, note)
    municipal_bases = {
        m_id: (municipalities[m_id]["population"], tuple(municipalities[m_id]["age_shares"].values()))
        for m_id in projections.MUNICIPAL
    }
    return projections.projections_block(kreis_bases, municipal_bases)


def _offset(lat: float, lon: float, east_km: float, north_km: float) -> tuple[float, float]:
    return (
        round(lat + north_km / KM_PER_DEGREE_LAT, 5),
        round(lon + east_km / (KM_PER_DEGREE_LAT * math.cos(math.radians(lat))), 5),
    )


def office_desks(population: int) -> int:
    """Desks of a Bürgerbüro by size: one per 7,800 residents (the rule of sim/synth.py), at least one."""
    return max(1, math.ceil(population / 7800))


def library_desks(population: int) -> int:
    """Desks of a library by size (the rule of sim/synth.py)."""
    return max(1, round(population * 1.3 * 2 / (52 * 1560 * 0.65)))


def main_district(region: dict, m_id: str) -> tuple[str, dict]:
    """Return the most populous district of a municipality."""
    districts = region["municipalities"][m_id]["districts"]
    d_id = max(districts, key=lambda d: districts[d]["population"])
    return d_id, districts[d_id]


TOWN_OFFICES = {
    # point id: (municipality, district, name, lat, lon, desks, hours, source)
    "stadtbuero_arnsberg_rathaus": (
        "arnsberg",
        "huesten",
        "Stadtbüro im Rathaus Arnsberg (Rathausplatz 1)",
        51.437,
        7.985,
        4,
        None,
        "Facts: 5 Stadtbüros in 2017 (Rathaus, Neheim, Arnsberg, Hüsten, Oeventrop), Hüsten "
        "and Oeventrop closed since 01/2023. Location ESTIMATE (Rathausplatz 1, 59759, between "
        "Neheim and Hüsten; exact address after the Rathaus renovation not found)",
    ),
    "stadtbuero_neheim": (
        "arnsberg",
        "neheim",
        "Stadtbüro Neheim",
        51.4531,
        7.9608,
        3,
        None,
        "Facts (open today); location = Neheim centre (coord of the district, ESTIMATE for the office)",
    ),
    "stadtbuero_alt_arnsberg": (
        "arnsberg",
        "alt_arnsberg",
        "Stadtbüro Arnsberg (Altstadt)",
        51.396,
        8.066,
        3,
        None,
        "Facts (open today); location ESTIMATE (Alt-Arnsberg centre)",
    ),
    "buergerbuero_bad_berleburg": (
        "bad_berleburg",
        "berleburg_kernstadt",
        "Bürgerbüro Rathaus Bad Berleburg (Poststraße 42)",
        51.0497,
        8.400,
        3,
        None,
        "Facts: Rathaus, Poststr. 42 (self-service ID terminal); coordinates = town centre "
        "(de.wikipedia), office position ESTIMATE",
    ),
    "buergerbuero_menden": (
        "menden",
        "menden_mitte",
        "Bürgerbüro im Neuen Rathaus Menden (Neumarkt 5)",
        51.433,
        7.800,
        7,
        MENDEN_WEEK_2012,
        "Facts: Neues Rathaus, Neumarkt 5; 13 staff (2019 nominal, 11 actual); opening hours of 2012 "
        "(about 44.5 h/week, derwesten.de) - current hours not verified, ESTIMATE",
    ),
    "buergerbuero_olpe": (
        "olpe",
        "olpe_kernstadt",
        "Bürgerbüro Rathaus Olpe (Franziskanerstraße 6)",
        51.033,
        7.850,
        4,
        None,
        "Facts: Rathaus, Franziskanerstr. 6; coordinates = town centre, office position ESTIMATE",
    ),
    "buergerbuero_soest": (
        "soest",
        "soest_kernstadt",
        "Bürgerbüro Rathaus I am Domplatz (Soest)",
        51.5725,
        8.107,
        7,
        None,
        "Facts: Rathaus I am Domplatz, 8 clerks (2022); 7 desks open at a time ESTIMATE; position ESTIMATE",
    ),
    "buergerservice_iserlohn": (
        "iserlohn",
        "iserlohn_innenstadt",
        "Bürgerservice Rathaus Iserlohn (Schillerplatz)",
        51.3755,
        7.6975,
        8,
        None,
        "Facts: Rathaus Schillerplatz; position ESTIMATE",
    ),
    "buergerservice_letmathe": (
        "iserlohn",
        "letmathe",
        "Bürgerservice Letmathe (Von-der-Kuhlen-Straße 14)",
        51.368,
        7.615,
        3,
        None,
        "Facts: branch Letmathe; position = district centre ESTIMATE",
    ),
    "buergerservice_hennen": (
        "iserlohn",
        "hennen",
        "Bürgerservice Hennen (Hennener Bahnhofstraße 20a)",
        51.445,
        7.635,
        1,
        None,
        "Facts: branch Hennen; position = district centre ESTIMATE",
    ),
}


# Every Bürgerbüro and back office depends on the shared municipal IT provider Südwestfalen-IT (SIT). The 10/2023
# ransomware attack on SIT took "fast alle Rathäuser in Südwestfalen" offline (WDR), all Rathäuser in the Kreise Olpe,
# Siegen-Wittgenstein, Hochsauerlandkreis and Soest and the Rathaus Menden (WAZ); which of the 59 use another provider
# was not found, so all of them are assigned to SIT (ESTIMATE).
IT_PROVIDER = "suedwestfalen_it"


def build_baseline(region: dict) -> dict:
    """Return the baseline scenario mapping."""
    lemgo = yaml.safe_load(LEMGO_BASELINE.read_text(encoding="utf-8"))
    copied = "Copied from scenarios/lemgo_kalletal/baseline.yaml (no Südwestfalen-specific values found): "
    behaviour = lemgo["behaviour"] | {"source": copied + lemgo["behaviour"]["source"]}
    services = {}
    for s_id, service in lemgo["services"].items():
        services[s_id] = service | {"source": copied + service["source"]}
    points: dict = {}
    for p_id, (m_id, d_id, name, lat, lon, desks, hours, source) in TOWN_OFFICES.items():
        population = region["municipalities"][m_id]["population"]
        points[p_id] = {
            "name": name,
            "kind": "fixed",
            "owner": m_id,
            "district": d_id,
            "lat": lat,
            "lon": lon,
            "services": ["citizen_office"],
            "desks": desks,
            "opening_hours": hours or OFFICE_WEEK,
            "cost_eur_per_desk_year": 85000,
            "fixed_cost_eur_per_year": 40000 if population >= 40000 else 20000,
            "it_provider": IT_PROVIDER,
            "source": source + ". Desks ESTIMATE (one per 7,800 residents over the town's offices, rule of "
            "sim/synth.py); hours ESTIMATE unless stated; cost 85,000 EUR per workplace and 20,000/40,000 EUR rooms "
            "as in Lemgo-Kalletal (parameters.citizen_office.workplace_cost_per_year, ESTIMATE after KGSt).",
        }
    for m_id, municipality in region["municipalities"].items():
        population = municipality["population"]
        d_id, district = main_district(region, m_id)
        big = population >= 40000
        if m_id not in data.SIX_TOWNS:
            points[f"buergerbuero_{m_id}"] = {
                "name": f"Bürgerbüro {municipality['name']} (Rathaus)",
                "kind": "fixed",
                "owner": m_id,
                "district": d_id,
                "lat": district["lat"],
                "lon": district["lon"],
                "services": ["citizen_office"],
                "desks": office_desks(population),
                "opening_hours": OFFICE_WEEK,
                "cost_eur_per_desk_year": 85000,
                "fixed_cost_eur_per_year": 40000 if big else 20000,
                "it_provider": IT_PROVIDER,
                "source": "ESTIMATE: one Bürgerbüro per municipality at its centre; desks one per 7,800 residents "
                "(rule of sim/synth.py: 1-3 desks below 23,400 residents, more in the large towns); typical hours "
                "(30 h/week as Lemgo); cost as Lemgo-Kalletal (85,000 EUR per workplace, rooms 20,000/40,000 EUR).",
            }
        points[f"back_office_{m_id}"] = {
            "name": f"Back office {municipality['name']} (online requests)",
            "kind": "back_office",
            "owner": m_id,
            "district": d_id,
            "services": ["citizen_office"],
            "desks": max(1, round(population / 50000)),
            "max_tries": 20,
            "opening_hours": BACK_OFFICE_WEEK,
            "cost_eur_per_desk_year": 85000,
            "it_provider": IT_PROVIDER,
            "source": "ESTIMATE: as the Lemgo-Kalletal back offices, one workplace per 50,000 residents (at least one).",
        }
        lib_lat, lib_lon = _offset(district["lat"], district["lon"], 0.15, -0.1)
        points[f"buecherei_{m_id}"] = {
            "name": f"Stadt-/Gemeindebücherei {municipality['name']}",
            "kind": "fixed",
            "owner": m_id,
            "district": d_id,
            "lat": lib_lat,
            "lon": lib_lon,
            "services": ["library"],
            "desks": library_desks(population),
            "opening_hours": LIBRARY_WEEK,
            "cost_eur_per_desk_year": 70000 if big else 60000,
            "fixed_cost_eur_per_year": 250000 if big else 40000,
            "source": "ESTIMATE: one public library per municipality at its main district (not verified per town); "
            "desks by the rule of sim/synth.py; hours and costs as Stadtbücherei Lemgo (towns >= 40,000) or Bücherei "
            "Corves Mühle (smaller), both ESTIMATE in the Lemgo-Kalletal baseline.",
        }
        points |= gp_practices(m_id, municipality)
    return {
        "name": "Baseline – Südwestfalen today",
        "description": (
            "Today's situation in the 59 Südwestfalen municipalities: each municipality serves its own residents at "
            "its Bürgerbüro(s), back office and library; residents choose freely among GP practices. Arnsberg runs "
            "three Stadtbüros (Rathaus, Neheim, Arnsberg) since Hüsten and Oeventrop closed in 01/2023; Iserlohn runs "
            "the Rathaus plus Letmathe and Hennen."
        ),
        "region": "../regions/suedwestfalen.yaml",
        "simulation": lemgo["simulation"],
        "behaviour": behaviour,
        "services": services,
        "service_points": points,
    }


def gp_practices(m_id: str, municipality: dict) -> dict:
    """Place GP practices by density in the larger districts, 1-4 doctors each (rule of sim/synth.py)."""
    districts = municipality["districts"]
    doctors = max(1, round(municipality["population"] * GP_PER_INHABITANT))
    by_size = sorted(districts, key=lambda d: -districts[d]["population"])
    homes = split_by_weights(doctors, [districts[d]["population"] ** 1.5 for d in by_size])
    points = {}
    for d_id, count in zip(by_size, homes, strict=True):
        if not count:
            continue
        district = districts[d_id]
        # At most MAX_PRACTICES_PER_DISTRICT: travel is measured from the district centroid and a resident weighs
        # only the consideration_set_size (8) nearest places, so more practices in one district would stand idle.
        practices = split_by_weights(count, [1.0] * min(MAX_PRACTICES_PER_DISTRICT, math.ceil(count / 4)))
        name = district["name"].replace(" (whole municipality)", "")
        points |= practice_points(
            m_id, d_id, district, name, practices, min(district["radius_km"] * 0.6, 3.0), GP_SOURCE
        )
    return points


GP_SOURCE = (
    "ESTIMATE: GP doctors = 58 per 100,000 residents (parameters.health.gp_density_lippe, no "
    "Südwestfalen figure found), placed by district population^1.5 and grouped into practices of 1-4 "
    "doctors (rule of sim/synth.py), at most 6 practices per district (larger, MVZ-sized practices in the big "
    "one-district towns, because travel is measured from the district centroid); positions on a deterministic spiral around the district centre."
)


def practice_points(
    m_id: str, d_id: str, district: dict, name: str, practices: list[int], spread_km: float, source: str
) -> dict:
    """Return one district's GP practices (desks = doctors) on a deterministic spiral around its centre."""
    points = {}
    for number, desks in enumerate(practices):
        # Golden-angle spiral: deterministic positions spread over the inner part of the district disc.
        angle = number * 2.39996
        distance = spread_km * math.sqrt((number + 0.5) / len(practices))
        lat, lon = _offset(district["lat"], district["lon"], distance * math.cos(angle), distance * math.sin(angle))
        points[f"gp_{d_id}_{number + 1}"] = {
            "name": f"Hausarztpraxis {name} {number + 1}",
            "kind": "fixed",
            "owner": m_id,
            "district": d_id,
            "lat": lat,
            "lon": lon,
            "services": ["gp"],
            "desks": desks,
            "opening_hours": GP_WEEK,
            "source": source,
        }
    return points


HEADER_REGION = """\
# Region file for Südwestfalen (5 Kreise, 59 municipalities), written by tools/build_suedwestfalen.py from
# tools/swf_data.py and /work/shared/data/suedwestfalen_facts.yaml. Do not edit by hand: change the tables and rebuild.
# Every number carries a source; estimate/coord_estimate flag what is derived or guessed. Rules: docs/SUEDWESTFALEN.md.
# Population dates differ by Kreis (HSK/Olpe 30.06.2023, MK Zensus 15.05.2022, SI 31.12.2019, Soest 31.12.2018; the six
# towns as in the facts): see the table in docs/SUEDWESTFALEN.md.
# `projections` (residents by age group and Kreis to 2050, for simulation.population_year) come from tools/projections.py;
# sources and rules: docs/YEARS_AHEAD.md.
"""
HEADER_BASELINE = """\
# Baseline for Südwestfalen, written by tools/build_suedwestfalen.py. Do not edit by hand.
# Behaviour, services and simulation settings are copied from scenarios/lemgo_kalletal/baseline.yaml (a scenario may
# not extend a file of another region). Offices of the six towns follow suedwestfalen_facts.yaml; everything else is
# placed by the documented rules (docs/SUEDWESTFALEN.md) and flagged ESTIMATE in its source.
"""


def main() -> None:
    """Build and write both files."""
    region = build_region()
    baseline = build_baseline(region)
    dump = {"sort_keys": False, "allow_unicode": True, "width": 160}
    REGION_FILE.write_text(HEADER_REGION + yaml.safe_dump(region, **dump), encoding="utf-8")
    BASELINE_FILE.parent.mkdir(parents=True, exist_ok=True)
    BASELINE_FILE.write_text(HEADER_BASELINE + yaml.safe_dump(baseline, **dump), encoding="utf-8")
    residents = sum(d["population"] for m in region["municipalities"].values() for d in m["districts"].values())
    print(
        f"wrote {REGION_FILE.relative_to(REPO)} ({residents:,} residents) and {BASELINE_FILE.relative_to(REPO)} "
        f"({len(baseline['service_points'])} service points)"
    )


if __name__ == "__main__":
    main()
