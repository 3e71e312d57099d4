"""The app under `streamlit run` in headless Chromium, offline: runs, reloads, tabs, map, variant, language, report."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "results"
SCREENSHOT = RESULTS / "e2e_app.png"
START_TIMEOUT_SECONDS = 90
RESULTS_TIMEOUT_SECONDS = 120
CARD = '[data-testid="stMetric"]'
EXCEPTION = '[data-testid="stException"]'
CARDS_PER_SCENARIO = 6
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def wait_until_healthy(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with code {server.returncode}:\n{log_tail(log)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"streamlit did not answer within {START_TIMEOUT_SECONDS} s:\n{log_tail(log)}")


def stop(server: subprocess.Popen) -> None:
    """End the server and its worker processes: it leads its own process group, started below."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    try:
        os.killpg(server.pid, signal.SIGKILL)  # worker processes that outlived the server
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free port, in its own process group; yields the base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    folders = tmp_path_factory.mktemp("app_folders")  # the app's caches and sweeps, never the repository's results/
    env = {**os.environ, "IKZ_SIM_CACHE": str(folders / "cache"), "IKZ_SIM_SWEEPS": str(folders / "sweeps")}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, env=env,
        )  # fmt: skip
    try:
        wait_until_healthy(process, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
    # A spawned worker re-imports app.py; it must not try to draw the page without a session.
    assert "missing ScriptRunContext" not in log.read_text(errors="replace"), log_tail(log)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A persistent headless Chromium context (Debian's chromium, never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' installs playwright")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("no 'chromium' on PATH: run tools/ensure_chromium.sh (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1600, "height": 1100},
        )
        try:
            yield context
        finally:
            context.close()


# Counts the script runs that start after it is installed, so a wait cannot end on the previous run's cards.
WATCH_RUNS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.runsSeen = 0;
    new MutationObserver(() => {
        if (app.dataset.testScriptState === "running") window.runsSeen += 1;
    }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""
SCRIPT_STATE = "document.querySelector('[data-testid=\"stApp\"]').dataset.testScriptState"
IDLE = f"{SCRIPT_STATE} === 'notRunning'"


def run_finished(scenarios: int) -> str:
    """A JavaScript condition: the run pressed last has ended with the cards of `scenarios` scenarios, or failed."""
    return (
        f"window.runsSeen > 0 && {IDLE}"
        f" && (document.querySelectorAll({CARD!r}).length >= {scenarios * CARDS_PER_SCENARIO}"
        f" || document.querySelector({EXCEPTION!r}) !== null"
        " || /Traceback|Internal error/.test(document.body.innerText))"
    )


def open_page(browser, url: str, run_label: str = "Simulation starten"):
    page = browser.new_page()
    page.goto(url, timeout=START_TIMEOUT_SECONDS * 1000)
    page.get_by_role("button", name=run_label, exact=True).wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
    return page


def press_run(page, run_label: str = "Simulation starten") -> None:
    """Press Run once the page is idle; returns at once (see wait_for_cards)."""
    page.wait_for_function(IDLE, timeout=START_TIMEOUT_SECONDS * 1000)
    page.evaluate(WATCH_RUNS)
    page.get_by_role("button", name=run_label, exact=True).click()


def wait_for_cards(page, scenarios: int = 4, wait_label: str = "Wartezeit, Mittel (min)") -> str:
    """Wait until the run pressed last has finished; assert the scenarios' cards and no error; return the text."""
    try:
        page.wait_for_function(run_finished(scenarios), timeout=RESULTS_TIMEOUT_SECONDS * 1000)
    except Exception as error:  # noqa: BLE001 - say what the page showed instead
        state = page.evaluate(f"[window.runsSeen, {SCRIPT_STATE}]")
        pytest.fail(f"{error}\nruns seen, script state: {state}\n{page.locator('body').inner_text()[-2000:]}")
    text = page.locator("body").inner_text()
    assert page.locator(EXCEPTION).count() == 0, text[-2000:]
    for problem in ("Traceback", "Internal error", "CacheReplayClosureError", "BrokenProcessPool"):
        assert problem not in text, text[-2000:]
    assert page.locator(CARD).count() == scenarios * CARDS_PER_SCENARIO, text[-2000:]
    assert wait_label in text
    return text


def card_values(page) -> list[str]:
    return page.locator(f"{CARD} [data-testid='stMetricValue']").all_inner_texts()


def test_run_in_a_real_browser(server, browser):
    page = open_page(browser, f"{server}/?days=14")
    try:
        press_run(page)
        wait_for_cards(page)
        page.wait_for_load_state("networkidle", timeout=RESULTS_TIMEOUT_SECONDS * 1000)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        assert "days=14" in page.url  # the app keeps the view in the URL
    finally:
        page.close()


def test_run_twice_then_reload_and_run_again(server, browser):
    page = open_page(browser, f"{server}/?days=14&seed=11")
    try:
        press_run(page)
        wait_for_cards(page)
        first = card_values(page)
        press_run(page)  # unchanged settings: this crashed the page with CacheReplayClosureError
        wait_for_cards(page)
        assert card_values(page) == first
        page.reload()
        page.get_by_role("button", name="Simulation starten").wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
        press_run(page)
        wait_for_cards(page)
        assert card_values(page) == first
    finally:
        page.close()


def test_three_tabs_run_at_once(server, browser):
    # Two tabs with the same shared link and one with another seed, all pressing Run together.
    urls = [f"{server}/?days=21&seed=5", f"{server}/?days=21&seed=5", f"{server}/?days=21&seed=6"]
    pages = [open_page(browser, url) for url in urls]
    try:
        for page in pages:
            press_run(page)
        values = []
        for page in pages:
            wait_for_cards(page)
            values.append(card_values(page))
        assert values[0] == values[1] and values[0] != values[2]
    finally:
        for page in pages:
            page.close()


MAP = '[data-testid="stDeckGlJsonChart"]'
TOOLTIP = ".deck-tooltip"


def map_tooltip(page) -> str:
    """Hover over the map until the tooltip shows a sentence; return it."""
    chart = page.locator(MAP).first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the deck draws after it is scrolled into view
    box = chart.bounding_box()
    for fx, fy in ((0.62, 0.15), (0.45, 0.75), (0.5, 0.5), (0.4, 0.4), (0.55, 0.3)):
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        page.wait_for_timeout(600)
        texts = [text for text in page.locator(TOOLTIP).all_inner_texts() if text.strip()]
        if texts:
            return texts[0]
    pytest.fail("no tooltip over the map")


def shoot(page, path: Path) -> None:
    """Screenshot the results page whole: Streamlit scrolls inside its main block, so the view is made tall."""
    height = page.evaluate("(document.querySelector('[data-testid=stMain]') || document.body).scrollHeight")
    page.set_viewport_size({"width": 1600, "height": min(max(int(height), 1100), 9000)})
    page.wait_for_timeout(2500)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1600, "height": 1100})


def test_a_planner_compares_a_variant_reads_the_map_switches_language_and_downloads_the_report(server, browser):
    # A shared link with a variant: the shared citizen office with a third desk in Kalletal (no internet here).
    changes = quote('{"service_points":{"buergerbuero_kalletal":{"desks":3}}}')
    url = f"{server}/?days=14&scenarios=baseline,shared_citizen_office&edit=shared_citizen_office&ov={changes}"
    page = open_page(browser, url)
    try:
        press_run(page)
        text = wait_for_cards(page, scenarios=3)
        assert "Gemeinsames Bürgerbüro + 1 Schalter Bürgerbüro Kalletal" in text
        assert "Variante von »Gemeinsames Bürgerbüro«" in text
        assert "Wer gewinnt, wer zahlt" in text and "Kalletal zahlt" in text
        legend = page.locator("[data-testid='map-legend']").first.inner_text()
        assert "Anfahrt, Mittel (min)" in legend and "," in legend
        tip = map_tooltip(page)
        assert "{" not in tip and ("Einwohner" in tip or "Wege" in tip or "Besuche" in tip), tip
        first = card_values(page)
        press_run(page)  # a repeated run gives the same figures
        wait_for_cards(page, scenarios=3)
        assert card_values(page) == first
        with page.expect_download(timeout=RESULTS_TIMEOUT_SECONDS * 1000) as download:
            page.get_by_role("button", name="Bericht herunterladen (HTML, eine Seite)").click()
        report = Path(download.value.path()).read_text(encoding="utf-8")
        assert "Wer gewinnt, wer zahlt" in report and "<svg" in report and "<script" not in report
        shoot(page, RESULTS / "e2e_results_de.png")
        page.get_by_text("English", exact=True).click()
        page.get_by_role("button", name="Run", exact=True).wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
        page.wait_for_function(IDLE, timeout=START_TIMEOUT_SECONDS * 1000)
        # The rerun replaces the German elements one by one; wait until the last of them is gone.
        page.get_by_text("Who gains, who pays").wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
        page.get_by_role("button", name="Download the report (HTML, one page)").wait_for(timeout=60_000)
        english = page.locator("body").inner_text()
        assert "Who gains, who pays" in english and "Shared citizen office + 1 desk" in english
        assert "travel, mean (min)" in page.locator("[data-testid='map-legend']").first.inner_text()
        assert page.locator(CARD).count() == 3 * CARDS_PER_SCENARIO
        shoot(page, RESULTS / "e2e_results_en.png")
        assert "lang=en" in page.url and "ov=" in page.url
    finally:
        page.close()


def test_a_planner_reads_who_pays_what_in_the_coalitions_tab(server, browser):
    page = open_page(browser, f"{server}/?days=30&seed=4&scenarios=baseline,shared_citizen_office")
    try:
        page.wait_for_function(IDLE, timeout=START_TIMEOUT_SECONDS * 1000)
        page.get_by_role("tab", name="Lohnt es sich? Wer zahlt was?").click()  # a further tab draws once it is open
        page.get_by_text("Aufwand (vorab geschätzt): Läufe: 2,").first.wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
        page.wait_for_function(IDLE, timeout=START_TIMEOUT_SECONDS * 1000)
        page.get_by_role("button", name="Koalitionen rechnen").click()
        reading = page.get_by_text("nach dem Shapley-Wert spart jede Kommune")
        reading.wait_for(timeout=RESULTS_TIMEOUT_SECONDS * 1000)
        page.wait_for_function(IDLE, timeout=RESULTS_TIMEOUT_SECONDS * 1000)
        text = page.locator("body").inner_text()
        assert page.locator(EXCEPTION).count() == 0 and "Traceback" not in text, text[-2000:]
        assert "Unter dem Schlüssel »nach Einwohnerzahl« zahlt Lemgo" in text and "mehr als allein" in text
        # The badges are drawn as badges, not as their markup.
        assert page.get_by_text("nicht individuell rational für Lemgo").first.is_visible()
        assert ":red-badge[" not in text and ":green-badge[" not in text
        charts = page.get_by_role("tabpanel", name="Lohnt es sich? Wer zahlt was?").locator(
            "[data-testid='stVegaLiteChart']"
        )  # fmt: skip
        charts.nth(1).wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
        assert charts.count() == 2  # costs, and savings against alone
        shoot(page, RESULTS / "e2e_coalitions_de.png")
        page.get_by_text("English", exact=True).click()  # the open tab stays open in the other language
        page.get_by_text("Under the key 'by population', Lemgo pays").wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
        page.get_by_text("not individually rational for Lemgo").first.wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
        page.wait_for_function(IDLE, timeout=START_TIMEOUT_SECONDS * 1000)
        assert page.locator(EXCEPTION).count() == 0
    finally:
        page.close()
