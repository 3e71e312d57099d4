"""The residents' page in headless Chromium: rate a scenario, see the aggregate update, no lasting cookies."""

import os
import subprocess
import sys
from datetime import date

import pytest
from participation_fixtures import write_publication
from test_browser import (
    IDLE,
    REPO,
    RESULTS,
    START_TIMEOUT_SECONDS,
    browser,  # noqa: F401 - the headless Chromium fixture, shared
    free_port,
    shoot,
    stop,
    wait_until_healthy,
)

from sim.participation.store import RatingStore
from sim.participation.submission import Submission

pytestmark = pytest.mark.e2e
KEY = "browser_round"
HOSTILE = "<b>fett</b><script>alert(1)</script>"
PAGE_SECONDS = 180


@pytest.fixture(scope="module")
def resident_server(tmp_path_factory):
    """`streamlit run app.py` with a published comparison and a SQLite store of its own (one earlier rating)."""
    folder = tmp_path_factory.mktemp("participation")
    write_publication(folder, KEY)
    url = f"sqlite:///{folder / 'ratings.sqlite3'}"
    store = RatingStore.open(url)
    store.save(Submission(KEY, "baseline", {"travel": 2, "cost": 2}), "someone-else", date.today())
    store.close()
    port = free_port()
    log = folder / "streamlit.log"
    environment = {**os.environ, "IKZ_PARTICIPATION_FOLDER": str(folder), "IKZ_PARTICIPATION_DATABASE_URL": url}
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        wait_until_healthy(process, port, log)
        yield f"http://127.0.0.1:{port}", url
    finally:
        stop(process)


def wait_for_table(page) -> None:
    page.wait_for_function(
        f"{IDLE} && [...document.querySelectorAll('table')].some(t => t.innerText.includes('Bewertungen'))",
        timeout=PAGE_SECONDS * 1000,
    )


def ratings_cell(page, title: str) -> str:
    """Return the 'Bewertungen' cell of a scenario's row in the preference table."""
    return page.evaluate(
        """(title) => {
            const table = [...document.querySelectorAll('table')].find(t => t.innerText.includes('Bewertungen'));
            const header = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
            const row = [...table.querySelectorAll('tbody tr')].find(tr => tr.innerText.includes(title));
            return [...row.querySelectorAll('th, td')][header.indexOf('Bewertungen')].innerText.trim();
        }""",
        title,
    )


def test_a_resident_rates_a_scenario_and_sees_the_aggregate_update(resident_server, browser):  # noqa: F811
    base, url = resident_server
    page = browser.new_page()
    try:
        page.goto(f"{base}/?beteiligung={KEY}&lang=de", timeout=START_TIMEOUT_SECONDS * 1000)
        wait_for_table(page)
        assert page.get_by_role("button", name="Simulation starten").count() == 0  # no expert controls
        assert ratings_cell(page, "Ausgangslage") == "1"
        form = page.locator("[data-testid='stForm']").first
        radios = form.locator("[data-testid='stRadio']")
        radios.nth(0).get_by_text("4", exact=True).click()
        radios.nth(1).get_by_text("5", exact=True).click()
        form.locator("textarea").fill(HOSTILE)
        form.get_by_role("button", name="Bewertung speichern").click()
        page.get_by_text("Danke! Ihre Bewertung ist gespeichert.").wait_for(timeout=PAGE_SECONDS * 1000)
        wait_for_table(page)
        assert ratings_cell(page, "Ausgangslage") == "2"
        shown = page.locator("[data-testid='stText']", has_text=HOSTILE)
        shown.wait_for(timeout=30_000)  # the comment, shown as text
        assert shown.inner_text().strip() == HOSTILE
        assert page.locator("b", has_text="fett").count() == 0
        shoot(page, RESULTS / "e2e_participation_de.png")
        # Streamlit's XSRF cookie is the only one, and it ends with the session (no expiry date).
        assert all(cookie["expires"] == -1 for cookie in browser.cookies()), browser.cookies()
    finally:
        page.close()
    stored = RatingStore.open(url).ratings(KEY)
    assert sorted(r.scores["travel"] for r in stored) == [2, 4]
    assert [r.comment for r in stored if r.comment] == [HOSTILE]
