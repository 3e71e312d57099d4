"""Service points as arrays: places, opening sessions per weekday and who may use what on a given day."""

from dataclasses import dataclass

import numpy as np

from kernels.records import Places
from sim.region import Geography
from sim.schema import WEEKDAYS, ScenarioConfig, parse_hours

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
        """Return the first day on or after `day` on which the place is open, or -1."""
        offset = int(self.next_open_offset[place, self.weekday(day)])
        return -1 if offset < 0 else day + offset


def _hours_array(texts: list[tuple[float, float]]) -> np.ndarray:
    return np.array(texts, dtype=np.float64).reshape(-1, 2)


def build_facilities(scenario: ScenarioConfig, geography: Geography) -> Facilities:
    """Lay out points and places; mobile units get one place per district on their timetable."""
    service_ids = list(scenario.services)
    point_ids = tuple(scenario.service_points)
    kinds, desks, tries = [], [], []
    offers = np.zeros((len(point_ids), len(service_ids)), dtype=np.bool_)
    place_point, place_lat, place_lon, place_rows, place_hours = [], [], [], [], []
    for point_index, point in enumerate(scenario.service_points.values()):
        kinds.append(_KIND_CODES[point.kind])
        desks.append(point.desks)
        tries.append(point.max_tries or scenario.simulation.max_tries)
        for service in point.services:
            offers[point_index, service_ids.index(service)] = True
        if point.kind == "mobile":
            for district_id in dict.fromkeys(stop.district for stop in point.timetable):
                district = geography.district_index(district_id)
                week = tuple(
                    _hours_array(
                        [
                            parse_hours(stop.hours)
                            for stop in point.timetable
                            if stop.district == district_id and stop.weekday == weekday
                        ]
                    )
                    for weekday in WEEKDAYS
                )
                place_point.append(point_index)
                place_lat.append(geography.district_lat[district])
                place_lon.append(geography.district_lon[district])
                place_rows.append((district, geography.district_municipality[district]))
                place_hours.append(tuple(np.sort(hours, axis=0) for hours in week))
            continue
        assert point.opening_hours is not None  # guaranteed by the schema
        if point.district is not None:
            district = geography.district_index(point.district)
        else:  # a back office without a district is placed at the region's first district (nominal)
            district = 0
        place_point.append(point_index)
        place_lat.append(point.lat if point.lat is not None else geography.district_lat[district])
        place_lon.append(point.lon if point.lon is not None else geography.district_lon[district])
        place_rows.append((district, geography.district_municipality[district]))
        place_hours.append(tuple(_hours_array(point.opening_hours.intervals(day)) for day in range(7)))
    next_open = np.full((len(place_point), 7), -1, dtype=np.int64)
    for place, week in enumerate(place_hours):
        for weekday in range(7):
            for offset in range(7):
                if week[(weekday + offset) % 7].shape[0] > 0:
                    next_open[place, weekday] = offset
                    break
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
        point_ids=point_ids,
        point_kind=np.array(kinds, dtype=np.int64),
        point_desks=np.array(desks, dtype=np.int64),
        point_max_tries=np.array(tries, dtype=np.int64),
        point_offers=offers,
        place_point=np.array(place_point, dtype=np.int64),
        place_lat=np.array(place_lat),
        place_lon=np.array(place_lon),
        place_rows=np.array(place_rows, dtype=np.int64).reshape(-1, 2),
        place_hours=tuple(place_hours),
        next_open_offset=next_open,
        start_weekday=WEEKDAYS.index(scenario.simulation.start_weekday),
    )


def places_record(facilities: Facilities, scenario: ScenarioConfig) -> Places:
    """Return the kernels' record of places (each place's desks is a fresh copy the model may change)."""
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
    )
