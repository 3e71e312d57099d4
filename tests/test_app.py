"""The app driven headless with AppTest: runs, URL state, editor, run queue, work cap and link confinement."""

import json
import multiprocessing
import os
import re
import runpy
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from app_helpers import (
    APP,
    DAYS,
    REPO,
    TIMEOUT_SECONDS,
    assert_clean,
    assert_readable,
    card_labels,
    card_row_names,
    cards,
    chart_specs,
    german_number,
    open_tab,
    page_text,
    run_scenarios,
    start_app,
    table_headers,
    tiny_sweep,
)
from big_scenarios import many_services_text
from streamlit.testing.v1 import AppTest

from sim.app.i18n import label, number
from sim.app.presentation import kpi_label, per_year_twin
from sim.app.run_queue import RUNNING, Ticket
from sim.app.workload import MAX_BYTES_PER_JOB, MAX_REQUESTS_PER_RUN
from sim.cli import main as cli_main
from sim.summary.kpi_registry import CARDS

BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"
PASSWD_CONTENT = "root:x:0:0"  # the first line of /etc/passwd; it must never reach the page


WAIT = kpi_label(next(kpi for kpi in CARDS if kpi.key == "wait_minutes.mean"), {"days": DAYS}, "de")


def validate_text(at: AppTest, text: str) -> AppTest:
    at.text_area(key="yaml_text").set_value(text)
    at.button(key="validate").click().run()
    assert not at.exception, [item.value for item in at.exception]
    return at


def test_app_starts_without_errors():
    at = start_app()
    assert at.title[0].value == label("title", "de")
    assert not at.metric  # nothing runs before Run is pressed
    assert label("press_run", "de") in [info.value for info in at.info]


def test_run_shows_the_cards_per_scenario_in_german_then_english():
    at = run_scenarios(start_app(), ["baseline", "mobile_office"])
    rows = cards(at)
    assert len(rows) == 2
    assert card_row_names(at) == ["Ausgangslage", "Mobiles Bürgerbüro"]
    assert all(list(row) == card_labels("de") for row in rows)
    assert "Wartezeit, Mittel (min)" in rows[0] and "Kosten je Einwohner pro Jahr (EUR/Jahr)" in rows[0]
    # The reference row has no deltas; the second row is compared with it.
    assert all(not metric.delta for metric in at.metric[: len(CARDS)])
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert [list(row) for row in cards(at)] == [card_labels("en"), card_labels("en")]
    assert card_row_names(at) == ["Baseline", "Mobile office"]
    assert "wait, mean (min)" in cards(at)[0]
    assert at.button(key="run").label == "Run"


def wait_with_desks(at: AppTest, desks: int) -> float:
    at.number_input(key="baseline__desks__buergerbuero_kalletal").set_value(desks)
    at.run()
    at.button(key="run").click().run()
    assert_clean(at)
    # The variant sits next to its original, named after its change.
    step = desks - 2
    sign = "+" if step > 0 else "−"
    assert card_row_names(at) == ["Ausgangslage", f"Ausgangslage {sign} {abs(step)} Schalter Bürgerbüro Kalletal"]
    return german_number(cards(at)[1][WAIT])


def test_fewer_desks_mean_a_longer_wait():
    at = start_app()
    at.multiselect(key="scenarios").set_value(["baseline"])
    at.slider(key="days").set_value(21)
    at.run()
    one_desk = wait_with_desks(at, 1)
    four_desks = wait_with_desks(at, 4)
    assert one_desk > four_desks, (one_desk, four_desks)
    assert json.loads(at.query_params["ov"]) == {"service_points": {"buergerbuero_kalletal": {"desks": 4}}}


def test_cards_equal_the_cli_summary(tmp_path):
    seed = 4242
    out = tmp_path / "baseline"
    assert cli_main(["run", str(BASELINE), "--days", str(DAYS), "--seed", str(seed), "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["seed"] == seed

    # Formatted independently of sim/app/presentation.py, with the same formats it uses.
    # Formatted independently of the registry: German decimal comma and thousands dot.
    def german(value: float, decimals: int) -> str:
        return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")

    expected = {
        "travel_minutes.mean": german(summary["travel_minutes"]["mean"], 1),
        "wait_minutes.mean": german(summary["wait_minutes"]["mean"], 1),
        "outcomes.unserved": german(summary["outcomes"]["unserved"], 0),
        "per_year.cost_eur_per_capita": german(summary["per_year"]["cost_eur_per_capita"], 2),
        "per_year.co2_kg": german(summary["per_year"]["co2_kg"] / 1000, 1),
        "cross_border_share": german(summary["cross_border_share"] * 100, 1),
    }
    at = run_scenarios(start_app(), ["baseline"], seed=seed)
    [row] = cards(at)
    shown = [per_year_twin(kpi, summary) for kpi in CARDS]
    assert row == {kpi_label(kpi, summary, "de"): expected[kpi.key] for kpi in shown if kpi.key in expected}
    assert len(row) == len(expected)


def test_url_holds_the_view_after_a_run():
    at = run_scenarios(start_app(), ["baseline", "combined"], days=DAYS, seed=77)
    params = dict(at.query_params)
    assert params["scenarios"] == "baseline,combined"
    assert params["days"] == str(DAYS)
    assert params["seed"] == "77"
    assert params["lang"] == "de"
    assert params["region"] == "lemgo_kalletal"


def test_url_sets_the_view_and_bad_values_fall_back():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    at.query_params.update({"scenarios": "baseline,mobile_office", "days": "21", "seed": "7", "lang": "en"})
    at.run()
    assert_clean(at)
    assert at.multiselect(key="scenarios").value == ["baseline", "mobile_office"]
    assert at.slider(key="days").value == 21
    assert at.number_input(key="seed").value == 7
    assert at.title[0].value == label("title", "en")
    # A hand-edited link must not break the page.
    broken = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    broken.query_params.update({"days": "abc", "seed": "-5", "reps": "x", "ov": "[1]", "scenarios": "nope"})
    broken.run()
    assert_clean(broken)
    assert broken.slider(key="days").value == 365
    assert broken.number_input(key="seed").value == 0  # clamped to the smallest seed


BAD_UPLOADS = {
    "wrong_type": (
        "extends: baseline.yaml\nservice_points:\n  buergerbuero_kalletal:\n    desks: zero\n",
        ["my_scenario.yaml:4", "service_points.buergerbuero_kalletal.desks", "'zero'"],
    ),
    "broken_yaml": (
        "extends: baseline.yaml\nservice_points: [unclosed\nname: x\n",
        ["my_scenario.yaml:", "fehlerhaftes YAML"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_yaml_shows_the_validation_message(case):
    text, expected = BAD_UPLOADS[case]
    at = validate_text(start_app(), text)
    [error] = at.error
    assert error.value.startswith(label("invalid", "de"))
    for part in expected:
        assert part in error.value, (part, error.value)
    assert "Traceback" not in page_text(at)
    assert not at.success


ESCAPES = {
    "extends_up": ("extends: ../../etc/passwd\n", "extends", "../../etc/passwd"),
    "region_up": ("extends: baseline.yaml\nregion: ../../../etc/passwd\n", "region", "../../../etc/passwd"),
    "extends_absolute": ("extends: /etc/passwd\n", "extends", "/etc/passwd"),
    "region_absolute": ("extends: baseline.yaml\nregion: /etc/passwd\n", "region", "/etc/passwd"),
}


@pytest.mark.parametrize("case", list(ESCAPES))
def test_paths_outside_scenarios_are_refused(case):
    text, key, path = ESCAPES[case]
    at = validate_text(start_app(), text)
    [error] = at.error
    assert "my_scenario.yaml:" in error.value
    assert f"{key}: »{path}« liegt außerhalb von scenarios/" in error.value, error.value
    assert PASSWD_CONTENT not in page_text(at)
    assert not at.success


def test_valid_upload_joins_the_next_run():
    at = start_app()
    at.multiselect(key="scenarios").set_value(["baseline"])
    at.slider(key="days").set_value(DAYS)
    at.run()
    text = "extends: baseline.yaml\nname: One more desk\nservice_points:\n  buergerbuero_kalletal:\n    desks: 3\n"
    validate_text(at, text)
    assert not at.error, [item.value for item in at.error]
    assert [item.value for item in at.success] == [label("valid", "de")]
    at.button(key="run").click().run()
    assert_clean(at)
    assert card_row_names(at) == ["Ausgangslage", "One more desk"]
    assert len(at.metric) == 2 * len(CARDS)
    wait = [kpi.key for kpi in CARDS].index("wait_minutes.mean")
    assert at.metric[len(CARDS) + wait].delta  # the upload's wait is compared with the baseline


def test_uploaded_file_is_the_one_validated():
    # AppTest drives st.file_uploader in this Streamlit version; the editor must show and check the uploaded
    # text, not the text area's earlier default (a keyed text area ignores a changed default).
    at = start_app()
    content = b"extends: baseline.yaml\nservice_points:\n  buergerbuero_kalletal:\n    desks: zero\n"
    at.file_uploader(key="upload").upload("kalletal_desks.yaml", content, "application/x-yaml").run()
    assert at.text_area(key="yaml_text").value == content.decode()
    at.button(key="validate").click().run()
    [error] = at.error
    assert "kalletal_desks.yaml:4: service_points.buergerbuero_kalletal.desks" in error.value


def test_malformed_opening_hours_show_a_message_not_a_crash():
    at = start_app()
    at.multiselect(key="scenarios").set_value(["baseline"])
    at.run()
    at.text_input(key="baseline__hours__buergerbuero_kalletal__mon").set_value("8 to 12").run()
    assert not at.exception
    [message] = [item.value for item in at.error]
    # The field is named as the sidebar shows it, and the message is in German.
    assert message.startswith("Öffnungszeiten – Bürgerbüro Kalletal"), message
    assert "Montag" in message and "08:00-12:30" in message and "service_points" not in message, message
    assert "Traceback" not in page_text(at) and "Internal error" not in page_text(at)


def test_new_agreement_opens_the_other_citizen_office():
    at = start_app()
    at.multiselect(key="scenarios").set_value(["baseline"])
    at.slider(key="days").set_value(DAYS)
    at.run()
    at.checkbox(key="baseline__new_agreement").check().run()
    at.button(key="run").click().run()
    assert_clean(at)
    assert card_row_names(at)[0] == "Ausgangslage"
    assert card_row_names(at)[1].startswith("Ausgangslage + gemeinsamer Zugang Bürgerbüro")
    overrides = json.loads(
        at.query_params["ov"][0] if isinstance(at.query_params["ov"], list) else at.query_params["ov"]
    )
    agreement = overrides["agreements"]["app_agreement"]
    assert agreement["services"] == ["citizen_office"] and agreement["access"] == "mutual"


# ---------------------------------------------------------------------------------------------- hardening


def url_of(at: AppTest) -> dict[str, str]:
    """The page's query parameters as a shared link carries them."""
    return {key: value[-1] if isinstance(value, list) else value for key, value in dict(at.query_params).items()}


def open_link(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [item.value for item in at.exception]
    return at


def test_run_twice_then_reload_and_open_the_shared_link():
    at = run_scenarios(start_app(), ["baseline", "mobile_office"], seed=31)
    first = cards(at)
    at.button(key="run").click().run()  # unchanged settings: this crashed with CacheReplayClosureError
    assert_clean(at)
    assert cards(at) == first
    reloaded = open_link(url_of(at))  # a reload, a second tab and a shared link are all a new session
    assert_clean(reloaded)
    reloaded.button(key="run").click().run()
    assert_clean(reloaded)
    assert cards(reloaded) == first
    reloaded.button(key="run").click().run()
    assert_clean(reloaded)
    assert cards(reloaded) == first


def test_two_sessions_run_at_once_and_both_get_results():
    sessions = [start_app(), start_app()]
    for seed, at in zip((101, 202), sessions, strict=True):
        at.multiselect(key="scenarios").set_value(["baseline", "combined"])
        at.slider(key="days").set_value(60)
        at.number_input(key="seed").set_value(seed)
        at.number_input(key="reps").set_value(2)
        at.run()
    problems: list[BaseException] = []

    def press(at: AppTest) -> None:
        try:
            at.button(key="run").click().run()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            problems.append(error)

    threads = [threading.Thread(target=press, args=(at,)) for at in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not problems, problems
    for at in sessions:
        assert_clean(at)
        assert card_row_names(at) == ["Ausgangslage", "Alles zusammen"]
    assert cards(sessions[0]) != cards(sessions[1])  # different seeds: each session got its own runs


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def busy_child(deadline_seconds: float = TIMEOUT_SECONDS) -> int:
    """The pid of a child process (a worker of the app's run queue) that is using the CPU."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        before = {child.pid: cpu_ticks(child.pid) for child in multiprocessing.active_children()}
        time.sleep(0.5)
        for pid, ticks in before.items():
            try:
                if cpu_ticks(pid) - ticks >= 10:
                    return pid
            except OSError:
                continue
    pytest.fail("no worker became busy")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU time from /proc")
def test_a_killed_worker_is_reported_and_the_next_run_works():
    at = run_scenarios(start_app(), ["baseline"])  # the workers are up and idle
    at.multiselect(key="scenarios").set_value(["baseline", "combined"])
    at.slider(key="days").set_value(730)
    at.number_input(key="reps").set_value(10)
    at.run()
    thread = threading.Thread(target=lambda: at.button(key="run").click().run())
    thread.start()
    os.kill(busy_child(), signal.SIGKILL)  # as the out-of-memory killer would
    thread.join()
    assert not at.exception, [item.value for item in at.exception]
    assert [item.value for item in at.error] == [label("worker_died", "de")]
    assert "BrokenProcessPool" not in page_text(at)
    at.slider(key="days").set_value(DAYS)
    at.number_input(key="reps").set_value(1)
    at.run()
    at.button(key="run").click().run()
    assert_clean(at)
    assert card_row_names(at) == ["Ausgangslage", "Alles zusammen"]
    other = run_scenarios(start_app(), ["mobile_office"], seed=5)  # and any other session too
    assert card_row_names(other) == ["Mobiles Bürgerbüro"]


def test_the_work_cap_refuses_a_hostile_scenario_in_german_and_english():
    at = start_app()
    at.multiselect(key="scenarios").set_value(["baseline"])
    at.slider(key="days").set_value(730)
    at.number_input(key="reps").set_value(10)
    at.run()
    validate_text(at, many_services_text())
    assert [item.value for item in at.success] == [label("valid", "de")]
    at.button(key="run").click().run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("Dieser Lauf ist zu groß") and "GB" in error.value, error.value
    assert number(MAX_BYTES_PER_JOB / 1e9, "de", 1) in error.value
    assert not at.metric  # nothing ran
    at.radio(key="lang").set_value("en").run()
    at.button(key="run").click().run()
    [error] = at.error
    assert error.value.startswith("This run is too large") and "2.0 GB" in error.value, error.value
    # One service more at the highest rate fits in memory, but with the four shipped scenarios and ten
    # replications the run is over the work cap.
    at.multiselect(key="scenarios").set_value(["baseline", "combined", "digital_quick_wins", "mobile_office"])
    at.run()
    validate_text(at, many_services_text(services=1))
    at.button(key="run").click().run()
    [error] = at.error
    assert error.value.startswith("This run is too large") and "requests" in error.value, error.value
    assert f"the limit is {number(MAX_REQUESTS_PER_RUN, 'en')}" in error.value
    assert not at.metric
    at.slider(key="days").set_value(7)
    at.number_input(key="reps").set_value(1)
    at.run()
    at.button(key="run").click().run()
    assert_clean(at)
    assert len(card_row_names(at)) == 5 and card_row_names(at)[-1] == "Many services"


OPENED: list[str] = []  # files opened in this process whose path is in WATCHED
WATCHED: set[str] = set()


def watch_opens(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], str | os.PathLike) and os.fspath(args[0]) in WATCHED:
        OPENED.append(os.fspath(args[0]))


sys.addaudithook(watch_opens)  # audit hooks cannot be removed; this one only looks at WATCHED paths


@pytest.fixture
def outside_file(tmp_path):
    """A region-like file outside the project; the app must never open it."""
    secret = tmp_path / "outside_region.yaml"
    secret.write_text("id: secret\nname: SECRET-MARKER\n", encoding="utf-8")
    WATCHED.update({str(secret), str(secret.resolve())})
    OPENED.clear()
    yield secret
    WATCHED.clear()


def assert_link_dropped(at: AppTest, lang: str = "de") -> None:
    assert_clean(at)
    assert label("url_dropped", lang) in [item.value for item in at.warning]
    assert "SECRET-MARKER" not in page_text(at)


@pytest.mark.parametrize("key", ["region", "extends"])
def test_a_path_in_ov_is_never_opened(outside_file, key):
    ov = {key: str(outside_file), "service_points": {"buergerbuero_kalletal": {"desks": 4}}}
    at = open_link({"scenarios": "baseline", "days": str(DAYS), "ov": json.dumps(ov)})
    assert_link_dropped(at)
    # The valid part of the link is kept, the path is not.
    assert at.number_input(key="baseline__desks__buergerbuero_kalletal").value == 4
    at.button(key="run").click().run()
    assert_clean(at)
    assert card_row_names(at) == ["Ausgangslage", "Ausgangslage + 2 Schalter Bürgerbüro Kalletal"]
    assert json.loads(url_of(at)["ov"]) == {"service_points": {"buergerbuero_kalletal": {"desks": 4}}}
    assert OPENED == []


NEW_AGREEMENT_WITH_GP = {
    "name": "x",
    "members": ["lemgo", "kalletal"],
    "services": ["gp"],
    "access": "mutual",
    "pool_member_points": True,
    "cost_key": "equal",
}


@pytest.mark.parametrize(
    "ov",
    [
        '{"a":' * 3000 + "1" + "}" * 3000,  # deeper than the JSON parser recurses
        "[" * 9000 + "]" * 9000,
        json.dumps({"service_points": {f"p{n}": {"desks": 1} for n in range(3000)}}),  # 100 kB
        json.dumps({"service_points": {"buergerbuero_kalletal": {"desks": 999}}}),  # valid shape, invalid value
        json.dumps({"agreements": {"app_agreement": NEW_AGREEMENT_WITH_GP}}),  # a default the widget lacks
        "{not json",
    ],
    ids=["nested_objects", "nested_lists", "huge", "desks_out_of_range", "gp_agreement", "not_json"],
)
def test_hostile_ov_does_not_break_the_page(ov):
    at = open_link({"scenarios": "baseline", "ov": ov})
    assert_clean(at)
    assert at.number_input(key="baseline__desks__buergerbuero_kalletal").value == 2  # the shipped value


def test_unknown_region_and_language_in_the_link_fall_back(outside_file):
    at = open_link({"region": str(outside_file.parent), "lang": "xx", "scenarios": "baseline"})
    assert_link_dropped(at)
    assert at.selectbox(key="region").value == "lemgo_kalletal"
    assert at.title[0].value == label("title", "de")
    assert OPENED == []


def test_a_spawned_worker_does_not_draw_the_page(monkeypatch):
    # multiprocessing's spawn start re-runs the parent's __main__ module, which under Streamlit is app.py.
    import streamlit

    drawn: list[str] = []
    monkeypatch.setattr(streamlit, "set_page_config", lambda *args, **kwargs: drawn.append("page"))
    monkeypatch.setattr(streamlit, "error", lambda *args, **kwargs: drawn.append("error"))
    namespace = runpy.run_path(str(APP), run_name="__mp_main__")
    assert callable(namespace["main"]) and drawn == []


def test_unreadable_editor_input_is_a_message_next_to_the_editor():
    at = validate_text(start_app(), "extends: baseline.yaml\nname: " + "[" * 20_000 + "]" * 20_000 + "\n")
    assert not at.exception
    [error] = at.error
    assert error.value.startswith((label("invalid", "de"), label("unreadable", "de"))), error.value
    assert "Traceback" not in page_text(at) and "Internal error" not in page_text(at)
    assert not at.success


def test_an_oversized_upload_is_refused_before_it_is_shown():
    at = start_app()
    content = b"name: x\n" + b"# padding\n" * 20_000
    at.file_uploader(key="upload").upload("big.yaml", content, "application/x-yaml").run()
    assert not at.exception
    assert [item.value for item in at.error] == [label("upload_too_large", "de", limit=100)]
    assert at.text_area(key="yaml_text").value.startswith("extends: baseline.yaml")


def test_a_waiting_session_sees_its_place_then_its_progress():
    queue_status = runpy.run_path(str(APP), run_name="__mp_main__")["queue_status"]
    ticket = Ticket(("key",))
    assert queue_status(ticket, 2, "de") == (
        "Position in der Warteschlange: 2 – andere Simulationen laufen gerade, bitte warten.",
        None,
    )
    assert queue_status(ticket, 1, "en")[0].startswith("Position in queue: 1")
    ticket.state, ticket.total, ticket.done = RUNNING, 4, 1
    assert queue_status(ticket, 0, "en") == (f"{label('running', 'en')} 1/4", 0.25)


# ---------------------------------------------------------------------------------------------- planners


@pytest.fixture(scope="module")
def finished_sweeps(tmp_path_factory):
    """A folder of sweep results holding the tiny sweep of tests/data/sweeps, for the Robustheit tab."""
    root = tmp_path_factory.mktemp("sweeps")
    tiny_sweep(root / "app_robustness")
    return root


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_snake_case_column_header_or_axis_title(lang, finished_sweeps, tmp_path, monkeypatch):
    monkeypatch.setenv("IKZ_SIM_SWEEPS", str(finished_sweeps))
    monkeypatch.setenv("IKZ_SIM_CACHE", str(tmp_path))
    at = start_app()
    at.radio(key="lang").set_value(lang).run()
    at.number_input(key="reps").set_value(2)  # with replications the differences chart shows its intervals
    at = run_scenarios(at, ["baseline", "shared_citizen_office"])
    headers = table_headers(at)
    assert headers, "no table shown"
    assert len(chart_specs(at)) >= 4
    assert_readable(at)
    # Municipalities and services by name, never by id.
    assert "lemgo" not in headers and "citizen_office" not in str(chart_specs(at))
    # The further tabs, each open in turn (the Verbreitung tab is checked for Südwestfalen in test_app_views.py).
    for tab, button in (("coalitions_tab", "coalitions_run"), ("years_tab", "years_run"), ("robustness_tab", None)):
        open_tab(at, tab)
        if button:
            at.button(key=button).click().run()
        assert_clean(at)
        assert chart_specs(at) and table_headers(at) if tab != "coalitions_tab" else chart_specs(at), tab
        assert_readable(at)


def test_first_screen_says_who_gains_and_who_pays():
    at = run_scenarios(start_app(), ["baseline", "shared_citizen_office"])
    assert at.subheader[0].value == label("who_gains", "de")
    [line] = [line for m in at.markdown for line in m.value.splitlines() if line.startswith("- **Gemeinsames")]
    assert re.search(r"Kalletal zahlt [\d.]+ EUR (weniger|mehr)", line), line
    assert re.search(r"Lemgo zahlt [\d.]+ EUR (weniger|mehr)", line), line
    assert "(je Jahr)" in line


def test_a_variant_sits_next_to_its_original_and_is_named_saved_and_linked():
    at = start_app()
    at.multiselect(key="scenarios").set_value(["baseline", "shared_citizen_office"])
    at.slider(key="days").set_value(DAYS)
    at.run()
    at.selectbox(key="edit").set_value("shared_citizen_office").run()
    at.number_input(key="shared_citizen_office__desks__buergerbuero_kalletal").set_value(3).run()
    at.button(key="run").click().run()
    assert_clean(at)
    names = card_row_names(at)
    assert names == [
        "Ausgangslage",
        "Gemeinsames Bürgerbüro",
        "Gemeinsames Bürgerbüro + 1 Schalter Bürgerbüro Kalletal",
    ]
    variant_header = [m.value for m in at.markdown if m.value.startswith(f"**{names[2]}** · ")]
    assert variant_header == [f"**{names[2]}** · Variante von »Gemeinsames Bürgerbüro«"]
    # The variant's deltas are to its original; the reference figures in "who gains" are to the baseline.
    lines = [line for m in at.markdown for line in m.value.splitlines()]
    assert any(line.startswith(f"- **{names[2]}:**") for line in lines)
    at.text_input(key="variant_name").set_value("Mit drittem Schalter").run()
    assert url_of(at)["vname"] == "Mit drittem Schalter"
    shared = open_link(url_of(at))
    assert_clean(shared)
    assert shared.text_input(key="variant_name").value == "Mit drittem Schalter"
    shared.button(key="run").click().run()
    assert card_row_names(shared)[-1] == "Mit drittem Schalter"
    assert label("variant_save", "de") in page_text(shared)


def test_an_out_of_date_banner_follows_any_change_and_goes_with_the_next_run():
    at = run_scenarios(start_app(), ["baseline"])
    assert label("stale", "de") not in [w.value for w in at.warning]
    at.number_input(key="seed").set_value(99).run()
    assert label("stale", "de") in [w.value for w in at.warning]
    at.button(key="run").click().run()
    assert label("stale", "de") not in [w.value for w in at.warning]
    at.number_input(key="baseline__desks__buergerbuero_kalletal").set_value(3).run()
    assert label("stale", "de") in [w.value for w in at.warning]


def test_map_choices_survive_a_language_switch():
    at = run_scenarios(start_app(), ["baseline", "mobile_office"])
    at.radio(key="metric").set_value("wait_minutes_mean").run()
    at.selectbox(key="map_scenario").set_value(0).run()
    at.checkbox(key="arcs").uncheck().run()
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.radio(key="metric").value == "wait_minutes_mean"
    assert at.selectbox(key="map_scenario").value == 0
    assert at.checkbox(key="arcs").value is False
    legend = [m.value for m in at.markdown if "map-legend" in m.value]
    assert legend and "wait, mean (min)" in legend[0]


def test_the_map_has_a_legend_sentences_as_tooltips_and_fits_the_region():
    at = run_scenarios(start_app(), ["baseline", "shared_citizen_office"])
    [deck] = at.get("deck_gl_json_chart")
    spec = json.loads(deck.proto.json)
    assert json.loads(deck.proto.tooltip)["html"] == "{tooltip}"
    pickable = [layer for layer in spec["layers"] if layer.get("pickable")]
    assert pickable and all(all("tooltip" in row for row in layer["data"]) for layer in pickable)
    tips = [row["tooltip"] for layer in pickable for row in layer["data"]]
    assert not any("{" in tip for tip in tips)
    assert any(re.match(r"^Kernstadt \(Lemgo\): [\d.]+ Einwohner\. Anfahrt, Mittel: [\d,]+ min\.$", t) for t in tips)
    assert 9.5 < spec["initialViewState"]["zoom"] < 11.5
    assert [layer["id"] for layer in spec["layers"]] == ["areas", "borders", "arcs", "points", "labels"]
    assert len(next(layer for layer in spec["layers"] if layer["id"] == "arcs")["data"]) <= 12
    legend = [m.value for m in at.markdown if "map-legend" in m.value]
    assert legend and "Anfahrt, Mittel (min)" in legend[0]
    assert label("map_method", "de") in [c.value for c in at.caption]


def test_a_variant_name_from_a_link_is_text_never_a_link_or_image():
    hostile = "![x](http://example.invalid/track.png) [click](http://example.invalid)"
    ov = json.dumps({"service_points": {"buergerbuero_kalletal": {"desks": 3}}})
    at = open_link({"scenarios": "baseline", "days": str(DAYS), "ov": ov, "vname": hostile})
    at.button(key="run").click().run()
    assert_clean(at)
    shown = [m.value for m in at.markdown if "example.invalid" in m.value]
    assert shown and all("\\[" in value and "](" not in value.replace("\\](", "") for value in shown), shown
