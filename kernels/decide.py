"""The one decision function: a request's channel, booking, place and mode, shared by both engines."""

import math

import numpy as np
from numba import njit, prange

from kernels.calendar import book_visit
from kernels.choice import REQUEST_STRIDE, choose_destination, choose_mode
from kernels.random import PURPOSE_BOOKING, PURPOSE_MOBILE_UPTAKE, PURPOSE_ONLINE_POSSIBLE, uniform
from kernels.records import Memory, People, Places, Plan, Requests, Rules

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
    """Return `rows` rows of working space for decide_request (the largest candidate group, or the modes, twice)."""
    largest = rules.mode_table.shape[0]
    for group in range(plan.group_offsets.shape[0] - 1):
        largest = max(largest, plan.group_offsets[group + 1] - plan.group_offsets[group])
    return np.empty((rows, 2 * largest))


@njit(cache=True)
def decide_request(
    requests: Requests, row: int, people: People, places: Places, plan: Plan, memory: Memory, rules: Rules,
    scratch: np.ndarray,
) -> tuple[int, int, int, float, float, bool]:  # fmt: skip
    """Decide one new request; return (channel, place, mode, travel minutes, travel km, is_booked).

    Online if the service can be done online today and the citizen uses online services; else the
    mobile office if it stops in the citizen's district soon and they wait for it; else in person.
    Travellers choose a place (logit over the candidates they may use) and a mode (logit). In-person
    visitors book an appointment with the day's booking share. Every draw is keyed by the request.
    scratch is working space (see scratch_space), so that the decision allocates nothing.
    """
    citizen = int(requests.citizen[row])
    service = int(requests.service[row])
    day = int(requests.need_day[row])
    index = service * REQUEST_STRIDE + int(requests.ordinal[row])
    municipality = people.municipality[citizen]
    district = people.district[citizen]
    online_draw = uniform(rules.seed, PURPOSE_ONLINE_POSSIBLE, citizen, day, index)
    if online_draw < plan.online_share[service] and people.is_online_user[citizen]:
        return CHANNEL_ONLINE, int(plan.back_office[municipality, service]), -1, 0.0, 0.0, False
    stop = plan.mobile_place[municipality, service, district]
    channel = CHANNEL_IN_PERSON
    group = district * rules.services + service
    if stop >= 0 and uniform(rules.seed, PURPOSE_MOBILE_UPTAKE, citizen, day, index) < places.uptake_share[stop]:
        channel = CHANNEL_MOBILE
        group = rules.districts * rules.services + stop
    first, last = plan.group_offsets[group], plan.group_offsets[group + 1]
    place = choose_destination(
        people, places, memory, rules, plan.group_places, first, last, citizen, service, day, index, scratch
    )
    if place < 0:
        return channel, -1, -1, math.nan, math.nan, False
    chosen, mode, minutes, km = choose_mode(people, places, rules, citizen, place, day, index, scratch)
    is_booked = channel == CHANNEL_IN_PERSON and (
        uniform(rules.seed, PURPOSE_BOOKING, citizen, day, index) < plan.booking_share[service]
    )
    return channel, chosen, mode, minutes, km, is_booked


@njit(cache=True)
def record_decision(requests: Requests, row: int, decision: tuple[int, int, int, float, float, bool]) -> None:
    """Write a decision into the request arrays."""
    channel, place, mode, minutes, km, is_booked = decision
    requests.channel[row] = channel
    requests.place[row] = place
    requests.mode[row] = mode
    requests.travel_minutes[row] = minutes
    requests.travel_km[row] = km
    requests.booked[row] = is_booked


@njit(cache=True)
def start_request(requests: Requests, row: int, places: Places, day: int, weekday: int, counts: np.ndarray) -> None:
    """Book a decided request's first visit on its place's next open day, or settle it now.

    Online requests without a back office are self-service and done today; a request with no
    place, or whose place never opens, is unserved.
    """
    counts[DECIDED_REQUESTS] += 1
    channel = requests.channel[row]
    place = requests.place[row]
    if channel == CHANNEL_ONLINE:
        counts[DECIDED_ONLINE] += 1
        if place < 0:
            requests.status[row] = STATUS_SERVED
            requests.served_day[row] = day
            requests.tries[row] = 1
            counts[DECIDED_SERVED] += 1
            return
    elif channel == CHANNEL_MOBILE:
        counts[DECIDED_MOBILE] += 1
    else:
        counts[DECIDED_IN_PERSON] += 1
    offset = places.next_open_offset[place, weekday] if place >= 0 else -1
    if offset < 0:
        requests.status[row] = STATUS_UNSERVED
        counts[DECIDED_UNSERVED] += 1
        return
    book_visit(requests, row, day + offset)


@njit(cache=True, parallel=True)
def decide_day(
    requests: Requests, day: int, weekday: int, people: People, places: Places, plan: Plan, memory: Memory,
    rules: Rules,
) -> np.ndarray:  # fmt: skip
    """Kernels engine: decide all of a day's new requests in parallel, then book them in request order.

    Decisions read only what yesterday left (memories, word of mouth), so their order does not
    matter; two requests of one citizen may fill the same utility-cache slot with the same value.
    """
    first, last = requests.day_starts[day], requests.day_starts[day + 1]
    # Chunks of rows, each with its own working space: decisions allocate nothing.
    chunks = max(1, min(64, (last - first) // 256))
    scratch = scratch_space(plan, rules, chunks)
    for chunk in prange(chunks):
        begin = first + (last - first) * chunk // chunks
        end = first + (last - first) * (chunk + 1) // chunks
        for row in range(begin, end):
            decision = decide_request(requests, row, people, places, plan, memory, rules, scratch[chunk])
            record_decision(requests, row, decision)
    counts = np.zeros(DECIDED_FIELDS, dtype=np.int64)
    for row in range(first, last):
        start_request(requests, row, places, day, weekday, counts)
    return counts
