"""Plain-Python twins of the Numba kernels: slow, obviously correct, used only by the tests."""

import math

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
MIX_A = 0xBF58476D1CE4E5B9
MIX_B = 0x94D049BB133111EB


def mix64(value: int) -> int:
    value = ((value ^ (value >> 30)) * MIX_A) & MASK
    value = ((value ^ (value >> 27)) * MIX_B) & MASK
    return value ^ (value >> 31)


def counter_hash(seed: int, purpose: int, entity: int, day: int, index: int) -> int:
    state = mix64((seed + GOLDEN) & MASK)
    state = mix64(state ^ ((purpose * GOLDEN) & MASK))
    state = mix64(state ^ ((entity + GOLDEN) & MASK))
    state = mix64(state ^ ((day * MIX_A) & MASK))
    return mix64(state ^ ((index * MIX_B) & MASK))


def uniform(seed: int, purpose: int, entity: int, day: int, index: int) -> float:
    return ((counter_hash(seed, purpose, entity, day, index) >> 11) + 0.5) / 2.0**53


def poisson_from_uniform(mean: float, draw: float) -> int:
    if mean <= 0:
        return 0
    count, probability = 0, math.exp(-mean)
    cumulative = probability
    while draw > cumulative and count < int(mean + 40 * math.sqrt(mean) + 40):
        count += 1
        probability *= mean / count
        cumulative += probability
    return count


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def mode_minutes(mode: int, crow_km: float, transit_between: float, table: list[list[float]]) -> float:
    speed, circuity, access, egress, max_km, _, uses_transit_matrix = table[mode][:7]
    if uses_transit_matrix:
        return transit_between + (access + egress) if math.isfinite(transit_between) else math.inf
    road_km = crow_km * circuity
    if road_km > max_km:
        return math.inf
    return road_km / speed * 60 + (access + egress)


def logit_pick(utilities: list[float], draw: float) -> int:
    finite = [u for u in utilities if u != -math.inf]
    if not finite:
        return -1
    top = max(finite)
    weights = [math.exp(u - top) if u != -math.inf else 0.0 for u in utilities]
    threshold, cumulative, last = draw * sum(weights), 0.0, -1
    for index, weight in enumerate(weights):
        if utilities[index] != -math.inf:
            last = index
        cumulative += weight
        if threshold < cumulative:
            return index
    return last


def local_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    mean_lat = math.radians(0.5 * (lat1 + lat2))
    east = math.radians(lon2 - lon1) * math.cos(mean_lat)
    north = math.radians(lat2 - lat1)
    return 6371.0088 * math.sqrt(east * east + north * north)


def expected_wait(memory_place: list[int], memory_wait: list[float], public: list[float], place: int, social: float):
    own = memory_wait[memory_place.index(place)] if place in memory_place else public[place]
    return (1.0 - social) * own + social * public[place]


def next_open_day(open_weekdays: list[bool], shut_days: set[int], start_weekday: int, day: int, calendar: int) -> int:
    """The first day on or after `day` (within the calendar) that is an open weekday and not shut, else -1."""
    for later in range(day, calendar):
        if open_weekdays[(start_weekday + later) % 7] and later not in shut_days:
            return later
    return -1


def held_up_day(open_weekdays: list[bool], shut_days: set[int], start_weekday: int, search_from: int, count_from: int,
                draw: float, calendar: int) -> int:  # fmt: skip
    """The day a visit held up by a closure comes: the next open day R from search_from if the weekly hours alone open
    the place then too; else the (floor(draw x k) + 1)-th open day from R, k = the usual open days from count_from
    to R (at least 1)."""
    reopening = next_open_day(open_weekdays, shut_days, start_weekday, search_from, calendar)
    weekly = next_open_day(open_weekdays, set(), start_weekday, search_from, search_from + 8)
    if reopening < 0 or reopening == weekly:
        return reopening
    lost = sum(open_weekdays[(start_weekday + later) % 7] for later in range(count_from, reopening))
    open_days = [d for d in range(reopening, calendar) if open_weekdays[(start_weekday + d) % 7] and d not in shut_days]
    return open_days[min(int(draw * max(lost, 1)), len(open_days) - 1)]
