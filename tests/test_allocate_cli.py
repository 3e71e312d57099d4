"""`python -m sim allocate GAME.csv`: the table, the files it writes, and exit 2 on bad games."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main

GAMES = Path(__file__).parent / "data" / "games"
BAD = GAMES / "bad"


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


def test_allocate_prints_every_method_and_writes_a_results_folder(tmp_path: Path, capsys):
    out_dir = tmp_path / "alloc"
    assert _exit_code(["allocate", str(GAMES / "hasan_2011.csv"), "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    for word in ("shapley", "nucleolus", "scrb", "core:"):
        assert word in printed
    assert sorted(path.name for path in out_dir.iterdir()) == ["allocation.csv", "allocation.json", "manifest.json"]
    content = json.loads((out_dir / "allocation.json").read_text(encoding="utf-8"))
    assert content["game_file"].endswith("hasan_2011.csv")
    for method in content["methods"]:
        total = sum(player["allocations"][method] for player in content["players"])
        assert total == pytest.approx(content["grand_cost"])
    assert _exit_code(["allocate", str(GAMES / "oh_shin_2012.csv"), "--out", str(out_dir)]) == 0  # replaces it


def test_allocate_without_out_only_prints(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _exit_code(["allocate", str(GAMES / "hasan_2011.csv")]) == 0
    assert "wrote" not in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed_coalition.csv", "malformed coalition"),
        ("duplicate_coalition.csv", "duplicate coalition"),
        ("negative_cost.csv", "cost must not be negative"),
        ("non_finite_cost.csv", "finite number"),
        ("cost_not_a_number.csv", "is not a number"),
        ("wrong_header.csv", "expected the columns 'coalition,cost'"),
        ("missing_coalitions.csv", "--fill additive"),
        ("thirteen_members.csv", "more than 12 without sampling (--sample N)"),
    ],
)
def test_bad_games_exit_2_with_a_clear_message(name: str, message: str, capsys, tmp_path: Path):
    assert _exit_code(["allocate", str(BAD / name), "--out", str(tmp_path / "o")]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert str(BAD / name) in captured.err
    assert "Traceback" not in captured.err and not (tmp_path / "o").exists()


def test_fill_additive_and_sample_make_incomplete_and_large_games_work(capsys):
    assert _exit_code(["allocate", str(GAMES / "young_okada_hashimoto_1982_table8.csv"), "--fill", "additive"]) == 0
    assert "scrb" in capsys.readouterr().out
    assert _exit_code(["allocate", str(BAD / "thirteen_members.csv"), "--sample", "200", "--fill", "additive"]) == 0


def test_sample_needs_two_orders(capsys):
    assert _exit_code(["allocate", str(GAMES / "hasan_2011.csv"), "--sample", "1"]) == 2
    assert "--sample: needs at least 2 orders" in capsys.readouterr().err


def test_missing_game_file_exits_2(tmp_path: Path, capsys):
    assert _exit_code(["allocate", str(tmp_path / "none.csv")]) == 2
    assert "cannot read the game file" in capsys.readouterr().err
