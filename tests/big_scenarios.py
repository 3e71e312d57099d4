"""Scenario texts that are valid but far too large to run: the hostile cases of the work cap."""

HOSTILE_SERVICES = 97
HOSTILE_RATE = 60  # requests per person-year, the schema's maximum


def many_services_text(services: int = HOSTILE_SERVICES, rate: float = HOSTILE_RATE) -> str:
    """A scenario extending the baseline with `services` open-access services at `rate` requests per person-year."""
    lines = ["extends: baseline.yaml", "name: Many services", "services:"]
    for number in range(services):
        lines += [
            f"  service_{number}:",
            "    label: {de: Leistung, en: Service}",
            f"    requests_per_person_year: {{'0-17': {rate}, '18-64': {rate}, '65+': {rate}}}",
            "    service_time: {mean_minutes: 5, cv: 0.5}",
            "    online_share: 0.0",
            "    open_access: true",
            "    source: test",
        ]
    names = ", ".join(f"service_{number}" for number in range(services))
    lines += [
        "service_points:",
        "  hub:",
        "    name: Hub",
        "    owner: lemgo",
        "    district: kernstadt",
        "    lat: 52.028",
        "    lon: 8.9015",
        f"    services: [{names}]",
        "    desks: 200",
        "    opening_hours: {mon: ['08:00-12:00']}",
        "    source: test",
    ]
    return "\n".join(lines) + "\n"
