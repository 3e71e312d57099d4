"""The typed records the day's kernels take: a few named tuples of arrays instead of long argument lists.

Numba compiles a function once per tuple type, so every field keeps a fixed dtype (noted below).
The simulation layer builds these records; the kernels only read them and write into their arrays.
"""

from typing import NamedTuple

import numpy as np


class People(NamedTuple):
    """Every resident, in district order (so neighbours share cache lines)."""

    lat: np.ndarray  # float64
    lon: np.ndarray  # float64
    district: np.ndarray  # int64
    municipality: np.ndarray  # int64
    has_car: np.ndarray  # bool
    is_online_user: np.ndarray  # bool: books online rather than by phone (online_rank < the region's online_use)
    age_group: np.ndarray  # int64: 0 = 0-17, 1 = 18-64, 2 = 65+
    online_rank: np.ndarray  # float64 in (0, 1): digital affinity; online for a service if below its adopted share


class Places(NamedTuple):
    """Every place: a fixed point, a back office, or one stop of a mobile unit."""

    lat: np.ndarray  # float64
    lon: np.ndarray  # float64
    district: np.ndarray  # int64
    municipality: np.ndarray  # int64
    point: np.ndarray  # int64: the service point the place belongs to
    desks: np.ndarray  # int64 per place: its point's desks today (adaptive staffing may change them)
    max_tries: np.ndarray  # int64 per place
    uptake_share: np.ndarray  # float64 per place: share of mobile-office candidates who wait for it
    next_open_offset: np.ndarray  # int64 (places x 7): days from a weekday to the next open day, -1 never
    open_minutes: np.ndarray  # float64 (places x 7)
    hours: np.ndarray  # float64 (k x 2): every place's open intervals, weekday by weekday
    hours_offsets: np.ndarray  # int64 (7 x places + 1): place p's intervals on weekday w in hours[o[w,p]:o[w,p+1]]
    slot_minutes: np.ndarray  # float64 per place: length of an appointment slot, 0 = no appointments
    slot_share: np.ndarray  # float64 per place: share of the desks' open time offered as slots
    booking_horizon_days: np.ndarray  # int64 per place: how far ahead a slot may lie
    slots_booked: np.ndarray  # int32 (places x calendar days): slots taken
    # Closures by day (kernels.opening); all three are empty when the scenario closes nothing.
    closure_row: np.ndarray  # int32 per place: its row in the tables below, -1 if it never closes
    next_open_planned: np.ndarray  # int32 (rows x calendar days): next open day residents know of, -1 none
    next_open_actual: np.ndarray  # int32 (rows x calendar days): next day the doors really open, -1 none
    # Self-service terminals (kernels.terminal); both (0 x 0) when the scenario has none.
    terminal_share: np.ndarray  # float64 (places x services): share of visits captured at a terminal first
    terminal_desk_factor: np.ndarray  # float64 (places x services): desk time of a captured visit / a full one


class Requests(NamedTuple):
    """Every request of the horizon, sorted by need day, plus the calendar of booked visits."""

    citizen: np.ndarray  # int32
    service: np.ndarray  # int8
    ordinal: np.ndarray  # int16
    need_day: np.ndarray  # int16
    service_minutes: np.ndarray  # float64
    day_starts: np.ndarray  # int64: requests needed on day d are rows day_starts[d]:day_starts[d + 1]
    channel: np.ndarray  # int8
    place: np.ndarray  # int32
    mode: np.ndarray  # int8
    travel_minutes: np.ndarray  # float64, one way
    travel_km: np.ndarray  # float64, one way
    booked: np.ndarray  # bool
    tries: np.ndarray  # int8
    status: np.ndarray  # int8
    wait_minutes: np.ndarray  # float64, summed over tries
    served_day: np.ndarray  # int16
    slot: np.ndarray  # int32: the appointment slot of a booked first visit, -1 for none
    next_in_calendar: np.ndarray  # int64: the next request booked for the same day, -1 at the end
    calendar_head: np.ndarray  # int64 per day: the first request booked for that day, -1 if none


class Memory(NamedTuple):
    """What citizens know: remembered waits, word of mouth and cached static utilities."""

    place: np.ndarray  # int32 (citizens x slots)
    wait: np.ndarray  # float64 (citizens x slots)
    next_slot: np.ndarray  # int32 per citizen
    public_wait: np.ndarray  # float64 per place
    utility_cache: np.ndarray  # float32 (citizens x services x candidates), NaN until computed


class Plan(NamedTuple):
    """What citizens may do today: shares by service, back offices, mobile stops and candidate places."""

    online_share: np.ndarray  # float64 per service
    booking_share: np.ndarray  # float64 per service: online users who book
    phone_share: np.ndarray  # float64 per service: residents without online use who book by phone
    back_office: np.ndarray  # int64 (municipalities x services): place handling online requests, -1 self-service
    mobile_place: np.ndarray  # int64 (municipalities x services x districts): soonest mobile stop, -1 none
    group_offsets: np.ndarray  # int64: candidate group g offers group_places[o[g]:o[g + 1]]
    group_places: np.ndarray  # int64
    adopted_share: np.ndarray  # float64 (services x districts x age groups): who uses the online route today


class Rules(NamedTuple):
    """Behaviour parameters and travel tables, fixed for a run."""

    seed: int
    weights: np.ndarray  # float64, see kernels.choice WEIGHT_*
    mode_table: np.ndarray  # float64 (modes x columns), see kernels.travel COLUMN_*
    transit_minutes: np.ndarray  # float64 (districts x districts)
    services: int
    districts: int
    learning_rate: float
    initial_wait_minutes: float
    public_learning_rate: float
    horizon_days: int
