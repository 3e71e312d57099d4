"""Region(mesa.Model): wiring, the daily step (needs, channel, choice, queue, learning) and the DataCollector."""

from collections.abc import Callable

import mesa
import numpy as np

from kernels import random as draws
from kernels.choice import (
    WEIGHT_BORDER_PENALTY_MINUTES,
    WEIGHT_COUNT,
    WEIGHT_LIFT_CONSTANT,
    WEIGHT_SOCIAL_SHARE,
    WEIGHT_TIME_PER_MINUTE,
    WEIGHT_WAIT_PER_MINUTE,
    choose_places,
)
from sim.agents import Municipality, ServicePoint
from sim.config import Scenario
from sim.day import serve_day
from sim.facilities import (
    KIND_BACK_OFFICE,
    KIND_FIXED,
    KIND_MOBILE,
    access_matrix,
    agreements_signature,
    build_facilities,
)
from sim.population import synthesize_citizens
from sim.region import build_geography, mode_table
from sim.requests import (
    CHANNEL_IN_PERSON,
    CHANNEL_MOBILE,
    CHANNEL_ONLINE,
    STATUS_PENDING,
    STATUS_SERVED,
    STATUS_UNSERVED,
    generate_requests,
)
from sim.schema import AppointmentBooking, OnlineShareRamp

# Requests still open after the horizon are followed this many extra days, then count as unserved.
DRAIN_DAYS = 120

DAILY_FIELDS = (
    "requests",
    "online",
    "in_person",
    "mobile",
    "visits",
    "served",
    "unserved",
    "wait_minutes_sum",
    "waits_counted",
    "trips",
    "car_km",
    "co2_kg",
)


class Region(mesa.Model):
    """The region: municipalities, service points and citizens; one step is one day."""

    def __init__(self, scenario: Scenario, progress: Callable[[int, int], None] | None = None):
        """Build geography, citizens, requests and agents; nothing random is global."""
        config = scenario.config
        super().__init__(rng=config.simulation.seed)
        self.loaded_scenario = scenario
        self.config = config
        self.seed = config.simulation.seed
        self.days = config.simulation.days
        self.progress = progress
        self.geography = build_geography(scenario.region)
        self.citizens = synthesize_citizens(scenario.region, self.geography, self.seed)
        self.facilities = build_facilities(config, self.geography)
        self.book = generate_requests(config, self.citizens, self.facilities.start_weekday)
        self.service_ids = tuple(config.services)
        self.mode_table = mode_table(scenario.region, config.behaviour)
        self.weights = np.zeros(WEIGHT_COUNT)
        self.weights[WEIGHT_TIME_PER_MINUTE] = config.behaviour.time_weight_per_minute
        self.weights[WEIGHT_WAIT_PER_MINUTE] = config.behaviour.wait_weight_per_minute
        self.weights[WEIGHT_BORDER_PENALTY_MINUTES] = config.behaviour.border_penalty_minutes
        self.weights[WEIGHT_LIFT_CONSTANT] = config.behaviour.lift_constant
        self.weights[WEIGHT_SOCIAL_SHARE] = config.behaviour.social_learning_share
        self.citizen_rows = np.stack(
            [self.citizens.district, self.citizens.municipality, self.citizens.has_car.astype(np.int64)],
            axis=1,
        )
        self.expected_wait = np.full(
            (self.citizens.count, self.facilities.place_count),
            config.behaviour.initial_expected_wait_minutes,
            dtype=np.float64,
        )
        self.public_wait = np.full(
            self.facilities.place_count, config.behaviour.initial_expected_wait_minutes
        )
        self.municipality_agents = [
            Municipality(self, m_id, m, index)
            for index, (m_id, m) in enumerate(scenario.region.municipalities.items())
        ]
        self.point_agents = [
            ServicePoint(self, p_id, p, index)
            for index, (p_id, p) in enumerate(config.service_points.items())
        ]
        self._access_cache: dict[tuple[bool, ...], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        self.today: dict[str, float] = dict.fromkeys(DAILY_FIELDS, 0.0)
        self.place_daily: list[tuple[int, int, int, int, float]] = []
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda model, key=name: model.today[key]) for name in DAILY_FIELDS}
        )
        self.day = 0

    # ------------------------------------------------------------------------------------------ run

    def run(self) -> None:
        """Simulate the horizon, then follow open requests until they resolve (at most DRAIN_DAYS)."""
        last_day = self.days + DRAIN_DAYS
        while self.day < self.days or (self.book.visits_by_day and self.day < last_day):
            self.step()
            if self.progress is not None:
                self.progress(min(self.day, self.days), self.days)
        pending = np.flatnonzero(self.book.status == STATUS_PENDING)
        self.book.status[pending] = STATUS_UNSERVED
        self.book.visits_by_day.clear()

    def step(self) -> None:
        """Simulate one day: decide today's new needs, serve today's visits, learn, record."""
        self.today = dict.fromkeys(DAILY_FIELDS, 0.0)
        if self.day < self.days:
            self._decide(self.day)
        self._serve(self.day)
        self.datacollector.collect(self)
        self.day += 1

    # ------------------------------------------------------------------------------------------ decisions

    def _access(self, day: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return (group offsets, group places, back office per (m, s), mobile places per (m, s)) for a day."""
        signature = agreements_signature(self.config, day)
        if signature not in self._access_cache:
            allowed = access_matrix(self.config, self.geography.municipality_ids, day)
            facilities = self.facilities
            kind = facilities.point_kind[facilities.place_point]
            municipalities, services = allowed.shape[0], allowed.shape[2]
            groups: list[np.ndarray] = []
            back_office = np.full((municipalities, services), -1, dtype=np.int64)
            mobile = np.zeros((municipalities, services, facilities.place_count), dtype=np.bool_)
            for m in range(municipalities):
                for s in range(services):
                    usable = allowed[m, facilities.place_point, s]
                    groups.append(np.flatnonzero(usable & (kind == KIND_FIXED)))
                    offices = np.flatnonzero(usable & (kind == KIND_BACK_OFFICE))
                    if offices.shape[0]:
                        # Prefer the office with the most desks (a shared one), then the first listed.
                        desks = facilities.point_desks[facilities.place_point[offices]]
                        back_office[m, s] = offices[np.argmax(desks)]
                    mobile[m, s] = usable & (kind == KIND_MOBILE)
            # One single-place group per place, used for the trip to a mobile stop.
            groups.extend(np.array([place], dtype=np.int64) for place in range(facilities.place_count))
            offsets = np.zeros(len(groups) + 1, dtype=np.int64)
            offsets[1:] = np.cumsum([g.shape[0] for g in groups])
            self._access_cache[signature] = (
                offsets,
                np.concatenate(groups).astype(np.int64),
                back_office,
                mobile,
            )
        return self._access_cache[signature]

    def online_share(self, service: int, day: int) -> float:
        """Return a service's online share on a day, after digital rollouts."""
        service_id = self.service_ids[service]
        share = self.config.services[service_id].online_share
        for intervention in self.config.interventions.values():
            if isinstance(intervention, OnlineShareRamp) and intervention.service == service_id:
                if day >= intervention.start_day:
                    progress = (
                        1.0
                        if intervention.ramp_days == 0
                        else (day - intervention.start_day) / intervention.ramp_days
                    )
                    share = share + (intervention.target_share - share) * min(1.0, progress)
        return share

    def booking_share(self, service: int, day: int) -> float:
        """Return the share of in-person visits booked as appointments on a day."""
        service_id = self.service_ids[service]
        share = 0.0
        for intervention in self.config.interventions.values():
            if isinstance(intervention, AppointmentBooking) and intervention.service == service_id:
                if day >= intervention.start_day:
                    share = max(share, intervention.booking_share)
        return share

    def _decide(self, day: int) -> None:
        """Give each of today's new needs a channel, a place, a mode and a visit day."""
        book, citizens, facilities = self.book, self.citizens, self.facilities
        rows = np.arange(book.day_starts[day], book.day_starts[day + 1])
        if rows.shape[0] == 0:
            return
        offsets, places, back_office, mobile = self._access(day)
        citizen = book.citizen[rows]
        service = book.service[rows]
        municipality = citizens.municipality[citizen]
        key = book.key_index(rows)
        days = np.full(rows.shape[0], day, dtype=np.int64)
        shares = np.array([self.online_share(s, day) for s in range(len(self.service_ids))])
        online_draw = draws.uniform_array(self.seed, draws.PURPOSE_ONLINE_POSSIBLE, citizen, days, key)
        office = back_office[municipality, service]
        is_online = (online_draw < shares[service]) & citizens.is_online_user[citizen]

        mobile_place = self._mobile_places(rows, day, mobile, municipality, is_online)
        is_mobile = mobile_place >= 0
        is_in_person = ~is_online & ~is_mobile

        book.channel[rows[is_online]] = CHANNEL_ONLINE
        book.place[rows[is_online]] = office[is_online]
        # Online without a back office is self-service (e-lending, a download): done the same day.
        self_service = rows[is_online & (office < 0)]
        book.status[self_service] = STATUS_SERVED
        book.served_day[self_service] = day
        book.tries[self_service] = 1
        self.today["served"] += float(self_service.shape[0])
        book.channel[rows[is_mobile]] = CHANNEL_MOBILE
        book.channel[rows[is_in_person]] = CHANNEL_IN_PERSON
        self.today["requests"] = float(rows.shape[0])
        self.today["online"] = float(is_online.sum())
        self.today["mobile"] = float(is_mobile.sum())
        self.today["in_person"] = float(is_in_person.sum())

        travelling = ~is_online
        group = np.where(
            is_mobile,
            len(self.geography.municipality_ids) * len(self.service_ids) + mobile_place,
            municipality * len(self.service_ids) + service,
        )[travelling]
        moving = rows[travelling]
        keys = np.stack(
            [book.citizen[moving], book.service[moving], book.ordinal[moving], book.need_day[moving]], axis=1
        )
        place, mode, minutes, km = choose_places(
            self.seed,
            keys,
            group,
            citizens.lat,
            citizens.lon,
            self.citizen_rows,
            offsets,
            places,
            self.expected_wait,
            self.public_wait,
            facilities.place_lat,
            facilities.place_lon,
            facilities.place_rows,
            self.geography.transit_minutes,
            self.mode_table,
            self.weights,
        )
        book.place[moving] = place
        book.mode[moving] = mode
        book.travel_minutes[moving] = minutes
        book.travel_km[moving] = km
        booking = np.array([self.booking_share(s, day) for s in range(len(self.service_ids))])
        booking_draw = draws.uniform_array(self.seed, draws.PURPOSE_BOOKING, citizen, days, key)
        book.booked[rows] = is_in_person & (booking_draw < booking[service])

        handled = rows[book.status[rows] == STATUS_PENDING]
        place_of = book.place[handled]
        offset = facilities.next_open_offset[np.maximum(place_of, 0), facilities.weekday(day)]
        visit_day = np.where((place_of >= 0) & (offset >= 0), day + offset, -1)
        unreachable = handled[visit_day < 0]
        book.status[unreachable] = STATUS_UNSERVED
        self.today["unserved"] += float(unreachable.shape[0])
        for visit in np.unique(visit_day[visit_day >= 0]):
            book.schedule(handled[visit_day == visit], int(visit))

    def _mobile_places(
        self, rows: np.ndarray, day: int, mobile: np.ndarray, municipality: np.ndarray, is_online: np.ndarray
    ) -> np.ndarray:
        """Return the mobile stop each request waits for (soonest visit within the lookahead), or -1."""
        facilities, book = self.facilities, self.book
        if not mobile.any():
            return np.full(rows.shape[0], -1, dtype=np.int64)
        municipalities, services = mobile.shape[0], mobile.shape[1]
        districts = len(self.geography.district_ids)
        best_place = np.full((municipalities, services, districts), -1, dtype=np.int64)
        best_day = np.full((municipalities, services, districts), np.iinfo(np.int64).max, dtype=np.int64)
        last_day = day + self.config.behaviour.mobile_lookahead_days
        for place in np.flatnonzero(facilities.point_kind[facilities.place_point] == KIND_MOBILE):
            visit = facilities.next_open_day(int(place), day)
            if visit < 0 or visit > last_day:
                continue
            district = facilities.place_rows[place, 0]
            better = mobile[:, :, place] & (visit < best_day[:, :, district])
            best_place[:, :, district][better] = place
            best_day[:, :, district][better] = visit
        citizen = book.citizen[rows]
        chosen = best_place[municipality, book.service[rows], self.citizens.district[citizen]]
        uptake = np.array([p.config.uptake_share for p in self.point_agents])
        draw = draws.uniform_array(
            self.seed,
            draws.PURPOSE_MOBILE_UPTAKE,
            citizen,
            np.full(rows.shape[0], day, dtype=np.int64),
            book.key_index(rows),
        )
        declined = (chosen >= 0) & (draw >= uptake[facilities.place_point[np.maximum(chosen, 0)]])
        chosen[declined | is_online] = -1
        return chosen

    # ------------------------------------------------------------------------------------------ queues

    def _serve(self, day: int) -> None:
        """Queue today's visits place by place in SimPy, carry over the unstarted, learn from the waits."""
        serve_day(self, day)
