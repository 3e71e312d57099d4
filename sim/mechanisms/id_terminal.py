"""Self-service ID terminal (type `id_terminal`): applicants capture photo, fingerprints and signature themselves.

Bad Berleburg's Rathaus has had such a terminal since 2019 (docs/SUEDWESTFALEN.md). It is not a
channel that replaces the visit: an ID card or passport is applied for in person, and the clerk
still checks the captured data against the applicant. What the terminal changes is the desk: the
clerk no longer takes the photo, the fingerprints and the signature, so a captured application
needs only part of its desk time, and the capture itself happens while the applicant waits.
The model therefore shortens the desk time of the visits that use the terminal: at the named
point, for the named service, each visit is an ID application captured at the terminal with
probability id_share x terminal_use_share (a counter-based draw per request, kernels.terminal),
and its drawn service time is multiplied by desk_time_factor.
"""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.io.schema_types import Identifier, Number, Share, Text
from sim.mechanisms.base import InterventionConfig, Mechanism, register


class IdTerminal(InterventionConfig):
    """A self-service capture terminal at one service point shortens the desk time of ID applications."""

    type: Literal["id_terminal"]
    service: Identifier
    service_point: Identifier
    id_share: Share  # of the service's visits that are ID-card or passport applications
    terminal_use_share: Share = 1.0  # of those applicants who capture their data at the terminal
    desk_time_factor: Annotated[Number, Field(gt=0, le=1)]  # desk time of a captured application / a full one
    source: Text = ""

    @model_validator(mode="after")
    def _from_the_start(self) -> "IdTerminal":
        if self.start_day != 0:
            raise ValueError("an id_terminal stands from day 0 (start_day must be 0); compare two scenarios instead")
        return self


def visit_share(intervention: IdTerminal) -> float:
    """Return the share of the service's visits at the point that use the terminal."""
    return intervention.id_share * intervention.terminal_use_share


MECHANISM = register(Mechanism("id_terminal", IdTerminal, "Selbstbedienungsterminal", "Self-service ID terminal"))
