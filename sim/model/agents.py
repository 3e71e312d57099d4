"""Mesa agents: citizens who decide, service points that queue and keep records, municipalities that review.

The agents read and write the shared records of the day (`Day`) that the model hands them; none of
them reaches into the model. Citizens call the same compiled decision function as the kernels
engine, so both engines decide every request alike.
"""

from dataclasses import dataclass, field

import mesa
import numpy as np

from kernels.decide import DECIDED_FIELDS, decide_request, start_request
from kernels.records import Memory, People, Places, Plan, Requests, Rules
from kernels.serve import TOTAL_BUSY_MINUTES, TOTAL_OPEN_DESK_MINUTES, TOTAL_SERVED, TOTAL_VISITS, TOTAL_WAIT_MINUTES
from sim.io.schema import Municipality as MunicipalityConfig
from sim.io.schema import ServicePoint as ServicePointConfig
from sim.mechanisms.municipal import (
    AdaptiveStaffing,
    MembershipReview,
    OfficeWindow,
    leaves_agreement,
    staffing_changes,
)
from sim.model.services import serve_session_simpy


@dataclass
class Day:
    """The shared state agents read and write: the records, today's plan and today's decision counts."""

    requests: Requests
    people: People
    places: Places
    memory: Memory
    rules: Rules
    place_totals: np.ndarray  # (places x kernels.serve.TOTAL_FIELDS)
    day: int = 0
    weekday: int = 0
    plan: Plan | None = None
    counts: np.ndarray = field(default_factory=lambda: np.zeros(DECIDED_FIELDS, dtype=np.int64))
    scratch: np.ndarray = field(default_factory=lambda: np.zeros(0))  # working space of decide_request


class Citizen(mesa.Agent):
    """A resident of the reference engine: each day they handle the needs that arose that day."""

    def __init__(self, model: mesa.Model, index: int, request_rows: np.ndarray, shared: Day):
        """Attach the citizen's position in the arrays and their requests, sorted by need day."""
        super().__init__(model)
        self.index = index
        self.request_rows = request_rows
        self.next_request = 0
        self.shared = shared

    def needs_today(self, day: int) -> list[int]:
        """Return the rows of the requests that arise today."""
        need_day = self.shared.requests.need_day
        rows = []
        while self.next_request < self.request_rows.shape[0] and need_day[self.request_rows[self.next_request]] == day:
            rows.append(int(self.request_rows[self.next_request]))
            self.next_request += 1
        return rows

    def step(self) -> None:
        """Decide each of today's needs (channel, place, mode, booking), write it down and book the visit."""
        shared = self.shared
        assert shared.plan is not None  # the model sets the day's plan before citizens step
        requests = shared.requests
        for row in self.needs_today(shared.day):
            channel, place, mode, minutes, km, is_booked = decide_request(
                requests, row, shared.people, shared.places, shared.plan, shared.memory, shared.rules, shared.scratch
            )
            requests.channel[row] = channel
            requests.place[row] = place
            requests.mode[row] = mode
            requests.travel_minutes[row] = minutes
            requests.travel_km[row] = km
            requests.booked[row] = is_booked
            start_request(requests, row, shared.places, shared.day, shared.weekday, shared.counts, shared.rules.seed)


class ServicePoint(mesa.Agent):
    """A Bürgerbüro, back office, GP practice, library or mobile unit: its desks, its queue and its records.

    A fixed point has one place; a mobile unit has one place per stop of its timetable. The point
    owns how many desks it staffs (adaptive staffing may change that) and its running totals.
    """

    def __init__(self, model: mesa.Model, point_id: str, config: ServicePointConfig, index: int, shared: Day):
        """Attach the point's configuration and find its places."""
        super().__init__(model)
        self.point_id = point_id
        self.config = config
        self.index = index
        self.shared = shared
        self.places = np.flatnonzero(shared.places.point == index)
        self.desks = config.desks

    def set_desks(self, desks: int) -> None:
        """Staff a different number of desks from the next session on."""
        self.desks = int(desks)
        self.shared.places.desks[self.places] = self.desks

    def serve(
        self, arrival_minutes: np.ndarray, service_minutes: np.ndarray, open_intervals: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Queue one session's visitors (sorted by arrival) in SimPy; return start, end (NaN: not started) and desk."""
        return serve_session_simpy(arrival_minutes, service_minutes, self.desks, open_intervals)

    def _total(self, column: int) -> float:
        return float(self.shared.place_totals[self.places, column].sum())

    @property
    def visits(self) -> int:
        """Return how many visits (tries) the point received."""
        return int(self._total(TOTAL_VISITS))

    @property
    def served(self) -> int:
        """Return how many visitors it started serving."""
        return int(self._total(TOTAL_SERVED))

    @property
    def wait_minutes_total(self) -> float:
        """Return the summed waits of the visitors it served."""
        return self._total(TOTAL_WAIT_MINUTES)

    @property
    def utilisation(self) -> float:
        """Return busy desk minutes over open desk minutes (can exceed 1 with overrun past closing)."""
        open_minutes = self._total(TOTAL_OPEN_DESK_MINUTES)
        return self._total(TOTAL_BUSY_MINUTES) / open_minutes if open_minutes > 0 else 0.0


class Municipality(mesa.Agent):
    """A municipality: its residents' requests and the costs it pays are booked to it; it may review monthly."""

    def __init__(self, model: mesa.Model, municipality_id: str, config: MunicipalityConfig, index: int):
        """Attach the municipality's configuration."""
        super().__init__(model)
        self.municipality_id = municipality_id
        self.config = config
        self.index = index

    @property
    def official_population(self) -> int:
        """Return the official population from the region file."""
        return self.config.population

    def review_staffing(
        self, rule: AdaptiveStaffing, offices: list[OfficeWindow], budget_eur_per_year: float | None
    ) -> dict[str, int]:
        """Decide desks for its own offices from their waits since the last review (sim.mechanisms.municipal rules)."""
        return staffing_changes(rule, offices, budget_eur_per_year)

    def review_membership(self, rule: MembershipReview, share_paid_eur: float, standalone_eur: float) -> bool:
        """Decide whether to leave an agreement that costs more than standing alone (sim.mechanisms.municipal)."""
        return leaves_agreement(rule, share_paid_eur, standalone_eur)
