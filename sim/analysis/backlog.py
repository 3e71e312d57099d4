"""The backlog of a run: open requests per day, read from daily.csv, and how a disruption moves it.

A request is open from the day it is decided until the day it is served or given up. daily.csv
counts all three per day (`requests`, `served`, `unserved`), so the open requests at the end of
day d are the running sum of requests - served - unserved. Requests still open when the run stops
are counted as unserved in summary.json only, so the last days of a run may end above zero.
"""

from dataclasses import dataclass

import pandas as pd


def open_requests(daily: pd.DataFrame) -> pd.Series:
    """Return the open requests at the end of each day (indexed by day)."""
    change = daily["requests"] - daily["served"] - daily["unserved"]
    return pd.Series(change.cumsum().to_numpy(), index=daily["day"].to_numpy(), name="open_requests")


@dataclass(frozen=True)
class BacklogReading:
    """How far and how long a disruption lifts the backlog above a reference run with the same needs."""

    peak_extra: int  # most open requests above the reference on any day
    peak_day: int
    first_day: int  # first day above the reference, -1 if never
    back_day: int  # first day from which the backlog stays within the tolerance again, -1 if never
    extra_request_days: int  # sum over days of the open requests above the reference


def compare_backlogs(reference: pd.DataFrame, disrupted: pd.DataFrame, tolerance: int = 0) -> BacklogReading:
    """Return how the disrupted run's backlog departs from the reference's and when it returns.

    Both runs must cover the same days with the same needs (a `compare`, common random numbers).
    A day counts as back when the extra open requests are at most `tolerance` from then on.
    """
    extra = open_requests(disrupted) - open_requests(reference)
    above = extra[extra > tolerance]
    if above.empty:
        return BacklogReading(0, -1, -1, -1, 0)
    last_above = int(above.index[-1])
    after = extra.index[extra.index > last_above]
    return BacklogReading(
        peak_extra=int(extra.max()),
        peak_day=int(extra.idxmax()),
        first_day=int(above.index[0]),
        back_day=int(after[0]) if len(after) else -1,
        extra_request_days=int(extra.clip(lower=0).sum()),
    )
