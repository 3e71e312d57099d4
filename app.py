"""Streamlit app: compare cooperation scenarios in the browser (widgets -> sim API -> cards, maps, charts)."""

import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import altair as alt
import pydeck as pdk
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from sim.app import overrides as ov
from sim.app.i18n import LANGUAGES, label
from sim.app.presentation import (
    colour_scale,
    cost_frame,
    daily_wait_frame,
    district_frame,
    flow_frame,
    kpi_cards,
    municipality_table,
    point_frame,
    travel_histogram_frame,
)
from sim.app.result_memo import ResultMemo
from sim.app.run_queue import DONE, TIMED_OUT, WAITING, WORKER_DIED, QueueFull, RunQueue, Ticket
from sim.app.workload import WORKER_MEMORY_BYTES, describe_refusal, estimate_batch, refusal
from sim.errors import InputError
from sim.executors import start_worker
from sim.io.config import MAX_UPLOAD_BYTES, Scenario, load_scenario, load_scenario_text
from sim.io.schema import WEEKDAYS
from sim.runner import RunResult, run_job, with_seed_and_days

ROOT = Path(__file__).resolve().parent
SCENARIO_ROOT = ROOT / "scenarios"
DEFAULT_REGION = "lemgo_kalletal"
JOBS = 2  # worker processes of the server-wide run queue
MAX_WAITING_BATCHES = 8  # runs of all sessions that may wait; beyond that the server is busy
MEMO_BYTES = 256 * 1024 * 1024  # server-wide memo of finished runs, least recently used out first
MAX_RUN_MINUTES = 15  # a run still going after this is stopped, so no run holds the queue for ever
POLL_SECONDS = 0.25
MAX_DAYS = 730
MAX_REPLICATIONS = 10
MAX_SEED = 2**53 - 1
NEW_AGREEMENT = "app_agreement"
LOWER_IS_BETTER = {"travel", "wait", "unserved", "cost_per_capita", "co2"}


def regions() -> list[str]:
    """Return the region folders under scenarios/ (each holds one region's scenario files)."""
    return sorted(p.name for p in SCENARIO_ROOT.iterdir() if p.is_dir() and p.name != "regions")


def scenario_files(region: str) -> dict[str, Path]:
    """Return the scenario files of a region by name, baseline first."""
    files = {p.stem: p for p in sorted((SCENARIO_ROOT / region).glob("*.yaml"))}
    # The reference first and the combination of measures last; single measures in between.
    return dict(sorted(files.items(), key=lambda item: (item[0] != "baseline", item[0] == "combined", item[0])))


Job = tuple[Scenario, str, int]  # (scenario, engine, replications), as sim.runner.run_job takes it


@st.cache_resource(show_spinner=False, on_release=lambda queue: queue.close())
def job_queue() -> RunQueue[Job, RunResult]:
    """Return the server-wide run queue; its workers start now and load the Numba kernels, so the first run is fast."""
    queue: RunQueue[Job, RunResult] = RunQueue(
        run_job,
        workers=JOBS,
        max_waiting=MAX_WAITING_BATCHES,
        memo=ResultMemo(MEMO_BYTES),
        initializer=partial(start_worker, WORKER_MEMORY_BYTES),
        max_batch_seconds=MAX_RUN_MINUTES * 60,
    )
    baseline = load_scenario(SCENARIO_ROOT / DEFAULT_REGION / "baseline.yaml")
    short = with_seed_and_days(baseline, days=2)
    queue.submit([(("warm-up", worker), (short, "kernels", 1)) for worker in range(JOBS)])
    return queue


@dataclass(frozen=True)
class PendingRun:
    """A run this session queued and has not shown yet; kept in the session, so a rerun picks it up."""

    ticket: Ticket[RunResult]
    names: list[str]
    keys: tuple[tuple[Any, ...], ...]


@st.cache_resource(show_spinner=False, max_entries=64)
def _shipped_scenario(path: str, modified_ns: int) -> Scenario:
    return load_scenario(path)


def shipped_scenario(path: Path) -> Scenario:
    """Return a shipped scenario file, validated once per content change (every rerun would re-read it)."""
    return _shipped_scenario(str(path), path.stat().st_mtime_ns)


def whole_number(text: str | None, default: int, lowest: int, highest: int) -> int:
    """Return a URL parameter as a whole number within bounds; a hand-edited, unreadable value gives the default."""
    try:
        value = int(text) if text is not None else default
    except ValueError:
        value = default
    return min(max(value, lowest), highest)


def initial_state() -> None:
    """Fill the session from the URL the first time, so a shared link shows the same comparison."""
    if "initialised" in st.session_state:
        return
    params = st.query_params
    st.session_state.initialised = True
    # Everything in the URL is untrusted: unknown values fall back, and `ov` keeps only the app's own shapes.
    url_overrides, dropped = ov.url_overrides(params.get("ov"))
    lang = params.get("lang", "de")
    region = params.get("region", DEFAULT_REGION)
    dropped = dropped or lang not in LANGUAGES or region not in regions()
    st.session_state.lang = lang if lang in LANGUAGES else "de"
    st.session_state.region = region if region in regions() else DEFAULT_REGION
    st.session_state.url_overrides = url_overrides
    st.session_state.url_dropped = dropped
    files = scenario_files(st.session_state.region)
    chosen = [name for name in params.get("scenarios", "").split(",") if name in files]
    st.session_state.scenarios = chosen or list(files)[:4]
    edit = params.get("edit", "")
    fallback = st.session_state.scenarios[-1] if st.session_state.scenarios else ""
    st.session_state.edit = edit if edit in st.session_state.scenarios else fallback
    st.session_state.days = whole_number(params.get("days"), 365, 7, MAX_DAYS)
    st.session_state.seed = whole_number(params.get("seed"), 20260101, 0, MAX_SEED)
    st.session_state.reps = whole_number(params.get("reps"), 1, 1, MAX_REPLICATIONS)


def override_widgets(path: Path, lang: str) -> dict[str, Any]:
    """Draw the parameter widgets for the scenario being adjusted; return its overrides against the file."""
    shipped = shipped_scenario(path)
    base = shipped.config
    try:
        start = load_scenario(path, st.session_state.url_overrides).config
    except InputError:
        start = base
    prefix = f"{path.stem}__"
    parts: list[dict[str, Any]] = []
    with st.sidebar.expander(label("desks", lang)):
        for point_id, point in start.service_points.items():
            desks = st.number_input(point.name, 1, 200, point.desks, key=prefix + "desks__" + point_id)
            if desks != base.service_points.get(point_id, point).desks:
                parts.append(ov.desks(point_id, int(desks)))
    with st.sidebar.expander(label("hours", lang)):
        st.caption(label("hours_help", lang))
        for point_id, point in start.service_points.items():
            if point.opening_hours is None or point.services == ["gp"]:
                continue
            st.markdown(f"**{point.name}**")
            for weekday in WEEKDAYS:
                text = ", ".join(getattr(point.opening_hours, weekday))
                hours = st.text_input(weekday, text, key=prefix + f"hours__{point_id}__{weekday}")
                base_point = base.service_points.get(point_id)
                base_hours = base_point.opening_hours if base_point else None
                base_text = ", ".join(getattr(base_hours, weekday)) if base_hours else None
                if hours != base_text:
                    try:
                        parts.append(ov.opening_hours(point_id, weekday, hours))
                    except ValueError as error:
                        st.error(f"service_points.{point_id}.opening_hours.{weekday}: {error}")
    with st.sidebar.expander(label("online", lang)):
        for service_id, service in start.services.items():
            share = st.slider(
                service.label.de if lang == "de" else service.label.en,
                0.0,
                1.0,
                float(service.online_share),
                0.05,
                key=prefix + "online__" + service_id,
            )
            if abs(share - base.services[service_id].online_share) > 1e-9:
                parts.append(ov.online_share(service_id, share))
    for point_id, point in start.service_points.items():
        if point.kind == "mobile":
            with st.sidebar.expander(f"{label('timetable', lang)}: {point.name}"):
                rows = [stop.model_dump() for stop in point.timetable]
                edited = st.data_editor(rows, num_rows="dynamic", key=prefix + "timetable__" + point_id)
                if edited != [stop.model_dump() for stop in base.service_points[point_id].timetable]:
                    parts.append(ov.timetable(point_id, [row for row in edited if all(row.values())]))
    municipalities = list(shipped.region.municipalities)
    with st.sidebar.expander(label("agreements", lang)):
        parts.extend(new_agreement_widgets(start, municipalities, prefix, lang))
        for agreement_id, agreement in start.agreements.items():
            if agreement_id == NEW_AGREEMENT:
                continue
            st.markdown(f"**{agreement.name}**")
            known = [member for member in agreement.members if member in municipalities]
            members = st.multiselect(
                label("members", lang), municipalities, known, key=prefix + "members__" + agreement_id
            )
            keys = ["population", "usage", "equal"]
            current = agreement.cost_key if agreement.cost_key in keys else "population"
            cost_key = st.selectbox(
                label("cost_key", lang), keys, keys.index(current), key=prefix + "costkey__" + agreement_id
            )
            original = base.agreements.get(agreement_id)
            if original is None or members != original.members or cost_key != original.cost_key:
                parts.append(ov.agreement(agreement_id, members, cost_key))
    return ov.merge_overrides(*parts)


def new_agreement_widgets(start: Any, municipalities: list[str], prefix: str, lang: str) -> list[dict[str, Any]]:
    """Offer a new mutual-access agreement (who cooperates with whom, for which services, which cost key)."""
    if not st.checkbox(label("new_agreement", lang), NEW_AGREEMENT in start.agreements, key=prefix + "new_agreement"):
        return []
    existing = start.agreements.get(NEW_AGREEMENT)
    municipal = [s for s, service in start.services.items() if service.paid_by == "municipality"]
    # A default outside the options would stop the page, and a link may name any valid service or member.
    chosen_services = [service for service in existing.services if service in municipal] if existing else municipal[:1]
    services = st.multiselect(label("services", lang), municipal, chosen_services, key=prefix + "new_services")
    chosen_members = [member for member in existing.members if member in municipalities] if existing else municipalities
    members = st.multiselect(label("members", lang), municipalities, chosen_members, key=prefix + "new_members")
    keys = ["population", "usage", "equal"]
    cost_key = st.selectbox(label("cost_key", lang), keys, key=prefix + "new_cost_key")
    if len(members) < 2 or not services:
        return []
    return [ov.new_agreement(NEW_AGREEMENT, label("new_agreement", lang), members, services, cost_key)]


def sidebar(lang: str) -> tuple[list[tuple[str, Scenario]], dict[str, Any], bool]:
    """Draw the sidebar; return the scenarios to compare (name, scenario), the overrides and whether Run was pressed."""
    st.sidebar.radio(label("language", lang), LANGUAGES, key="lang", horizontal=True)
    region = st.sidebar.selectbox(label("region", lang), regions(), key="region")
    files = scenario_files(region)
    st.session_state.scenarios = [name for name in st.session_state.scenarios if name in files]
    chosen = st.sidebar.multiselect(label("scenarios", lang), list(files), key="scenarios")
    if st.session_state.get("edit") not in chosen and chosen:
        st.session_state.edit = chosen[-1]
    edit = st.sidebar.selectbox(label("edit", lang), chosen, key="edit") if chosen else None
    overrides = override_widgets(files[edit], lang) if edit else {}
    st.sidebar.slider(label("days", lang), 7, MAX_DAYS, key="days")
    st.sidebar.number_input(label("seed", lang), 0, MAX_SEED, key="seed")
    st.sidebar.number_input(label("replications", lang), 1, MAX_REPLICATIONS, key="reps")
    pressed = st.sidebar.button(label("run", lang), type="primary", key="run", width="stretch")
    st.query_params.update(
        {
            "lang": lang,
            "region": region,
            "scenarios": ",".join(chosen),
            "edit": edit or "",
            "days": str(st.session_state.days),
            "seed": str(st.session_state.seed),
            "reps": str(st.session_state.reps),
            "ov": json.dumps(overrides, separators=(",", ":")),
        }
    )
    scenarios = []
    for name in chosen:
        if name == edit and overrides:
            try:
                scenarios.append((f"{name}*", load_scenario(files[name], overrides)))
            except InputError as error:
                st.sidebar.error(label("override_error", lang) + "\n\n" + error.describe())
                scenarios.append((name, shipped_scenario(files[name])))
        else:
            scenarios.append((name, shipped_scenario(files[name])))
    uploaded = st.session_state.get("uploaded")
    if uploaded is not None:
        scenarios.append((f"upload:{uploaded.slug}", uploaded))
    return scenarios, overrides, pressed


def show_cards(names: list[str], results: list[RunResult], lang: str) -> None:
    """Draw the KPI cards of every scenario, with the difference to the first."""
    reference = results[0].summary
    for index, (name, result) in enumerate(zip(names, results, strict=True)):
        st.markdown(f"**{name}** – {result.summary['scenario']}")
        columns = st.columns(6)
        for column, (key, value, delta) in zip(
            columns, kpi_cards(result.summary, reference if index else None), strict=True
        ):
            column.metric(label(key, lang), value, delta, delta_color="inverse" if key in LOWER_IS_BETTER else "off")


def show_map(names: list[str], results: list[RunResult], lang: str) -> None:
    """Draw districts (size: population, colour: travel or wait), service points and cross-border arcs."""
    shown = st.selectbox(label("map_scenario", lang), names, index=len(names) - 1, key="map_scenario")
    metric = st.radio(
        label("map_colour", lang),
        ["travel_minutes_mean", "wait_minutes_mean"],
        horizontal=True,
        format_func=lambda m: label("travel" if m.startswith("travel") else "wait", lang),
        key="metric",
    )
    difference = st.checkbox(label("difference", lang), key="difference")
    summary = results[names.index(shown)].summary
    districts = district_frame(summary, results[0].summary if difference else None, metric)
    districts["colour"] = colour_scale(districts["value"], diverging=difference)
    districts["radius"] = districts["population"].clip(lower=50) ** 0.5 * 12
    points = point_frame(summary)
    arcs = flow_frame(summary)
    arcs["width"] = 0.5 + 5.0 * arcs["trips"] / max(float(arcs["trips"].max()), 1.0) if len(arcs) else []
    layers = [
        pdk.Layer(
            "ScatterplotLayer",
            districts,
            get_position="[lon, lat]",
            get_radius="radius",
            get_fill_color="colour",
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            points,
            get_position="[lon, lat]",
            get_radius="80 + utilisation * 4",
            get_fill_color="[30, 30, 160, 220]",
            pickable=True,
        ),
        pdk.Layer(
            "ArcLayer",
            arcs,
            get_source_position="[from_lon, from_lat]",
            get_target_position="[to_lon, to_lat]",
            get_width="width",
            get_source_color="[200, 80, 0, 160]",
            get_target_color="[30, 30, 160, 160]",
            pickable=True,
        ),
    ]
    view = pdk.ViewState(latitude=float(districts["lat"].mean()), longitude=float(districts["lon"].mean()), zoom=9.9)
    tooltip = {"text": "{district}{point}\n{value} {visits} {utilisation} {trips}"}
    st.pydeck_chart(pdk.Deck(layers=layers, initial_view_state=view, map_style=None, tooltip=tooltip))


def show_charts(names: list[str], results: list[RunResult], lang: str) -> None:
    """Draw daily waits per service point, the travel-time distribution and costs by who pays."""
    shown = st.session_state.get("map_scenario", names[-1])
    daily = daily_wait_frame(results[names.index(shown)] if shown in names else results[-1])
    st.markdown(f"**{label('daily_waits', lang)}** ({shown})")
    st.altair_chart(
        alt.Chart(daily).mark_line().encode(x="day:Q", y="mean_wait_minutes:Q", color="service_point:N"),
        width="stretch",
    )
    histogram = travel_histogram_frame(names, results)
    st.markdown(f"**{label('travel_distribution', lang)}**")
    st.altair_chart(
        alt.Chart(histogram)
        .mark_bar()
        .encode(
            x="travel_minutes_from:O", y="sum(trips):Q", color="age_group:N", column="municipality:N", row="scenario:N"
        ),
    )
    costs = cost_frame(names, results, label("health_insurance", lang))
    st.markdown(f"**{label('costs_by_payer', lang)}**")
    st.altair_chart(
        alt.Chart(costs).mark_bar().encode(x="scenario:N", y="sum(cost_eur):Q", color="payer:N"), width="stretch"
    )


def show_downloads(names: list[str], results: list[RunResult], overrides: dict[str, Any], lang: str) -> None:
    """Offer the outputs of each scenario and the adjusted scenario file."""
    st.subheader(label("downloads", lang))
    for name, result in zip(names, results, strict=True):
        columns = st.columns(4)
        slug = name.replace("*", "_adjusted").replace(":", "_")
        columns[0].download_button(
            f"{name}: summary.json",
            json.dumps(result.summary, indent=2, ensure_ascii=False),
            f"{slug}_summary.json",
            key=f"dl_summary_{slug}",
        )
        columns[1].download_button(
            "by_municipality.csv",
            result.by_municipality.to_csv(index=False),
            f"{slug}_by_municipality.csv",
            key=f"dl_muni_{slug}",
        )
        columns[2].download_button(
            "daily.csv", result.daily.to_csv(index=False), f"{slug}_daily.csv", key=f"dl_daily_{slug}"
        )
    edit = st.session_state.get("edit")
    if edit and overrides:
        text = ov.scenario_yaml(f"{edit}.yaml", f"{edit} (adjusted in the app)", overrides)
        st.download_button(f"{edit}_adjusted.yaml", text, f"{edit}_adjusted.yaml", key="dl_yaml")


def editor(lang: str) -> None:
    """Upload or edit a scenario; show validation messages inline, as the CLI prints them."""
    region = st.session_state.region
    upload = st.file_uploader(label("upload", lang), type=["yaml", "yml"], key="upload", max_upload_size=1)
    # A keyed text area keeps its text when its default changes, so a new upload is written into its state.
    if "yaml_text" not in st.session_state:
        st.session_state.yaml_text = "extends: baseline.yaml\nname: my scenario\n"
    if upload is not None and st.session_state.get("upload_id") != upload.file_id:
        st.session_state.upload_id = upload.file_id
        if upload.size > MAX_UPLOAD_BYTES:
            st.error(label("upload_too_large", lang, limit=MAX_UPLOAD_BYTES // 1000))
        else:
            st.session_state.yaml_text = upload.getvalue().decode("utf-8", errors="replace")
    text = st.text_area(label("edit_yaml", lang), height=260, key="yaml_text")
    name = upload.name if upload else "my_scenario.yaml"
    if st.button(label("validate", lang), key="validate"):
        st.session_state.uploaded = None
        try:
            # The same confinement as a file upload: no path may leave scenarios/.
            scenario = load_scenario_text(text, name, SCENARIO_ROOT / region, SCENARIO_ROOT)
        except InputError as error:
            st.error(label("invalid", lang) + "\n\n" + "\n\n".join(error.describe().splitlines()))
        except (RecursionError, MemoryError, ValueError, TypeError) as error:
            # Bad input must stay a message next to the editor, whatever the parser made of it.
            st.error(f"{label('unreadable', lang)} {type(error).__name__}")
        else:
            st.session_state.uploaded = scenario
            st.success(label("valid", lang))


def start_run(scenarios: list[tuple[str, Scenario]], lang: str) -> None:
    """Estimate the run, refuse it above the caps, else queue it and keep the ticket in the session."""
    days, seed, reps = int(st.session_state.days), int(st.session_state.seed), int(st.session_state.reps)
    aligned = [with_seed_and_days(scenario, seed=seed, days=days) for _, scenario in scenarios]
    keys = tuple((s.sha256, seed, days, "kernels", reps) for s in aligned)
    pending: PendingRun | None = st.session_state.get("pending")
    if pending is not None and pending.keys == keys and not pending.ticket.finished:
        return  # pressed again while the same run waits: keep waiting for it
    refused = refusal(estimate_batch((scenario, reps) for scenario in aligned))
    if refused is not None:
        st.error(describe_refusal(refused, lang))
        return
    queue = job_queue()
    if pending is not None:
        queue.cancel(pending.ticket)  # this session now wants another run; one place in the queue each
        st.session_state.pending = None
    try:
        ticket = queue.submit([(key, (scenario, "kernels", reps)) for key, scenario in zip(keys, aligned, strict=True)])
    except QueueFull:
        st.warning(label("queue_full", lang))
        return
    st.session_state.pending = PendingRun(ticket, [name for name, _ in scenarios], keys)


def queue_status(ticket: Ticket[RunResult], position: int, lang: str) -> tuple[str, float | None]:
    """Return what a waiting session shows: its place in the queue, or the progress (0..1) of its run."""
    if ticket.state == WAITING and position > 0:
        return label("queue_position", lang, position=position), None
    if ticket.total == 0:
        return label("running", lang), 0.0
    return f"{label('running', lang)} {ticket.done}/{ticket.total}", ticket.done / ticket.total


def collect_run(lang: str) -> None:
    """Wait for this session's queued run in its own script thread, drawing its position and progress."""
    pending: PendingRun | None = st.session_state.get("pending")
    if pending is None:
        return
    queue = job_queue()
    placeholder = st.empty()
    try:
        while True:
            # Each update lets Streamlit rerun this script (the ticket stays in the session) or stop it.
            text, fraction = queue_status(pending.ticket, queue.position(pending.ticket), lang)
            if fraction is None:
                placeholder.info(text)
            else:
                placeholder.progress(fraction, text=text)
            if pending.ticket.wait(POLL_SECONDS):
                break
    except StopException:
        queue.cancel(pending.ticket)  # the tab was closed or the run stopped: free its place in the queue
        st.session_state.pending = None
        raise
    placeholder.empty()
    st.session_state.pending = None
    ticket = pending.ticket
    if ticket.state == DONE and ticket.results is not None:
        st.session_state.last_keys = pending.keys
        st.session_state.last_names = pending.names
        st.session_state.last_results = ticket.results
    elif ticket.failure == WORKER_DIED:
        st.error(label("worker_died", lang))
    elif ticket.failure == TIMED_OUT:
        st.error(label("run_timed_out", lang, minutes=MAX_RUN_MINUTES))
    elif ticket.detail:
        st.error(f"{label('run_failed', lang)} {ticket.detail}")


def show_results(overrides: dict[str, Any], lang: str) -> None:
    """Draw the last finished run of this session: cards, table, map, charts and downloads."""
    if st.session_state.get("last_keys") is None:
        st.info(label("press_run", lang))
        return
    names, results = st.session_state.last_names, st.session_state.last_results
    show_cards(names, results, lang)
    st.subheader(label("by_municipality", lang))
    st.dataframe(municipality_table(names, results), hide_index=True, width="stretch")
    st.subheader(label("map", lang))
    show_map(names, results, lang)
    st.subheader(label("charts", lang))
    show_charts(names, results, lang)
    show_downloads(names, results, overrides, lang)


def main() -> None:
    """Draw the page."""
    st.set_page_config(page_title="IKZ-Sim", layout="wide")
    job_queue()  # once per server: worker processes started, Numba kernels loaded
    initial_state()
    lang = st.session_state.lang
    st.title(label("title", lang))
    if st.session_state.get("url_dropped"):
        st.warning(label("url_dropped", lang))
    with st.expander(label("explain", lang)):
        st.write(label("explain_text", lang))
        model_doc = ROOT / "docs" / "MODEL.md"
        if model_doc.exists() and st.toggle(label("model_doc", lang), key="show_model_doc"):
            st.markdown(model_doc.read_text(encoding="utf-8"))
    scenarios, overrides, pressed = sidebar(lang)
    results_tab, editor_tab = st.tabs([label("results", lang), label("editor", lang)])
    with editor_tab:
        editor(lang)
    with results_tab:
        if not scenarios:
            st.info(label("press_run", lang))
            return
        if pressed:
            st.session_state.url_dropped = False
            start_run(scenarios, lang)
        collect_run(lang)
        show_results(overrides, lang)


# A spawned worker process re-imports the page's module as __mp_main__; it must not draw the page.
if __name__ != "__mp_main__":
    try:
        main()
    except Exception as error:  # noqa: BLE001 - the page shows a short message instead of a traceback
        st.error(f"Internal error: {type(error).__name__}: {error}")
