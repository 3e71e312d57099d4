"""The building blocks of the scenario schema: caps, finite and bounded number types, identifiers, Frozen."""

import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict

AGE_GROUPS = ("0-17", "18-64", "65+")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODES = ("car", "transit", "bike", "walk")

# Caps keep one file from hanging a machine; they are far above any real rural region.
MAX_POPULATION = 5_000_000
MAX_DAYS = 3650
MAX_DESKS = 200
MAX_RATE_PER_PERSON_YEAR = 60.0
MAX_COST_EUR_PER_YEAR = 100_000_000.0  # far above any desk, office or rollout of a rural region
MAX_UTILITY_WEIGHT = 10.0  # utility per minute; 0.1 is typical, 10 makes a minute worth a lot
MAX_CONSTANT = 50.0  # logit constants beyond +-50 turn every choice deterministic
MAX_MINUTES = 1440.0
MAX_SERVICE_POINTS = 10_000  # 5 million residents at GP density give about 3,700 points

_FLOAT_TEXT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _coerce_float_text(value: object) -> object:
    """Turn '1e3'-style strings into floats, because PyYAML reads 1e3 (no dot) as a string."""
    if isinstance(value, str) and _FLOAT_TEXT.match(value.strip()):
        return float(value)
    return value


# Every number is finite: .inf, .nan and overflowing text such as 1e999 are refused, never reported as 0.
Number = Annotated[float, BeforeValidator(_coerce_float_text), Strict(), Field(allow_inf_nan=False)]
Share = Annotated[Number, Field(ge=0, le=1)]
AgeValue = Annotated[Number, Field(ge=0, le=1000)]  # a share or a rate per person-year
CostPerYear = Annotated[Number, Field(ge=0, le=MAX_COST_EUR_PER_YEAR)]
WeekdayWeight = Annotated[Number, Field(ge=0, le=1000)]
Minutes = Annotated[Number, Field(ge=0, le=MAX_MINUTES)]
Constant = Annotated[Number, Field(ge=-MAX_CONSTANT, le=MAX_CONSTANT)]
Latitude = Annotated[Number, Field(ge=-90, le=90)]
Longitude = Annotated[Number, Field(ge=-180, le=180)]
Count = Annotated[int, Strict(), Field(ge=0)]
Identifier = Annotated[str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, Strict(), Field(max_length=2000)]


class Frozen(BaseModel):
    """Base for all config objects: immutable, strict about unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(Frozen):
    """A label in German and English."""

    de: Text
    en: Text
