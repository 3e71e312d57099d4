"""Hostile and unlucky input: overrides that name files, huge aliases, non-finite figures, Ctrl-C, synth limits."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from interrupts import start_interruptible

from sim.cli import main, was_interrupted
from sim.errors import InputError, InvariantError
from sim.io.config import load_scenario, parse_yaml_text
from sim.io.yaml_files import MAX_EXPANDED_VALUES
from sim.summary.figures import rounded

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"


@pytest.mark.parametrize("key", ["region", "extends"])
def test_overrides_may_not_name_a_file(key: str, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="names a file") as caught:
        load_scenario(BASELINE, {key: str(outside)})
    assert caught.value.key_path == key


def test_alias_expansion_is_limited_but_ordinary_aliases_work() -> None:
    data, _ = parse_yaml_text("hours: &h ['08:00-12:00']\nmon: *h\ntue: *h\n", "ok.yaml")
    assert data["mon"] == data["tue"] == ["08:00-12:00"]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(5)
    )
    with pytest.raises(InputError, match=f"more than {MAX_EXPANDED_VALUES:,} values"):
        parse_yaml_text(bomb, "bomb.yaml")


def test_rounding_refuses_nan_and_infinity() -> None:
    assert rounded(1.23456) == 1.2346
    for value in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(InvariantError, match="not finite"):
            rounded(value)


def test_invariants_include_finite_figures_and_costs_that_add_up(baseline_year: dict) -> None:
    invariants = baseline_year["invariants"]
    assert invariants["all_figures_finite"] and invariants["municipal_costs_add_up"]
    paid = sum(m["cost_paid_eur"] for m in baseline_year["by_municipality"].values())
    assert paid == pytest.approx(baseline_year["cost_eur"]["total"], abs=0.02)


def test_interrupted_numba_call_counts_as_interrupted() -> None:
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise SystemError("<CPUDispatcher(choose_places)> returned a result with an exception set") from interrupt
    except SystemError as error:
        assert was_interrupted(error)
    assert not was_interrupted(ValueError("plain bug"))


def test_ctrl_c_says_interrupted_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sim", "run", str(BASELINE), "--days", "3650", "--out", str(out)]
    process = start_interruptible(command, REPO)
    assert process.stderr is not None
    first_progress = process.stderr.readline()  # the progress line appears once the run has gone 2 s
    assert "run baseline" in first_progress, first_progress
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130
    assert "interrupted; nothing was written" in rest
    assert "internal error" not in rest and "Traceback" not in rest
    assert list(tmp_path.iterdir()) == []


def test_synth_handles_the_documented_maximum(tmp_path: Path) -> None:
    out = tmp_path / "big" / "region.yaml"
    assert main(["synth", "--citizens", "5000000", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["region.yaml", "region_region.yaml"]
    scenario = load_scenario(out)
    assert sum(m.population for m in scenario.region.municipalities.values()) == 5_000_000


def test_synth_never_overwrites_a_file_it_did_not_write(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("name: my own scenario\n", encoding="utf-8")
    assert main(["synth", "--citizens", "1000", "--out", str(mine)]) == 2
    assert "not written by 'python -m sim synth'" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "name: my own scenario\n"
    out = tmp_path / "again.yaml"
    assert main(["synth", "--citizens", "1000", "--out", str(out)]) == 0
    assert main(["synth", "--citizens", "2000", "--out", str(out)]) == 0  # its own earlier output is replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.yaml", "again_region.yaml", "mine.yaml"]


def test_results_outputs_are_json_without_nan(tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert main(["run", str(BASELINE), "--days", "5", "--out", str(out)]) == 0
    json.loads((out / "summary.json").read_text(encoding="utf-8"), parse_constant=lambda name: pytest.fail(name))
