"""The two engines behind one protocol: how a day's decisions are made and who queues the visitors.

Both engines share everything else: the policy layer's plan, the compiled decision function, the
session gathering before the queues and the settling after them. They differ in two places only:
- decisions: the kernels engine decides all of a day's requests in one parallel call; the agents
  engine lets every Citizen agent step and decide its own requests one by one;
- queues: the kernels engine serves every session in Numba; the agents engine asks each
  ServicePoint agent to queue its own sessions in SimPy.
The queues agree to the bit (tests/test_queue.py), so every figure that follows does too.
"""

from dataclasses import dataclass
from typing import Protocol

import mesa
import numpy as np

from kernels.decide import PARALLEL_MIN_REQUESTS, decide_day, scratch_space
from kernels.serve import add_open_desk_minutes, open_day, serve_day, settle_day
from kernels.terminal import desk_minutes
from sim.model.agents import Citizen, Day, ServicePoint


@dataclass(frozen=True)
class ServedDay:
    """The day's totals (kernels.serve DAY_*) and, per session: place, visits, served count, mean wait."""

    totals: np.ndarray
    session_place: np.ndarray
    visits: np.ndarray
    served: np.ndarray
    mean_wait_minutes: np.ndarray
    desk_overlaps: int


class Engine(Protocol):
    """What an engine does each day."""

    name: str

    def decide(self, shared: Day) -> np.ndarray:
        """Decide the day's new requests and book their first visits; return the decision counts."""
        ...

    def serve(self, shared: Day) -> ServedDay:
        """Serve the day's visits and settle their outcomes."""
        ...


class KernelsEngine:
    """Citizens as arrays, every step a Numba kernel: two compiled calls a day."""

    name = "kernels"

    def decide(self, shared: Day) -> np.ndarray:
        """Decide all of the day's requests in one parallel kernel."""
        assert shared.plan is not None
        requests = shared.requests
        parallel = requests.day_starts[shared.day + 1] - requests.day_starts[shared.day] >= PARALLEL_MIN_REQUESTS
        return decide_day(
            requests, shared.day, shared.weekday, shared.people, shared.places, shared.plan, shared.memory,
            shared.rules, bool(parallel),
        )  # fmt: skip

    def serve(self, shared: Day) -> ServedDay:
        """Serve every session and settle the day in one kernel."""
        totals, place, visits, served, mean_wait, overlaps = serve_day(
            shared.requests, shared.places, shared.memory, shared.rules, shared.place_totals, shared.day,
            shared.weekday,
        )  # fmt: skip
        return ServedDay(totals, place, visits, served, mean_wait, int(overlaps))


class AgentsEngine:
    """The reference: one Citizen agent per resident, and ServicePoint agents that queue in SimPy."""

    name = "agents"

    def __init__(self, citizens: mesa.agent.AgentSet, service_points: list[ServicePoint]):
        """Keep the agents that act."""
        self.citizens = citizens
        self.service_points = service_points

    def decide(self, shared: Day) -> np.ndarray:
        """Let every citizen handle today's needs."""
        assert shared.plan is not None
        shared.scratch = scratch_space(shared.plan, shared.rules, 1)[0]
        shared.counts[:] = 0
        self.citizens.do("step")
        return shared.counts.copy()

    def serve(self, shared: Day) -> ServedDay:
        """Gather sessions in compiled code, let each service point queue its own, then settle."""
        requests, places, rules = shared.requests, shared.places, shared.rules
        if shared.day < rules.horizon_days:
            add_open_desk_minutes(places, shared.place_totals, shared.day, shared.weekday)
        rows, session_place, offsets, hours, hour_offsets, arrival = open_day(
            requests, places, shared.day, shared.weekday, rules.seed
        )
        start = np.empty(rows.shape[0])
        end = np.empty(rows.shape[0])
        desk = np.empty(rows.shape[0], dtype=np.int64)
        minutes = desk_minutes(requests, places, rows, rules.seed)
        for session, place in enumerate(session_place):
            first, last = offsets[session], offsets[session + 1]
            point = self.service_points[places.point[place]]
            start[first:last], end[first:last], desk[first:last] = point.serve(
                arrival[first:last],
                minutes[first:last],
                hours[hour_offsets[session] : hour_offsets[session + 1]],
            )
        totals, served, mean_wait, overlaps = settle_day(
            requests, places, shared.memory, rules, shared.place_totals, shared.day, shared.weekday,
            rows, session_place, offsets, hours, hour_offsets, arrival, start, end, desk,
        )  # fmt: skip
        return ServedDay(totals, session_place, np.diff(offsets), served, mean_wait, int(overlaps))


ENGINES = ("kernels", "agents")


def make_engine(name: str, citizens: mesa.agent.AgentSet | None, service_points: list[ServicePoint]) -> Engine:
    """Return the engine called `name` (citizens are only needed by the agents engine)."""
    if name == "kernels":
        return KernelsEngine()
    if name == "agents" and citizens is not None:
        return AgentsEngine(citizens, service_points)
    raise ValueError(f"unknown engine '{name}'; choose one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "AgentsEngine", "Citizen", "Engine", "KernelsEngine", "ServedDay", "make_engine"]
