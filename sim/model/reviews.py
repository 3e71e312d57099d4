"""Municipal reviews during a run: when they are due, what each municipality sees, and the record of decisions.

The model hands in what happened (running totals, desk-days, served requests) and applies what the
Municipality agents decide; this module keeps the review windows and never touches the model.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kernels.serve import TOTAL_BUSY_MINUTES, TOTAL_OPEN_DESK_MINUTES, TOTAL_SERVED, TOTAL_WAIT_MINUTES
from sim.io.schema import ScenarioConfig
from sim.mechanisms.municipal import OfficeWindow
from sim.model.agents import Municipality
from sim.model.costs import DAYS_PER_YEAR, account_costs, desk_cost_eur_per_year, pooled_points

UsageFunction = Callable[[int, int], dict[str, dict[str, float]]]  # (first day, last day) -> usage by point


@dataclass
class ReviewInputs:
    """What the model reports at a review."""

    place_totals: np.ndarray  # (places x kernels.serve TOTAL_*), running
    place_point: np.ndarray
    point_desks: np.ndarray
    point_desk_days: np.ndarray  # running, within the horizon
    usage: UsageFunction
    departed: frozenset[tuple[str, str]]


@dataclass
class MunicipalReviews:
    """The review calendar and windows of one run, and every decision taken."""

    config: ScenarioConfig
    point_ids: tuple[str, ...]
    municipalities: list[Municipality]
    population: dict[str, float]
    log: list[dict[str, Any]] = field(default_factory=list)
    _staffing_since: int = 0
    _staffing_totals: np.ndarray | None = None
    _membership_since: int = 0
    _membership_desk_days: np.ndarray | None = None

    @property
    def is_on(self) -> bool:
        """Return whether the scenario turns any municipal behaviour on."""
        behaviour = self.config.municipal_behaviour
        return behaviour.adaptive_staffing is not None or behaviour.membership_review is not None

    def staffing(self, day: int, inputs: ReviewInputs) -> dict[int, int]:
        """At the end of `day`, if a staffing review is due: return new desks by point index."""
        rule = self.config.municipal_behaviour.adaptive_staffing
        if rule is None or (day + 1) % rule.review_days != 0 or day + 1 >= self.config.simulation.days:
            return {}
        columns = [TOTAL_SERVED, TOTAL_WAIT_MINUTES, TOTAL_BUSY_MINUTES, TOTAL_OPEN_DESK_MINUTES]
        by_point = np.zeros((len(self.point_ids), len(columns)))
        np.add.at(by_point, inputs.place_point, inputs.place_totals[:, columns])
        window = by_point - (self._staffing_totals if self._staffing_totals is not None else 0.0)
        self._staffing_totals, self._staffing_since = by_point, day + 1
        changes: dict[int, int] = {}
        for municipality in self.municipalities:
            offices = [
                OfficeWindow(
                    point_id=point_id,
                    desks=int(inputs.point_desks[index]),
                    served=float(window[index, 0]),
                    wait_minutes_sum=float(window[index, 1]),
                    busy_desk_minutes=float(window[index, 2]),
                    open_desk_minutes=float(window[index, 3]),
                    cost_eur_per_desk_year=desk_cost_eur_per_year(self.config, point_id),
                )
                for index, point_id in enumerate(self.point_ids)
                if self._is_staffed_office(point_id, municipality.municipality_id, rule.services)
            ]
            budget = rule.budget_eur_per_year.get(municipality.municipality_id)
            for point_id, desks in municipality.review_staffing(rule, offices, budget).items():
                changes[self.point_ids.index(point_id)] = desks
                self.log.append({"day": day + 1, "municipality": municipality.municipality_id,
                                 "decision": "desks", "service_point": point_id, "desks": desks})  # fmt: skip
        return changes

    def _is_staffed_office(self, point_id: str, municipality_id: str, services: list[str]) -> bool:
        point = self.config.service_points[point_id]
        return point.owner == municipality_id and point.kind == "fixed" and bool(set(point.services) & set(services))

    def _may_leave(self, agreement_id: str, member: str, departed: frozenset[tuple[str, str]]) -> bool:
        """Return whether a member could stand alone.

        It may not be the last member, and it needs its own offices (and its own back office where
        the agreement runs one) for the agreement's services.
        """
        agreement = self.config.agreements[agreement_id]
        remaining = [m for m in agreement.members if (agreement_id, m) not in departed]
        if member not in remaining or len(remaining) < 2:
            return False
        points = self.config.service_points.values()
        for service in agreement.services:
            kinds = {"fixed"} | {p.kind for p in points if p.owner == agreement_id and service in p.services}
            own = {p.kind for p in points if p.owner == member and service in p.services}
            if not kinds <= own | {"mobile"}:
                return False
        return True

    def membership(self, day: int, inputs: ReviewInputs) -> list[tuple[str, str]]:
        """At the end of `day`, if a membership review is due: return the (agreement, member) pairs leaving."""
        rule = self.config.municipal_behaviour.membership_review
        if rule is None or (day + 1) % rule.review_days != 0 or day + 1 >= self.config.simulation.days:
            return []
        first = self._membership_since
        days = day + 1 - first
        earlier = self._membership_desk_days if self._membership_desk_days is not None else 0
        mean_desks = dict(zip(self.point_ids, ((inputs.point_desk_days - earlier) / days).tolist(), strict=True))
        self._membership_since, self._membership_desk_days = day + 1, inputs.point_desk_days.copy()
        ids = tuple(m.municipality_id for m in self.municipalities)
        report = account_costs(
            self.config, ids, self.population, inputs.usage(first, day + 1), days, mean_desks, inputs.departed
        )
        leaving = []
        for municipality in self.municipalities:
            for agreement_id in self.config.agreements:
                member = municipality.municipality_id
                if not self._may_leave(agreement_id, member, inputs.departed):
                    continue
                share = report.agreement_shares[agreement_id].get(member, 0.0) * report.agreement_pool_eur[agreement_id]
                own = [
                    p for p in pooled_points(self.config, agreement_id) if self.config.service_points[p].owner == member
                ]
                standalone = sum(report.point_cost_eur[p] for p in own)
                if municipality.review_membership(rule, share, standalone):
                    leaving.append((agreement_id, member))
                    self.log.append({"day": day + 1, "municipality": member, "decision": "leaves",
                                     "agreement": agreement_id, "share_paid_eur": round(share, 2),
                                     "standalone_eur": round(standalone, 2),
                                     "window_years": round(days / DAYS_PER_YEAR, 4)})  # fmt: skip
        return leaving
