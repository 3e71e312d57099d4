"""The sidebar: language, region, scenarios, the changes that make a variant, horizon, seed and Run."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from sim.app import overrides as ov
from sim.app.i18n import COST_KEYS, LANGUAGES, label, weekday_name, word
from sim.app.messages import describe, field_label
from sim.app.names import Entry, PlaceNames, place_names, shipped_entry, upload_entry
from sim.app.variants import clean_name, describe_changes, variant_entry
from sim.app.views.queued import JOBS
from sim.app.views.runs import aligned
from sim.app.views.state import (
    KEEP,
    MAX_DAYS,
    MAX_REPLICATIONS,
    MAX_SEED,
    adjusted_scenario,
    regions,
    remember,
    remembered,
    scenario_files,
    shipped_scenario,
)  # fmt: skip
from sim.app.workload import describe_refusal, describe_workload, estimate_batch, refusal
from sim.app.years import year_range
from sim.errors import InputError
from sim.io.config import Scenario
from sim.io.schema import WEEKDAYS, RegionConfig, ScenarioConfig

NEW_AGREEMENT = "app_agreement"
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
CHOOSABLE_COST_KEYS = ["population", "usage", "equal"]
MAX_POINTS_UNFILTERED = 40  # above this many service points the sidebar shows one municipality's at a time
Shown = Callable[[str], bool]


@dataclass(frozen=True)
class Comparison:
    """What the sidebar asks for: the scenarios in order, the changes to the adjusted one, whether Run was pressed."""

    entries: list[Entry]
    scenarios: list[Scenario]
    overrides: dict[str, Any]
    pressed: bool
    edit: str | None
    variant: Entry | None


def kept(key: str, default: Any) -> Any:
    """Return a widget's last choice while the widget is not drawn (another municipality is shown), else the default."""
    value = st.session_state.get(KEEP + key)
    return default if value is None else value


def preset(key: str, default: Any) -> None:
    """Give a widget about to be drawn its kept choice (or the default) through the session, not as its value.

    A widget shown again after another municipality was shown starts from the choice made before.
    """
    if key not in st.session_state:
        st.session_state[key] = kept(key, default)


def _point_filter(start: ScenarioConfig, region: RegionConfig, names: PlaceNames, prefix: str, lang: str) -> Shown:
    """Return which service points get widgets: all, or in a large region those of one chosen municipality.

    Thousands of widgets would make every rerun take many seconds; the choices for the other
    municipalities are kept (see `kept`) and stay in the variant.
    """
    if len(start.service_points) <= MAX_POINTS_UNFILTERED:
        return lambda _: True
    home = {d: m for m, municipality in region.municipalities.items() for d in municipality.districts}
    where = {
        point_id: point.owner if point.owner in region.municipalities else home.get(point.district or "", "")
        for point_id, point in start.service_points.items()
    }
    options = [m for m in region.municipalities if m in set(where.values())]
    key = prefix + "adjust_municipality"
    remembered(key, options, options[0])
    chosen = st.sidebar.selectbox(label("adjust_in", lang), options, key=key, format_func=names.municipality)
    remember(key)
    return lambda point_id: where.get(point_id) == chosen


def _desk_widgets(start: ScenarioConfig, base: ScenarioConfig, names: PlaceNames, prefix: str, shown: Shown,
                  lang: str) -> list:  # fmt: skip
    parts = []
    with st.sidebar.expander(label("desks", lang)):
        for point_id, point in start.service_points.items():
            key = prefix + "desks__" + point_id
            if shown(point_id):
                preset(key, point.desks)
                desks = st.number_input(names.point(point_id, lang), 1, 200, key=key)
                remember(key)
            else:
                desks = kept(key, point.desks)
            if desks != base.service_points.get(point_id, point).desks:
                parts.append(ov.desks(point_id, int(desks)))
    return parts


def _hours_widgets(start: ScenarioConfig, base: ScenarioConfig, names: PlaceNames, prefix: str, shown: Shown,
                   lang: str) -> list:  # fmt: skip
    parts = []
    with st.sidebar.expander(label("hours", lang)):
        st.caption(label("hours_help", lang))
        for point_id, point in start.service_points.items():
            if point.opening_hours is None or point.services == ["gp"]:
                continue
            if shown(point_id):
                st.markdown(f"**{names.point(point_id, lang)}**")
            base_point = base.service_points.get(point_id)
            base_hours = base_point.opening_hours if base_point else None
            for weekday in WEEKDAYS:
                text = ", ".join(getattr(point.opening_hours, weekday))
                key = prefix + f"hours__{point_id}__{weekday}"
                if shown(point_id):
                    preset(key, text)
                    hours = st.text_input(weekday_name(weekday, lang), key=key)
                    remember(key)
                else:
                    hours = kept(key, text)
                base_text = ", ".join(getattr(base_hours, weekday)) if base_hours else None
                if hours == base_text:
                    continue
                try:
                    parts.append(ov.opening_hours(point_id, weekday, hours))
                except ValueError as error:
                    where = field_label(f"service_points.{point_id}.opening_hours.{weekday}", base, names, lang)
                    st.error(f"{where}: " + describe(InputError(None, "", str(error)), lang)[0])
    return parts


def _online_widgets(start: ScenarioConfig, base: ScenarioConfig, prefix: str, lang: str) -> list:
    parts = []
    with st.sidebar.expander(label("online", lang)):
        for service_id, service in start.services.items():
            shown = service.label.de if lang == "de" else service.label.en
            share = st.slider(shown, 0.0, 1.0, float(service.online_share), 0.05, key=prefix + "online__" + service_id)
            if abs(share - base.services[service_id].online_share) > 1e-9:
                parts.append(ov.online_share(service_id, share))
    return parts


def _timetable_widgets(start: ScenarioConfig, base: ScenarioConfig, names: PlaceNames, prefix: str, lang: str) -> list:
    parts = []
    for point_id, point in start.service_points.items():
        if point.kind != "mobile":
            continue
        with st.sidebar.expander(f"{label('timetable', lang)}: {names.point(point_id, lang)}"):
            rows = [stop.model_dump() for stop in point.timetable]
            columns = {
                "weekday": st.column_config.SelectboxColumn(
                    label("weekday", lang), options=list(WEEKDAYS), format_func=lambda d: weekday_name(str(d), lang)
                ),
                "district": st.column_config.SelectboxColumn(
                    label("district", lang), options=list(names.districts), format_func=lambda d: names.district(str(d))
                ),
                "hours": st.column_config.TextColumn(label("hours", lang)),
            }
            edited = st.data_editor(
                rows, num_rows="dynamic", column_config=columns, key=prefix + "timetable__" + point_id
            )
            if edited != [stop.model_dump() for stop in base.service_points[point_id].timetable]:
                parts.append(ov.timetable(point_id, [row for row in edited if all(row.values())]))
    return parts


def _agreement_widgets(start: ScenarioConfig, base: ScenarioConfig, names: PlaceNames, prefix: str, lang: str) -> list:
    municipalities = list(names.municipalities)
    parts = []
    with st.sidebar.expander(label("agreements", lang)):
        parts.extend(_new_agreement(start, names, prefix, lang))
        for agreement_id, agreement in start.agreements.items():
            if agreement_id == NEW_AGREEMENT:
                continue
            st.markdown(f"**{agreement.name}**")
            known = [member for member in agreement.members if member in municipalities]
            members = st.multiselect(
                label("members", lang), municipalities, known, format_func=names.municipality,
                key=prefix + "members__" + agreement_id,
            )  # fmt: skip
            current = agreement.cost_key if agreement.cost_key in CHOOSABLE_COST_KEYS else "population"
            cost_key = st.selectbox(
                label("cost_key", lang), CHOOSABLE_COST_KEYS, CHOOSABLE_COST_KEYS.index(current),
                format_func=lambda key: word(COST_KEYS, key, lang), key=prefix + "costkey__" + agreement_id,
            )  # fmt: skip
            original = base.agreements.get(agreement_id)
            if original is None or members != original.members or cost_key != original.cost_key:
                parts.append(ov.agreement(agreement_id, members, cost_key))
    return parts


def _new_agreement(start: ScenarioConfig, names: PlaceNames, prefix: str, lang: str) -> list[dict[str, Any]]:
    """Offer a new mutual-access agreement (who cooperates with whom, for which services, which cost key)."""
    if not st.checkbox(label("new_agreement", lang), NEW_AGREEMENT in start.agreements, key=prefix + "new_agreement"):
        return []
    municipalities = list(names.municipalities)
    existing = start.agreements.get(NEW_AGREEMENT)
    municipal = [s for s, service in start.services.items() if service.paid_by == "municipality"]
    # A default outside the options would stop the page, and a link may name any valid service or member.
    chosen_services = [service for service in existing.services if service in municipal] if existing else municipal[:1]
    services = st.multiselect(
        label("services", lang), municipal, chosen_services, key=prefix + "new_services",
        format_func=lambda s: start.services[s].label.de if lang == "de" else start.services[s].label.en,
    )  # fmt: skip
    chosen_members = [member for member in existing.members if member in municipalities] if existing else municipalities
    members = st.multiselect(
        label("members", lang), municipalities, chosen_members, format_func=names.municipality,
        key=prefix + "new_members",
    )  # fmt: skip
    cost_key = st.selectbox(
        label("cost_key", lang), CHOOSABLE_COST_KEYS, format_func=lambda key: word(COST_KEYS, key, lang),
        key=prefix + "new_cost_key",
    )  # fmt: skip
    if len(members) < 2 or not services:
        return []
    return [ov.new_agreement(NEW_AGREEMENT, label("new_agreement", "de"), members, services, cost_key)]


def override_widgets(path: Path, lang: str) -> tuple[dict[str, Any], PlaceNames]:
    """Draw the widgets for the scenario being adjusted; return its overrides against the file and its place names."""
    shipped = shipped_scenario(path)
    base = shipped.config
    try:
        start = adjusted_scenario(path, st.session_state.url_overrides).config
    except InputError:
        start = base
    names = place_names(shipped.region, [base, start])
    prefix = f"{path.stem}__"
    shown = _point_filter(start, shipped.region, names, prefix, lang)
    parts = _desk_widgets(start, base, names, prefix, shown, lang)
    parts += _hours_widgets(start, base, names, prefix, shown, lang)
    parts += _online_widgets(start, base, prefix, lang)
    parts += _timetable_widgets(start, base, names, prefix, lang)
    parts += _agreement_widgets(start, base, names, prefix, lang)
    return ov.merge_overrides(*parts), names


def _variant(files: dict[str, Path], edit: str, overrides: dict[str, Any], names: PlaceNames, lang: str):
    """Return the variant's entry and scenario, or (None, None) with a message if the changes are not valid."""
    base = shipped_scenario(files[edit]).config
    try:
        scenario = adjusted_scenario(files[edit], overrides)
    except InputError as error:
        lines = describe(error, lang, lambda path: field_label(path, base, names, lang), show_place=False)
        st.sidebar.error(label("override_error", lang) + "\n\n" + "\n\n".join(lines))
        return None, None
    st.sidebar.text_input(label("variant_name", lang), key="variant_name", max_chars=80)
    entry = variant_entry(
        edit, base, describe_changes(overrides, base, names), clean_name(st.session_state.variant_name)
    )
    return entry, scenario


def _scenario_pickers(lang: str) -> tuple[str, dict[str, Path], list[str], str | None]:
    region = st.sidebar.selectbox(
        label("region", lang), regions(), key="region",
        format_func=lambda r: shipped_scenario(next(iter(scenario_files(r).values()))).region.name,
    )  # fmt: skip
    files = scenario_files(region)
    titles = {name: shipped_entry(name, shipped_scenario(path)).name(lang) for name, path in files.items()}
    st.session_state.scenarios = [name for name in st.session_state.scenarios if name in files]
    chosen = st.sidebar.multiselect(
        label("scenarios", lang), list(files), key="scenarios", format_func=lambda name: titles[name]
    )
    if st.session_state.get("edit") not in chosen and chosen:
        st.session_state.edit = chosen[-1]
    edit = (
        st.sidebar.selectbox(label("edit", lang), chosen, key="edit", format_func=lambda name: titles[name])
        if chosen
        else None
    )
    return region, files, chosen, edit


def _year_slider(files: dict[str, Path], lang: str) -> int | None:
    """Draw the population year (regions with a projection table only); return it, or None."""
    years = year_range(shipped_scenario(files["baseline"]).region) if "baseline" in files else None
    if years is None:
        return None
    remembered("year", list(range(years[0], years[1] + 1)), years[2])
    year = st.sidebar.slider(label("population_year", lang), years[0], years[1], key="year",
                             help=label("population_year_help", lang))  # fmt: skip
    remember("year")
    return int(year)


def sidebar(lang: str) -> Comparison:
    """Draw the sidebar; return the comparison it asks for."""
    st.sidebar.radio(label("language", lang), LANGUAGES, key="lang", horizontal=True, format_func=LANGUAGE_NAMES.get)
    region, files, chosen, edit = _scenario_pickers(lang)
    overrides, names = override_widgets(files[edit], lang) if edit else ({}, None)
    variant, variant_scenario = (
        _variant(files, edit, overrides, names, lang) if edit and overrides and names else (None, None)
    )
    st.sidebar.slider(label("days", lang), 7, MAX_DAYS, key="days")
    st.sidebar.number_input(label("seed", lang), 0, MAX_SEED, key="seed")
    st.sidebar.number_input(label("replications", lang), 1, MAX_REPLICATIONS, key="reps")
    year = _year_slider(files, lang)
    pressed = st.sidebar.button(label("run", lang), type="primary", key="run", width="stretch")
    st.query_params.update(
        {
            "lang": lang, "region": region, "scenarios": ",".join(chosen), "edit": edit or "",
            "days": str(st.session_state.days), "seed": str(st.session_state.seed), "reps": str(st.session_state.reps),
            "ov": json.dumps(overrides, separators=(",", ":")),
            "vname": clean_name(st.session_state.get("variant_name")),
            **({"year": str(year)} if year is not None else {}),
        }
    )  # fmt: skip
    entries, scenarios = [], []
    for name in chosen:
        scenario = shipped_scenario(files[name])
        entries.append(shipped_entry(name, scenario))
        scenarios.append(scenario)
        if name == edit and variant is not None and variant_scenario is not None:
            entries.append(variant)
            scenarios.append(variant_scenario)
    uploaded = st.session_state.get("uploaded")
    if uploaded is not None:
        entries.append(upload_entry(uploaded))
        scenarios.append(uploaded)
    _show_cost(scenarios, lang)
    return Comparison(entries, scenarios, overrides, pressed, edit, variant)


def _show_cost(scenarios: list[Scenario], lang: str) -> None:
    """Say under the Run button what the run will cost, and whether it is over a cap, before it starts."""
    if not scenarios:
        return
    runs, _ = aligned(scenarios)
    reps = int(st.session_state.reps)
    workload = estimate_batch((scenario, reps) for scenario in runs)
    refused = refusal(workload)
    if refused is not None:
        st.sidebar.warning(describe_refusal(refused, lang))
    else:
        st.sidebar.caption(describe_workload(workload, len(runs) * reps, min(JOBS, len(runs) * reps), lang))
