"""Region(mesa.Model): builds the records, owns the agents and steps one day at a time through the engine."""

from collections.abc import Callable

import mesa
import numpy as np

from kernels.calendar import has_visits_from
from kernels.choice import (
    WEIGHT_BORDER_PENALTY_MINUTES,
    WEIGHT_COUNT,
    WEIGHT_LIFT_CONSTANT,
    WEIGHT_SOCIAL_SHARE,
    WEIGHT_TIME_PER_MINUTE,
    WEIGHT_WAIT_PER_MINUTE,
)
from kernels.decide import (
    DECIDED_IN_PERSON,
    DECIDED_MOBILE,
    DECIDED_ONLINE,
    DECIDED_REQUESTS,
    DECIDED_SERVED,
    DECIDED_UNSERVED,
    STATUS_PENDING,
    STATUS_UNSERVED,
)
from kernels.records import Memory, People, Rules
from kernels.serve import (
    DAY_CAR_KM,
    DAY_CO2_KG,
    DAY_SERVED,
    DAY_TRIPS,
    DAY_UNSERVED,
    DAY_VISITS,
    DAY_WAIT_MINUTES,
    DAY_WAITS_COUNTED,
    TOTAL_FIELDS,
)
from kernels.threads import prefer_workqueue_threads
from sim.io.config import Scenario
from sim.io.schema import RegionConfig, ScenarioConfig
from sim.mechanisms import Residents
from sim.model.agents import Citizen, Day, Municipality, ServicePoint
from sim.model.closures import open_day_tables, scenario_closures
from sim.model.engines import ServedDay, make_engine
from sim.model.facilities import build_facilities, places_record
from sim.model.geography import Geography, build_geography, mode_table
from sim.model.outcome import CostPeriod, Outcome
from sim.model.policy import ChoiceState, PolicyTables, agreement_state
from sim.model.population import (
    AGE_GROUP_COUNT,
    Citizens,
    municipality_population,
    online_ranks,
    synthesize_population,
)
from sim.model.requests import DRAIN_DAYS, calendar_days, generate_requests
from sim.model.reviews import MunicipalReviews, ReviewInputs

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
PLACE_COLUMNS = ("day", "place", "visits", "served", "mean_wait_minutes")


def _people(citizens: Citizens, seed: int) -> People:
    return People(citizens.lat, citizens.lon, citizens.district, citizens.municipality, citizens.has_car,
                  citizens.is_online_user, citizens.age_group, online_ranks(citizens, seed))  # fmt: skip


def _residents(citizens: Citizens, geography: Geography, region: RegionConfig) -> Residents:
    """Return residents by district and age group, and the region's online use by age group."""
    districts = len(geography.district_ids)
    cells = citizens.district * AGE_GROUP_COUNT + citizens.age_group
    population = np.bincount(cells, minlength=districts * AGE_GROUP_COUNT).reshape(districts, AGE_GROUP_COUNT)
    return Residents(geography.district_ids, population, np.array(region.citizens.online_use.as_tuple()))


def _rules(config: ScenarioConfig, scenario: Scenario, districts: int) -> Rules:
    behaviour = config.behaviour
    weights = np.zeros(WEIGHT_COUNT)
    weights[WEIGHT_TIME_PER_MINUTE] = behaviour.time_weight_per_minute
    weights[WEIGHT_WAIT_PER_MINUTE] = behaviour.wait_weight_per_minute
    weights[WEIGHT_BORDER_PENALTY_MINUTES] = behaviour.border_penalty_minutes
    weights[WEIGHT_LIFT_CONSTANT] = behaviour.lift_constant
    weights[WEIGHT_SOCIAL_SHARE] = behaviour.social_learning_share
    return Rules(
        seed=config.simulation.seed,
        weights=weights,
        mode_table=mode_table(scenario.region, behaviour),
        transit_minutes=np.zeros((0, 0)),  # replaced by the geography's matrix below
        services=len(config.services),
        districts=districts,
        learning_rate=behaviour.wait_learning_rate,
        initial_wait_minutes=behaviour.initial_expected_wait_minutes,
        public_learning_rate=behaviour.public_learning_rate,
        horizon_days=config.simulation.days,
    )


def _memory(config: ScenarioConfig, citizens: int, places: int) -> Memory:
    behaviour = config.behaviour
    slots = behaviour.remembered_places
    return Memory(
        place=np.full((citizens, slots), -1, dtype=np.int32),
        wait=np.zeros((citizens, slots)),
        next_slot=np.zeros(citizens, dtype=np.int32),
        public_wait=np.full(places, behaviour.initial_expected_wait_minutes),
        utility_cache=np.full((citizens, len(config.services), behaviour.consideration_set_size), np.nan, np.float32),
    )


class Region(mesa.Model):
    """The region: municipalities, service points and citizens; one step is one day."""

    def __init__(
        self, scenario: Scenario, engine: str | None = None, progress: Callable[[int, int], None] | None = None
    ):
        """Build geography, citizens, requests, records and agents; nothing random is global.

        Args:
            engine: "kernels" or "agents"; default: the scenario's simulation.engine.
        """
        config = scenario.config
        prefer_workqueue_threads()
        super().__init__(rng=config.simulation.seed)
        self.loaded_scenario, self.config = scenario, config
        self.engine_name = engine or config.simulation.engine
        self.seed, self.days, self.progress = config.simulation.seed, config.simulation.days, progress
        self.geography = build_geography(scenario.region)
        self.citizens = synthesize_population(scenario.region, self.geography, config.simulation)
        self.facilities = build_facilities(config, self.geography)
        self.book = generate_requests(config, self.citizens, self.facilities.start_weekday)
        self.service_ids = tuple(config.services)
        rules = _rules(config, scenario, len(self.geography.district_ids))
        closures = scenario_closures(config)
        places = places_record(self.facilities, config, open_day_tables(closures, self.facilities,
                                                                        calendar_days(self.days)))  # fmt: skip
        self.shared = Day(
            requests=self.book,
            people=_people(self.citizens, self.seed),
            places=places,
            memory=_memory(config, self.citizens.count, self.facilities.place_count),
            rules=rules._replace(transit_minutes=self.geography.transit_minutes),
            place_totals=np.zeros((self.facilities.place_count, TOTAL_FIELDS)),
        )
        residents = _residents(self.citizens, self.geography, scenario.region)
        self.policy = PolicyTables(config, self.facilities, self.geography, residents, closures)
        self.municipality_agents = [
            Municipality(self, m_id, m, index) for index, (m_id, m) in enumerate(scenario.region.municipalities.items())
        ]
        self.point_agents = [
            ServicePoint(self, p_id, p, index, self.shared)
            for index, (p_id, p) in enumerate(config.service_points.items())
        ]
        citizen_agents = self._citizen_agents() if self.engine_name == "agents" else None
        self.engine = make_engine(self.engine_name, citizen_agents, self.point_agents)
        self.desk_overlaps = 0
        self.departed: frozenset[tuple[str, str]] = frozenset()
        self.point_desk_days = np.zeros(len(self.point_agents), dtype=np.int64)
        self.point_desks = np.array([point.desks for point in self.point_agents], dtype=np.int64)
        population = municipality_population(self.geography, self.citizens)  # official, scaled to a projected year
        self.reviews = MunicipalReviews(config, self.facilities.point_ids, self.municipality_agents, population)
        # Stretches of days with one agreement membership: (first day, departed pairs, desk-days so far).
        self.cost_periods: list[CostPeriod] = [(0, self.departed, self.point_desk_days.copy())]
        self._choice_state: ChoiceState | None = None
        self.today = dict.fromkeys(DAILY_FIELDS, 0.0)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda model, key=name: model.today[key]) for name in DAILY_FIELDS},
            tables={"service_points": list(PLACE_COLUMNS)},
        )
        self.warmup_place_totals = np.zeros_like(self.shared.place_totals)  # service totals of the warm-up days
        self.day = 0

    def _citizen_agents(self) -> mesa.agent.AgentSet:
        """Create one Citizen agent per resident, each with its requests in need-day order."""
        order = np.argsort(self.book.citizen, kind="stable")
        bounds = np.searchsorted(self.book.citizen[order], np.arange(self.citizens.count + 1))
        for citizen in range(self.citizens.count):
            Citizen(self, citizen, order[bounds[citizen] : bounds[citizen + 1]], self.shared)
        return self.agents_by_type[Citizen]

    @property
    def place_totals(self) -> np.ndarray:
        """Return the running totals per place (kernels.serve TOTAL_* columns)."""
        return self.shared.place_totals

    def run(self) -> None:
        """Simulate the horizon, then follow open requests until they resolve (at most DRAIN_DAYS)."""
        last_day = self.days + DRAIN_DAYS
        while self.day < self.days or (self.day < last_day and has_visits_from(self.book, self.day)):
            self.step()
            if self.progress is not None:
                self.progress(min(self.day, self.days), self.days)
        self.book.status[self.book.status == STATUS_PENDING] = STATUS_UNSERVED

    def step(self) -> None:
        """Simulate one day: decide today's new needs, serve today's visits, learn, record."""
        shared = self.shared
        shared.day, shared.weekday = self.day, self.facilities.weekday(self.day)
        self.today = dict.fromkeys(DAILY_FIELDS, 0.0)
        if self.day < self.days:
            state = self.policy.choice_state(self.day, agreement_state(self.config, self.day, self.departed))
            if state != self._choice_state:  # new candidate groups: cached utilities no longer line up
                shared.memory.utility_cache.fill(np.nan)
                self._choice_state = state
            shared.plan = self.policy.plan(self.day, state)
            self._count_decisions(self.engine.decide(shared))
        self._record_service(self.engine.serve(shared))
        self.datacollector.collect(self)
        if self.day < self.days:
            self.point_desk_days += self.point_desks
            if self.reviews.is_on:
                self._review()
        if self.day + 1 == self.config.simulation.warmup_days:
            self.warmup_place_totals = self.shared.place_totals.copy()
        self.day += 1

    def _review(self) -> None:
        """Let municipalities review staffing and memberships when due, and apply their decisions."""
        inputs = ReviewInputs(self.shared.place_totals, self.facilities.place_point, self.point_desks,
                              self.point_desk_days, self.usage_by_point, self.departed)  # fmt: skip
        for point, desks in self.reviews.staffing(self.day, inputs).items():
            self.point_agents[point].set_desks(desks)
            self.point_desks[point] = desks
        leaving = self.reviews.membership(self.day, inputs)
        if leaving:
            self.departed = self.departed | frozenset(leaving)
            self.cost_periods.append((self.day + 1, self.departed, self.point_desk_days.copy()))

    def outcome(self) -> Outcome:
        """Return the records the summary reads (after run())."""
        return Outcome(
            scenario=self.loaded_scenario,
            engine=self.engine_name,
            geography=self.geography,
            citizens=self.citizens,
            facilities=self.facilities,
            book=self.book,
            place_totals=self.shared.place_totals - self.warmup_place_totals,
            desk_overlaps=self.desk_overlaps,
            point_desks=self.point_desks,
            point_desk_days=self.point_desk_days,
            cost_periods=self.cost_periods,
            decisions=list(self.reviews.log),
            behaviour_on=self.reviews.is_on,
            adoption_expected=self.policy.expected_online_shares(),
        )

    def usage_by_point(self, first_day: int, last_day: int | None = None) -> dict[str, dict[str, float]]:
        """Return requests served in [first_day, last_day) per point id and home municipality id."""
        return self.outcome().usage_by_point(first_day, last_day)

    def _count_decisions(self, counts: np.ndarray) -> None:
        today = self.today
        today["requests"] += float(counts[DECIDED_REQUESTS])
        today["online"] += float(counts[DECIDED_ONLINE])
        today["in_person"] += float(counts[DECIDED_IN_PERSON])
        today["mobile"] += float(counts[DECIDED_MOBILE])
        today["served"] += float(counts[DECIDED_SERVED])
        today["unserved"] += float(counts[DECIDED_UNSERVED])

    def _record_service(self, served: ServedDay) -> None:
        today, totals = self.today, served.totals
        today["visits"] += totals[DAY_VISITS]
        today["served"] += totals[DAY_SERVED]
        today["unserved"] += totals[DAY_UNSERVED]
        today["wait_minutes_sum"] += totals[DAY_WAIT_MINUTES]
        today["waits_counted"] += totals[DAY_WAITS_COUNTED]
        today["trips"] += totals[DAY_TRIPS]
        today["car_km"] += totals[DAY_CAR_KM]
        today["co2_kg"] += totals[DAY_CO2_KG]
        self.desk_overlaps += served.desk_overlaps
        for place, visits, count, wait in zip(
            served.session_place.tolist(), served.visits.tolist(), served.served.tolist(),
            served.mean_wait_minutes.tolist(), strict=True,
        ):  # fmt: skip
            self.datacollector.add_table_row(
                "service_points",
                {"day": self.day, "place": place, "visits": visits, "served": int(count), "mean_wait_minutes": wait},
            )
