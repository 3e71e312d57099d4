"""Mesa agents: municipalities that pay and service points that queue their visitors."""

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.schema import Municipality as MunicipalityConfig
from sim.schema import ServicePoint as ServicePointConfig
from sim.services import serve_session_simpy

if TYPE_CHECKING:
    from sim.model import Region


def count_desk_overlaps(start: np.ndarray, end: np.ndarray, desk: np.ndarray) -> int:
    """Return how often a desk starts a visitor before finishing the previous one (must be 0)."""
    order = np.lexsort((start, desk))
    same_desk = desk[order][1:] == desk[order][:-1]
    return int((same_desk & (start[order][1:] < end[order][:-1] - 1e-9)).sum())


class Municipality(mesa.Agent):
    """A municipality: its residents' requests and the costs it pays are booked to it."""

    def __init__(self, model: "Region", municipality_id: str, config: MunicipalityConfig, index: int):
        """Attach the municipality's configuration."""
        super().__init__(model)
        self.municipality_id = municipality_id
        self.config = config
        self.index = index

    @property
    def official_population(self) -> int:
        """Return the official population from the region file."""
        return self.config.population


class ServicePoint(mesa.Agent):
    """A Bürgerbüro, back office, GP practice, library or mobile unit with desks and opening hours."""

    def __init__(self, model: "Region", point_id: str, config: ServicePointConfig, index: int):
        """Attach the point's configuration and zero its counters."""
        super().__init__(model)
        self.point_id = point_id
        self.config = config
        self.index = index
        self.visits = 0
        self.served = 0
        self.busy_minutes = 0.0
        self.open_desk_minutes = 0.0
        self.wait_minutes_total = 0.0
        self.desk_overlaps = 0

    @property
    def desks(self) -> int:
        """Return the number of parallel desks."""
        return self.config.desks

    def serve(
        self, arrival_minutes: np.ndarray, service_minutes: np.ndarray, open_intervals: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Queue one session's visitors (sorted by arrival) in SimPy; return start and end (NaN: not started)."""
        start, end, desk = serve_session_simpy(arrival_minutes, service_minutes, self.desks, open_intervals)
        started = ~np.isnan(start)
        self.desk_overlaps += count_desk_overlaps(start[started], end[started], desk[started])
        self.visits += int(arrival_minutes.shape[0])
        self.served += int(started.sum())
        self.busy_minutes += float((end[started] - start[started]).sum())
        self.wait_minutes_total += float((start[started] - arrival_minutes[started]).sum())
        return start, end

    def open_session(self, open_intervals: np.ndarray) -> None:
        """Count the desk minutes of a session in which the point was open."""
        self.open_desk_minutes += float((open_intervals[:, 1] - open_intervals[:, 0]).sum()) * self.desks

    @property
    def utilisation(self) -> float:
        """Return busy desk minutes over open desk minutes (can exceed 1 with overrun past closing)."""
        return self.busy_minutes / self.open_desk_minutes if self.open_desk_minutes > 0 else 0.0
