"""Where each Ortsteil can get to: every place that serves in person, its desk-hours a week, minutes by mode.

The minutes are the model's own: `kernels.travel.place_minutes` applies the decision kernel's rule
(local distance, then `mode_minutes` with the district transit matrix, which holds half the combined
headway of every leg) from each Ortsteil to each place, at the root-mean-square distance of the
Ortsteil's residents (spread over its disc as the model places them) from the place. For transit the journey planner's
convention is used: where walking is faster (within an Ortsteil there is no bus ride at all), the
walk counts. Who may use which place follows the policy layer's access rules, and a mobile office's
stop serves its own Ortsteil only, as in the model. Formulas and choices: docs/ACCESSIBILITY.md.
"""

from dataclasses import dataclass

import numpy as np

from kernels.travel import place_minutes
from sim.io.config import Scenario
from sim.io.schema import MODES
from sim.model.facilities import KIND_BACK_OFFICE, KIND_MOBILE, Facilities
from sim.model.geography import Geography, mode_table
from sim.model.policy import access_matrix, agreement_state

MODE_CAR, MODE_TRANSIT, MODE_BIKE, MODE_WALK = (MODES.index(mode) for mode in ("car", "transit", "bike", "walk"))


@dataclass(frozen=True)
class Reach:
    """The places residents can visit in person, their supply and the travel minutes to them."""

    service_ids: tuple[str, ...]
    place_labels: tuple[str, ...]  # the point id, with '@<Ortsteil>' for a mobile office's stop
    place_point: np.ndarray  # int64: the service point of each place
    desk_hours_per_week: np.ndarray  # float64 per place: desks x weekly open hours
    offers: np.ndarray  # bool (places x services)
    minutes: np.ndarray  # float64 (modes x districts x places); inf = not possible by that mode
    usable: np.ndarray  # bool (districts x places x services): residents may use the place for the service

    def places_of(self, service: int) -> np.ndarray:
        """Return the places that offer a service (the columns of `supply` and `travel`)."""
        return np.flatnonzero(self.offers[:, service])

    def supply(self, service: int) -> np.ndarray:
        """Return the desk-hours a week of each place that offers the service."""
        return self.desk_hours_per_week[self.places_of(service)]

    def travel(self, mode: int, service: int) -> np.ndarray:
        """Return (districts x places offering the service) minutes by a mode, inf where residents may not go."""
        places = self.places_of(service)
        return np.where(self.usable[:, places, service], self.minutes[mode][:, places], np.inf)

    def nearest_minutes(self, mode: int, service: int) -> np.ndarray:
        """Return each district's minutes by a mode to the nearest place it may use for the service (inf: none)."""
        travel = self.travel(mode, service)
        return travel.min(axis=1) if travel.shape[1] else np.full(travel.shape[0], np.inf)


def in_person_places(facilities: Facilities) -> np.ndarray:
    """Return the places residents visit: fixed points and mobile stops, not back offices."""
    return np.flatnonzero(facilities.point_kind[facilities.place_point] != KIND_BACK_OFFICE)


def door_to_door_minutes(
    scenario: Scenario, geography: Geography, to_lat: np.ndarray, to_lon: np.ndarray, to_district: np.ndarray
) -> np.ndarray:
    """Return (modes x districts x targets) minutes from each Ortsteil's residents, transit as min(transit, walk)."""
    districts = np.arange(len(geography.district_ids), dtype=np.int64)
    minutes = place_minutes(
        geography.district_lat, geography.district_lon, geography.district_radius_km, districts,
        np.ascontiguousarray(to_lat, dtype=np.float64), np.ascontiguousarray(to_lon, dtype=np.float64),
        np.ascontiguousarray(to_district, dtype=np.int64), geography.transit_minutes,
        mode_table(scenario.region, scenario.config.behaviour),
    )  # fmt: skip
    minutes[MODE_TRANSIT] = np.minimum(minutes[MODE_TRANSIT], minutes[MODE_WALK])
    return minutes


def build_reach(scenario: Scenario, geography: Geography, facilities: Facilities) -> Reach:
    """Return the in-person places of a scenario with supply, access and minutes by mode.

    Access is that of the agreements in force on the last day of the horizon as the file sets them
    (departures decided during a run are not known here).
    """
    config = scenario.config
    places = in_person_places(facilities)
    point = facilities.place_point[places]
    district = facilities.place_rows[places, 0]
    state = agreement_state(config, config.simulation.days - 1, frozenset())
    allowed = access_matrix(config, geography.municipality_ids, state)  # municipalities x points x services
    usable = allowed[geography.district_municipality][:, point, :]
    is_mobile = facilities.point_kind[point] == KIND_MOBILE
    own_district = np.arange(len(geography.district_ids))[:, None] == district[None, :]
    usable &= (~is_mobile[None, :] | own_district)[:, :, None]
    open_hours = facilities.open_minutes[places].sum(axis=1) / 60.0
    point_ids = facilities.point_ids
    labels = tuple(
        f"{point_ids[p]}@{geography.district_ids[d]}" if mobile else point_ids[p]
        for p, d, mobile in zip(point, district, is_mobile, strict=True)
    )
    minutes = door_to_door_minutes(
        scenario, geography, facilities.place_lat[places], facilities.place_lon[places], district
    )
    return Reach(
        service_ids=tuple(config.services),
        place_labels=labels,
        place_point=point,
        desk_hours_per_week=facilities.point_desks[point] * open_hours,
        offers=facilities.point_offers[point],
        minutes=minutes,
        usable=usable,
    )
