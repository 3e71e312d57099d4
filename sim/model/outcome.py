"""What a finished run leaves behind for the summary: plain data, no model (the summary never touches Region)."""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from kernels.records import Requests
from kernels.summary import service_usage_counts, usage_counts
from sim.io.config import Scenario
from sim.io.schema import ScenarioConfig
from sim.model.facilities import Facilities
from sim.model.geography import Geography
from sim.model.population import Citizens, municipality_population

PER_REQUEST_FIELDS = tuple(
    name for name in Requests._fields if name not in ("day_starts", "next_in_calendar", "calendar_head")
)

# A stretch of days with one agreement membership: (first day, departed pairs, desk-days before it).
CostPeriod = tuple[int, frozenset[tuple[str, str]], np.ndarray]


@dataclass(frozen=True)
class Outcome:
    """The records of a finished run."""

    scenario: Scenario
    engine: str
    geography: Geography
    citizens: Citizens
    facilities: Facilities
    book: Requests  # every request, the warm-up's too (costs and usage keys count them)
    place_totals: np.ndarray  # (places x kernels.serve TOTAL_*) after the warm-up
    desk_overlaps: int
    point_desks: np.ndarray  # desks per point at the end
    point_desk_days: np.ndarray  # desk-days per point within the horizon
    cost_periods: list[CostPeriod]
    decisions: list[dict[str, Any]] = field(default_factory=list)
    behaviour_on: bool = False
    # Per service with an adoption model: the expected online share of its requests on each day.
    adoption_expected: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def config(self) -> ScenarioConfig:
        """Return the scenario's configuration."""
        return self.scenario.config

    @property
    def days(self) -> int:
        """Return the horizon in days."""
        return self.config.simulation.days

    @property
    def warmup_days(self) -> int:
        """Return the days at the start whose requests count in no key figure."""
        return self.config.simulation.warmup_days

    @property
    def measured_book(self) -> Requests:
        """Return the requests that arose after the warm-up: views of the book's rows, no copy.

        The book is sorted by need day, so these are one contiguous block of rows.
        """
        book = self.book
        if self.warmup_days == 0:
            return book
        first = int(book.day_starts[self.warmup_days])
        rows = {field: getattr(book, field)[first:] for field in PER_REQUEST_FIELDS}
        no_calendar = np.zeros(0, dtype=np.int64)  # row links of the whole book; meaningless in a view
        return book._replace(
            **rows, day_starts=book.day_starts[self.warmup_days :] - first,
            next_in_calendar=no_calendar, calendar_head=no_calendar,
        )  # fmt: skip

    @property
    def requests_count(self) -> int:
        """Return the number of requests of the horizon."""
        return int(self.book.citizen.shape[0])

    def usage_by_point(self, first_day: int, last_day: int | None = None) -> dict[str, dict[str, float]]:
        """Return requests served in [first_day, last_day) per point id and home municipality id."""
        book = self.book
        counts = usage_counts(
            book.citizen, book.status, book.place, book.served_day, first_day,
            np.iinfo(np.int64).max if last_day is None else last_day, self.citizens.municipality,
            self.facilities.place_point, len(self.facilities.point_ids), len(self.geography.municipality_ids),
        )  # fmt: skip
        return {
            point_id: dict(zip(self.geography.municipality_ids, counts[index].tolist(), strict=True))
            for index, point_id in enumerate(self.facilities.point_ids)
        }

    def usage_by_service(self, first_day: int, last_day: int | None = None) -> dict[str, dict[str, float]]:
        """Return requests served in [first_day, last_day) per service id and home municipality id."""
        book = self.book
        counts = service_usage_counts(
            book.citizen, book.status, book.service, book.served_day, first_day,
            np.iinfo(np.int64).max if last_day is None else last_day, self.citizens.municipality,
            len(self.config.services), len(self.geography.municipality_ids),
        )  # fmt: skip
        return {
            service_id: dict(zip(self.geography.municipality_ids, counts[index].tolist(), strict=True))
            for index, service_id in enumerate(self.config.services)
        }

    @cached_property
    def population(self) -> dict[str, float]:
        """Return the population per municipality for cost keys (official, scaled by reweighting to a year)."""
        return municipality_population(self.geography, self.citizens)
