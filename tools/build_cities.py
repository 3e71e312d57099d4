# ruff: noqa: E501
"""Write the Bochum and Lünen region files and their baselines from tools/city_data.py (run from the repo root).

Usage: python tools/build_cities.py   (rewrites scenarios/regions/{bochum,luenen}.yaml and
scenarios/{bochum,luenen}/baseline.yaml; the other scenario files of both cities are written by hand and
only extend the baselines). The rules that fill gaps are documented in docs/CITIES.md; every value they
produce is flagged.
"""

import math
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import city_data as data  # noqa: E402  (a sibling module, not a package)
from build_suedwestfalen import practice_points, split_by_weights  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LEMGO_REGION = REPO / "scenarios" / "regions" / "lemgo_kalletal.yaml"
LEMGO_BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
AREA_RADIUS_FACTOR = 0.8  # homes spread over 80 % of the equal-area disc of a built-up city district
MAX_PRACTICES_PER_DISTRICT = 6
DOCTORS_PER_PRACTICE = 3

# Bochum's Bürgerbüros: appointments only (bochum.de, Statuswechsel / Anmeldung pages); hours ESTIMATE.
CITY_OFFICE_WEEK = {
    "mon": ["08:00-16:00"],
    "tue": ["08:00-16:00"],
    "wed": ["08:00-13:00"],
    "thu": ["08:00-18:00"],
    "fri": ["08:00-13:00"],
}
SERVICEPOINT_WEEK = {day: ["08:00-12:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
BACK_OFFICE_WEEK = {day: ["08:00-16:00"] for day in ("mon", "tue", "wed", "thu")} | {"fri": ["08:00-12:00"]}
LIBRARY_WEEK = {
    "tue": ["10:00-18:00"],
    "wed": ["10:00-18:00"],
    "thu": ["10:00-18:00"],
    "fri": ["10:00-18:00"],
    "sat": ["10:00-14:00"],
}
BRANCH_LIBRARY_WEEK = {day: ["10:00-13:00", "14:00-18:00"] for day in ("tue", "wed", "thu", "fri")} | {
    "sat": ["10:00-13:00"]
}


def radius(population: int, area_km2: float | None) -> tuple[float, str]:
    """Return a district's radius: from its area where sourced, else by population class."""
    if area_km2 is not None:
        value = round(AREA_RADIUS_FACTOR * math.sqrt(area_km2 / math.pi), 2)
        return (
            value,
            f"ESTIMATE (rule C2: {AREA_RADIUS_FACTOR} x sqrt(area_km2/pi) with the sourced area_km2 = {area_km2})",
        )
    for limit, value in ((20000, 1.6), (10000, 1.3), (5000, 1.0), (1000, 0.8), (0, 0.6)):
        if population >= limit:
            return (
                value,
                "ESTIMATE (rule C3: no area sourced; radius by population class >=20k 1.6 km, >=10k 1.3, >=5k 1.0, >=1k 0.8, else 0.6)",
            )
    raise AssertionError("unreachable")


def district_entry(
    name: str,
    population: int,
    date: str | None,
    lat: float,
    lon: float,
    area: float | None,
    source: str,
    coord_sourced: bool,
    estimate: bool,
) -> dict:
    """Return one district mapping with its flags."""
    value, radius_source = radius(population, area)
    entry = {
        "name": name,
        "population": population,
        "lat": lat,
        "lon": lon,
        "radius_km": value,
        "source": source,
        "estimate": estimate,
        "coord_source": "de.wikipedia infobox coordinates"
        if coord_sourced
        else "ESTIMATE (analyst's approximate district centre, +-0.7 km)",
        "coord_estimate": not coord_sourced,
        "radius_source": radius_source,
    }
    if date:
        entry["population_date"] = date
    return entry


def bochum_districts() -> dict:
    """Return Bochum's districts; unsourced ones share the rest of the official total (rule C1)."""
    rows = data.BOCHUM_DISTRICTS
    official = data.BOCHUM["population"]
    sourced = sum(row[2] for row in rows.values() if row[2] is not None)
    open_ids = [d for d, row in rows.items() if row[2] is None]
    weights = [rows[d][9] for d in open_ids]
    shares = dict(zip(open_ids, split_by_weights(official - sourced, weights), strict=True))
    districts = {}
    for d_id, (name, bezirk, population, date, lat, lon, area, source, coord_sourced, units) in rows.items():
        label = f"{name} ({bezirk})"
        if population is None:
            population = shares[d_id]
            source = (
                f"ESTIMATE (rule C1: official {official:,} minus {sourced:,} in the {len(rows) - len(open_ids)} sourced "
                f"districts = {official - sourced:,}, split over the {sum(weights)} statistical districts without a "
                f"sourced figure, {units} here)"
            )
            districts[d_id] = district_entry(label, population, None, lat, lon, area, source, coord_sourced, True)
        else:
            districts[d_id] = district_entry(label, population, date, lat, lon, area, source, coord_sourced, False)
    return districts


def luenen_districts() -> dict:
    """Return Lünen's districts: Lünen-Ost's rest to Niederaden/Beckinghausen (rule L1), the remainder by weight (C1)."""
    rows = data.LUENEN_DISTRICTS
    official = data.LUENEN["population"]
    fixed = {d: row[1] for d, row in rows.items() if row[1] is not None}
    east = [d for d, row in rows.items() if row[8] == "east"]
    east_total = data.LUENEN_OST_TOTAL - fixed["horstmar"]
    fixed |= dict(zip(east, split_by_weights(east_total, [1.0] * len(east)), strict=True))
    open_ids = [d for d in rows if d not in fixed]
    weights = [3 if rows[d][8] == "urban" else 1 for d in open_ids]
    rest = official - sum(fixed.values())
    shares = dict(zip(open_ids, split_by_weights(rest, weights), strict=True))
    districts = {}
    for d_id, (name, population, date, lat, lon, area, source, coord_sourced, kind) in rows.items():
        if kind == "east":
            source = (
                f"ESTIMATE (rule L1: Lünen-Ost 'etwa 10.000' ({data.LUENEN_OST_SOURCE}) minus Horstmar "
                f"{fixed['horstmar']:,} = {east_total:,}, split equally between Niederaden and Beckinghausen)"
            )
            districts[d_id] = district_entry(name, fixed[d_id], None, lat, lon, area, source, coord_sourced, True)
        elif population is None:
            source = (
                f"ESTIMATE (rule C1: official {official:,} minus {sum(fixed.values()):,} in sourced or rule-L1 "
                f"districts = {rest:,}, split with weight 3 per urban quarter and 1 per village)"
            )
            districts[d_id] = district_entry(name, shares[d_id], None, lat, lon, area, source, coord_sourced, True)
        else:
            districts[d_id] = district_entry(name, population, date, lat, lon, area, source, coord_sourced, False)
    return districts


def city_modes(lemgo: dict) -> dict:
    """Return urban modes: Lemgo's emissions, with city speeds and access times (ESTIMATE)."""
    modes = {name: dict(mode) for name, mode in lemgo["modes"].items()}
    modes["car"] |= {
        "speed_kmh": 25,
        "access_minutes": 2,
        "egress_minutes": 5,
        "source": "ESTIMATE: door-to-door urban car speed 25 km/h and 5 minutes to park at the office (city traffic); CO2 147 g per passenger-km as in lemgo_kalletal.yaml (TREMOD 6.02)",
    }
    modes["transit"] |= {
        "access_minutes": 5,
        "egress_minutes": 3,
        "source": "ESTIMATE: denser stops than in the countryside (5 minutes to the stop, 3 from it); speeds per line; CO2 65 g per passenger-km as in lemgo_kalletal.yaml (TREMOD 6.02)",
    }
    modes["bike"] |= {
        "max_distance_km": 10.0,
        "source": "ESTIMATE: as lemgo_kalletal.yaml, up to 10 km (flatter city distances)",
    }
    modes["walk"] |= {"source": "as lemgo_kalletal.yaml: " + lemgo["modes"]["walk"]["source"]}
    return modes


def city_citizens(lemgo: dict) -> dict:
    """Return citizen traits: urban car access (ESTIMATE) and Lemgo's online use by age."""
    citizens = dict(lemgo["citizens"])
    citizens["car_access"] = {"0-17": 0.75, "18-64": 0.8, "65+": 0.7}
    citizens["car_access_source"] = (
        "ESTIMATE: below the rural 0.85/0.9/0.8 of lemgo_kalletal.yaml because more urban households have no car "
        "(households_without_car_germany_share 0.22, MiD 2017 via verkehrsbrief.de, mostly urban and older households)"
    )
    citizens["online_use_source"] = (
        "Copied from lemgo_kalletal.yaml (no city-specific values found): " + citizens["online_use_source"]
    )
    return citizens


def build_region(city_id: str, city: dict, districts: dict, lines: dict, line_source: str, description: str) -> dict:
    """Return a one-municipality region mapping."""
    lemgo = yaml.safe_load(LEMGO_REGION.read_text(encoding="utf-8"))
    shares = city["age_shares"]
    municipality = {
        "name": city["name"],
        "ags": city["ags"],
        "population": city["population"],
        "population_date": city["population_date"],
        "source": city["source"],
        "lat": city["lat"],
        "lon": city["lon"],
        "age_shares": {"0-17": shares[0], "18-64": shares[1], "65+": shares[2]},
        "age_shares_source": city["age_source"],
        "age_shares_estimate": True,
        "districts": districts,
    }
    transit = {
        line_id: {
            "name": name,
            "headway_minutes": headway,
            "speed_kmh": speed,
            "districts": stops,
            "source": line_source,
            "estimate": True,
        }
        for line_id, (name, headway, speed, stops) in lines.items()
    }
    return {
        "id": city_id,
        "name": f"{city['name']} (kreisfreie Stadt)" if city_id == "bochum" else f"{city['name']} (Kreis Unna)",
        "description": description,
        "bounding_box": city["bounding_box"],
        "district_sum_tolerance_share": 0.01,
        "municipalities": {city_id: municipality},
        "transit_lines": transit,
        "modes": city_modes(lemgo),
        "citizens": city_citizens(lemgo),
    }


BUERGERBUERO_LOAD = (
    "Bochum's six Bürgerbüros handle more than 35,000 requests in two months, about 210,000 a year or 0.56 per resident "
    "(WAZ article229150350, 2020), split by the 2024 mix of Düsseldorf's Bürgerbüros (122,401 registrations and 61,323 ID "
    "cards + 57,527 passports, https://lokalbuero.com/2025/01/16/76693; 176,934 requests in the first half of 2025, "
    "https://www.lokalbuero.com/?p=84341): registrations 35 %, ID documents 34 %, other matters 31 %. Age split ESTIMATE."
)
HANDLING_TIMES = (
    "Facts (buergerbuero_times): ID card slot 10 min (Soest), 5 min (registration certificate) to 20 min (child passport) "
    "in Bayreuth, up to 30 min for an eID application (Monheim); the mean per service is ESTIMATE."
)


def office_service(
    labels: tuple[str, str],
    rates: tuple[float, float, float],
    time: tuple[float, float],
    online: float,
    weekdays: dict,
    source: str,
) -> dict:
    """Return one of the Bürgerbüro's services."""
    return {
        "label": {"de": labels[0], "en": labels[1]},
        "requests_per_person_year": dict(zip(("0-17", "18-64", "65+"), rates, strict=True)),
        "service_time": {"mean_minutes": time[0], "cv": time[1]},
        "online_share": online,
        "weekday_weights": weekdays,
        "source": source,
    }


def city_services(lemgo: dict) -> dict:
    """Return the Bürgerbüro's three services plus Lemgo's GP and library services."""
    weekdays = lemgo["services"]["citizen_office"]["weekday_weights"]
    copied = "Copied from scenarios/lemgo_kalletal/baseline.yaml (no city-specific values found): "
    return {
        "registration": office_service(
            ("An- und Ummeldung", "Address registration"),
            (0.12, 0.25, 0.08),
            (10, 0.5),
            0.0,
            weekdays,
            f"{BUERGERBUERO_LOAD} About 0.19 registrations per resident a year. {HANDLING_TIMES} Online share 0: "
            "no online registration before the electronic registration (eWA) started in Bochum on 1 August 2024 "
            "(facts: bochum.ewa_online_registration_start).",
        ),
        "id_documents": office_service(
            ("Ausweise und Pässe", "ID cards and passports"),
            (0.22, 0.19, 0.17),
            (20, 0.4),
            0.0,
            weekdays,
            f"{BUERGERBUERO_LOAD} About 0.19 applications per resident a year (children's passports more often). "
            f"{HANDLING_TIMES} Online share 0 by law: ID card and passport applications need a visit "
            "(fingerprints, photo check; facts: buergerbuero_times.personal_appearance_required).",
        ),
        "citizen_office": office_service(
            ("Weitere Anliegen (Bürgerbüro)", "Other citizen-office matters"),
            (0.05, 0.22, 0.15),
            (8, 0.6),
            0.15,
            weekdays,
            f"{BUERGERBUERO_LOAD} About 0.18 per resident a year (certificates, residents' parking permits, "
            f"document pick-ups). {HANDLING_TIMES} Online share 0.15 ESTIMATE as in Lemgo-Kalletal (Düsseldorf issued "
            "61 % of its residents' parking permits online in 2024, 17,821 of 29,362, lokalbuero.com 2025/01/16).",
        ),
        "gp": lemgo["services"]["gp"] | {"source": copied + lemgo["services"]["gp"]["source"]},
        "library": lemgo["services"]["library"] | {"source": copied + lemgo["services"]["library"]["source"]},
    }


def fixed_point(
    city_id: str, place: tuple, desks: int, services: list[str], hours: dict, costs: dict, source: str
) -> dict:
    """Return a fixed service point; place = (district, name, lat, lon)."""
    district, name, lat, lon = place
    return {
        "name": name, "kind": "fixed", "owner": city_id, "district": district, "lat": lat, "lon": lon,
        "services": services, "desks": desks, "opening_hours": hours, **costs, "source": source,
    }  # fmt: skip


def office_point(city_id: str, place: tuple, desks: int, services: list[str], hours: dict, source: str) -> dict:
    """Return a Bürgerbüro or service point."""
    costs = {"cost_eur_per_desk_year": 85000, "cost_quoted_hours_per_week": 30, "fixed_cost_eur_per_year": 40000}
    return fixed_point(city_id, place, desks, services, hours, costs, source + ". Hours ESTIMATE (36 h/week); cost "
                       "85,000 EUR per workplace for 30 h/week and 40,000 EUR rooms as in Lemgo-Kalletal "
                       "(parameters.citizen_office.workplace_cost_per_year, ESTIMATE after KGSt).")  # fmt: skip


def library_point(city_id: str, place: tuple, desks: int, big: bool, source: str) -> dict:
    """Return a library; the central one with Lemgo's Stadtbücherei costs, branches with Corves Mühle's (ESTIMATE)."""
    costs = {"cost_eur_per_desk_year": 70000 if big else 60000, "fixed_cost_eur_per_year": 250000 if big else 40000}
    return fixed_point(city_id, place, desks, ["library"], LIBRARY_WEEK if big else BRANCH_LIBRARY_WEEK, costs, source)


def gp_practices(city_id: str, districts: dict) -> dict:
    """Place GP doctors by district population in practices of up to three doctors (rule C4)."""
    doctors = round(sum(d["population"] for d in districts.values()) * data.GP_PER_INHABITANT)
    by_size = sorted(districts, key=lambda d: -districts[d]["population"])
    homes = split_by_weights(doctors, [districts[d]["population"] for d in by_size])
    points = {}
    for d_id, count in zip(by_size, homes, strict=True):
        if not count:
            continue
        district = districts[d_id]
        practices = split_by_weights(
            count, [1.0] * min(MAX_PRACTICES_PER_DISTRICT, math.ceil(count / DOCTORS_PER_PRACTICE))
        )
        name = district["name"].split(" (")[0]
        points |= practice_points(
            city_id, d_id, district, name, practices, district["radius_km"] * 0.6, data.GP_SOURCE + " (rule C4)."
        )
    return points


def booking(services: list[str], online: float, phone: float, bookable: float, horizon: int) -> dict:
    """Return the appointment-booking interventions of the Bürgerbüro services (sources in the file header)."""
    return {
        f"appointments_{service}": {
            "type": "appointment_booking",
            "service": service,
            "start_day": 0,
            "booking_share": online,
            "phone_share": phone,
            "bookable_share": bookable,
            "horizon_days": horizon,
        }
        for service in services
    }


OFFICE_SERVICES = ["registration", "id_documents", "citizen_office"]


def back_office(city_id: str, district: str, desks: int) -> dict:
    """Return the back office that handles the other matters' online requests (registration online is self-service)."""
    return {
        "name": f"Back office {city_id.capitalize()} (online requests)",
        "kind": "back_office",
        "owner": city_id,
        "district": district,
        "services": ["citizen_office"],
        "desks": desks,
        "max_tries": 20,
        "opening_hours": BACK_OFFICE_WEEK,
        "cost_eur_per_desk_year": 85000,
        "cost_quoted_hours_per_week": 36,
        "source": "ESTIMATE: workplaces processing online applications of the other matters, as the Lemgo-Kalletal back "
        "offices; online registrations (eWA) run end to end without a back office desk in the model.",
    }


def build_baseline(city_id: str, region: dict, texts: dict, points: dict, interventions: dict, weekday: str) -> dict:
    """Return a baseline mapping: Lemgo's behaviour and simulation settings, the city's services and points."""
    lemgo = yaml.safe_load(LEMGO_BASELINE.read_text(encoding="utf-8"))
    copied = "Copied from scenarios/lemgo_kalletal/baseline.yaml (not recalibrated to a city): "
    districts = region["municipalities"][city_id]["districts"]
    return {
        "name": texts["name"],
        "description": texts["en"],
        "title": {"de": "Ausgangslage", "en": "Baseline"},
        "summary": {"de": texts["de"], "en": texts["en"]},
        "region": f"../regions/{city_id}.yaml",
        "simulation": lemgo["simulation"] | {"start_weekday": weekday},
        "behaviour": lemgo["behaviour"] | {"source": copied + lemgo["behaviour"]["source"]},
        "services": city_services(lemgo),
        "service_points": points | gp_practices(city_id, districts),
        "interventions": interventions,
    }


def bochum() -> tuple[dict, dict]:
    """Return Bochum's region and baseline."""
    region = build_region("bochum", data.BOCHUM, bochum_districts(), data.BOCHUM_LINES, data.BOCHUM_LINE_SOURCE,
                          "The city of Bochum (about 372,000 residents) in its 6 Stadtbezirke and 28 districts that stand "
                          "for its 30 statistical districts. Six Bürgerbüros, free choice of office across the city. "
                          "Sources and rules: docs/CITIES.md.")  # fmt: skip
    points = {
        p_id: office_point("bochum", (district, name, lat, lon), desks, OFFICE_SERVICES, CITY_OFFICE_WEEK,
                           source + "; " + data.BOCHUM_OFFICE_STAFF + "; desks ESTIMATE")
        for p_id, (district, name, lat, lon, desks, source) in data.BOCHUM_OFFICES.items()
    }  # fmt: skip
    points["back_office_bochum"] = back_office("bochum", "innenstadt", 3)
    for p_id, (district, name, lat, lon, desks, big) in data.BOCHUM_LIBRARIES.items():
        points[p_id] = library_point("bochum", (district, name, lat, lon), desks, big, data.BOCHUM_LIBRARY_SOURCE)
    interventions = booking(OFFICE_SERVICES, 1.0, 1.0, 0.9, 28)
    return region, build_baseline("bochum", region, data.BOCHUM_TEXTS, points, interventions, "thu")


def luenen() -> tuple[dict, dict]:
    """Return Lünen's region and baseline."""
    region = build_region("luenen", data.LUENEN, luenen_districts(), data.LUENEN_LINES, data.LUENEN_LINE_SOURCE,
                          "The town of Lünen (Kreis Unna, about 86,000 residents) in its 14 statistical districts. One "
                          "Bürgerbüro and a service point in the Rathaus. Sources and rules: docs/CITIES.md.")  # fmt: skip
    points = {}
    for p_id, (district, name, lat, lon, desks, services, source) in data.LUENEN_OFFICES.items():
        hours = CITY_OFFICE_WEEK if p_id.startswith("buergerbuero") else SERVICEPOINT_WEEK
        points[p_id] = office_point("luenen", (district, name, lat, lon), desks, services, hours, source)
    points["back_office_luenen"] = back_office("luenen", "luenen_mitte", 1)
    for p_id, (district, name, lat, lon, desks, big, source) in data.LUENEN_LIBRARIES.items():
        points[p_id] = library_point("luenen", (district, name, lat, lon), desks, big, source)
    points["buergerbuecherei_brambauer"] |= {"cost_eur_per_desk_year": 0.0, "fixed_cost_eur_per_year": 10000}
    interventions = booking(OFFICE_SERVICES, 0.8, 0.6, 0.8, 21)
    return region, build_baseline("luenen", region, data.LUENEN_TEXTS, points, interventions, "sun")


HEADER = """\
# {what} for {city}, written by tools/build_cities.py from tools/city_data.py and {facts}.
# Do not edit by hand: change the tables and rebuild. Every number carries a source; estimate/coord_estimate flag what
# is derived or guessed. Rules (C1-C4, L1) and the reading of the results: docs/CITIES.md.
"""
BOOKING_NOTE = {
    "bochum": "# Appointments: 'Eine Vorsprache in den Bürgerbüros ist nur mit Termin möglich' (bochum.de, Dienstleistungen und\n"
    "# Infos), hence booking_share and phone_share 1; 90 % of desk time bookable and a 28-day horizon ESTIMATE.\n",
    "luenen": "# Appointments online or by phone ((02306) 104-2030, Ruhr Nachrichten 11/2023); walk-in on Wednesdays since 19.04.2023\n"
    "# (facts: luenen.walk_in_day), hence 80 % of desk time bookable; shares 0.8 online / 0.6 by phone ESTIMATE.\n",
}


def main() -> None:
    """Build and write the four files."""
    dump = {"sort_keys": False, "allow_unicode": True, "width": 160}
    for city_id, (region, baseline) in (("bochum", bochum()), ("luenen", luenen())):
        name = region["municipalities"][city_id]["name"]
        region_file = REPO / "scenarios" / "regions" / f"{city_id}.yaml"
        baseline_file = REPO / "scenarios" / city_id / "baseline.yaml"
        region_file.write_text(
            HEADER.format(what="Region file", city=name, facts=data.FACTS) + yaml.safe_dump(region, **dump),
            encoding="utf-8",
        )
        baseline_file.parent.mkdir(parents=True, exist_ok=True)
        text = (
            HEADER.format(what="Baseline", city=name, facts=data.FACTS)
            + BOOKING_NOTE[city_id]
            + yaml.safe_dump(baseline, **dump)
        )
        baseline_file.write_text(text, encoding="utf-8")
        residents = sum(d["population"] for d in region["municipalities"][city_id]["districts"].values())
        print(
            f"wrote {region_file.relative_to(REPO)} ({residents:,} residents, {len(region['municipalities'][city_id]['districts'])} "
            f"districts) and {baseline_file.relative_to(REPO)} ({len(baseline['service_points'])} service points)"
        )


if __name__ == "__main__":
    main()
