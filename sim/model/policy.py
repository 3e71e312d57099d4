"""The policy layer: what residents may do on each day, built from config, facilities and geography alone.

A `PolicyTables` object turns a scenario into day plans (`kernels.records.Plan`): online and
booking shares by day (from the services and the interventions' own modules), and, per state of
choice, who may use which place, the candidate places of each district, the back offices, and the
soonest mobile-office stop. The state of choice is the agreement state (which agreements are
active, which members left) plus the points an announced closure shuts that day: residents who
know an office is closed choose among the usable places still open. It never reads the model; the
model hands it the agreement state and gets a plan back. Plans are cached per state of choice and
weekday, so a day costs a dictionary lookup.
"""

from dataclasses import dataclass, field

import numpy as np

from kernels.records import Plan
from kernels.travel import great_circle_km
from sim.io.schema import Intervention, ScenarioConfig
from sim.mechanisms import REGISTRY, Closure, Residents, ShareTables
from sim.mechanisms.adoption_curve import request_weighted_share
from sim.mechanisms.portal_outage import shut_portal
from sim.model.closures import ClosureSchedule, closure_schedule
from sim.model.facilities import KIND_BACK_OFFICE, KIND_FIXED, KIND_MOBILE, Facilities
from sim.model.geography import Geography

# Which agreements are active, and which (agreement, member) pairs have left: access depends on nothing else.
AgreementState = tuple[tuple[bool, ...], frozenset[tuple[str, str]]]
# The agreement state and the points residents know to be shut today: candidate places depend on nothing else.
ChoiceState = tuple[AgreementState, frozenset[int]]


def agreement_state(config: ScenarioConfig, day: int, departed: frozenset[tuple[str, str]]) -> AgreementState:
    """Return the agreement state of a day: active by start and end day, minus members who left."""
    active = tuple(a.start_day <= day and (a.end_day is None or day < a.end_day) for a in config.agreements.values())
    return active, departed


def access_matrix(config: ScenarioConfig, municipality_ids: tuple[str, ...], state: AgreementState) -> np.ndarray:
    """Return bool (municipalities x points x services): may residents of m use point p for service s.

    A point is open to its owner's residents; to members of the agreement that owns it; to residents
    of municipalities that share an active mutual-access agreement covering the service; and to
    everyone for open-access services (free choice of GP).
    """
    active_flags, departed = state
    service_ids = list(config.services)
    points = list(config.service_points.values())
    allowed = np.zeros((len(municipality_ids), len(points), len(service_ids)), dtype=np.bool_)
    active = {
        agreement_id: [m for m in agreement.members if (agreement_id, m) not in departed]
        for (agreement_id, agreement), is_active in zip(config.agreements.items(), active_flags, strict=True)
        if is_active
    }
    for m_index, municipality in enumerate(municipality_ids):
        for p_index, point in enumerate(points):
            for service in point.services:
                s_index = service_ids.index(service)
                if config.services[service].open_access or point.owner == municipality:
                    allowed[m_index, p_index, s_index] = True
                    continue
                for agreement_id, members in active.items():
                    agreement = config.agreements[agreement_id]
                    if service not in agreement.services or municipality not in members:
                        continue
                    owner_is_partner = agreement.access == "mutual" and point.owner in members
                    if point.owner == agreement_id or owner_is_partner:
                        allowed[m_index, p_index, s_index] = True
    return allowed


@dataclass(frozen=True)
class Access:
    """Everything that follows from one agreement state: access, candidate groups and back offices."""

    allowed: np.ndarray
    group_offsets: np.ndarray
    group_places: np.ndarray
    back_office: np.ndarray
    shut: np.ndarray | None  # bool per place: shut by an announced closure; None if none is


@dataclass
class PolicyTables:
    """Day plans of one scenario, computed once per state of choice and weekday."""

    config: ScenarioConfig
    facilities: Facilities
    geography: Geography
    residents: Residents
    closures: list[Closure] = field(default_factory=list)
    online_share: np.ndarray = field(init=False)  # (days x services)
    booking_share: np.ndarray = field(init=False)  # (days x services)
    phone_share: np.ndarray = field(init=False)  # (days x services)
    adoption: dict[int, np.ndarray] = field(init=False)  # service -> (days x districts x age groups)
    schedule: ClosureSchedule = field(init=False)
    _adopted: np.ndarray = field(init=False)  # (services x districts x age groups) without adoption: online_use
    _allowed: dict[AgreementState, np.ndarray] = field(default_factory=dict, init=False)
    _access: dict[ChoiceState, Access] = field(default_factory=dict, init=False)
    _plans: dict[tuple[ChoiceState, int], Plan] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        """Tabulate the shares of every day of the horizon and the points announced closures shut."""
        tables = day_tables(self.config, self.residents, self.closures)
        self.online_share, self.booking_share, self.phone_share = (
            tables.online_share,
            tables.booking_share,
            tables.phone_share,
        )
        self.adoption = tables.adoption
        self.schedule = closure_schedule(self.closures, self.facilities.point_ids, self.config.simulation.days)
        districts = len(self.geography.district_ids)
        self._adopted = np.tile(self.residents.online_use, (len(self.config.services), districts, 1))

    def expected_online_shares(self) -> dict[int, np.ndarray]:
        """Return per service with an adoption model the expected online share of its requests on each day."""
        services = list(self.config.services.values())
        return {
            service: request_weighted_share(
                curve, self.residents.population, np.array(services[service].requests_per_person_year.as_tuple()),
                self.online_share[:, service],
            )
            for service, curve in self.adoption.items()
        }  # fmt: skip

    def adopted_share(self, day: int) -> np.ndarray:
        """Return (services x districts x age groups): who uses each service's online route on a day."""
        if not self.adoption:
            return self._adopted
        adopted = self._adopted.copy()
        for service, shares in self.adoption.items():
            adopted[service] = shares[day]
        return adopted

    def choice_state(self, day: int, agreements: AgreementState) -> ChoiceState:
        """Return the state of choice of a day: the agreement state and the points known to be shut."""
        return agreements, self.schedule.announced_on(day)

    def access(self, state: ChoiceState) -> Access:
        """Return access, candidate groups and back offices of a state of choice (cached)."""
        if state not in self._access:
            agreements, shut_points = state
            if agreements not in self._allowed:
                self._allowed[agreements] = access_matrix(self.config, self.geography.municipality_ids, agreements)
            allowed = self._allowed[agreements]
            shut = self._shut_places(shut_points)
            offsets, places = candidate_groups(self.config, self.facilities, self.geography, allowed, shut)
            back_office = back_office_table(self.facilities, allowed, shut)
            self._access[state] = Access(allowed, offsets, places, back_office, shut)
        return self._access[state]

    def _shut_places(self, shut_points: frozenset[int]) -> np.ndarray | None:
        """Return bool per place: shut by an announced closure (None if no point is)."""
        if not shut_points:
            return None
        return np.isin(self.facilities.place_point, np.fromiter(shut_points, dtype=np.int64))

    def plan(self, day: int, state: ChoiceState) -> Plan:
        """Return the plan of a day under a state of choice."""
        weekday = self.facilities.weekday(day)
        key = (state, weekday)
        if key not in self._plans:
            access = self.access(state)
            mobile = mobile_places(self.config, self.facilities, self.geography, access.allowed, weekday, access.shut)
            self._plans[key] = Plan(
                self.online_share[0], self.booking_share[0], self.phone_share[0], access.back_office, mobile,
                access.group_offsets, access.group_places, self._adopted,
            )  # fmt: skip
        return self._plans[key]._replace(
            online_share=self.online_share[day],
            booking_share=self.booking_share[day],
            phone_share=self.phone_share[day],
            adopted_share=self.adopted_share(day),
        )


def share_tables(
    config: ScenarioConfig, closures: list[Closure] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (days x services) online, online-booking and phone-booking shares after every intervention."""
    tables = day_tables(config, None, closures)
    return tables.online_share, tables.booking_share, tables.phone_share


def day_tables(
    config: ScenarioConfig, residents: Residents | None = None, closures: list[Closure] | None = None
) -> ShareTables:
    """Return the day tables after every intervention: shares and adoption curves (which need the residents).

    The shares are those of share_tables; services with an adoption model add their curves. Mechanisms
    apply in registry order, then file order, so adoption reads the final online shares. A closure that
    takes the portal down (an IT outage) shuts the portal of every service its points offer; that
    happens after the mechanisms of order 0 (which set the shares) and before later ones (which read them).
    """
    service_ids = list(config.services)
    days = config.simulation.days
    base = np.array([service.online_share for service in config.services.values()], dtype=np.float64)
    tables = ShareTables(
        np.tile(base, (days, 1)), np.zeros((days, len(service_ids))), np.zeros((days, len(service_ids))), residents
    )
    ordered = sorted(config.interventions.values(), key=lambda i: REGISTRY[i.type].order)
    for intervention in [i for i in ordered if REGISTRY[i.type].order == 0]:
        _apply(intervention, tables, service_ids)
    for closure in closures or []:
        if closure.takes_portal_down:
            offered = {s for point_id in closure.point_ids for s in config.service_points[point_id].services}
            for service in sorted(offered):
                shut_portal(tables, service_ids.index(service), closure.start_day, closure.end_day)
    for intervention in [i for i in ordered if REGISTRY[i.type].order > 0]:
        _apply(intervention, tables, service_ids)
    return tables


def _apply(intervention: Intervention, tables: ShareTables, service_ids: list[str]) -> None:
    apply = REGISTRY[intervention.type].apply
    if apply is not None and intervention.service is not None:
        apply(intervention, tables, service_ids.index(intervention.service))


def candidate_groups(
    config: ScenarioConfig, facilities: Facilities, geography: Geography, allowed: np.ndarray,
    shut: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Return CSR groups: per (district, service) the nearest usable fixed places, then one group per place.

    People consider the few nearest places they may use (the consideration set), which also keeps
    the choice cost flat when a region has hundreds of GP practices. Places an announced closure
    shuts (`shut`) drop out, unless nothing usable would be left: then residents keep them and
    wait for the reopening.
    """
    kind = facilities.point_kind[facilities.place_point]
    limit = config.behaviour.consideration_set_size
    groups: list[np.ndarray] = []
    for district in range(len(geography.district_ids)):
        municipality = geography.district_municipality[district]
        lat, lon = geography.district_lat[district], geography.district_lon[district]
        for service in range(allowed.shape[2]):
            usable = allowed[municipality, facilities.place_point, service] & (kind == KIND_FIXED)
            usable = np.flatnonzero(_open_if_any(usable, shut))
            distance = np.array(
                [great_circle_km(lat, lon, facilities.place_lat[p], facilities.place_lon[p]) for p in usable]
            )
            groups.append(usable[np.argsort(distance, kind="stable")][:limit])
    groups.extend(np.array([place], dtype=np.int64) for place in range(facilities.place_count))
    offsets = np.zeros(len(groups) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([group.shape[0] for group in groups])
    return offsets, np.concatenate(groups).astype(np.int64)


def _open_if_any(usable: np.ndarray, shut: np.ndarray | None) -> np.ndarray:
    """Return the usable places that are not shut, or all usable places if every one of them is shut."""
    if shut is None:
        return usable
    still_open = usable & ~shut
    return still_open if still_open.any() else usable


def back_office_table(facilities: Facilities, allowed: np.ndarray, shut: np.ndarray | None = None) -> np.ndarray:
    """Return the place handling each (municipality, service)'s online requests, -1 for self-service.

    A back office an announced closure shuts hands its cases to another usable one, if there is one.
    """
    kind = facilities.point_kind[facilities.place_point]
    back_office = np.full((allowed.shape[0], allowed.shape[2]), -1, dtype=np.int64)
    for municipality in range(allowed.shape[0]):
        for service in range(allowed.shape[2]):
            offices = np.flatnonzero(
                _open_if_any(allowed[municipality, facilities.place_point, service] & (kind == KIND_BACK_OFFICE), shut)
            )
            if offices.shape[0]:
                # Prefer the office with the most desks (a shared one), then the first listed.
                desks = facilities.point_desks[facilities.place_point[offices]]
                back_office[municipality, service] = offices[np.argmax(desks)]
    return back_office


def mobile_places(
    config: ScenarioConfig, facilities: Facilities, geography: Geography, allowed: np.ndarray, weekday: int,
    shut: np.ndarray | None = None,
) -> np.ndarray:  # fmt: skip
    """Return (municipalities x services x districts): the soonest mobile stop in the district, -1 if none.

    Only stops within the lookahead (mobile_lookahead_days) count; the timetable repeats weekly,
    so the answer depends on the weekday alone. A unit an announced closure shuts stops nowhere.
    """
    kind = facilities.point_kind[facilities.place_point]
    municipalities, services = allowed.shape[0], allowed.shape[2]
    districts = len(geography.district_ids)
    mobile_place = np.full((municipalities, services, districts), -1, dtype=np.int64)
    best_offset = np.full((municipalities, services, districts), np.iinfo(np.int64).max, dtype=np.int64)
    lookahead = config.behaviour.mobile_lookahead_days
    for place in np.flatnonzero((kind == KIND_MOBILE) & (True if shut is None else ~shut)):
        offset = int(facilities.next_open_offset[place, weekday])
        if offset < 0 or offset > lookahead:
            continue
        district = facilities.place_rows[place, 0]
        usable = allowed[:, facilities.place_point[place], :] & (offset < best_offset[:, :, district])
        mobile_place[:, :, district][usable] = place
        best_offset[:, :, district][usable] = offset
    return mobile_place
