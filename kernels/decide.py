"""The one decision function: a request's channel, booking, place and mode, shared by both engines."""

import math

import numpy as np
from numba import njit, prange

from kernels.choice import (
    REQUEST_STRIDE,
    WEIGHT_SOCIAL_SHARE,
    WEIGHT_WAIT_PER_MINUTE,
    choose_mode,
    pick_from,
    static_utility,
)
from kernels.opening import held_up_day, is_open_as_planned, next_open_day
from kernels.random import (
    PURPOSE_BOOKING,
    PURPOSE_DESTINATION,
    PURPOSE_MOBILE_UPTAKE,
    PURPOSE_MODE,
    PURPOSE_ONLINE_POSSIBLE,
    PURPOSE_RETURN_DAY,
    uniform,
)
from kernels.records import Memory, People, Places, Plan, Requests, Rules
from kernels.travel import local_km, mode_km, mode_minutes

CHANNEL_UNDECIDED = -1
CHANNEL_ONLINE = 0
CHANNEL_IN_PERSON = 1
CHANNEL_MOBILE = 2

STATUS_PENDING = 0
STATUS_SERVED = 1
STATUS_UNSERVED = 2

# Positions in the counters a day's decisions return.
DECIDED_REQUESTS = 0
DECIDED_ONLINE = 1
DECIDED_IN_PERSON = 2
DECIDED_MOBILE = 3
DECIDED_SERVED = 4  # online self-service, done the same day
DECIDED_UNSERVED = 5  # nowhere to go
DECIDED_FIELDS = 6


@njit(cache=True)
def scratch_space(plan: Plan, rules: Rules, rows: int) -> np.ndarray:
    """Return `rows` rows of working space for decide_rows: the largest candidate group and the modes, twice."""
    largest = rules.mode_table.shape[0]
    for group in range(plan.group_offsets.shape[0] - 1):
        largest = max(largest, plan.group_offsets[group + 1] - plan.group_offsets[group])
    return np.empty((rows, 2 * largest + 2 * rules.mode_table.shape[0]))


@njit(cache=True, inline="always")
def _arrays(requests: Requests, people: People, places: Places, plan: Plan, memory: Memory, rules: Rules) -> tuple:
    """Return the records' arrays in decide_rows' order (records are unpacked once per kernel call)."""
    return (
        requests.citizen, requests.service, requests.ordinal, requests.need_day,
        people.lat, people.lon, people.district, people.municipality, people.has_car, people.is_online_user,
        people.age_group, people.online_rank,
        places.lat, places.lon, places.district, places.municipality, places.uptake_share,
        plan.online_share, plan.booking_share, plan.phone_share, plan.back_office, plan.mobile_place,
        plan.group_offsets,
        plan.group_places, plan.adopted_share,
        memory.place, memory.wait, memory.public_wait, memory.utility_cache,
        rules.seed, rules.weights, rules.mode_table, rules.transit_minutes, rules.services, rules.districts,
    )  # fmt: skip


@njit(cache=True)
def decide_rows(
    first, last, scratch, out, out_offset,
    citizen_of, service_of, ordinal_of, need_day_of,
    lat, lon, district_of, municipality_of, has_car_of, is_online_user, age_group_of, online_rank,
    place_lat, place_lon, place_district, place_municipality, uptake_share,
    online_share, booking_share, phone_share, back_office, mobile_place, group_offsets, group_places, adopted_share,
    memory_place, memory_wait, public_wait, utility_cache,
    seed, weights, mode_table, transit_minutes, services, districts,
):  # type: ignore[no-untyped-def]  # fmt: skip
    """Decide requests first..last-1: the one decision function (see decide_request for the rule).

    Writes each decision into `out` (channel, place, mode, travel minutes, travel km, is_booked)
    at position row - out_offset. The arrays come from _arrays, in its order: the records are
    unpacked once per call, and the loop over requests calls nothing that takes an array, because
    Numba reference-counts every array argument of every call (measured: twice as slow).
    """
    out_channel, out_place, out_mode, out_minutes, out_km, out_booked = out
    for row in range(first, last):
        at = row - out_offset
        citizen = int(citizen_of[row])
        service = int(service_of[row])
        day = int(need_day_of[row])
        index = service * REQUEST_STRIDE + int(ordinal_of[row])
        municipality, district = municipality_of[citizen], district_of[citizen]
        out_mode[at], out_minutes[at], out_km[at], out_booked[at] = -1, 0.0, 0.0, False
        # Online if the request can be done online today and the citizen uses this service's online route
        # (without an adoption model the adopted share is the region's online_use: then this is is_online_user).
        if (
            uniform(seed, PURPOSE_ONLINE_POSSIBLE, citizen, day, index) < online_share[service]
            and online_rank[citizen] < adopted_share[service, district, age_group_of[citizen]]
        ):
            out_channel[at], out_place[at] = CHANNEL_ONLINE, back_office[municipality, service]
            continue
        stop = mobile_place[municipality, service, district]
        channel, group = CHANNEL_IN_PERSON, district * services + service
        if stop >= 0 and uniform(seed, PURPOSE_MOBILE_UPTAKE, citizen, day, index) < uptake_share[stop]:
            channel, group = CHANNEL_MOBILE, districts * services + stop
        out_channel[at] = channel
        first_candidate, count = group_offsets[group], group_offsets[group + 1] - group_offsets[group]
        pick = 0
        if count > 1:  # a single candidate needs no draw
            for slot in range(count):
                candidate = group_places[first_candidate + slot]
                fixed = utility_cache[citizen, service, slot]
                if math.isnan(fixed):
                    crow_km = local_km(lat[citizen], lon[citizen], place_lat[candidate], place_lon[candidate])
                    between = transit_minutes[district, place_district[candidate]]
                    is_foreign = place_municipality[candidate] != municipality
                    # The cache holds single precision (4 bytes a slot); read back so fresh equals cached.
                    utility_cache[citizen, service, slot] = static_utility(
                        crow_km, between, has_car_of[citizen], is_foreign, mode_table, weights, scratch[2 * count :]
                    )
                    fixed = utility_cache[citizen, service, slot]
                own = public_wait[candidate]
                for memory_slot in range(memory_place.shape[1]):
                    if memory_place[citizen, memory_slot] == candidate:
                        own = memory_wait[citizen, memory_slot]
                        break
                social = weights[WEIGHT_SOCIAL_SHARE]
                expected = (1.0 - social) * own + social * public_wait[candidate]
                scratch[slot] = fixed - weights[WEIGHT_WAIT_PER_MINUTE] * expected
            draw = uniform(seed, PURPOSE_DESTINATION, citizen, day, index)
            pick = pick_from(scratch, count, draw, scratch[count : 2 * count])
        mode = -1
        if pick >= 0:
            place = group_places[first_candidate + pick]
            crow_km = local_km(lat[citizen], lon[citizen], place_lat[place], place_lon[place])
            between = transit_minutes[district, place_district[place]]
            draw = uniform(seed, PURPOSE_MODE, citizen, day, index)
            mode = choose_mode(crow_km, between, has_car_of[citizen], mode_table, weights, draw, scratch)
        if mode < 0:  # nowhere to go, or no way to get there
            out_place[at], out_minutes[at], out_km[at] = -1, math.nan, math.nan
            continue
        out_place[at], out_mode[at] = place, mode
        out_minutes[at] = mode_minutes(mode, crow_km, between, mode_table)
        out_km[at] = mode_km(mode, crow_km, mode_table)
        booking_draw = uniform(seed, PURPOSE_BOOKING, citizen, day, index)
        # Online users book online; the others by phone, if the scenario's phone_share lets them.
        share = booking_share[service] if is_online_user[citizen] else phone_share[service]
        out_booked[at] = channel == CHANNEL_IN_PERSON and booking_draw < share


@njit(cache=True)
def decide_request(
    requests: Requests, row: int, people: People, places: Places, plan: Plan, memory: Memory, rules: Rules,
    scratch: np.ndarray,
) -> tuple[int, int, int, float, float, bool]:  # fmt: skip
    """Decide one new request; return (channel, place, mode, travel minutes, travel km, is_booked).

    Online if the service can be done online today and the citizen uses online services; else the
    mobile office if it stops in the citizen's district soon and they wait for it; else in person.
    Travellers choose a place (logit over the candidates they may use, with static utilities cached
    per citizen, service and candidate) and a mode (logit). In-person visitors book an appointment
    with the day's booking share. Every draw is keyed by the request. scratch is working space
    (see scratch_space). This is decide_rows for one request, so both engines decide alike.
    """
    out = (np.empty(1, np.int8), np.empty(1, np.int32), np.empty(1, np.int8), np.empty(1), np.empty(1),
           np.empty(1, np.bool_))  # fmt: skip
    decide_rows(row, row + 1, scratch, out, row, *_arrays(requests, people, places, plan, memory, rules))
    return int(out[0][0]), int(out[1][0]), int(out[2][0]), out[3][0], out[4][0], bool(out[5][0])


@njit(cache=True)
def _first_slot(place, day, weekday, first_open, slots, closure_row, planned):  # type: ignore[no-untyped-def]
    """Return (day, slot) of the first free slot at a place from first_open within the horizon, or (-1, -1).

    A day offers floor(slot_share x desks x open minutes / slot_minutes) slots; a day a planned
    closure shuts offers none.
    """
    desks, open_minutes, slot_minutes, slot_share, horizon, booked = slots
    for visit_day in range(first_open, min(day + horizon[place] + 1, booked.shape[1])):
        minutes = open_minutes[place, (weekday + visit_day - day) % 7]
        capacity = int(slot_share[place] * desks[place] * minutes / slot_minutes[place])
        is_open = minutes > 0 and is_open_as_planned(closure_row, planned, place, visit_day)
        if is_open and booked[place, visit_day] < capacity:
            booked[place, visit_day] += 1
            return visit_day, booked[place, visit_day] - 1
    return -1, -1


@njit(cache=True)
def _start(
    row, day, weekday, counts, channel_of, place_of, status, served_day, tries, next_in_calendar, calendar_head,
    opening, is_booked, slot_of, places_slots,
):  # type: ignore[no-untyped-def]  # fmt: skip
    """Start one decided request (see start_request), on plain arrays; opening is _opening_arrays(places)."""
    counts[DECIDED_REQUESTS] += 1
    channel = channel_of[row]
    place = place_of[row]
    if channel == CHANNEL_ONLINE:
        counts[DECIDED_ONLINE] += 1
        if place < 0:
            status[row] = STATUS_SERVED
            served_day[row] = day
            tries[row] = 1
            counts[DECIDED_SERVED] += 1
            return
    elif channel == CHANNEL_MOBILE:
        counts[DECIDED_MOBILE] += 1
    else:
        counts[DECIDED_IN_PERSON] += 1
    next_open_offset, closure_row, planned, open_minutes, citizen_of, service_of, ordinal_of, seed = opening
    visit_day = next_open_day(next_open_offset, closure_row, planned, place, day, weekday) if place >= 0 else -1
    if visit_day > day and closure_row.shape[0] > 0 and closure_row[place] >= 0:  # perhaps a planned closure
        index = int(service_of[row]) * REQUEST_STRIDE + int(ordinal_of[row])
        draw = uniform(seed, PURPOSE_RETURN_DAY, int(citizen_of[row]), day, index)
        visit_day = held_up_day(next_open_offset, closure_row, planned, open_minutes, place, day, day, weekday, draw)
    if visit_day < 0:
        status[row] = STATUS_UNSERVED
        counts[DECIDED_UNSERVED] += 1
        return
    if is_booked[row]:
        slot_day, slot = -1, -1
        if places_slots[2][place] > 0:  # the place has a slot book
            slot_day, slot = _first_slot(place, day, weekday, visit_day, places_slots, closure_row, planned)
        if slot_day < 0:  # no free slot within the horizon: walk in on the next open day
            is_booked[row] = False
        else:
            visit_day, slot_of[row] = slot_day, slot
    next_in_calendar[row] = calendar_head[visit_day]  # book the first visit in the calendar
    calendar_head[visit_day] = row


@njit(cache=True)
def start_request(
    requests: Requests, row: int, places: Places, day: int, weekday: int, counts: np.ndarray, seed: int
) -> None:
    """Book a decided request's first visit, or settle it now.

    Online requests without a back office are self-service and done today; a request with no
    place, or whose place never opens, is unserved. A booked visitor takes the first free slot of
    the place's slot book within its booking horizon (the lead time); without one, they walk in on
    the place's next open day, as everyone else does. Open days are those residents know of:
    weekly hours and planned closures, not an unannounced outage (kernels.opening); a visit a
    planned closure holds up comes spread after the reopening (kernels.opening.held_up_day).
    """
    _start(
        row, day, weekday, counts, requests.channel, requests.place, requests.status, requests.served_day,
        requests.tries, requests.next_in_calendar, requests.calendar_head, _opening_arrays(places, requests, seed),
        requests.booked, requests.slot, _slot_arrays(places),
    )  # fmt: skip


@njit(cache=True, inline="always")
def _opening_arrays(places: Places, requests: Requests, seed: int) -> tuple:
    """Return what finding the first visit's day as residents know it needs (and the keys of its draw)."""
    return (places.next_open_offset, places.closure_row, places.next_open_planned, places.open_minutes,
            requests.citizen, requests.service, requests.ordinal, seed)  # fmt: skip


@njit(cache=True, inline="always")
def _slot_arrays(places: Places) -> tuple:
    """Return what the slot book needs of the places."""
    return (places.desks, places.open_minutes, places.slot_minutes, places.slot_share, places.booking_horizon_days,
            places.slots_booked)  # fmt: skip


# Below this many requests a day one thread is faster than waking the others.
PARALLEL_MIN_REQUESTS = 512


@njit(cache=True, parallel=True)
def _decide_in_parallel(first, last, scratch, out, arrays):  # type: ignore[no-untyped-def]
    chunks = scratch.shape[0]
    for chunk in prange(chunks):
        begin = first + (last - first) * chunk // chunks
        end = first + (last - first) * (chunk + 1) // chunks
        decide_rows(begin, end, scratch[chunk], out, 0, *arrays)


@njit(cache=True)
def decide_day(
    requests: Requests, day: int, weekday: int, people: People, places: Places, plan: Plan, memory: Memory,
    rules: Rules, parallel: bool = False,
) -> np.ndarray:  # fmt: skip
    """Kernels engine: decide all of a day's new requests, then book them in request order.

    Decisions read only what yesterday left (memories, word of mouth), so their order does not
    matter and large days are decided in parallel chunks (parallel=True); two requests of one
    citizen may fill the same utility-cache slot with the same value.
    """
    first, last = requests.day_starts[day], requests.day_starts[day + 1]
    arrays = _arrays(requests, people, places, plan, memory, rules)
    out = (requests.channel, requests.place, requests.mode, requests.travel_minutes, requests.travel_km,
           requests.booked)  # fmt: skip
    if parallel:  # chunks of rows, each with its own working space: decisions allocate nothing
        _decide_in_parallel(first, last, scratch_space(plan, rules, max(1, min(64, (last - first) // 1024))), out,
                            arrays)  # fmt: skip
    else:
        decide_rows(first, last, scratch_space(plan, rules, 1)[0], out, 0, *arrays)
    counts = np.zeros(DECIDED_FIELDS, dtype=np.int64)
    status, served_day, tries = requests.status, requests.served_day, requests.tries
    next_in_calendar, calendar_head = requests.next_in_calendar, requests.calendar_head
    slots, opening = _slot_arrays(places), _opening_arrays(places, requests, rules.seed)
    for row in range(first, last):
        _start(
            row, day, weekday, counts, requests.channel, requests.place, status, served_day, tries, next_in_calendar,
            calendar_head, opening, requests.booked, requests.slot, slots,
        )  # fmt: skip
    return counts
