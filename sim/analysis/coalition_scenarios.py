"""The scenario of each coalition: agreements restricted to its members, everyone else alone as in the base."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.io.config import Scenario, build_scenario, load_scenario
from sim.summary.costing import root_base as base_file

# Keys a scenario may resolve through the coalition analysis itself; a coalition run must not, or
# every run would start another analysis. c(S) does not depend on the split among S's members.
GAME_COST_KEYS = frozenset({"shapley", "nucleolus"})
NEUTRAL_COST_KEY = "equal"


@dataclass(frozen=True)
class CoalitionSetting:
    """A cooperation scenario, the base its non-cooperating members fall back to, and the players.

    `players` are the municipalities named in any agreement, in order of first appearance.
    `base_is_self` is True when the scenario extends nothing: then a member standing alone keeps
    its own points of the scenario itself.
    """

    cooperation: Scenario
    base: Scenario
    players: tuple[str, ...]
    base_is_self: bool


def players_of(scenario: Scenario, agreement_ids: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Return the municipalities in the scenario's agreements (or the given ones), in order of appearance.

    Raises:
        InputError: if the scenario has no agreement: there is no cooperation to analyse.
    """
    agreements = scenario.config.agreements
    if not agreements:
        raise InputError(
            scenario.path,
            "agreements",
            "this scenario has no agreements, so there is no cooperation to analyse; "
            "run coalitions on a cooperation scenario (e.g. shared_citizen_office.yaml)",
        )
    chosen = tuple(agreements) if agreement_ids is None else agreement_ids
    unknown = [agreement_id for agreement_id in chosen if agreement_id not in agreements]
    if unknown:
        raise InputError(scenario.path, "agreements", f"unknown agreement(s) {unknown}; known: {list(agreements)}")
    players: list[str] = []
    for agreement_id in chosen:
        players.extend(member for member in agreements[agreement_id].members if member not in players)
    return tuple(players)


def root_base(scenario: Scenario) -> Scenario | None:
    """Return the root base scenario: follow the first file each `extends` names until one extends nothing.

    Returns None when the scenario extends nothing itself.
    """
    path = base_file(scenario.path, scenario.bases)
    if path is None:
        return None
    base = load_scenario(path)
    if base.region.id != scenario.region.id:
        raise InputError(
            scenario.path,
            "extends",
            f"the root base scenario {base.path.name} is in region '{base.region.id}', "
            f"not '{scenario.region.id}': members standing alone need their points in the same region",
        )
    return base


def coalition_setting(scenario: Scenario, agreement_ids: tuple[str, ...] | None = None) -> CoalitionSetting:
    """Return the cooperation scenario with its root base and players (see `players_of`, `root_base`)."""
    players = players_of(scenario, agreement_ids)
    base = root_base(scenario)
    return CoalitionSetting(scenario, base or scenario, players, base is None)


def coalition_scenario(
    setting: CoalitionSetting,
    members: frozenset[str],
    *,
    seed: int,
    days: int,
    agreement_ids: tuple[str, ...] | None = None,
) -> Scenario:
    """Return the scenario in which only `members` cooperate, with the given seed and horizon.

    Each agreement (of `agreement_ids`, default all) keeps only its members in the coalition; one left
    with fewer than two members is dropped, with the points it owns and the interventions it pays.
    A player in no remaining agreement stands alone: its own points are replaced by those it owns in
    the base scenario. Everything else (services, interventions, other municipalities) is as in the
    cooperation scenario. Cost keys resolved through the coalition analysis (shapley, nucleolus) are
    replaced by the equal key, which leaves c(S) unchanged.
    """
    data = copy.deepcopy(setting.cooperation.resolved)
    chosen = set(data["agreements"]) if agreement_ids is None else set(agreement_ids)
    kept, dropped = _restricted_agreements(data["agreements"], chosen, members)
    data["agreements"] = kept
    cooperating = {member for agreement in kept.values() for member in agreement["members"]}
    alone = set(setting.players) - cooperating
    data["service_points"] = _points(data["service_points"], setting, alone, dropped)
    data["interventions"] = {
        key: value for key, value in data["interventions"].items() if value.get("paid_by") not in dropped
    }
    data["simulation"] = {**data["simulation"], "seed": seed, "days": days}
    data["coalition_analysis"] = None  # values of time do not change a run; keep them out of its hash
    return build_scenario(data, {}, _coalition_path(setting.cooperation.path, members))


def _restricted_agreements(
    agreements: dict[str, Any], chosen: set[str], members: frozenset[str]
) -> tuple[dict[str, Any], set[str]]:
    """Return the agreements restricted to the coalition and the ids of those dropped."""
    kept: dict[str, Any] = {}
    dropped: set[str] = set()
    for agreement_id, agreement in agreements.items():
        if agreement_id not in chosen:
            kept[agreement_id] = _without_game_key(agreement)
            continue
        remaining = [member for member in agreement["members"] if member in members]
        if len(remaining) < 2:
            dropped.add(agreement_id)
            continue
        restricted = {**_without_game_key(agreement), "members": remaining}
        if restricted.get("fixed_shares"):
            restricted["fixed_shares"] = _rescaled(restricted["fixed_shares"], remaining)
        kept[agreement_id] = restricted
    return kept, dropped


def _without_game_key(agreement: dict[str, Any]) -> dict[str, Any]:
    """Return the agreement with a game key replaced by the neutral key, and no game costs (they name all members)."""
    if agreement.get("cost_key") in GAME_COST_KEYS:
        return {**agreement, "cost_key": NEUTRAL_COST_KEY, "fixed_shares": None, "game_costs_eur_per_year": None}
    return {**agreement, "game_costs_eur_per_year": None}


def _rescaled(shares: dict[str, float], members: list[str]) -> dict[str, float]:
    """Return fixed shares of the remaining members, scaled to add up to 1 (equal if theirs were all 0)."""
    total = sum(shares[member] for member in members)
    if total <= 0:
        return dict.fromkeys(members, 1.0 / len(members))
    return {member: shares[member] / total for member in members}


def _points(points: dict[str, Any], setting: CoalitionSetting, alone: set[str], dropped: set[str]) -> dict[str, Any]:
    """Return the service points: the cooperation's, with the points of members standing alone from the base."""
    kept = {
        point_id: point
        for point_id, point in points.items()
        if point["owner"] not in dropped and (setting.base_is_self or point["owner"] not in alone)
    }
    if setting.base_is_self:
        return kept
    for point_id, point in setting.base.resolved["service_points"].items():
        if point["owner"] not in alone:
            continue
        if point_id in kept:
            raise InputError(
                setting.cooperation.path,
                f"service_points.{point_id}",
                f"the base scenario {setting.base.path.name} has a point of the same id owned by "
                f"'{point['owner']}', who stands alone in some coalition; give one of them another id",
            )
        kept[point_id] = copy.deepcopy(point)
    return kept


def _coalition_path(path: Path, members: frozenset[str]) -> Path:
    """Return a name for the coalition's scenario (used in messages only)."""
    label = "+".join(sorted(members)) or "nobody"
    return path.with_name(f"{path.stem}[{label}]{path.suffix}")
