"""Region(mesa.Model): wiring, the daily step (needs, channel, choice, queue, learning) and the DataCollector."""

from collections.abc import Callable
from dataclasses import dataclass

import mesa
import numpy as np

from kernels.choice import (
    WEIGHT_BORDER_PENALTY_MINUTES,
    WEIGHT_COUNT,
    WEIGHT_LIFT_CONSTANT,
    WEIGHT_SOCIAL_SHARE,
    WEIGHT_TIME_PER_MINUTE,
    WEIGHT_WAIT_PER_MINUTE,
)
from sim.agents import Municipality, ServicePoint
from sim.citizens import Citizen
from sim.config import Scenario
from sim.day import serve_day
from sim.decisions import DayPlan, allowed_and_groups, back_office_table, build_day_plan, decide_batch
from sim.facilities import agreements_signature, build_facilities
from sim.population import synthesize_citizens
from sim.region import build_geography, mode_table
from sim.requests import STATUS_PENDING, STATUS_UNSERVED, generate_requests

ENGINES = ("kernels", "agents")

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


@dataclass
class PlaceStats:
    """Running totals per place (a fixed point, a back office or one stop of a mobile unit)."""

    visits: np.ndarray
    served: np.ndarray
    busy_minutes: np.ndarray
    wait_minutes: np.ndarray
    open_desk_minutes: np.ndarray
    desk_overlaps: int = 0

    @classmethod
    def zeros(cls, places: int) -> "PlaceStats":
        """Return empty totals."""
        return cls(
            np.zeros(places, dtype=np.int64),
            np.zeros(places, dtype=np.int64),
            np.zeros(places),
            np.zeros(places),
            np.zeros(places),
        )


class Region(mesa.Model):
    """The region: municipalities, service points and citizens; one step is one day."""

    def __init__(self, scenario: Scenario, engine: str = "kernels", progress: Callable[[int, int], None] | None = None):
        """Build geography, citizens, requests and agents; nothing random is global."""
        if engine not in ENGINES:
            raise ValueError(f"unknown engine '{engine}'; choose one of {', '.join(ENGINES)}")
        config = scenario.config
        super().__init__(rng=config.simulation.seed)
        self.loaded_scenario = scenario
        self.config = config
        self.engine = engine
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
            [self.citizens.district, self.citizens.municipality, self.citizens.has_car.astype(np.int64)], axis=1
        )
        slots = config.behaviour.remembered_places
        self.memory_place = np.full((self.citizens.count, slots), -1, dtype=np.int32)
        self.memory_wait = np.zeros((self.citizens.count, slots))
        self.next_slot = np.zeros(self.citizens.count, dtype=np.int32)
        self.public_wait = np.full(self.facilities.place_count, config.behaviour.initial_expected_wait_minutes)
        self.utility_cache = np.full(
            (self.citizens.count, len(config.services), config.behaviour.consideration_set_size),
            np.nan,
            dtype=np.float32,
        )
        self._cache_signature: tuple[bool, ...] | None = None
        self.place_stats = PlaceStats.zeros(self.facilities.place_count)
        self.place_daily: list[np.ndarray] = []
        self.municipality_agents = [
            Municipality(self, m_id, m, index) for index, (m_id, m) in enumerate(scenario.region.municipalities.items())
        ]
        self.point_agents = [
            ServicePoint(self, p_id, p, index) for index, (p_id, p) in enumerate(config.service_points.items())
        ]
        if engine == "agents":
            order = np.argsort(self.book.citizen, kind="stable")
            bounds = np.searchsorted(self.book.citizen[order], np.arange(self.citizens.count + 1))
            for citizen in range(self.citizens.count):
                Citizen(self, citizen, order[bounds[citizen] : bounds[citizen + 1]])
        self._back_office_cache: dict[tuple[bool, ...], np.ndarray] = {}
        self._access_cache: dict[tuple[bool, ...], tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]] = {}
        self.today: dict[str, float] = dict.fromkeys(DAILY_FIELDS, 0.0)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda model, key=name: model.today[key]) for name in DAILY_FIELDS}
        )
        self.day = 0
        self.plan: DayPlan | None = None

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
            self.plan = build_day_plan(self, self.day)
            if self.engine == "agents":
                self.agents_by_type[Citizen].do("step")
            else:
                rows = np.arange(self.book.day_starts[self.day], self.book.day_starts[self.day + 1])
                if rows.shape[0]:
                    decide_batch(self, self.plan, rows)
        serve_day(self, self.day)
        self.datacollector.collect(self)
        self.day += 1

    def access_for(self, day: int) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """Return the access matrix and candidate groups of a day (recomputed only when agreements change)."""
        signature = agreements_signature(self.config, day)
        if signature != self._cache_signature:  # new candidate groups: cached utilities no longer line up
            self.utility_cache.fill(np.nan)
            self._cache_signature = signature
        if signature not in self._access_cache:
            self._access_cache[signature] = allowed_and_groups(self, day)
        return self._access_cache[signature]

    def back_offices_for(self, day: int, allowed: np.ndarray) -> np.ndarray:
        """Return the back office of each (municipality, service) on a day (cached per agreement state)."""
        signature = agreements_signature(self.config, day)
        if signature not in self._back_office_cache:
            self._back_office_cache[signature] = back_office_table(self, allowed)
        return self._back_office_cache[signature]

    def schedule_first_visits(self, rows: np.ndarray, day: int) -> None:
        """Book each request's first visit on the next day its place is open, or mark it unserved."""
        book, facilities = self.book, self.facilities
        place = book.place[rows].astype(np.int64)
        offset = facilities.next_open_offset[np.maximum(place, 0), facilities.weekday(day)]
        visit_day = np.where((place >= 0) & (offset >= 0), day + offset, -1)
        unreachable = rows[visit_day < 0]
        book.status[unreachable] = STATUS_UNSERVED
        self.today["unserved"] += float(unreachable.shape[0])
        for visit in np.unique(visit_day[visit_day >= 0]):
            book.schedule(rows[visit_day == visit], int(visit))
