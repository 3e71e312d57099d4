"""What citizens may choose on a day (the day plan) and the batched decisions of the kernels engine."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kernels import random as draws
from kernels.choice import choose_places
from kernels.travel import great_circle_km
from sim.facilities import KIND_BACK_OFFICE, KIND_FIXED, KIND_MOBILE, access_matrix
from sim.requests import CHANNEL_IN_PERSON, CHANNEL_MOBILE, CHANNEL_ONLINE, STATUS_PENDING, STATUS_SERVED
from sim.schema import AppointmentBooking, OnlineShareRamp

if TYPE_CHECKING:
    from sim.model import Region


@dataclass(frozen=True)
class DayPlan:
    """Everything a citizen's decision reads on one day, shared by both engines."""

    day: int
    online_share: np.ndarray  # per service
    booking_share: np.ndarray  # per service
    back_office: np.ndarray  # (municipalities x services) place handling online requests, -1 = self-service
    mobile_place: np.ndarray  # (municipalities x services x districts) soonest mobile stop, -1 = none
    uptake_share: np.ndarray  # per point
    group_offsets: np.ndarray  # candidate groups: (district, service) for visits, then one per place
    group_places: np.ndarray
    services: int

    def in_person_group(self, district: int, service: int) -> int:
        """Return the candidate group of an in-person visit."""
        return district * self.services + service

    def mobile_group(self, place: int, districts: int) -> int:
        """Return the single-place group used for the trip to a mobile stop."""
        return districts * self.services + place


def online_share(model: "Region", service: int, day: int) -> float:
    """Return a service's online share on a day, after digital rollouts (linear ramps)."""
    service_id = model.service_ids[service]
    share = model.config.services[service_id].online_share
    for intervention in model.config.interventions.values():
        if isinstance(intervention, OnlineShareRamp) and intervention.service == service_id:
            if day >= intervention.start_day:
                ramp = intervention.ramp_days
                progress = 1.0 if ramp == 0 else (day - intervention.start_day) / ramp
                share = share + (intervention.target_share - share) * min(1.0, progress)
    return share


def booking_share(model: "Region", service: int, day: int) -> float:
    """Return the share of in-person visits booked as appointments on a day."""
    service_id = model.service_ids[service]
    share = 0.0
    for intervention in model.config.interventions.values():
        if isinstance(intervention, AppointmentBooking) and intervention.service == service_id:
            if day >= intervention.start_day:
                share = max(share, intervention.booking_share)
    return share


def _candidate_groups(model: "Region", allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return CSR groups: per (district, service) the nearest usable fixed places, then one group per place.

    People consider the few nearest places they may use (the consideration set), which also keeps
    the choice cost flat when a region has hundreds of GP practices.
    """
    facilities, geography = model.facilities, model.geography
    kind = facilities.point_kind[facilities.place_point]
    limit = model.config.behaviour.consideration_set_size
    groups: list[np.ndarray] = []
    for district in range(len(geography.district_ids)):
        municipality = geography.district_municipality[district]
        lat, lon = geography.district_lat[district], geography.district_lon[district]
        for service in range(allowed.shape[2]):
            usable = np.flatnonzero(allowed[municipality, facilities.place_point, service] & (kind == KIND_FIXED))
            distance = np.array(
                [great_circle_km(lat, lon, facilities.place_lat[p], facilities.place_lon[p]) for p in usable]
            )
            groups.append(usable[np.argsort(distance, kind="stable")][:limit])
    groups.extend(np.array([place], dtype=np.int64) for place in range(facilities.place_count))
    offsets = np.zeros(len(groups) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([group.shape[0] for group in groups])
    return offsets, np.concatenate(groups).astype(np.int64)


def build_day_plan(model: "Region", day: int) -> DayPlan:
    """Return the day's shares, access groups, back offices and mobile stops (access cached per agreement state)."""
    facilities, geography = model.facilities, model.geography
    services = len(model.service_ids)
    access = model.access_for(day)
    allowed, (offsets, places) = access
    kind = facilities.point_kind[facilities.place_point]
    municipalities = allowed.shape[0]
    back_office = model.back_offices_for(day, allowed)
    districts = len(geography.district_ids)
    mobile_place = np.full((municipalities, services, districts), -1, dtype=np.int64)
    best_day = np.full((municipalities, services, districts), np.iinfo(np.int64).max, dtype=np.int64)
    last_day = day + model.config.behaviour.mobile_lookahead_days
    for place in np.flatnonzero(kind == KIND_MOBILE):
        visit = facilities.next_open_day(int(place), day)
        if visit < 0 or visit > last_day:
            continue
        district = facilities.place_rows[place, 0]
        usable = allowed[:, facilities.place_point[place], :] & (visit < best_day[:, :, district])
        mobile_place[:, :, district][usable] = place
        best_day[:, :, district][usable] = visit
    return DayPlan(
        day=day,
        online_share=np.array([online_share(model, s, day) for s in range(services)]),
        booking_share=np.array([booking_share(model, s, day) for s in range(services)]),
        back_office=back_office,
        mobile_place=mobile_place,
        uptake_share=np.array([point.config.uptake_share for point in model.point_agents]),
        group_offsets=offsets,
        group_places=places,
        services=services,
    )


def back_office_table(model: "Region", allowed: np.ndarray) -> np.ndarray:
    """Return the place handling each (municipality, service)'s online requests, -1 for self-service."""
    facilities = model.facilities
    kind = facilities.point_kind[facilities.place_point]
    back_office = np.full((allowed.shape[0], allowed.shape[2]), -1, dtype=np.int64)
    for municipality in range(allowed.shape[0]):
        for service in range(allowed.shape[2]):
            offices = np.flatnonzero(
                allowed[municipality, facilities.place_point, service] & (kind == KIND_BACK_OFFICE)
            )
            if offices.shape[0]:
                # Prefer the office with the most desks (a shared one), then the first listed.
                desks = facilities.point_desks[facilities.place_point[offices]]
                back_office[municipality, service] = offices[np.argmax(desks)]
    return back_office


def allowed_and_groups(model: "Region", day: int) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Return the access matrix of a day and its candidate groups."""
    allowed = access_matrix(model.config, model.geography.municipality_ids, day)
    return allowed, _candidate_groups(model, allowed)


def decide_batch(model: "Region", plan: DayPlan, rows: np.ndarray) -> None:
    """Kernels engine: give all of a day's new needs a channel, place, mode and visit day at once."""
    book, citizens, facilities = model.book, model.citizens, model.facilities
    day = plan.day
    citizen = book.citizen[rows].astype(np.int64)
    service = book.service[rows].astype(np.int64)
    municipality = citizens.municipality[citizen]
    district = citizens.district[citizen]
    key = book.key_index(rows)
    days = np.full(rows.shape[0], day, dtype=np.int64)
    online_draw = draws.uniform_array(model.seed, draws.PURPOSE_ONLINE_POSSIBLE, citizen, days, key)
    office = plan.back_office[municipality, service]
    is_online = (online_draw < plan.online_share[service]) & citizens.is_online_user[citizen]
    stop = plan.mobile_place[municipality, service, district]
    uptake_draw = draws.uniform_array(model.seed, draws.PURPOSE_MOBILE_UPTAKE, citizen, days, key)
    is_mobile = ~is_online & (stop >= 0)
    is_mobile &= uptake_draw < plan.uptake_share[facilities.place_point[np.maximum(stop, 0)]]
    is_in_person = ~is_online & ~is_mobile

    book.channel[rows[is_online]] = CHANNEL_ONLINE
    book.place[rows[is_online]] = office[is_online]
    self_service = rows[is_online & (office < 0)]  # online without a back office: e-lending, a download
    book.status[self_service] = STATUS_SERVED
    book.served_day[self_service] = day
    book.tries[self_service] = 1
    book.channel[rows[is_mobile]] = CHANNEL_MOBILE
    book.channel[rows[is_in_person]] = CHANNEL_IN_PERSON
    today = model.today
    today["requests"] += float(rows.shape[0])
    today["online"] += float(is_online.sum())
    today["mobile"] += float(is_mobile.sum())
    today["in_person"] += float(is_in_person.sum())
    today["served"] += float(self_service.shape[0])

    travelling = ~is_online
    districts = len(model.geography.district_ids)
    group = np.where(is_mobile, districts * plan.services + stop, district * plan.services + service)[travelling]
    moving = rows[travelling]
    place, mode, minutes, km = choose_places(
        model.seed,
        book.draw_keys(moving),
        group,
        citizens.lat,
        citizens.lon,
        model.citizen_rows,
        plan.group_offsets,
        plan.group_places,
        model.memory_place,
        model.memory_wait,
        model.public_wait,
        model.utility_cache,
        facilities.place_lat,
        facilities.place_lon,
        facilities.place_rows,
        model.geography.transit_minutes,
        model.mode_table,
        model.weights,
    )
    book.place[moving] = place
    book.mode[moving] = mode
    book.travel_minutes[moving] = minutes
    book.travel_km[moving] = km
    booking_draw = draws.uniform_array(model.seed, draws.PURPOSE_BOOKING, citizen, days, key)
    book.booked[rows] = is_in_person & (booking_draw < plan.booking_share[service])
    model.schedule_first_visits(rows[book.status[rows] == STATUS_PENDING], day)
