"""The summary in two passes over all requests: sums per group, exact quantiles via histograms, place tables.

Groups are numbered 0 (everyone), 1..M (home municipality), M+1..M+S (service), so one pass serves
the whole summary. Sums add requests in request order, so they equal a plain loop to the bit.
"""

import math

import numpy as np
from numba import njit

# Columns of the sums per group.
TOTAL = 0
ONLINE = 1
IN_PERSON = 2
MOBILE = 3
SERVED = 4
UNSERVED = 5
TRIPS = 6
TRAVEL_MINUTES = 7
SERVED_VISITS = 8
WAIT_MINUTES = 9
ONLINE_HANDLED = 10
ONLINE_DAYS = 11
CAR_KM = 12
CO2_KG = 13
CITIZEN_MINUTES = 14
IN_PERSON_SERVED = 15
CROSS_BORDER = 16
FIELDS = 17

CHANNEL_ONLINE = 0
CHANNEL_IN_PERSON = 1
CHANNEL_MOBILE = 2
STATUS_SERVED = 1
STATUS_UNSERVED = 2
MODE_CAR = 0

# The three quantiles of the summary: travel (weighted by trips), wait of those served, online days.
MEASURE_TRAVEL = 0
MEASURE_WAIT = 1
MEASURE_ONLINE_DAYS = 2
MEASURES = 3
BINS = 4096  # bin 0 holds exact zeros; bins 1..BINS-1 split (0, largest value]


@njit(cache=True)
def tally_all(
    citizen, service, channel, status, tries, travel_minutes, travel_km, mode, wait_minutes, served_day, need_day,
    place, citizen_municipality, place_municipality, co2_kg_per_km, municipalities, services,
):  # type: ignore[no-untyped-def]  # fmt: skip
    """Return the (1 + municipalities + services) x FIELDS sums of all requests.

    Every request counts in its group's total and outcome; online requests add their handling days;
    travellers add trips, door-to-door minutes (times trips), their wait, round-trip km and CO2, and
    an in-person visit served outside the home municipality counts as crossing the border.
    """
    table = np.zeros((1 + municipalities + services, FIELDS))
    for request in range(citizen.shape[0]):
        home = citizen_municipality[citizen[request]]
        served = status[request] == STATUS_SERVED
        unserved = status[request] == STATUS_UNSERVED
        kind = channel[request]
        trips = float(tries[request])
        minutes = travel_minutes[request] if not math.isnan(travel_minutes[request]) else 0.0
        wait = wait_minutes[request]
        crosses = kind == CHANNEL_IN_PERSON and served and place_municipality[place[request]] != home
        has_km = mode[request] >= 0 and not math.isnan(travel_km[request])
        round_trip_km = 2.0 * travel_km[request] * trips if has_km else 0.0
        for group in (0, 1 + home, 1 + municipalities + service[request]):
            row = table[group]
            row[TOTAL] += 1.0
            row[SERVED] += served
            row[UNSERVED] += unserved
            if kind == CHANNEL_ONLINE:
                row[ONLINE] += 1.0
                if served:
                    row[ONLINE_HANDLED] += 1.0
                    row[ONLINE_DAYS] += served_day[request] - need_day[request]
                continue
            if kind == CHANNEL_IN_PERSON:
                row[IN_PERSON] += 1.0
                row[IN_PERSON_SERVED] += served
                row[CROSS_BORDER] += crosses
            elif kind == CHANNEL_MOBILE:
                row[MOBILE] += 1.0
            else:
                continue
            row[TRIPS] += trips
            row[TRAVEL_MINUTES] += minutes * trips
            row[CITIZEN_MINUTES] += 2.0 * minutes * trips + wait
            if served:
                row[SERVED_VISITS] += 1.0
                row[WAIT_MINUTES] += wait
            if has_km:
                if mode[request] == MODE_CAR:
                    row[CAR_KM] += round_trip_km
                row[CO2_KG] += round_trip_km * co2_kg_per_km[mode[request]]
    return table


@njit(cache=True)
def _measure(measure, kind, served, tries, travel_minutes, wait_minutes, days):  # type: ignore[no-untyped-def]
    """Return (value, weight) of one request for a quantile measure; weight 0 leaves it out."""
    travelling = kind == CHANNEL_IN_PERSON or kind == CHANNEL_MOBILE
    if measure == MEASURE_TRAVEL:
        return (0.0 if math.isnan(travel_minutes) else travel_minutes), (tries if travelling else 0)
    if measure == MEASURE_WAIT:
        return wait_minutes, (1 if travelling and served else 0)
    return float(days), (1 if kind == CHANNEL_ONLINE and served else 0)


@njit(cache=True)
def _bin(value, scale):  # type: ignore[no-untyped-def]
    """Return the histogram bin of a value >= 0: 0 for exact zeros, rising with the value."""
    if value <= 0.0:
        return 0
    return 1 + min(int(value * scale), BINS - 2)


@njit(cache=True)
def quantiles_all(
    quantile, citizen, service, channel, status, tries, travel_minutes, wait_minutes, served_day, need_day,
    citizen_municipality, municipalities, services,
):  # type: ignore[no-untyped-def]  # fmt: skip
    """Return (MEASURES x groups) exact weighted quantiles in linear time (0 for an empty group).

    The quantile is the smallest value whose cumulative weight reaches quantile x total. A
    histogram per measure and group finds the bin holding the quantile; only that bin's values are
    then gathered and partially sorted. Groups as in tally_all.
    """
    groups = 1 + municipalities + services
    count = citizen.shape[0]
    largest = np.zeros(MEASURES)
    for request in range(count):
        days = served_day[request] - need_day[request]
        for measure in range(MEASURES):
            value, weight = _measure(measure, channel[request], status[request] == STATUS_SERVED, tries[request],
                                     travel_minutes[request], wait_minutes[request], days)  # fmt: skip
            if weight > 0 and value > largest[measure]:
                largest[measure] = value
    scale = np.where(largest > 0, (BINS - 1) / np.maximum(largest, 1e-300), 0.0)
    weights = np.zeros((MEASURES, groups, BINS), dtype=np.int64)
    low = np.full((MEASURES, groups, BINS), np.inf)
    high = np.full((MEASURES, groups, BINS), -np.inf)
    for request in range(count):
        days = served_day[request] - need_day[request]
        home = citizen_municipality[citizen[request]]
        for measure in range(MEASURES):
            value, weight = _measure(measure, channel[request], status[request] == STATUS_SERVED, tries[request],
                                     travel_minutes[request], wait_minutes[request], days)  # fmt: skip
            if weight <= 0:
                continue
            where = _bin(value, scale[measure])
            for group in (0, 1 + home, 1 + municipalities + service[request]):
                weights[measure, group, where] += weight
                low[measure, group, where] = min(low[measure, group, where], value)
                high[measure, group, where] = max(high[measure, group, where], value)
    return _select(quantile, weights, low, high, scale, citizen, service, channel, status, tries, travel_minutes,
                   wait_minutes, served_day, need_day, citizen_municipality, municipalities)  # fmt: skip


@njit(cache=True)
def _select(
    quantile, weights, low, high, scale, citizen, service, channel, status, tries, travel_minutes, wait_minutes,
    served_day, need_day, citizen_municipality, municipalities,
):  # type: ignore[no-untyped-def]  # fmt: skip
    """Find each quantile's bin and rank; a bin of equal values answers at once, others are gathered."""
    measures, groups, bins = weights.shape
    result = np.zeros((measures, groups))
    target_bin = np.full((measures, groups), -1, dtype=np.int64)
    target_rank = np.zeros((measures, groups), dtype=np.int64)
    offsets = np.zeros(measures * groups + 1, dtype=np.int64)
    for measure in range(measures):
        for group in range(groups):
            total = weights[measure, group].sum()
            slot = measure * groups + group
            offsets[slot + 1] = offsets[slot]
            if total == 0:
                continue
            position = max(int(math.ceil(quantile * total)) - 1, 0)
            cumulative = 0
            for where in range(bins):
                if cumulative + weights[measure, group, where] > position:
                    break
                cumulative += weights[measure, group, where]
            if low[measure, group, where] == high[measure, group, where]:
                result[measure, group] = low[measure, group, where]
                continue
            target_bin[measure, group], target_rank[measure, group] = where, position - cumulative
            offsets[slot + 1] += weights[measure, group, where]
    buffer = np.empty(offsets[-1])
    filled = offsets[:-1].copy()
    for request in range(citizen.shape[0]):
        days = served_day[request] - need_day[request]
        home = citizen_municipality[citizen[request]]
        for measure in range(measures):
            value, weight = _measure(measure, channel[request], status[request] == STATUS_SERVED, tries[request],
                                     travel_minutes[request], wait_minutes[request], days)  # fmt: skip
            if weight <= 0:
                continue
            where = _bin(value, scale[measure])
            for group in (0, 1 + home, 1 + municipalities + service[request]):
                if target_bin[measure, group] == where:
                    slot = measure * groups + group
                    for _ in range(weight):
                        buffer[filled[slot]] = value
                        filled[slot] += 1
    for measure in range(measures):
        for group in range(groups):
            if target_bin[measure, group] >= 0:
                slot = measure * groups + group
                values = buffer[offsets[slot] : offsets[slot + 1]]
                result[measure, group] = np.partition(values, target_rank[measure, group])[target_rank[measure, group]]
    return result


# Columns of the per-district sums.
DISTRICT_REQUESTS = 0
DISTRICT_TRIPS = 1
DISTRICT_TRAVEL_MINUTES = 2
DISTRICT_WAIT_MINUTES = 3
DISTRICT_VISITORS = 4
DISTRICT_FIELDS = 5


@njit(cache=True)
def place_tables(
    citizen, channel, tries, place, travel_minutes, wait_minutes, citizen_district, citizen_municipality,
    citizen_age, place_point, districts, points, municipalities, ages, histogram_bin_minutes, histogram_bins,
):  # type: ignore[no-untyped-def]  # fmt: skip
    """Return per-district sums, trips district x point and trips municipality x age x travel bin, in one pass.

    Sums add requests in request order, as np.bincount does.
    """
    by_district = np.zeros((districts, DISTRICT_FIELDS))
    flows = np.zeros((districts, points))
    histogram = np.zeros((municipalities, ages, histogram_bins))
    for request in range(citizen.shape[0]):
        person = citizen[request]
        district = citizen_district[person]
        by_district[district, DISTRICT_REQUESTS] += 1.0
        target = place[request]
        if channel[request] != CHANNEL_IN_PERSON and channel[request] != CHANNEL_MOBILE:
            continue
        trips = float(tries[request])
        minutes = 0.0 if math.isnan(travel_minutes[request]) else travel_minutes[request]
        by_district[district, DISTRICT_TRIPS] += trips
        by_district[district, DISTRICT_TRAVEL_MINUTES] += minutes * trips
        by_district[district, DISTRICT_WAIT_MINUTES] += wait_minutes[request]
        by_district[district, DISTRICT_VISITORS] += 1.0
        if target >= 0:
            flows[district, place_point[target]] += trips
        where = min(int(minutes // histogram_bin_minutes), histogram_bins - 1)
        histogram[citizen_municipality[person], citizen_age[person], where] += trips
    return by_district, flows, histogram


@njit(cache=True)
def usage_counts(
    citizen, status, place, served_day, first_day, last_day, citizen_municipality, place_point, points,
    municipalities,
):  # type: ignore[no-untyped-def]  # fmt: skip
    """Return requests served on days first_day..last_day-1 per (service point, home municipality)."""
    usage = np.zeros((points, municipalities))
    for request in range(citizen.shape[0]):
        target = place[request]
        if status[request] == STATUS_SERVED and target >= 0 and first_day <= served_day[request] < last_day:
            usage[place_point[target], citizen_municipality[citizen[request]]] += 1.0
    return usage


@njit(cache=True)
def trips_by_mode(mode, tries, modes):  # type: ignore[no-untyped-def]
    """Return the trips (tries of travelling requests) per mode."""
    trips = np.zeros(modes)
    for request in range(mode.shape[0]):
        if mode[request] >= 0:
            trips[mode[request]] += tries[request]
    return trips


@njit(cache=True)
def times_are_valid(wait_minutes, travel_minutes, service_minutes):  # type: ignore[no-untyped-def]
    """Return whether no wait or travel time is negative and every service takes time (an invariant)."""
    for request in range(wait_minutes.shape[0]):
        travel = travel_minutes[request]
        if wait_minutes[request] < 0 or (not math.isnan(travel) and travel < 0) or service_minutes[request] <= 0:
            return False
    return True


@njit(cache=True)
def service_usage_counts(
    citizen, status, service, served_day, first_day, last_day, citizen_municipality, services, municipalities
):  # type: ignore[no-untyped-def]
    """Return requests served on days first_day..last_day-1 per (service, home municipality)."""
    usage = np.zeros((services, municipalities))
    for request in range(citizen.shape[0]):
        if status[request] == STATUS_SERVED and first_day <= served_day[request] < last_day:
            usage[service[request], citizen_municipality[citizen[request]]] += 1.0
    return usage


@njit(cache=True)
def days_to_done_histograms(status, channel, service, need_day, served_day, booked, services):  # type: ignore[no-untyped-def]
    """Return histograms of days from need to done of served requests.

    Rows: 0 everyone, 1..3 by channel (online, in person, mobile), 4.. by service, and last those
    who had an appointment (their lead time, plus any carry-over).
    """
    groups = 4 + services + 1
    longest = 0
    for request in range(status.shape[0]):
        if status[request] == STATUS_SERVED:
            longest = max(longest, served_day[request] - need_day[request])
    counts = np.zeros((groups, longest + 1), dtype=np.int64)
    for request in range(status.shape[0]):
        if status[request] != STATUS_SERVED or channel[request] < 0:
            continue
        days = served_day[request] - need_day[request]
        counts[0, days] += 1
        counts[1 + channel[request], days] += 1
        counts[4 + service[request], days] += 1
        if booked[request]:
            counts[groups - 1, days] += 1
    return counts
