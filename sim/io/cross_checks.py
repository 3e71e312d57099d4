"""Checks across the parts of a region or scenario file: ids that must exist, sums that must agree, access."""

from collections.abc import Callable

from sim.io.intervention_checks import check_interventions
from sim.io.projection_schema import AGE_SUM_TOLERANCE_SHARE, AreaProjection, Projections
from sim.io.schema import AGE_GROUPS, MAX_POPULATION, RegionConfig, ScenarioConfig
from sim.mechanisms import REGISTRY, CheckContext

Problem = Callable[[str, str], None]  # (key path, message)


def district_ids(region: RegionConfig) -> dict[str, str]:
    """Map every district id to its municipality id."""
    return {d: m_id for m_id, m in region.municipalities.items() for d in m.districts}


def check_region(region: RegionConfig, problem: Problem) -> None:
    """Report duplicate districts, coordinates outside the box, district sums, the population cap, bus stops."""
    owner_of: dict[str, str] = {}
    for municipality_id, municipality in region.municipalities.items():
        for district_id in municipality.districts:
            if district_id in owner_of:
                path = f"municipalities.{municipality_id}.districts.{district_id}"
                problem(path, f"duplicate district id (also in {owner_of[district_id]})")
            owner_of[district_id] = municipality_id
    box = region.bounding_box
    for municipality_id, municipality in region.municipalities.items():
        base = f"municipalities.{municipality_id}"
        places = [(base, municipality.lat, municipality.lon)]
        places += [(f"{base}.districts.{d_id}", d.lat, d.lon) for d_id, d in municipality.districts.items()]
        for key_path, lat, lon in places:
            if not box.contains(lat, lon):
                problem(
                    f"{key_path}.lat",
                    f"lat {lat:g}, lon {lon:g} lies outside the region's bounding_box ({box.describe()})",
                )
        district_sum = sum(d.population for d in municipality.districts.values())
        tolerance = region.district_sum_tolerance_share
        if abs(district_sum - municipality.population) > tolerance * municipality.population:
            problem(
                f"{base}.population",
                f"the districts add up to {district_sum:,} residents, the official population is "
                f"{municipality.population:,} (allowed difference {tolerance:.0%}, district_sum_tolerance_share)",
            )
    total = sum(d.population for m in region.municipalities.values() for d in m.districts.values())
    if total > MAX_POPULATION:
        problem("municipalities", f"{total} residents exceed the cap of {MAX_POPULATION}")
    for line_id, line in region.transit_lines.items():
        for index, district_id in enumerate(line.districts):
            if district_id not in owner_of:
                problem(f"transit_lines.{line_id}.districts.{index}", f"unknown district '{district_id}'")
    check_projections(region, problem)


def check_projections(region: RegionConfig, problem: Problem) -> None:
    """Report projection rows whose age groups miss their total, missing years, and Kreise or towns not covered."""
    projections = region.projections
    if projections is None:
        return
    for kind, area_id, area in projections.areas():
        _check_area(f"projections.{kind}.{area_id}", area, projections, problem)
    for municipality_id in projections.municipalities:
        if municipality_id not in region.municipalities:
            problem(f"projections.municipalities.{municipality_id}", f"unknown municipality '{municipality_id}'")
    for municipality_id, municipality in region.municipalities.items():
        key_path = f"municipalities.{municipality_id}.kreis"
        if municipality.kreis is not None and municipality.kreis not in projections.kreise:
            known = ", ".join(projections.kreise) or "none"
            problem(key_path, f"unknown Kreis '{municipality.kreis}' (projections.kreise has: {known})")
        elif municipality.kreis is None and municipality_id not in projections.municipalities:
            problem(key_path, "no projection covers this municipality: name its Kreis or add it to projections")


def _check_area(base: str, area: AreaProjection, projections: Projections, problem: Problem) -> None:
    """Report an area whose years differ from the table's or whose age groups miss the total."""
    if sorted(area.years) != projections.years:
        problem(f"{base}.years", f"gives the years {sorted(area.years)}; the table's years are {projections.years}")
        return
    for year, row in area.years.items():
        total = sum(row.age_groups.as_tuple())
        if abs(total - row.population) > AGE_SUM_TOLERANCE_SHARE * row.population + 0.5:
            problem(
                f"{base}.years.{year}.age_groups",
                f"the age groups add up to {total:,.0f} residents, the population is {row.population:,} "
                f"(allowed difference {AGE_SUM_TOLERANCE_SHARE:.1%})",
            )
    base_counts = area.years[projections.base_year].age_groups.as_tuple()
    for index, group in enumerate(AGE_GROUPS):
        if base_counts[index] <= 0 and any(row.age_groups.as_tuple()[index] > 0 for row in area.years.values()):
            key_path = f"{base}.years.{projections.base_year}.age_groups.{group}"
            problem(key_path, "the base year needs residents in every age group that a later year has")


def check_references(scenario: ScenarioConfig, region: RegionConfig, problem: Problem) -> None:
    """Report ids a scenario names that its region or its other parts do not define."""
    municipalities = set(region.municipalities)
    for agreement_id in scenario.agreements:
        if agreement_id in municipalities:
            problem(f"agreements.{agreement_id}", "an agreement id must differ from every municipality id")
    _check_points(scenario, region, problem)
    owners = municipalities | set(scenario.agreements)
    for agreement_id, agreement in scenario.agreements.items():
        base = f"agreements.{agreement_id}"
        for index, member in enumerate(agreement.members):
            if member not in municipalities:
                problem(f"{base}.members.{index}", f"unknown municipality '{member}'")
        _check_services(scenario, f"{base}.services", agreement.services, problem)
    check_interventions(scenario, owners, problem)
    _check_mechanisms(scenario, region, problem)
    _check_population_year(scenario, region, problem)
    staffing = scenario.municipal_behaviour.adaptive_staffing
    if staffing is not None:
        base = "municipal_behaviour.adaptive_staffing"
        _check_services(scenario, f"{base}.services", staffing.services, problem)
        for municipality_id in staffing.budget_eur_per_year:
            if municipality_id not in municipalities:
                problem(f"{base}.budget_eur_per_year.{municipality_id}", f"unknown municipality '{municipality_id}'")


def _check_mechanisms(scenario: ScenarioConfig, region: RegionConfig, problem: Problem) -> None:
    """Let each intervention's mechanism check what it needs of the scenario (dates, limits, districts)."""
    context = CheckContext(
        days=scenario.simulation.days,
        online_shares={s_id: service.online_share for s_id, service in scenario.services.items()},
        interventions=dict(scenario.interventions),
        district_ids=frozenset(district_ids(region)),
    )
    for intervention_id, intervention in scenario.interventions.items():
        check = REGISTRY[intervention.type].check
        if check is not None and intervention.service in scenario.services:
            check(intervention, f"interventions.{intervention_id}", context, problem)


def _check_population_year(scenario: ScenarioConfig, region: RegionConfig, problem: Problem) -> None:
    year = scenario.simulation.population_year
    if year is None:
        return
    projections = region.projections
    if projections is None:
        message = f"region '{region.id}' has no projections table; remove population_year or add projections"
        problem("simulation.population_year", message)
    elif not projections.first_year <= year <= projections.last_year:
        problem(
            "simulation.population_year",
            f"{year} lies outside the projection table of region '{region.id}' "
            f"({projections.first_year}-{projections.last_year})",
        )


def _check_services(scenario: ScenarioConfig, key_path: str, services: list[str], problem: Problem) -> None:
    for index, service in enumerate(services):
        if service not in scenario.services:
            problem(f"{key_path}.{index}", f"unknown service '{service}'")


def _check_points(scenario: ScenarioConfig, region: RegionConfig, problem: Problem) -> None:
    """Report service points with unknown owners, services or districts, or outside the region's box."""
    districts = district_ids(region)
    owners = set(region.municipalities) | set(scenario.agreements)
    box = region.bounding_box
    for point_id, point in scenario.service_points.items():
        base = f"service_points.{point_id}"
        if point.owner not in owners:
            problem(f"{base}.owner", f"unknown municipality or agreement '{point.owner}'")
        _check_services(scenario, f"{base}.services", point.services, problem)
        if point.district is not None and point.district not in districts:
            problem(f"{base}.district", f"unknown district '{point.district}'")
        if point.lat is not None and point.lon is not None and not box.contains(point.lat, point.lon):
            problem(
                f"{base}.lat",
                f"lat {point.lat:g}, lon {point.lon:g} lies outside the region's bounding_box ({box.describe()})",
            )
        for index, stop in enumerate(point.timetable):
            if stop.district not in districts:
                problem(f"{base}.timetable.{index}.district", f"unknown district '{stop.district}'")


def check_access(scenario: ScenarioConfig, region: RegionConfig, problem: Problem) -> None:
    """Every municipality must reach at least one in-person point for every service at some time."""
    for service_id in scenario.services:
        for municipality_id in region.municipalities:
            if not _reaches(scenario, municipality_id, service_id):
                problem(
                    f"services.{service_id}",
                    f"residents of '{municipality_id}' have no service point for '{service_id}' "
                    "(add one or an agreement that opens one)",
                )


def _reaches(scenario: ScenarioConfig, municipality_id: str, service_id: str) -> bool:
    for point in scenario.service_points.values():
        if point.kind != "fixed" or service_id not in point.services:
            continue
        if point.owner == municipality_id or scenario.services[service_id].open_access:
            return True
        for agreement_id, agreement in scenario.agreements.items():
            if service_id not in agreement.services or municipality_id not in agreement.members:
                continue
            if point.owner == agreement_id or (agreement.access == "mutual" and point.owner in agreement.members):
                return True
    return False
