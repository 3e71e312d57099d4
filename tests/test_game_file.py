"""GAME.csv files: the format, the checks on bad files, fill rules, writers and published games."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.game_file import allocate_game_file, parse_game_csv, read_game_csv
from sim.errors import InputError, InputErrors

GAMES = Path(__file__).parent / "data" / "games"
BAD = GAMES / "bad"


def test_reads_members_in_any_order_with_whitespace_and_comments():
    text = "# a study\n coalition , cost \nA, 4\n\nB ,5\n# the pair\n B + A , 7.5\n"
    game = parse_game_csv(text)
    assert game.player_ids == ("A", "B")
    np.testing.assert_array_equal(game.costs, [0.0, 4.0, 5.0, 7.5])


def test_players_are_numbered_by_first_appearance():
    game = parse_game_csv("coalition,cost\nK+H,3\nH,2\nK,2\n")
    assert game.player_ids == ("K", "H")


def test_expected_players_fix_the_order_and_reject_strangers():
    text = "coalition,cost\nA,1\nB,2\nA+B,2.5\n"
    assert parse_game_csv(text, players=["B", "A"]).player_ids == ("B", "A")
    with pytest.raises(InputError, match=r"unknown member\(s\) \['B'\]") as raised:
        parse_game_csv(text, file="game.csv", players=["A", "C"])
    assert raised.value.key_path == "row 2.coalition" and raised.value.line == 3


def test_additive_fill_adds_stand_alone_costs():
    game = parse_game_csv("coalition,cost\nA,1\nB,2\nC,4\nA+B+C,6\nA+B,2.5\n", fill="additive")
    assert game.cost_of("AB") == 2.5  # given
    assert game.cost_of("AC") == 5.0 and game.cost_of("BC") == 6.0  # filled: no saving


def test_additive_fill_needs_singletons_and_the_grand_coalition():
    with pytest.raises(InputError, match=r"missing \['C'\]"):
        parse_game_csv("coalition,cost\nA,1\nB,2\nA+B+C,6\n", fill="additive")


@pytest.mark.parametrize(
    ("file_name", "key_path", "line", "message"),
    [
        ("malformed_coalition.csv", "row 2.coalition", 3, "malformed coalition 'A++B'"),
        ("duplicate_coalition.csv", "row 4.coalition", 6, "already on line 5"),
        ("negative_cost.csv", "row 2.cost", 3, "must not be negative"),
        ("non_finite_cost.csv", "row 2.cost", 3, "finite"),
        ("cost_not_a_number.csv", "row 2.cost", 3, "not a number"),
        ("wrong_header.csv", "header", 1, "'coalition,cost'"),
        ("missing_coalitions.csv", "coalition", None, "3 of 7 coalitions have no cost: A+B, A+C, B+C"),
        ("thirteen_members.csv", "coalition", None, "13 members is more than 12 without sampling"),
    ],
)
def test_bad_files_name_file_key_path_and_line(file_name, key_path, line, message):
    with pytest.raises(InputError) as raised:
        read_game_csv(BAD / file_name)
    error = raised.value
    assert error.file == str(BAD / file_name)
    assert error.key_path == key_path and error.line == line
    assert message in error.message
    assert str(error).startswith(str(BAD / file_name))


@pytest.mark.parametrize(
    "text",
    [
        "coalition,cost\nA B,1\n",  # a space inside a name
        "coalition,cost\n+A,1\n",
        "coalition,cost\nA+,1\n",
        "coalition,cost\n,1\n",
        "coalition,cost\nA+A,1\n",
        "coalition,cost\nA,1,2\n",
    ],
)
def test_malformed_rows_are_rejected(text):
    with pytest.raises(InputError, match="row 1"):
        parse_game_csv(text, file="game.csv")


def test_all_row_errors_are_reported_together():
    with pytest.raises(InputErrors) as raised:
        parse_game_csv("coalition,cost\nA,-1\nB,inf\nA+B,2\n", file="game.csv")
    assert [error.line for error in raised.value.errors] == [2, 3]


def test_missing_and_empty_files():
    with pytest.raises(InputError, match="cannot read"):
        read_game_csv(GAMES / "no_such_game.csv")
    with pytest.raises(InputError, match="no header"):
        parse_game_csv("# only a comment\n")
    with pytest.raises(InputError, match="no coalitions"):
        parse_game_csv("coalition,cost\n")


def test_more_than_twelve_members_are_read_when_sampling():
    game = read_game_csv(BAD / "thirteen_members.csv", fill="additive", max_players=20)
    assert game.n_players == 13 and game.grand_cost == 100.0


def test_allocate_game_file_writes_json_and_csv(tmp_path):
    result = allocate_game_file(GAMES / "hasan_2011.csv", out_dir=tmp_path / "out")
    document = json.loads((tmp_path / "out" / "allocation.json").read_text())
    assert [player["player"] for player in document["players"]] == ["M1", "M2", "M3", "M4"]
    assert document["shapley_method"] == "exact" and document["nucleolus_skipped"] is False
    table = (tmp_path / "out" / "allocation.csv").read_text().splitlines()
    assert len(table) == 1 + 4 * 3
    assert result.core_empty is False


@pytest.mark.parametrize(
    ("file_name", "nucleolus"),
    [
        ("oh_shin_2012.csv", [331695.25, 233051.25, 207753.5]),
        ("hasan_2011.csv", [7.5, 0.5, 1.5, 10.5]),
    ],
)
def test_published_nucleoli_are_reproduced(file_name, nucleolus):
    """The corrected nucleoli of Guajardo & Jornsten (2015), to 1e-9 relative (they are exact numbers)."""
    result = allocate_game_file(GAMES / file_name)
    np.testing.assert_allclose(result.allocations["nucleolus"], nucleolus, rtol=1e-9)
    assert result.core_checks["nucleolus"].is_in_core


def test_sampling_above_twelve_members_through_the_file_route():
    result = allocate_game_file(BAD / "thirteen_members.csv", fill="additive", sample_permutations=2000, seed=1)
    assert result.shapley_method == "sampled" and result.nucleolus_skipped
    assert result.shapley_standard_errors is not None
    shapley = result.allocations["shapley"]
    assert shapley.sum() == pytest.approx(100.0)  # efficient in every sample
    assert np.all(np.abs(shapley - 100 / 13) <= 4 * result.shapley_standard_errors)  # symmetric: 100/13 each
