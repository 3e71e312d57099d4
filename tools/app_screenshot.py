"""Regenerate the README's screenshot: the app comparing four Lemgo–Kalletal scenarios over a year.

Run from the repository root: .venv/bin/python tools/app_screenshot.py [--out docs/app_screenshot.png]

Starts the app on a free port, opens it in Debian's headless Chromium (Playwright is handed that
binary; it never downloads a browser), presses *Simulation starten* with 5 replications (so the
cards show their intervals), waits for the cards and writes a 1600 x 1150 screenshot.
"""

import argparse
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1600, "height": 1150}
SCRIPT_STATE = "document.querySelector('[data-testid=\"stApp\"]').dataset.testScriptState"
CARDS = 4 * 6  # four scenarios, six cards each
FINISHED = (
    f"{SCRIPT_STATE} === 'notRunning' && document.querySelectorAll('[data-testid=\"stMetric\"]').length >= {CARDS}"
)


def free_port() -> int:
    """Return a port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, seconds: float) -> None:
    """Wait for Streamlit's health endpoint."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the app did not start within {seconds:.0f} s")


def main() -> None:
    """Start the app, run the comparison in the browser and write the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "app_screenshot.png")
    options = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium not found; tools/ensure_chromium.sh installs it")
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(url, 60)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{url}/?days=365&reps=5", timeout=120_000)
            button = page.get_by_role("button", name="Simulation starten", exact=True)
            button.wait_for(timeout=120_000)
            page.wait_for_function(f"{SCRIPT_STATE} === 'notRunning'", timeout=120_000)
            button.click()
            page.wait_for_timeout(1_000)
            page.wait_for_function(FINISHED, timeout=300_000)
            page.wait_for_load_state("networkidle", timeout=60_000)
            page.wait_for_timeout(2_000)  # the map's tiles and the charts settle
            page.screenshot(path=str(options.out))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"wrote {options.out}")


if __name__ == "__main__":
    main()
