"""The participation mode under AppTest: rating, replacing, caps, escaping, rate limit, bad database, moderation."""

from pathlib import Path

import pytest
from participation_fixtures import write_publication
from streamlit.testing.v1 import AppTest

from sim.app.i18n import label
from sim.app.views.participation_state import limits
from sim.participation.moderator import hash_password
from sim.participation.store import RatingStore

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
TIMEOUT_SECONDS = 180
KEY = "test_round"
PASSWORD = "ein langes Passwort 42"


@pytest.fixture
def round_folder(tmp_path, monkeypatch):
    """A published comparison open today, and its own SQLite database, both in tmp_path."""
    folder = tmp_path / "participation"
    write_publication(folder, KEY)
    url = f"sqlite:///{folder / 'ratings.sqlite3'}"
    monkeypatch.setenv("IKZ_PARTICIPATION_FOLDER", str(folder))
    monkeypatch.setenv("IKZ_PARTICIPATION_DATABASE_URL", url)
    monkeypatch.setenv("IKZ_MODERATOR_PASSWORD_HASH", hash_password(PASSWORD).line())
    return url


def resident(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    at.query_params["beteiligung"] = KEY
    at.query_params["lang"] = lang
    return at.run()


def rate(at: AppTest, scenario: str, travel: int, cost: int, comment: str | None = None) -> AppTest:
    at.radio(key=f"pt_score_{KEY}_{scenario}_travel").set_value(travel)
    at.radio(key=f"pt_score_{KEY}_{scenario}_cost").set_value(cost)
    if comment is not None:
        at.text_area(key=f"pt_comment_{KEY}_{scenario}").set_value(comment)
    return at.button(key=f"pt_save_{KEY}_{scenario}").click().run()


def ratings_of(at: AppTest, title: str) -> str:
    table = [frame for frame in at.table if "Bewertungen" in frame.value.columns][0].value
    return str(table.set_index("Szenario").loc[title, "Bewertungen"])


def test_residents_see_no_expert_controls_and_their_rating_updates_the_aggregate(round_folder):
    at = resident()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not at.sidebar.children  # no sidebar, no Run button, no sliders
    assert not [b for b in at.button if b.key == "run"] and not at.slider
    assert "Testrunde" in [t.value for t in at.title]
    assert ratings_of(at, "Mobiles Bürgerbüro") == "0"
    rate(at, "mobile_office", 4, 2)
    assert [s.value for s in at.success] == [label("pt_saved", "de")]
    assert ratings_of(at, "Mobiles Bürgerbüro") == "1"
    stored = RatingStore.open(round_folder).ratings(KEY)
    assert [(r.scenario, r.scores) for r in stored] == [("mobile_office", {"travel": 4, "cost": 2})]


def test_a_second_rating_in_the_same_session_replaces_the_first(round_folder):
    at = rate(resident(), "baseline", 1, 1)
    rate(at, "baseline", 5, 3)
    assert [s.value for s in at.success] == [label("pt_replaced", "de")]
    assert ratings_of(at, "Ausgangslage") == "1"
    stored = RatingStore.open(round_folder).ratings(KEY)
    assert [r.scores for r in stored] == [{"travel": 5, "cost": 3}]
    other = rate(resident(), "baseline", 2, 2)  # a new tab is a new session: a rating of its own
    assert ratings_of(other, "Ausgangslage") == "2"


def test_html_in_a_comment_is_shown_as_text(round_folder):
    hostile = '<b>fett</b><img src="http://example.invalid/x.png"><script>alert(1)</script> [link](http://x)'
    at = rate(resident(), "baseline", 3, 3, comment=hostile)
    assert hostile in [t.value for t in at.text]  # st.text: shown literally
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not [text for text in rendered if "<img" in text or "<script" in text or "<b>fett" in text]


def test_a_comment_over_the_cap_gets_an_inline_message_and_keeps_the_text(round_folder):
    long_text = "Zu lang. " * 30  # 270 characters, the cap is 200
    at = rate(resident(), "baseline", 3, 3, comment=long_text)
    assert [e.value for e in at.error] == [label("refused_comment_too_long", "de", length="269", cap="200")]
    assert at.text_area(key=f"pt_comment_{KEY}_baseline").value == long_text
    assert RatingStore.open(round_folder).count(KEY) == 0


def test_an_unanswered_question_gets_an_inline_message(round_folder):
    at = resident("en")
    at.radio(key=f"pt_score_{KEY}_baseline_travel").set_value(2)
    at.button(key=f"pt_save_{KEY}_baseline").click().run()
    assert [e.value for e in at.error] == [label("refused_missing_score", "en", count="1")]


def test_a_session_that_posts_too_fast_is_slowed_down(round_folder):
    window = limits()["ratings"]
    saved_limit = window.limit
    window.limit = 1
    try:
        at = rate(resident(), "baseline", 3, 3)
        rate(at, "mobile_office", 3, 3)
        assert at.warning and "langsamer" in at.warning[0].value
        assert RatingStore.open(round_folder).count(KEY) == 1
    finally:
        window.limit = saved_limit


def test_a_database_that_cannot_be_reached_is_an_inline_message(round_folder, monkeypatch):
    monkeypatch.setenv("IKZ_PARTICIPATION_DATABASE_URL", "postgresql+psycopg://ikz@127.0.0.1:1/ikz")
    at = resident()
    assert not at.exception
    assert len(at.error) == 1 and "die Datenbank ist nicht erreichbar" in at.error[0].value
    assert at.button(key=f"pt_save_{KEY}_baseline").disabled  # the page still explains and shows the model


def moderation_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    return at.run()


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="pt_password").set_value(password)  # a form's fields go with its submit button
    return at.button(key="FormSubmitter:pt_login-Anmelden").click().run()


def test_the_moderation_view_refuses_a_wrong_password_and_hides_a_comment(round_folder):
    rate(resident(), "baseline", 2, 2, comment="Bitte ausblenden")
    rate(resident(), "baseline", 4, 4, comment="Sachlich")
    at = moderation_page()
    sign_in(at, "falsches Passwort")
    assert label("pt_wrong_password", "de") in [e.value for e in at.error]
    assert not [b for b in at.button if b.key and b.key.startswith("pt_toggle_")]
    sign_in(at, PASSWORD)
    toggles = {b.key: b for b in at.button if b.key and b.key.startswith("pt_toggle_")}
    assert len(toggles) == 2, [e.value for e in at.error]
    store = RatingStore.open(round_folder)
    target = next(c for c in store.comments(KEY) if c.text == "Bitte ausblenden")
    toggles[f"pt_toggle_{target.rating_id}"].click().run()
    assert [c.text for c in store.comments(KEY)] == ["Sachlich"]
    public = resident()
    assert "Bitte ausblenden" not in [t.value for t in public.text] and "Sachlich" in [t.value for t in public.text]


def deck_rows(at: AppTest) -> dict[str, dict]:
    """Return the rating map's polygon rows by Ortsteil, from the deck's JSON."""
    import json

    deck = json.loads(next(c for c in at.get("deck_gl_json_chart") if "ratings" in c.proto.json).proto.json)
    layer = next(layer for layer in deck["layers"] if layer["id"] == "ratings")
    return {row["district"]: row for row in layer["data"]}


def test_the_map_shows_an_ortsteil_once_enough_residents_of_it_rated(round_folder):
    at = resident()
    at.selectbox(key="pt_district").set_value("hohenhausen")
    rate(at, "baseline", 5, 5)
    row = deck_rows(at)["hohenhausen"]
    assert "Zu wenige Bewertungen" in row["tooltip"]  # one rating: min_group is 2
    other = resident()
    other.selectbox(key="pt_district").set_value("hohenhausen")
    rate(other, "baseline", 3, 3)
    row = deck_rows(other)["hohenhausen"]
    assert "Bürger Ø 4,0 von 5 (2 Bewertungen)" in row["tooltip"] and "Modell: Anfahrt, Mittel (min)" in row["tooltip"]
    assert row["colour"] != deck_rows(other)["kernstadt"]["colour"]  # rated blue-ish, the rest grey


def test_moderation_follows_the_password_setting(round_folder, monkeypatch):
    monkeypatch.delenv("IKZ_MODERATOR_PASSWORD_HASH")
    closed = moderation_page()
    assert label("pt_no_moderation", "de") in [i.value for i in closed.info]
    monkeypatch.setenv("IKZ_MODERATOR_PASSWORD_HASH", hash_password(PASSWORD).line())
    opened = sign_in(moderation_page(), PASSWORD)  # a new setting is read, not an earlier one remembered
    assert not [e.value for e in opened.error] and opened.button(key="pt_logout")
