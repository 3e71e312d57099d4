"""Municipal behaviour: adaptive staffing and membership review, the schema parts and the decision rules.

Both are off unless a scenario's `municipal_behaviour` turns them on. The Municipality agents apply
these rules at each review (every review_days); the rules are pure functions of what the model
reports, so they are tested on their own.
"""

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, Strict, model_validator

from sim.io.schema_types import MAX_DESKS, CostPerYear, Frozen, Identifier, Minutes, Share, Text

ReviewDays = Annotated[int, Strict(), Field(ge=7, le=3650)]
DeskCount = Annotated[int, Strict(), Field(ge=1, le=MAX_DESKS)]


class AdaptiveStaffing(Frozen):
    """Add or remove a desk at a municipality's own offices to keep the mean wait near a target, within a budget."""

    services: list[Identifier] = Field(min_length=1)
    target_wait_minutes: Annotated[Minutes, Field(gt=0)]
    tolerance_minutes: Minutes = 2.0
    min_desks: DeskCount = 1
    max_desks: DeskCount = 10
    review_days: ReviewDays = 30
    # A desk is removed only if the others would stay below this utilisation (busy over open desk time),
    # so that a short quiet spell does not trigger a cut that the next busy one undoes.
    max_utilisation_after_removal: Annotated[Share, Field(gt=0)] = 0.75
    # Yearly desk costs of a municipality's staffed offices (desks x the desk cost at the opening hours,
    # schema.DeskCosts) may not exceed this.
    budget_eur_per_year: dict[Identifier, CostPerYear] = Field(default_factory=dict)
    source: Text = ""

    @model_validator(mode="after")
    def _desk_range(self) -> "AdaptiveStaffing":
        if self.min_desks > self.max_desks:
            raise ValueError("min_desks must not exceed max_desks")
        return self


class MembershipReview(Frozen):
    """Leave an agreement when the cost share paid exceeds the stand-alone estimate by a threshold."""

    threshold_share: Share = 0.05
    review_days: ReviewDays = 90
    source: Text = ""


class MunicipalBehaviour(Frozen):
    """What municipalities decide during a run; both parts are off unless given."""

    adaptive_staffing: AdaptiveStaffing | None = None
    membership_review: MembershipReview | None = None


@dataclass(frozen=True)
class OfficeWindow:
    """What a review sees of one office: its desks now, and its visitors and waits since the last review."""

    point_id: str
    desks: int
    served: float
    wait_minutes_sum: float
    busy_desk_minutes: float
    open_desk_minutes: float
    cost_eur_per_desk_year: float

    @property
    def mean_wait_minutes(self) -> float | None:
        """Return the mean wait of the visitors served in the window, or None without any."""
        return self.wait_minutes_sum / self.served if self.served > 0 else None

    def utilisation_with(self, desks: int) -> float:
        """Return the window's busy desk time over the open desk time it would have had with `desks` desks."""
        if self.open_desk_minutes <= 0 or desks <= 0:
            return float("inf")
        return self.busy_desk_minutes / (self.open_desk_minutes * desks / self.desks)


def staffing_changes(
    rule: AdaptiveStaffing, offices: list[OfficeWindow], budget_eur_per_year: float | None
) -> dict[str, int]:
    """Return the new desks of the offices that change.

    One desk more where the mean wait runs above target + tolerance (longest waits first, while
    the yearly desk cost stays within the budget); one fewer where it runs below target -
    tolerance and the remaining desks would stay below max_utilisation_after_removal. An office
    without visitors in the window keeps its desks.
    """
    spent = sum(office.desks * office.cost_eur_per_desk_year for office in offices)
    changes: dict[str, int] = {}
    measured = [office for office in offices if office.mean_wait_minutes is not None]
    for office in sorted(measured, key=lambda o: -(o.mean_wait_minutes or 0.0)):
        wait = office.mean_wait_minutes or 0.0
        if wait > rule.target_wait_minutes + rule.tolerance_minutes and office.desks < rule.max_desks:
            if budget_eur_per_year is None or spent + office.cost_eur_per_desk_year <= budget_eur_per_year:
                changes[office.point_id] = office.desks + 1
                spent += office.cost_eur_per_desk_year
        elif (
            wait < rule.target_wait_minutes - rule.tolerance_minutes
            and office.desks > rule.min_desks
            and office.utilisation_with(office.desks - 1) <= rule.max_utilisation_after_removal
        ):
            changes[office.point_id] = office.desks - 1
            spent -= office.cost_eur_per_desk_year
    return changes


def leaves_agreement(rule: MembershipReview, share_paid_eur: float, standalone_eur: float) -> bool:
    """Return whether a member leaves: its share over the window exceeds its stand-alone cost by the threshold.

    The stand-alone estimate is what the member's own pooled offices cost over the same window; a
    member without offices of its own has nothing to fall back on and stays.
    """
    return standalone_eur > 0 and share_paid_eur > standalone_eur * (1.0 + rule.threshold_share)
