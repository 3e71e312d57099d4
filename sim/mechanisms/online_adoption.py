"""Online adoption over time (type `online_adoption`): who uses a service's online route follows a Bass diffusion.

Without this mechanism a fixed trait decides who goes online (the region's `citizens.online_use`).
With it, the share of each district's age group that uses the service's online route grows from
`initial_adoption` towards `potential`: innovation from the background and from dated campaigns
and app launches, imitation from word of mouth within the district (docs/MODEL.md, "Online
adoption"). The service's online share (services.<id>.online_share and its rollouts) stays the
share of requests that can be done online, and may not exceed the legal limit (OZG status).
"""

from typing import Annotated, Literal

import numpy as np
from pydantic import Field, Strict, model_validator

from sim.io.region_schema import AgeValues
from sim.io.schema_types import MAX_DAYS, Count, Frozen, Identifier, Share, Text
from sim.mechanisms.adoption_curve import bass_curve
from sim.mechanisms.base import CheckContext, InterventionConfig, Mechanism, Problem, ShareTables, register


def _at_most_one(values: AgeValues, name: str) -> None:
    if max(values.as_tuple()) > 1.0:
        raise ValueError(f"{name} is a share or a rate per day: each age group's value must be between 0 and 1")


class AdoptionCampaign(Frozen):
    """A dated push for a service's online route: an information campaign or an app launch."""

    name: Text
    start_day: Count
    duration_days: Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS)]
    innovation_per_day: AgeValues  # added to the background innovation while the campaign runs
    districts: list[Identifier] = Field(default_factory=list, max_length=1000)  # empty: the whole region
    source: Text

    @model_validator(mode="after")
    def _rates(self) -> "AdoptionCampaign":
        _at_most_one(self.innovation_per_day, "innovation_per_day")
        return self


class OnlineAdoption(InterventionConfig):
    """The online route of a service spreads by innovation and word of mouth, within a legal limit."""

    type: Literal["online_adoption"]
    legal_online_share: Share  # OZG: the share of the service's requests whose every step may be done online
    legal_source: Text
    initial_adoption: AgeValues  # share of each age group using the online route before start_day
    potential: AgeValues  # the largest share that will ever use it (e.g. holders of an activated eID)
    innovation_per_day: AgeValues  # Bass p: adoption per day from outside the district
    imitation_per_day: AgeValues  # Bass q: adoption per day per unit of the district's adopted share of potential
    campaigns: list[AdoptionCampaign] = Field(default_factory=list, max_length=100)
    source: Text

    @model_validator(mode="after")
    def _shares(self) -> "OnlineAdoption":
        for name in ("initial_adoption", "potential", "innovation_per_day", "imitation_per_day"):
            _at_most_one(getattr(self, name), name)
        above = [
            group
            for group, start, most in zip(("0-17", "18-64", "65+"), self.initial_adoption.as_tuple(),
                                          self.potential.as_tuple(), strict=True)
            if start > most
        ]  # fmt: skip
        if above:
            raise ValueError(f"initial_adoption exceeds potential for age group {', '.join(above)}")
        return self


def apply(intervention: InterventionConfig, tables: ShareTables, service: int) -> None:
    """Tabulate the adopted share of every district and age group for each day of the horizon."""
    assert isinstance(intervention, OnlineAdoption)
    residents = tables.residents
    if residents is None:  # only the shares are asked for (policy.share_tables): they do not change
        return
    days = tables.online_share.shape[0]
    districts = len(residents.district_ids)
    innovation = np.tile(np.array(intervention.innovation_per_day.as_tuple()), (days, districts, 1))
    for campaign in intervention.campaigns:
        rows = [residents.district_ids.index(d) for d in campaign.districts] or list(range(districts))
        window = slice(campaign.start_day, campaign.start_day + campaign.duration_days)
        innovation[window, rows, :] += np.array(campaign.innovation_per_day.as_tuple())
    available = (tables.online_share[:, service] > 0) & (np.arange(days) >= intervention.start_day)
    tables.adoption[service] = bass_curve(
        np.array(intervention.initial_adoption.as_tuple()),
        np.array(intervention.potential.as_tuple()),
        innovation,
        np.array(intervention.imitation_per_day.as_tuple()),
        available,
        residents.population.astype(np.float64),
    )


def check(intervention: InterventionConfig, base: str, context: CheckContext, problem: Problem) -> None:
    """Report dates outside the horizon, unknown districts, a second model of the service, shares above the law."""
    assert isinstance(intervention, OnlineAdoption)
    days, legal = context.days, intervention.legal_online_share
    if intervention.start_day >= days:
        problem(f"{base}.start_day", f"day {intervention.start_day} lies outside the horizon of {days} days "
                                     f"(simulation.days); expected 0 to {days - 1}")  # fmt: skip
    for index, campaign in enumerate(intervention.campaigns):
        if campaign.start_day >= days:
            problem(
                f"{base}.campaigns.{index}.start_day",
                f"campaign '{campaign.name}' starts on day {campaign.start_day}, outside the horizon of {days} days "
                f"(simulation.days); date it within 0 to {days - 1}",
            )
        for position, district in enumerate(campaign.districts):
            if district not in context.district_ids:
                problem(f"{base}.campaigns.{index}.districts.{position}", f"unknown district '{district}'")
    service = intervention.service
    models = [i for i, other in context.interventions.items() if other.service == service and other is not intervention
              and isinstance(other, OnlineAdoption)]  # fmt: skip
    if models:
        problem(base, f"service '{service}' has a second online_adoption ('{models[0]}'); give each service one")
    shares = [(f"services.{service}.online_share", context.online_shares.get(service or "", 0.0))]
    shares += [
        (f"interventions.{other_id}.target_share", float(getattr(other, "target_share", 0.0)))
        for other_id, other in context.interventions.items()
        if other.service == service and hasattr(other, "target_share")
    ]
    for key_path, share in shares:
        if share > legal + 1e-12:
            problem(
                key_path,
                f"online share {share:g} is above the legal limit {legal:g} of service '{service}' "
                f"({base}.legal_online_share: the share of requests whose every step may be done online, OZG)",
            )


MECHANISM = register(
    Mechanism(
        "online_adoption", OnlineAdoption, "Nutzung digitaler Angebote", "Online adoption", apply, order=1, check=check
    )
)
