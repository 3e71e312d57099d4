"""Executors and the store: Dask equals the local pool, and a sweep interrupted with SIGINT resumes losing nothing."""

import signal
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from interrupts import start_interruptible
from sweep_fixtures import synthetic_scenario, write_sweep

from sim.analysis.sweep.run import run_sweep
from sim.analysis.sweep.spec import load_sweep
from sim.analysis.sweep.store import JOBS
from sim.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sweep_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("executors")
    scenario = synthetic_scenario(folder)
    return write_sweep(folder, {"alone": scenario.name, "again": scenario.name})


def test_dask_local_cluster_gives_the_local_pools_table(sweep_file, tmp_path):
    sweep = load_sweep(sweep_file)
    local = run_sweep(sweep, tmp_path / "local", executor="local", workers=2, show_progress=False)
    dask = run_sweep(sweep, tmp_path / "dask", executor="dask", workers=2, size=3, show_progress=False)
    assert len(local.table) == (2 * 3 + 1) * 2 * 2
    pd.testing.assert_frame_equal(local.table, dask.table)
    assert pd.read_parquet(tmp_path / "dask" / "results.parquet").equals(dask.table)


def test_identical_scenarios_share_their_jobs(sweep_file, tmp_path):
    result = run_sweep(load_sweep(sweep_file), tmp_path / "out", executor="serial", show_progress=False)
    assert result.computed == len(result.table) // 2  # "again" is the same scenario file: its jobs are shared
    alone = result.table[result.table["scenario"] == "alone"].drop(columns="scenario").reset_index(drop=True)
    again = result.table[result.table["scenario"] == "again"].drop(columns="scenario").reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, again)


def _job_keys(folder: Path) -> list[str]:
    return [key for path in (folder / JOBS).glob("*.parquet") for key in pq.read_table(path)["job"].to_pylist()]


def test_resume_after_sigint_loses_nothing_and_runs_nothing_twice(sweep_file, tmp_path):
    slow = write_sweep(sweep_file.parent, {"alone": "synth.yaml"}, days=60, replications=3,
                       design={"method": "grid", "levels": 4})  # fmt: skip
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sim", "sweep", str(slow), "--out", str(out), "--executor", "serial"]
    process = start_interruptible(command, REPO)
    deadline = time.monotonic() + 120
    while len(_job_keys(out)) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=60)
    assert process.returncode == 130, error
    assert "continue with --resume" in error
    before = _job_keys(out)
    total = (4 * 3 + 1) * 3
    assert 3 <= len(before) < total
    assert not list((out / JOBS).glob(".tmp-*"))
    assert main(["sweep", str(slow), "--out", str(out)]) == 2  # without --resume the folder is kept, not replaced
    assert main(["sweep", str(slow), "--out", str(out), "--resume", "--executor", "serial"]) == 0
    after = _job_keys(out)
    assert len(after) == len(set(after)) == total  # every job once: none lost, none run twice
    assert set(before) <= set(after)
    fresh = run_sweep(load_sweep(slow), tmp_path / "fresh", executor="serial", show_progress=False)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), fresh.table)
    again = run_sweep(load_sweep(slow), out, executor="serial", resume=True, show_progress=False)
    assert again.computed == 0
