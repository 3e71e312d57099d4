"""The app's "Standorte" tab and the map's accessibility layer and "who is left behind" view, driven with AppTest."""

from app_helpers import open_tab
from test_app import assert_clean, page_text, run_scenarios, start_app

from sim.app.locations import MAX_BROWSER_CANDIDATES


def frame_with(at, column: str):
    """Return the first table on the page that has the column (AppTest does not keep a table's key)."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def test_locations_tab_proposes_sites_and_simulates_them_in_one_click():
    at = open_tab(start_app(), "locations")  # only the open further tab is drawn
    assert "Standorte" in [tab.label for tab in at.tabs]
    at.multiselect(key="locate_fixed").set_value(["buergerbuero_lemgo", "buergerbuero_kalletal"]).run()
    at.button(key="locate_run").click().run()
    assert_clean(at)
    assert at.metric[0].label == "Zielwert (gewichtete Wegminuten)"
    sites = frame_with(at, "Änderung")
    assert list(sites["Änderung"]) == ["bleibt", "bleibt"]
    assert "Versprechen des Optimierers" in page_text(at)
    at.slider(key="locate_days").set_value(14).run()
    at.button(key="locate_simulate").click().run()
    assert_clean(at)
    table = frame_with(at, "Vorschlag")
    assert list(table.columns) == ["", "heute", "Vorschlag", "Differenz"]
    assert table.iloc[0, 1] == table.iloc[0, 2]  # the same needs in both (common random numbers)
    at.radio(key="lang").set_value("en").run()
    assert_clean(at)
    assert list(frame_with(at, "proposal").columns) == ["", "today", "proposal", "difference"]
    assert "Locations" in [tab.label for tab in at.tabs]


def test_a_moved_site_is_listed_and_a_change_of_choice_asks_for_a_new_solve():
    at = open_tab(start_app(), "locations")
    at.radio(key="locate_model").set_value("p-center").run()
    at.multiselect(key="locate_fixed").set_value(["buergerbuero_lemgo"]).run()
    at.button(key="locate_run").click().run()
    assert_clean(at)
    assert "verlegt" in list(frame_with(at, "Änderung")["Änderung"])
    at.radio(key="locate_model").set_value("p-median").run()
    assert "bitte neu berechnen" in page_text(at)


def test_the_browser_refuses_more_candidates_than_its_cap():
    at = open_tab(start_app(), "locations")
    at.selectbox(key="region").set_value("suedwestfalen").run()
    at.radio(key="locate_candidates").set_value("points").run()
    at.button(key="locate_run").click().run()
    assert not at.exception
    assert [f"erlaubt sind {MAX_BROWSER_CANDIDATES}" in error.value for error in at.error] == [True]


def test_map_shows_accessibility_per_service_and_who_is_left_behind():
    at = run_scenarios(start_app(), ["baseline"])
    at.radio(key="metric").set_value("accessibility").run()
    assert_clean(at)
    at.selectbox(key="map_service").set_value("gp").run()
    assert "Erreichbarkeit (E2SFCA): Hausarzt" in page_text(at)
    at.checkbox(key="left_behind").check().run()
    assert_clean(at)
    behind = frame_with(at, "Bus/zu Fuß (min)")
    assert {"Ortsteil", "Einwohner", "Bus/zu Fuß (min)"} <= set(behind.columns) and len(behind) > 0
    shares = frame_with(at, "ohne Auto (%)")
    assert "ohne Auto (%)" in shares.columns
    fairness = frame_with(at, "Gini")
    assert {"Gini", "Palma-Verhältnis", "Theil zwischen Kommunen"} <= set(fairness.columns)
    at.radio(key="lang").set_value("en").run()
    assert "without a car (%)" in frame_with(at, "without a car (%)").columns
