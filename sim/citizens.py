"""Citizen(mesa.Agent): one resident of the reference engine, with a readable daily step."""

from typing import TYPE_CHECKING

import mesa
import numpy as np

from kernels import random as draws
from kernels.choice import choose_one
from sim.requests import CHANNEL_IN_PERSON, CHANNEL_MOBILE, CHANNEL_ONLINE, REQUEST_STRIDE, STATUS_SERVED

if TYPE_CHECKING:
    from sim.decisions import DayPlan
    from sim.model import Region


class Citizen(mesa.Agent):
    """A resident who develops needs, picks a channel, a place and a mode, and remembers waits.

    The reference engine runs one of these per resident. It calls the same scalar behaviour
    function as the kernels (choose_one, with its wait memory and cached utilities) and the same
    counter-based draws, so both engines make the same decision for every request.
    """

    def __init__(self, model: "Region", index: int, request_rows: np.ndarray):
        """Attach the citizen's position in the arrays and their requests, sorted by need day."""
        super().__init__(model)
        self.index = index
        self.request_rows = request_rows
        self.next_request = 0

    @property
    def region(self) -> "Region":
        """Return the model, typed."""
        return self.model  # type: ignore[return-value]

    def needs_today(self, day: int) -> list[int]:
        """Return the rows of the requests that arise today."""
        book = self.region.book
        rows = []
        while (
            self.next_request < self.request_rows.shape[0]
            and book.need_day[self.request_rows[self.next_request]] == day
        ):
            rows.append(int(self.request_rows[self.next_request]))
            self.next_request += 1
        return rows

    def step(self) -> None:
        """Handle today's needs one by one."""
        plan = self.region.plan
        assert plan is not None  # the model builds the day plan before citizens step
        for row in self.needs_today(plan.day):
            self.handle(row, plan)

    def draw(self, purpose: int, row: int, day: int) -> float:
        """Return this citizen's uniform draw for one purpose and request."""
        book = self.region.book
        key = int(book.service[row]) * REQUEST_STRIDE + int(book.ordinal[row])
        return draws.uniform(self.region.seed, purpose, self.index, day, key)

    def handle(self, row: int, plan: "DayPlan") -> None:
        """Choose the channel (online, mobile office, in person), then place and mode, and book the visit."""
        region, book = self.region, self.region.book
        citizens = region.citizens
        service = int(book.service[row])
        municipality = int(citizens.municipality[self.index])
        district = int(citizens.district[self.index])
        region.today["requests"] += 1.0

        can_go_online = self.draw(draws.PURPOSE_ONLINE_POSSIBLE, row, plan.day) < plan.online_share[service]
        if can_go_online and citizens.is_online_user[self.index]:
            office = int(plan.back_office[municipality, service])
            book.channel[row] = CHANNEL_ONLINE
            book.place[row] = office
            region.today["online"] += 1.0
            if office < 0:  # no back office: self-service, done today
                book.status[row] = STATUS_SERVED
                book.served_day[row] = plan.day
                book.tries[row] = 1
                region.today["served"] += 1.0
            else:
                region.schedule_first_visits(np.array([row]), plan.day)
            return

        stop = int(plan.mobile_place[municipality, service, district])
        waits_for_mobile = stop >= 0 and (
            self.draw(draws.PURPOSE_MOBILE_UPTAKE, row, plan.day)
            < plan.uptake_share[region.facilities.place_point[stop]]
        )
        if waits_for_mobile:
            book.channel[row] = CHANNEL_MOBILE
            group = plan.mobile_group(stop, len(region.geography.district_ids))
            region.today["mobile"] += 1.0
        else:
            book.channel[row] = CHANNEL_IN_PERSON
            group = plan.in_person_group(district, service)
            region.today["in_person"] += 1.0
        self.choose_place_and_mode(row, plan, group)
        is_booked = not waits_for_mobile and (
            self.draw(draws.PURPOSE_BOOKING, row, plan.day) < plan.booking_share[service]
        )
        book.booked[row] = is_booked
        region.schedule_first_visits(np.array([row]), plan.day)

    def choose_place_and_mode(self, row: int, plan: "DayPlan", group: int) -> None:
        """Pick a place among the candidates and a mode to get there (nested logit, shared with the kernels)."""
        region, book = self.region, self.region.book
        key = np.array([[self.index, book.service[row], book.ordinal[row], book.need_day[row]]], dtype=np.int64)
        first, last = plan.group_offsets[group], plan.group_offsets[group + 1]
        place, mode, minutes, km = choose_one(
            region.seed,
            key,
            0,
            region.citizens.lat,
            region.citizens.lon,
            region.citizen_rows,
            region.memory_place,
            region.memory_wait,
            plan.group_places,
            first,
            last,
            region.public_wait,
            region.utility_cache,
            region.facilities.place_lat,
            region.facilities.place_lon,
            region.facilities.place_rows,
            region.geography.transit_minutes,
            region.mode_table,
            region.weights,
        )
        book.place[row] = place
        book.mode[row] = mode
        book.travel_minutes[row] = minutes
        book.travel_km[row] = km
