"""The app served by `streamlit run` and driven in Debian's headless Chromium: Run shows the KPI cards, no errors."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "results" / "e2e_app.png"
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


def test_run_in_a_real_browser(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' installs playwright")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("no 'chromium' on PATH: run tools/ensure_chromium.sh (Debian: apt-get install chromium)")
    port = free_port()
    log = tmp_path / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    try:
        wait_until_healthy(server, port, log)
        with sync_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"),
                executable_path=chromium,
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1600, "height": 1100},
            )
            try:
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}/?days=14", timeout=START_TIMEOUT_SECONDS * 1000)
                run_button = page.get_by_role("button", name="Simulation starten")
                run_button.wait_for(timeout=START_TIMEOUT_SECONDS * 1000)
                run_button.click()
                # Four scenarios are chosen by default: wait for all their cards, or stop early at an error.
                page.wait_for_function(
                    f"document.querySelectorAll({CARD!r}).length >= {4 * CARDS_PER_SCENARIO}"
                    f" || document.querySelector({EXCEPTION!r}) !== null"
                    " || /Traceback|Internal error/.test(document.body.innerText)",
                    timeout=RESULTS_TIMEOUT_SECONDS * 1000,
                )
                page.wait_for_load_state("networkidle", timeout=RESULTS_TIMEOUT_SECONDS * 1000)
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOT))
                text = page.locator("body").inner_text()
                assert page.locator(EXCEPTION).count() == 0, text[-2000:]
                assert "Traceback" not in text, text[-2000:]
                assert "Internal error" not in text, text[-2000:]
                assert page.locator(CARD).count() == 4 * CARDS_PER_SCENARIO
                assert "Wartezeit (Min., Mittel)" in text
                assert "days=14" in page.url  # the app keeps the view in the URL
            finally:
                context.close()
    finally:
        stop(server)
