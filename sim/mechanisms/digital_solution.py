"""Digital solution (type `digital_solution`): software developed once and run, a cost item without a daily effect.

A data platform, an app or a portal module costs its development (written off over its life) plus
its running costs. Paid by an agreement it is one pooled item, split by the agreement's key (one
platform shared by five towns); paid by a municipality it is that municipality's own (each town
developing alone). Its yearly cost is development / write_off_years + running cost, which the
costs read through InterventionConfig.yearly_cost_eur, so their split needs no code of its own.
"""

from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from sim.io.schema_types import CostPerYear, Text
from sim.mechanisms.base import InterventionConfig, Mechanism, register


class DigitalSolution(InterventionConfig):
    """Software with a one-off development cost and a running cost; it changes no service day by day."""

    type: Literal["digital_solution"]
    development_cost_eur: CostPerYear  # one-off, in EUR
    write_off_years: Annotated[int, Strict(), Field(ge=1, le=50)]
    running_cost_eur_per_year: CostPerYear = 0.0
    source: Text = ""

    @model_validator(mode="after")
    def _own_fields(self) -> "DigitalSolution":
        if self.service is not None:
            raise ValueError("a digital_solution changes no service day by day; remove 'service'")
        if self.cost_eur_per_year != 0:  # 0 is the default a resolved scenario writes back
            raise ValueError("give development_cost_eur, write_off_years and running_cost_eur_per_year; "
                             "the yearly cost follows from them (leave cost_eur_per_year out)")  # fmt: skip
        return self

    def yearly_cost_eur(self) -> float:
        """Return development / write_off_years + running cost per year."""
        return self.development_cost_eur / self.write_off_years + self.running_cost_eur_per_year


MECHANISM = register(Mechanism("digital_solution", DigitalSolution, "Digitale Lösung", "Digital solution"))
