"""The ratings store on SQLite and on a real PostgreSQL server: concurrency, replacement, export, bad URLs."""

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from participation_fixtures import write_publication
from postgres_server import Unavailable, postgres_server

from sim.cli import main
from sim.errors import InputError
from sim.participation.database import CONNECT_TIMEOUT_SECONDS
from sim.participation.export import ratings_csv, read_ratings_csv
from sim.participation.publication import load_publication
from sim.participation.store import RatingStore, StoredRating, session_hash
from sim.participation.submission import Submission

DAY = date(2026, 12, 3)
THREADS = 8
POSTS = 200


@pytest.fixture(scope="module")
def postgres_url():
    """A PostgreSQL server of our own for this module (skipped, with the reason, only if it cannot start)."""
    try:
        with postgres_server() as url:
            yield url
    except Unavailable as reason:
        pytest.skip(f"PostgreSQL could not be started: {reason}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        opened = RatingStore.open(f"sqlite:///{tmp_path / 'data' / 'ratings.sqlite3'}")
    else:
        opened = RatingStore.open(request.getfixturevalue("postgres_url"))
        opened.delete("c")  # the server lives for the module; each test starts from no ratings
        opened.delete("other")
    yield opened
    opened.close()


def rating(scenario: str, travel: int, cost: int, **extra) -> Submission:
    return Submission("c", scenario, {"travel": travel, "cost": cost}, **extra)


def test_200_concurrent_ratings_from_8_threads_lose_none_and_double_none(store):
    # 100 sessions rate two scenarios each; every post carries scores that say which post it was.
    posts = [(f"session-{n // 2}", "a" if n % 2 else "b", 1 + n % 5, 1 + (n // 5) % 5) for n in range(POSTS)]
    barrier = threading.Barrier(THREADS)

    def post(chunk):
        barrier.wait()  # all threads start writing together
        return [store.save(rating(scenario, travel, cost), token, DAY) for token, scenario, travel, cost in chunk]

    with ThreadPoolExecutor(THREADS) as pool:
        ids = [i for chunk in pool.map(post, [posts[k::THREADS] for k in range(THREADS)]) for i in chunk]
    assert len(set(ids)) == POSTS
    stored = store.ratings("c")
    assert store.count("c") == len(stored) == POSTS
    found = {(r.session_hash, r.scenario): (r.scores["travel"], r.scores["cost"]) for r in stored}
    assert found == {(session_hash(token), scenario): (travel, cost) for token, scenario, travel, cost in posts}
    sums = {(s.scenario, s.criterion): s.ratings for s in store.score_sums("c")}
    assert sums == {("a", "travel"): 100, ("a", "cost"): 100, ("b", "travel"): 100, ("b", "cost"): 100}


def test_one_session_posting_the_same_scenario_from_8_threads_keeps_one_rating(store):
    barrier = threading.Barrier(THREADS)

    def post(score):
        barrier.wait()
        return store.save(rating("a", score, score), "same-tab", DAY)

    with ThreadPoolExecutor(THREADS) as pool:
        ids = list(pool.map(post, [1 + k % 5 for k in range(THREADS)]))
    assert len(set(ids)) == 1
    (only,) = store.ratings("c")
    assert only.scores["travel"] == only.scores["cost"]


def test_a_second_rating_in_the_same_session_replaces_the_first(store):
    first = store.save(rating("a", 1, 2, district="lemgo_kernstadt", comment="zu weit"), "tab", DAY)
    store.save(rating("b", 3, 3), "tab", DAY)  # another scenario: a rating of its own
    store.save(rating("a", 1, 1), "other-tab", DAY)  # another session: a rating of its own
    second = store.save(rating("a", 5, 4, comment="doch gut"), "tab", date(2026, 12, 4))
    assert second == first
    mine = [r for r in store.ratings("c") if r.session_hash == session_hash("tab")]
    assert [(r.scenario, r.scores, r.comment, r.district, r.rated_on) for r in mine] == [
        ("a", {"travel": 5, "cost": 4}, "doch gut", None, date(2026, 12, 4)),
        ("b", {"travel": 3, "cost": 3}, "", None, DAY),
    ]
    assert store.count("c") == 3


def test_hidden_comments_leave_the_public_list_but_keep_their_scores(store):
    rating_id = store.save(rating("a", 2, 2, comment="<b>laut</b>"), "tab", DAY)
    store.save(rating("a", 4, 4, comment="ok"), "tab2", DAY)
    store.set_hidden(rating_id, True)
    assert [c.text for c in store.comments("c")] == ["ok"]
    assert {c.text: c.is_hidden for c in store.comments("c", include_hidden=True)} == {"<b>laut</b>": True, "ok": False}
    assert {s.criterion: s.total for s in store.score_sums("c")} == {"travel": 6, "cost": 6}
    store.save(rating("a", 2, 2, comment="<b>laut</b>"), "tab", DAY)  # the same text again stays hidden
    assert [c.text for c in store.comments("c")] == ["ok"]
    store.save(rating("a", 2, 2, comment="freundlicher"), "tab", DAY)  # new text needs a new look
    assert sorted(c.text for c in store.comments("c")) == ["freundlicher", "ok"]


def test_the_csv_export_round_trips(store, tmp_path):
    tricky = ['=HYPERLINK("http://x")', "'quoted", "-minus", 'Zeile 1\nZeile 2, mit "Anführung"', "ünïcödé ✓", ""]
    for n, comment in enumerate(tricky):
        store.save(rating("a" if n % 2 else "b", 1 + n % 5, 5 - n % 5, comment=comment, age_group="65+"), f"t{n}", DAY)
    store.save(Submission("other", "x", {"overall": 3}, district="lemgo_kernstadt"), "t0", DAY)
    hidden = store.comments("c")[0]
    store.set_hidden(hidden.rating_id, True)
    stored = store.ratings()
    text = ratings_csv(stored)
    assert read_ratings_csv(text) == stored
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text  # no cell a spreadsheet would run
    fresh = RatingStore.open(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    fresh.save_stored(read_ratings_csv(text))
    assert ratings_csv(fresh.ratings()) == text  # another database gives the same file, byte for byte
    fresh.close()


def test_export_and_import_on_the_command_line(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    source = RatingStore.open(url)
    source.save(rating("a", 4, 2, comment="gut"), "tab", DAY)
    out = tmp_path / "ratings.csv"
    assert main(["participation", "export", "--out", str(out), "--database-url", url]) == 0
    assert main(["participation", "export", "--out", str(out), "--database-url", url]) == 2  # never overwrites
    copy = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    assert main(["participation", "import", str(out), "--database-url", copy]) == 0
    assert RatingStore.open(copy).ratings() == source.ratings()
    out.write_text(out.read_text(encoding="utf-8").replace(",2,4\n", ",2,9\n"), encoding="utf-8")
    assert main(["participation", "import", str(out), "--database-url", copy]) == 2
    assert "score is a whole number from 1 to 5" in capsys.readouterr().err


@pytest.fixture
def silent_server():
    """A TCP port on 127.0.0.1 that accepts connections and never answers (a database that hangs)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def test_a_database_that_does_not_answer_fails_within_10_s_with_a_clear_message(silent_server, capsys):
    url = f"postgresql+psycopg://ikz:secret@127.0.0.1:{silent_server}/ikz"
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        RatingStore.open(url)
    assert time.monotonic() - started < 10  # the bound the issue sets; the timeout is 3 s per address
    assert "cannot reach the database" in caught.value.message and "secret" not in caught.value.message
    assert main(["participation", "check", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert "IKZ_PARTICIPATION_DATABASE_URL: cannot reach the database" in err and "Traceback" not in err
    assert CONNECT_TIMEOUT_SECONDS * 2 < 10


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://ikz@127.0.0.1:1/ikz", "cannot reach the database"),
        ("mysql://ikz@localhost/ikz", "expected sqlite or postgresql"),
        ("not a url", "is not a database URL"),
        ("sqlite://", "in-memory SQLite database would lose every rating"),
    ],
)
def test_unusable_database_urls_are_input_errors(url, expected):
    with pytest.raises(InputError, match=expected):
        RatingStore.open(url)


def test_a_data_folder_that_cannot_be_created_is_an_input_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot create the data folder"):
        RatingStore.open(f"sqlite:///{blocker / 'sub' / 'ratings.sqlite3'}")


def test_retention_deletes_a_comparison_after_its_period(tmp_path, capsys, monkeypatch):
    path = write_publication(tmp_path / "published", retention_days=10)
    publication = load_publication(path)
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    store = RatingStore.open(url)
    store.save_stored([StoredRating(publication.key, "baseline", "h", DAY, {"travel": 3, "cost": 3})])
    monkeypatch.setenv("IKZ_PARTICIPATION_FOLDER", str(tmp_path / "published"))
    last_kept = publication.spec.closes.toordinal() + 10
    for day, left in ((last_kept, 1), (last_kept + 1, 0)):
        today = date.fromordinal(day).isoformat()
        assert main(["participation", "purge", "--database-url", url, "--today", today]) == 0
        assert store.count() == left
    assert "deleted 1 ratings" in capsys.readouterr().out


def test_one_rating_can_be_deleted_on_request(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    store = RatingStore.open(url)
    doomed = store.save(rating("a", 1, 1, comment="mein Name ist ..."), "tab", DAY)
    store.save(rating("a", 2, 2), "other", DAY)
    assert main(["participation", "delete", "--rating", str(doomed), "--database-url", url]) == 2  # needs --yes
    assert main(["participation", "delete", "--rating", str(doomed), "--yes", "--database-url", url]) == 0
    assert [r.session_hash for r in store.ratings()] == [session_hash("other")]
    assert store.score_sums("c")[0].ratings == 1
    assert main(["participation", "delete", "--rating", str(doomed), "--yes", "--database-url", url]) == 2
    assert "there is no rating" in capsys.readouterr().err
