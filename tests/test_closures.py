"""Closures by day on small worlds with hand-computed outcomes, and the open-day tables against a Python twin.

The world: two places open Monday to Friday 08:00-12:00 with one desk each, place 0 a Bürgerbüro and
place 1 a back office; day 0 is a Monday. Visits are booked by hand and one day is served at a time.
"""

from types import SimpleNamespace

import numpy as np
import twins
from hypothesis import given, settings
from hypothesis import strategies as st
from test_choice import TABLE

from kernels.calendar import book_visit
from kernels.choice import WEIGHT_COUNT
from kernels.decide import (
    CHANNEL_IN_PERSON,
    CHANNEL_ONLINE,
    DECIDED_FIELDS,
    STATUS_PENDING,
    STATUS_SERVED,
    STATUS_UNSERVED,
    start_request,
)
from kernels.opening import held_up_day, next_open_day
from kernels.random import PURPOSE_RETURN_DAY
from kernels.records import Memory, Places, Requests, Rules
from kernels.serve import DAY_SERVED, DAY_TRIPS, DAY_UNSERVED, TOTAL_FIELDS, TOTAL_OPEN_DESK_MINUTES, serve_day
from sim.mechanisms import Closure
from sim.model.closures import closure_schedule, open_day_tables

CALENDAR = 40
WEEKDAYS_OPEN = [True, True, True, True, True, False, False]


def fake_facilities(open_weekdays: list[list[bool]], start_weekday: int = 0) -> SimpleNamespace:
    """What open_day_tables reads of Facilities: one point per place with the given open weekdays."""
    places = len(open_weekdays)
    return SimpleNamespace(
        point_ids=tuple(f"p{place}" for place in range(places)),
        place_point=np.arange(places),
        place_count=places,
        open_minutes=np.array([[240.0 if is_open else 0.0 for is_open in week] for week in open_weekdays]),
        start_weekday=start_weekday,
    )


def weekly_offsets(open_weekdays: list[list[bool]]) -> np.ndarray:
    """Return (places x 7) days from each weekday to the next open one (the weekly rule), -1 if never."""
    offsets = np.full((len(open_weekdays), 7), -1, dtype=np.int64)
    for place, week in enumerate(open_weekdays):
        for weekday in range(7):
            found = twins.next_open_day(week, set(), weekday, 0, 7)
            offsets[place, weekday] = found
    return offsets


def world(closures: list[Closure], max_tries: int = 3, slots: bool = False, weeks: list[list[bool]] | None = None,
          start_weekday: int = 0) -> Places:  # fmt: skip
    """Places open 08:00-12:00 on their open weekdays (default: two places, Mon-Fri), one desk each."""
    weeks = weeks or [WEEKDAYS_OPEN, WEEKDAYS_OPEN]
    count = len(weeks)
    facilities = fake_facilities(weeks, start_weekday)
    closure_row, planned, actual = open_day_tables(closures, facilities, CALENDAR)
    hours_offsets = np.zeros((7, count + 1), np.int64)  # weekday by weekday, place by place (kernels.records)
    position = 0
    for weekday in range(7):
        hours_offsets[weekday, 0] = position
        for place, week in enumerate(weeks):
            position += week[weekday]
            hours_offsets[weekday, place + 1] = position
    hours = np.array([[480.0, 720.0]] * position).reshape(-1, 2)
    return Places(
        lat=np.zeros(count), lon=np.zeros(count), district=np.zeros(count, np.int64),
        municipality=np.zeros(count, np.int64), point=np.arange(count), desks=np.ones(count, np.int64),
        max_tries=np.full(count, max_tries, np.int64), uptake_share=np.zeros(count),
        next_open_offset=weekly_offsets(weeks), open_minutes=facilities.open_minutes, hours=hours,
        hours_offsets=hours_offsets, slot_minutes=np.full(count, 30.0 if slots else 0.0),
        slot_share=np.full(count, 1.0 if slots else 0.0), booking_horizon_days=np.full(count, 28, np.int64),
        slots_booked=np.zeros((count, CALENDAR), np.int32), closure_row=closure_row, next_open_planned=planned,
        next_open_actual=actual, terminal_share=np.zeros((0, 0)), terminal_desk_factor=np.zeros((0, 0)),
    )  # fmt: skip


def requests(visits: list[tuple[int, int, float]]) -> Requests:
    """One request per (channel, place, service minutes), all needed on day 0, by citizens 0, 1, ..."""
    count = len(visits)

    def column(values, dtype):
        return np.array(values, dtype=dtype)

    return Requests(
        citizen=np.arange(count, dtype=np.int32), service=np.zeros(count, np.int8), ordinal=np.zeros(count, np.int16),
        need_day=np.zeros(count, np.int16), service_minutes=column([v[2] for v in visits], np.float64),
        day_starts=np.array([0] + [count] * CALENDAR, np.int64), channel=column([v[0] for v in visits], np.int8),
        place=column([v[1] for v in visits], np.int32), mode=np.zeros(count, np.int8),
        travel_minutes=np.full(count, 9.0), travel_km=np.full(count, 5.0), booked=np.zeros(count, bool),
        tries=np.zeros(count, np.int8), status=np.zeros(count, np.int8), wait_minutes=np.zeros(count),
        served_day=np.full(count, -1, np.int16),
        slot=np.full(count, -1, np.int32), next_in_calendar=np.full(count, -1, np.int64),
        calendar_head=np.full(CALENDAR, -1, np.int64),
    )  # fmt: skip


def memory(count: int) -> Memory:
    return Memory(np.full((count, 2), -1, np.int32), np.zeros((count, 2)), np.zeros(count, np.int32),
                  np.array([10.0, 10.0]), np.full((count, 1, 1), np.nan, np.float32))  # fmt: skip


RULES = Rules(7, np.zeros(WEIGHT_COUNT), TABLE, np.zeros((1, 1)), 1, 1, 0.3, 10.0, 0.05, 20)


def serve(book: Requests, places: Places, mind: Memory, day: int) -> tuple:
    totals = np.zeros((2, TOTAL_FIELDS))
    return serve_day(book, places, mind, RULES, totals, day, day % 7), totals


def booked_on(book: Requests, day: int) -> list[int]:
    rows, row = [], book.calendar_head[day]
    while row >= 0:
        rows.append(int(row))
        row = book.next_in_calendar[row]
    return sorted(rows)


OUTAGE_MON_TUE = Closure(("p0", "p1"), 0, 2, is_announced=False)


def test_a_closed_door_costs_a_trip_and_a_try_and_the_visitor_returns_when_it_reopens():
    book, places, mind = requests([(CHANNEL_IN_PERSON, 0, 10.0)]), world([OUTAGE_MON_TUE]), memory(1)
    book_visit(book, 0, 0)
    (day_totals, session_place, visits, served, mean_wait, _), _ = serve(book, places, mind, 0)
    assert (book.tries[0], book.status[0], book.wait_minutes[0]) == (1, STATUS_PENDING, 0.0)
    # The outage took two open days (Monday, Tuesday): the visitor comes back on Wednesday or Thursday, by the draw.
    draw = twins.uniform(RULES.seed, PURPOSE_RETURN_DAY, 0, 0, 0)
    back = 2 + int(draw * 2)
    assert booked_on(book, back) == [0] and back == twins.held_up_day(WEEKDAYS_OPEN, {0, 1}, 0, 1, 0, draw, CALENDAR)
    assert (day_totals[DAY_TRIPS], day_totals[DAY_SERVED], day_totals[DAY_UNSERVED]) == (1, 0, 0)
    assert list(session_place) == [0] and list(visits) == [1] and list(served) == [0] and np.isnan(mean_wait[0])
    assert mind.place[0, 0] == -1 and mind.public_wait[0] == 10.0  # a shut door teaches nothing about the queue
    serve(book, places, mind, back)
    assert (book.tries[0], book.status[0], book.served_day[0]) == (2, STATUS_SERVED, back)


def test_a_closed_door_on_the_last_try_gives_up():
    book, places, mind = requests([(CHANNEL_IN_PERSON, 0, 10.0)]), world([OUTAGE_MON_TUE], max_tries=1), memory(1)
    book_visit(book, 0, 0)
    (day_totals, *_), _ = serve(book, places, mind, 0)
    assert (book.tries[0], book.status[0], day_totals[DAY_UNSERVED]) == (1, STATUS_UNSERVED, 1)
    assert booked_on(book, 2) == []


def test_a_back_office_case_waits_for_the_reopening_without_spending_a_try():
    book, places, mind = requests([(CHANNEL_ONLINE, 1, 10.0)]), world([OUTAGE_MON_TUE], max_tries=1), memory(1)
    book_visit(book, 0, 0)
    (day_totals, *_), _ = serve(book, places, mind, 0)
    assert (book.tries[0], book.status[0], day_totals[DAY_TRIPS]) == (0, STATUS_PENDING, 0)
    assert booked_on(book, 2) == [0]


def test_a_visitor_not_served_by_closing_does_not_know_of_tomorrows_outage():
    # Monday is open; Tuesday and Wednesday are shut without warning. Two visitors of 300 minutes share one desk
    # that is open 240 minutes, so whoever comes second is not served on Monday.
    outage = Closure(("p0",), 1, 2, is_announced=False)
    book, places, mind = requests([(CHANNEL_IN_PERSON, 0, 300.0)] * 2), world([outage]), memory(2)
    book_visit(book, 0, 0)
    book_visit(book, 1, 0)
    serve(book, places, mind, 0)
    assert sorted(book.status.tolist()) == [STATUS_PENDING, STATUS_SERVED]
    second = int(np.flatnonzero(book.status == STATUS_PENDING)[0])
    assert booked_on(book, 1) == [second]  # comes back on Tuesday, as planned
    serve(book, places, mind, 1)
    back = 3 + int(twins.uniform(RULES.seed, PURPOSE_RETURN_DAY, second, 1, 0) * 2)  # Thursday or Friday
    assert book.tries[second] == 2 and booked_on(book, back) == [second]  # found the door shut
    serve(book, places, mind, back)
    assert (book.tries[second], book.status[second], book.served_day[second]) == (3, STATUS_SERVED, back)


def test_an_announced_closure_moves_the_first_visit_after_the_reopening():
    # Shut on Monday and Tuesday: a need of Monday comes on Wednesday or Thursday (two open days taken, by the draw).
    renovation = Closure(("p0",), 0, 2, is_announced=True)
    book, places = requests([(CHANNEL_IN_PERSON, 0, 10.0)]), world([renovation])
    start_request(book, 0, places, 0, 0, np.zeros(DECIDED_FIELDS, np.int64), RULES.seed)
    visit = 2 + int(twins.uniform(RULES.seed, PURPOSE_RETURN_DAY, 0, 0, 0) * 2)
    assert booked_on(book, 0) == [] and booked_on(book, visit) == [0]


def test_an_unannounced_outage_leaves_the_booking_as_planned():
    book, places = requests([(CHANNEL_IN_PERSON, 0, 10.0)]), world([OUTAGE_MON_TUE])
    start_request(book, 0, places, 0, 0, np.zeros(DECIDED_FIELDS, np.int64), RULES.seed)
    assert booked_on(book, 0) == [0]


def test_the_slot_book_offers_no_slot_while_an_announced_closure_lasts():
    renovation = Closure(("p0",), 0, 3, is_announced=True)
    book, places = requests([(CHANNEL_IN_PERSON, 0, 10.0)]), world([renovation], slots=True)
    book.booked[0] = True
    places.slots_booked[0, 0:3] = -1000  # slots on closed days would look free; none may be taken
    start_request(book, 0, places, 0, 0, np.zeros(DECIDED_FIELDS, np.int64), RULES.seed)
    visit = 3 + int(twins.uniform(RULES.seed, PURPOSE_RETURN_DAY, 0, 0, 0) * 3)
    assert booked_on(book, visit) == [0] and book.slot[0] == 0 and places.slots_booked[0, visit] == 1


def test_a_shut_place_has_no_open_desk_minutes():
    book, places, mind = requests([]), world([OUTAGE_MON_TUE]), memory(0)
    _, monday = serve(book, places, mind, 0)
    _, wednesday = serve(book, places, mind, 2)
    assert monday[:, TOTAL_OPEN_DESK_MINUTES].tolist() == [0.0, 0.0]
    assert wednesday[:, TOTAL_OPEN_DESK_MINUTES].tolist() == [240.0, 240.0]


def test_the_schedule_names_the_points_an_announced_closure_shuts():
    closures = [Closure(("b",), 2, 3, is_announced=True), Closure(("a",), 1, 9, is_announced=False)]
    schedule = closure_schedule(closures, ("a", "b"), 10)
    assert [sorted(schedule.announced_on(day)) for day in range(6)] == [[], [], [1], [1], [1], []]
    assert schedule.announced_on(50) == frozenset()


def test_without_closures_the_tables_are_empty():
    closure_row, planned, actual = open_day_tables([], fake_facilities([WEEKDAYS_OPEN]), CALENDAR)
    assert closure_row.shape == (0,) and planned.shape == (0, 0) and actual.shape == (0, 0)


weeks = st.lists(st.booleans(), min_size=7, max_size=7).filter(any)
closure_lists = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 35), st.integers(1, 12), st.booleans()), min_size=0, max_size=4
)


@settings(max_examples=150, deadline=None)
@given(week_list=st.lists(weeks, min_size=3, max_size=3), spans=closure_lists, start_weekday=st.integers(0, 6))
def test_next_open_day_equals_python_twin(week_list, spans, start_weekday):
    facilities = fake_facilities(week_list, start_weekday)
    closures = [Closure((f"p{place}",), start, length, is_announced) for place, start, length, is_announced in spans]
    closure_row, planned, actual = open_day_tables(closures, facilities, CALENDAR)
    offsets = weekly_offsets(week_list)
    for place in range(3):
        known = {d for p, s, n, announced in spans if p == place and announced for d in range(s, s + n)}
        every = {d for p, s, n, _ in spans if p == place for d in range(s, s + n)}
        touched = any(p == place for p, *_ in spans)
        # A place no closure touches keeps the weekly rule, which does not stop at the calendar's end.
        calendar = CALENDAR if touched else CALENDAR + 7
        for day in range(CALENDAR):
            weekday = (start_weekday + day) % 7
            as_planned = next_open_day(offsets, closure_row, planned, place, day, weekday)
            as_is = next_open_day(offsets, closure_row, actual, place, day, weekday)
            assert as_planned == twins.next_open_day(week_list[place], known, start_weekday, day, calendar)
            assert as_is == twins.next_open_day(week_list[place], every, start_weekday, day, calendar)


@settings(max_examples=150, deadline=None)
@given(
    week=weeks, spans=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12)), min_size=1, max_size=3),
    start_weekday=st.integers(0, 6), day=st.integers(0, 30), draw=st.floats(0, 0.999999), at_the_door=st.booleans(),
)  # fmt: skip
def test_held_up_day_equals_python_twin(week, spans, start_weekday, day, draw, at_the_door):
    closures = [Closure(("p0",), start, length, is_announced=False) for start, length in spans]
    places = world(closures, weeks=[week], start_weekday=start_weekday)
    shut = {d for start, length in spans for d in range(start, start + length)}
    search_from = day + 1 if at_the_door else day  # a closed door searches from tomorrow, a new need from today
    expected = twins.held_up_day(week, shut, start_weekday, search_from, day, draw, CALENDAR)
    found = held_up_day(places.next_open_offset, places.closure_row, places.next_open_actual, places.open_minutes, 0,
                        search_from, day, (start_weekday + day) % 7, draw)  # fmt: skip
    assert found == expected
