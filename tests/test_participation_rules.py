"""The rules of participation without a browser: published files, checks on a rating, limits, password, aggregates."""

import shutil

import pytest
from participation_fixtures import write_publication

from sim.cli import main
from sim.errors import InputError
from sim.participation.aggregate import grouped, preferences, ranking
from sim.participation.model_results import folder_summaries, jobs
from sim.participation.moderator import (
    BadPasswordHash,
    configured_hash,
    hash_password,
    parse_hash,
    verify_password,
)
from sim.participation.publication import load_publication
from sim.participation.rate_limit import SlidingWindow
from sim.participation.store import ScoreSum
from sim.participation.submission import SubmissionRefused, check_submission, clean_comment


@pytest.fixture
def publication(tmp_path):
    return load_publication(write_publication(tmp_path))


def test_the_shipped_comparison_is_valid(repo):
    shipped = load_publication(repo / "data" / "participation" / "lemgo_kalletal.yaml")
    assert list(shipped.scenarios) == ["baseline", "shared_citizen_office", "digital_quick_wins", "mobile_office"]
    assert shipped.summary("mobile_office").de.startswith("Einmal in der Woche")  # the plain-language text
    assert shipped.title("mobile_office").de == "Mobiles Bürgerbüro"  # the scenario file's own title


@pytest.mark.parametrize(
    ("change", "key_path", "expected"),
    [
        ({"criteria": {"x": {"label": {"de": "a", "en": "a"}, "question": {"de": "q", "en": "q"}, "kpi": "nope"}}},
         "criteria.x", "not in the KPI registry"),
        ({"closes": "2020-01-01"}, "", "is before opens"),
        ({"scenarios": [{"file": "missing.yaml"}, {"file": "b.yaml"}]}, "scenarios.0.file", "file not found"),
        ({"comment_max_chars": 5000}, "comment_max_chars", "less than or equal to 2000"),
        ({"results": "no_such_folder"}, "results", "results folder not found"),
        ({"colour": "red"}, "colour", "unknown key"),
    ],
)  # fmt: skip
def test_a_bad_published_file_names_the_key(tmp_path, change, key_path, expected):
    path = write_publication(tmp_path, **change)
    with pytest.raises(InputError) as caught:
        load_publication(path)
    assert expected in caught.value.describe() and key_path in caught.value.describe()
    assert main(["participation", "validate", str(path)]) == 2


def test_a_results_folder_is_used_only_while_it_matches_the_scenarios(tmp_path, repo):
    shutil.copytree(repo / "scenarios", tmp_path / "scenarios")
    copies = tmp_path / "scenarios" / "lemgo_kalletal"
    out = tmp_path / "results"
    assert main(["compare", str(copies / "baseline.yaml"), str(copies / "mobile_office.yaml"), "--days", "7",
                 "--out", str(out)]) == 0  # fmt: skip
    publication = load_publication(write_publication(tmp_path, scenario_folder=copies, results=str(out)))
    summaries = folder_summaries(publication)
    assert summaries is not None and summaries["mobile_office"]["days"] == 7
    edited = copies / "mobile_office.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("desks: 1", "desks: 2"), encoding="utf-8")
    with pytest.raises(InputError, match="older than its scenario file"):
        folder_summaries(load_publication(publication.path))


def test_on_demand_runs_use_the_comparisons_seed_and_days(publication):
    pairs = jobs(publication)
    assert [job[0].config.simulation.days for _, job in pairs] == [14, 14]
    assert {(key[0], *key[2:]) for key, _ in pairs} == {("whole-run", 7, 14, "kernels", 1)}


def test_a_rating_is_checked(publication):
    good = check_submission(publication, "baseline", {"travel": 5, "cost": 1}, "hohenhausen", "65+", "  gut\r\n ")
    assert (good.scores, good.district, good.age_group, good.comment) == ({"travel": 5, "cost": 1}, "hohenhausen",
                                                                          "65+", "gut")  # fmt: skip
    refusals = {
        "refused_unknown_scenario": dict(scenario="combined", scores={"travel": 1, "cost": 1}),
        "refused_missing_score": dict(scenario="baseline", scores={"travel": 1, "cost": None}),
        "refused_bad_score": dict(scenario="baseline", scores={"travel": 6, "cost": 1}),
        "refused_unknown_criterion": dict(scenario="baseline", scores={"travel": 1, "cost": 1, "mood": 3}),
        "refused_unknown_district": dict(scenario="baseline", scores={"travel": 1, "cost": 1}, district="Mars"),
        "refused_unknown_age_group": dict(scenario="baseline", scores={"travel": 1, "cost": 1}, age_group="30-39"),
        "refused_comment_too_long": dict(scenario="baseline", scores={"travel": 1, "cost": 1}, comment="x" * 201),
    }
    for reason, arguments in refusals.items():
        with pytest.raises(SubmissionRefused) as caught:
            check_submission(publication, **arguments)
        assert caught.value.reason == reason
    with pytest.raises(SubmissionRefused):
        check_submission(publication, "baseline", {"travel": True, "cost": 1})  # a bool is not a score


def test_control_characters_are_dropped_and_the_cap_counts_what_is_kept(publication):
    assert clean_comment("a\u0000b\u200bc\u202ed\n\te") == "abcd\n\te"
    assert clean_comment("Cafe\u0301") == "Café"  # NFC: one character, not two
    check_submission(publication, "baseline", {"travel": 1, "cost": 1}, comment="\u0000" * 50 + "x" * 200)


def test_the_sliding_window_allows_so_many_per_window():
    now = [0.0]
    window = SlidingWindow(3, 60.0, clock=lambda: now[0])
    assert [window.allow("tab") for _ in range(4)] == [True, True, True, False]
    assert window.allow("other-tab")
    assert window.retry_after_seconds("tab") == 60.0
    now[0] = 59.9
    assert not window.allow("tab")
    now[0] = 60.0
    assert window.allow("tab") and window.retry_after_seconds("other-tab") == 0.0
    now[0] = 1000.0
    window.forget_idle()
    assert not window._events


def test_the_moderator_password_is_kept_hashed_and_checked():
    stored = hash_password("correct horse battery")
    assert verify_password("correct horse battery", parse_hash(stored.line()))
    assert not verify_password("correct horse batterz", stored) and not verify_password("", stored)
    assert not verify_password("x" * 5000, stored)
    assert "correct" not in stored.line()
    assert configured_hash({}) is None
    from_plain = configured_hash({"IKZ_MODERATOR_PASSWORD": "correct horse battery"})
    assert from_plain is not None and verify_password("correct horse battery", from_plain)
    for broken in ("plain-text", "scrypt$3$8$1$00$00", "scrypt$16384$8$1$zz$00"):
        with pytest.raises(BadPasswordHash):
            parse_hash(broken)
    with pytest.raises(ValueError, match="12 to 1024"):
        hash_password("short")


def test_small_groups_are_withheld_and_the_ranking_follows_the_means():
    sums = [
        ScoreSum("a", "travel", None, 6, 24), ScoreSum("b", "travel", None, 5, 10),
        ScoreSum("a", "travel", "village", 1, 5), ScoreSum("a", "travel", "town", 5, 19),
    ]  # fmt: skip
    found = preferences(sums, ["a", "b", "c"], ["travel"])
    assert (found["a"].ratings, found["a"].means, found["c"].ratings) == (6, {"travel": 4.0}, 0)
    assert ranking(found) == ["a", "b"]
    by_place = grouped(sums, "a", ["travel"], min_group=5)
    assert list(by_place.groups) == ["town"] and by_place.withheld == 1
    assert by_place.groups["town"].means == {"travel": 3.8}
