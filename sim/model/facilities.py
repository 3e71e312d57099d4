"""Service points as arrays: places, opening sessions per weekday and who may use what on a given day."""

from dataclasses import dataclass

import numpy as np

from kernels.records import Places
from sim.io.schema import WEEKDAYS, ScenarioConfig, parse_hours
from sim.io.schema import ServicePoint as ServicePointConfig
from sim.mechanisms.id_terminal import IdTerminal, visit_share
from sim.model.geography import Geography
from sim.model.requests import calendar_days

KIND_FIXED = 0
KIND_BACK_OFFICE = 1
KIND_MOBILE = 2
_KIND_CODES = {"fixed": KIND_FIXED, "back_office": KIND_BACK_OFFICE, "mobile": KIND_MOBILE}
NO_PLACE = -1


@dataclass(frozen=True)
class Facilities:
    """Service points and their places (a fixed point is one place; a mobile unit has one per stop)."""

    point_ids: tuple[str, ...]
    point_kind: np.ndarray
    point_desks: np.ndarray
    point_max_tries: np.ndarray
    point_offers: np.ndarray  # bool (points x services)
    place_point: np.ndarray
    place_lat: np.ndarray
    place_lon: np.ndarray
    place_rows: np.ndarray  # int64 (places x 2): district, municipality
    place_hours: tuple[tuple[np.ndarray, ...], ...]  # [place][weekday] -> (k x 2) open minutes
    next_open_offset: np.ndarray  # (places x 7) days from a weekday to the next open day, -1 if never
    start_weekday: int
    hours_flat: tuple[np.ndarray, ...]  # [weekday] -> all places' intervals stacked ((k x 2) minutes)
    hours_offsets: tuple[np.ndarray, ...]  # [weekday] -> place p owns hours_flat[w][offsets[p]:offsets[p + 1]]
    open_minutes: np.ndarray  # (places x 7) open minutes per weekday

    @property
    def point_first_place(self) -> np.ndarray:
        """Return each point's first place (its own place, or a mobile unit's first stop)."""
        return np.searchsorted(self.place_point, np.arange(len(self.point_ids)))

    @property
    def place_count(self) -> int:
        """Return the number of places."""
        return int(self.place_point.shape[0])

    def weekday(self, day: int) -> int:
        """Return the weekday (0 = Monday) of a simulation day."""
        return (self.start_weekday + day) % 7

    def intervals(self, place: int, day: int) -> np.ndarray:
        """Return the open intervals of a place on a day ((k x 2) minutes; empty if closed)."""
        return self.place_hours[place][self.weekday(day)]

    def next_open_day(self, place: int, day: int) -> int:
        """Return the first day on or after `day` on which the place's weekly hours open it, or -1.

        Closures by day are not seen here; the kernels read them (kernels.opening, sim.model.closures).
        """
        offset = int(self.next_open_offset[place, self.weekday(day)])
        return -1 if offset < 0 else day + offset


def _hours_array(texts: list[tuple[float, float]]) -> np.ndarray:
    return np.array(texts, dtype=np.float64).reshape(-1, 2)


Place = tuple[int, float, float, tuple[int, int], tuple[np.ndarray, ...]]  # point, lat, lon, rows, hours by weekday


def _places_of(point_index: int, point: ServicePointConfig, geography: Geography) -> list[Place]:
    """Return a point's places: itself, or for a mobile unit one place per district on its timetable."""
    if point.kind == "mobile":
        places = []
        for district_id in dict.fromkeys(stop.district for stop in point.timetable):
            district = geography.district_index(district_id)
            week = tuple(
                np.sort(_hours_array([parse_hours(stop.hours) for stop in point.timetable
                                      if stop.district == district_id and stop.weekday == weekday]), axis=0)
                for weekday in WEEKDAYS
            )  # fmt: skip
            rows = (district, int(geography.district_municipality[district]))
            places.append((point_index, geography.district_lat[district], geography.district_lon[district], rows, week))
        return places
    assert point.opening_hours is not None  # guaranteed by the schema
    # A back office without a district is placed at the region's first district (nominal).
    district = geography.district_index(point.district) if point.district is not None else 0
    lat = point.lat if point.lat is not None else geography.district_lat[district]
    lon = point.lon if point.lon is not None else geography.district_lon[district]
    week = tuple(_hours_array(point.opening_hours.intervals(day)) for day in range(7))
    return [(point_index, lat, lon, (district, int(geography.district_municipality[district])), week)]


def _next_open_offsets(place_hours: list[tuple[np.ndarray, ...]]) -> np.ndarray:
    """Return (places x 7): days from each weekday to the place's next open day, -1 if it never opens."""
    next_open = np.full((len(place_hours), 7), -1, dtype=np.int64)
    for place, week in enumerate(place_hours):
        for weekday in range(7):
            for offset in range(7):
                if week[(weekday + offset) % 7].shape[0] > 0:
                    next_open[place, weekday] = offset
                    break
    return next_open


def build_facilities(scenario: ScenarioConfig, geography: Geography) -> Facilities:
    """Lay out points and places; mobile units get one place per district on their timetable."""
    service_ids = list(scenario.services)
    points = list(scenario.service_points.values())
    offers = np.zeros((len(points), len(service_ids)), dtype=np.bool_)
    places: list[Place] = []
    for point_index, point in enumerate(points):
        for service in point.services:
            offers[point_index, service_ids.index(service)] = True
        places.extend(_places_of(point_index, point, geography))
    place_hours = [place[4] for place in places]
    hours_flat, hours_offsets = [], []
    for weekday in range(7):
        blocks = [week[weekday] for week in place_hours]
        offsets = np.zeros(len(blocks) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([block.shape[0] for block in blocks])
        hours_flat.append(np.concatenate(blocks).reshape(-1, 2) if blocks else np.zeros((0, 2)))
        hours_offsets.append(offsets)
    open_minutes = np.array(
        [[float((week[day][:, 1] - week[day][:, 0]).sum()) for day in range(7)] for week in place_hours]
    ).reshape(-1, 7)
    return Facilities(
        hours_flat=tuple(hours_flat),
        hours_offsets=tuple(hours_offsets),
        open_minutes=open_minutes,
        point_ids=tuple(scenario.service_points),
        point_kind=np.array([_KIND_CODES[point.kind] for point in points], dtype=np.int64),
        point_desks=np.array([point.desks for point in points], dtype=np.int64),
        point_max_tries=np.array([point.max_tries or scenario.simulation.max_tries for point in points], np.int64),
        point_offers=offers,
        place_point=np.array([place[0] for place in places], dtype=np.int64),
        place_lat=np.array([place[1] for place in places]),
        place_lon=np.array([place[2] for place in places]),
        place_rows=np.array([place[3] for place in places], dtype=np.int64).reshape(-1, 2),
        place_hours=tuple(place_hours),
        next_open_offset=_next_open_offsets(place_hours),
        start_weekday=WEEKDAYS.index(scenario.simulation.start_weekday),
    )


OpenDayTables = tuple[np.ndarray, np.ndarray, np.ndarray]  # closure_row, next_open_planned, next_open_actual


def places_record(facilities: Facilities, scenario: ScenarioConfig, open_days: OpenDayTables) -> Places:
    """Return the kernels' record of places (each place's desks is a fresh copy the model may change).

    open_days are the closure tables of sim.model.closures.open_day_tables.
    """
    blocks = list(facilities.hours_flat)
    starts = np.cumsum([0] + [block.shape[0] for block in blocks[:-1]])
    offsets = np.stack([facilities.hours_offsets[w] + starts[w] for w in range(7)]).astype(np.int64)
    uptake = np.array([point.uptake_share for point in scenario.service_points.values()], dtype=np.float64)
    return Places(
        lat=facilities.place_lat,
        lon=facilities.place_lon,
        district=np.ascontiguousarray(facilities.place_rows[:, 0]),
        municipality=np.ascontiguousarray(facilities.place_rows[:, 1]),
        point=facilities.place_point,
        desks=facilities.point_desks[facilities.place_point].copy(),
        max_tries=facilities.point_max_tries[facilities.place_point].copy(),
        uptake_share=uptake[facilities.place_point] if len(uptake) else np.zeros(0),
        next_open_offset=facilities.next_open_offset,
        open_minutes=np.ascontiguousarray(facilities.open_minutes),
        hours=np.ascontiguousarray(np.concatenate(blocks).reshape(-1, 2)),
        hours_offsets=offsets,
        **slot_book(facilities, scenario),
        closure_row=open_days[0],
        next_open_planned=open_days[1],
        next_open_actual=open_days[2],
        **terminal_tables(facilities, scenario),
    )


def slot_book(facilities: Facilities, scenario: ScenarioConfig) -> dict[str, np.ndarray]:
    """Return each place's appointment slots (from the booking interventions of the services it offers)."""
    places = facilities.place_count
    slot_minutes, share, horizon = np.zeros(places), np.zeros(places), np.zeros(places, dtype=np.int64)
    service_ids = list(scenario.services)
    for intervention in scenario.interventions.values():
        if intervention.type != "appointment_booking" or intervention.service is None:
            continue
        service = service_ids.index(intervention.service)
        length = (
            getattr(intervention, "slot_minutes", None)
            or scenario.services[intervention.service].service_time.mean_minutes
        )
        offers = facilities.point_offers[facilities.place_point, service] & (slot_minutes == 0)
        slot_minutes[offers] = length
        share[offers] = getattr(intervention, "bookable_share", 0.6)
        horizon[offers] = getattr(intervention, "horizon_days", 28)
    days = calendar_days(scenario.simulation.days)
    return {
        "slot_minutes": slot_minutes,
        "slot_share": share,
        "booking_horizon_days": horizon,
        "slots_booked": np.zeros((places, days), dtype=np.int32),
    }


def terminal_tables(facilities: Facilities, scenario: ScenarioConfig) -> dict[str, np.ndarray]:
    """Return per place and service the share of visits captured at a terminal and their desk-time factor.

    Both are (0 x 0) without id_terminal interventions, so the kernels skip them (kernels.terminal).
    """
    terminals = [i for i in scenario.interventions.values() if isinstance(i, IdTerminal)]
    if not terminals:
        return {"terminal_share": np.zeros((0, 0)), "terminal_desk_factor": np.zeros((0, 0))}
    service_ids, point_ids = list(scenario.services), list(facilities.point_ids)
    share = np.zeros((facilities.place_count, len(service_ids)))
    factor = np.ones((facilities.place_count, len(service_ids)))
    for terminal in terminals:
        assert isinstance(terminal, IdTerminal)  # narrows the schema's union for the type checker
        places = facilities.place_point == point_ids.index(terminal.service_point)
        service = service_ids.index(terminal.service)
        share[places, service] = visit_share(terminal)
        factor[places, service] = terminal.desk_time_factor
    return {"terminal_share": share, "terminal_desk_factor": factor}
