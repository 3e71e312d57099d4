"""Mesa agents: municipalities that pay and service points that queue their visitors."""

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.schema import Municipality as MunicipalityConfig
from sim.schema import ServicePoint as ServicePointConfig
from sim.services import serve_session_simpy

if TYPE_CHECKING:
    from sim.model import Region


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
        """Attach the point's configuration."""
        super().__init__(model)
        self.point_id = point_id
        self.config = config
        self.index = index

    @property
    def desks(self) -> int:
        """Return the number of parallel desks."""
        return self.config.desks

    def serve(
        self, arrival_minutes: np.ndarray, service_minutes: np.ndarray, open_intervals: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Queue one session's visitors (sorted by arrival) in SimPy; return start, end (NaN: not started) and desk."""
        return serve_session_simpy(arrival_minutes, service_minutes, self.desks, open_intervals)

    def _total(self, values: np.ndarray) -> float:
        region: Region = self.model  # type: ignore[assignment]
        return float(values[region.facilities.place_point == self.index].sum())

    @property
    def visits(self) -> int:
        """Return how many visits (tries) the point received."""
        return int(self._total(self.model.place_stats.visits))  # type: ignore[attr-defined]

    @property
    def served(self) -> int:
        """Return how many visitors it started serving."""
        return int(self._total(self.model.place_stats.served))  # type: ignore[attr-defined]

    @property
    def wait_minutes_total(self) -> float:
        """Return the summed waits of the visitors it served."""
        return self._total(self.model.place_stats.wait_minutes)  # type: ignore[attr-defined]

    @property
    def utilisation(self) -> float:
        """Return busy desk minutes over open desk minutes (can exceed 1 with overrun past closing)."""
        stats = self.model.place_stats  # type: ignore[attr-defined]
        open_minutes = self._total(stats.open_desk_minutes)
        return self._total(stats.busy_minutes) / open_minutes if open_minutes > 0 else 0.0
