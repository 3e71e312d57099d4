"""What the app's run queue runs in its worker processes: single runs and the analyses of the further tabs.

The queue takes one function; `run_app_job` dispatches on the job. A plain tuple is a single run
(sim.runner.run_job, after resolving Shapley or nucleolus keys). Every other job is a frozen
dataclass with a `run()` method that imports its analysis when it runs, so the page's process
imports nothing it does not draw. None of these is ever called in a Streamlit script thread.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.io.config import Scenario
from sim.runner import RunResult

RunTuple = tuple[Scenario, str, int]  # (scenario, engine, replications), as sim.runner.run_job takes it
ROOT = Path(__file__).resolve().parents[2]
CACHE_ENV = "IKZ_SIM_CACHE"  # a folder for the app's run caches instead of the command line's defaults
DEFAULT_CACHES = {
    "coalitions": ROOT / "results" / ".cache" / "coalitions",  # as `python -m sim coalitions`
    "diffusion": ROOT / "results" / "cache",  # as `python -m sim diffuse`
}


def cache_folder(kind: str) -> Path:
    """Return where the app caches an analysis's runs: the command line's default, or $IKZ_SIM_CACHE/<kind>."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) / kind if override else DEFAULT_CACHES[kind]


@dataclass(frozen=True)
class ReplicationJob:
    """One replication of a scenario: the scenario (with the root seed) run with this replication's seed.

    Shapley and nucleolus keys are resolved first, with the root seed, as `python -m sim run` and
    `compare` do, so every replication uses the same game costs (sim/analysis/game_keys.py).
    """

    scenario: Scenario
    seed: int
    engine: str = "kernels"

    def run(self) -> RunResult:
        """Return the replication's result."""
        from sim.analysis.game_keys import resolve_game_keys
        from sim.runner import simulate, with_seed_and_days

        resolved = resolve_game_keys(self.scenario, cache_folder("coalitions"))
        return simulate(with_seed_and_days(resolved, seed=self.seed), self.engine)


@dataclass(frozen=True)
class CoalitionJob:
    """Every coalition of a cooperation scenario's agreements, with common random numbers (cached on disk)."""

    scenario: Scenario
    days: int
    seed: int
    replications: int
    cache_dir: Path
    engine: str = "kernels"

    def run(self) -> Any:
        """Return the CoalitionResult of sim.analysis.coalitions."""
        from sim.analysis.coalitions import CoalitionSettings, analyse_coalitions

        settings = CoalitionSettings(
            days=self.days, seed=self.seed, replications=self.replications, cache_dir=self.cache_dir, engine=self.engine
        )
        return analyse_coalitions(self.scenario, settings)


@dataclass(frozen=True)
class DiffusionJob:
    """Municipalities adopting shared solutions: both worlds of a diffusion file (benefit runs cached on disk)."""

    path: Path
    seed: int | None
    cache_dir: Path

    def run(self) -> Any:
        """Return the DiffusionResult of sim.analysis.diffusion."""
        from sim.analysis.diffusion import simulate_diffusion
        from sim.analysis.diffusion_benefits import resolve_benefits
        from sim.io.diffusion_config import load_diffusion

        loaded = load_diffusion(self.path)
        seed = loaded.config.seed if self.seed is None else self.seed
        return simulate_diffusion(loaded, resolve_benefits(loaded, seed, self.cache_dir), seed)


@dataclass(frozen=True)
class ProposalJob:
    """A location proposal against its input, with common random numbers, as the 'Standorte' tab simulates it."""

    scenario: Scenario
    proposal: Scenario
    service: str
    assigned: tuple[tuple[str, str], ...]  # (Ortsteil, the service point the optimiser assigned)

    def run(self) -> dict[str, Any]:
        """Return the service's figures of input and proposal (sim.analysis.locate_simulate)."""
        from sim.analysis.locate_simulate import simulate_proposal

        _, figures = simulate_proposal(self.scenario, self.proposal, self.service, dict(self.assigned))
        return figures


@dataclass(frozen=True)
class SweepJob:
    """A small sweep run serially in one worker into its results folder (resumed where it stopped)."""

    path: Path
    out_dir: Path

    def run(self) -> Any:
        """Run the sweep file's missing jobs; return the folder of the finished sweep."""
        from sim.analysis.sweep.run import run_sweep
        from sim.analysis.sweep.spec import load_sweep

        resume = (self.out_dir / "manifest.json").is_file()
        run_sweep(load_sweep(self.path), self.out_dir, executor="serial", resume=resume, show_progress=False)
        return self.out_dir


@dataclass(frozen=True)
class RobustnessJob:
    """The sensitivity report of a finished sweep folder, as the 'Robustheit' tab shows it (no runs)."""

    folder: Path

    def run(self) -> Any:
        """Return the RobustnessView of sim.analysis.sweep.view (PRIM and SALib load in the worker, not the page)."""
        from sim.analysis.sweep.report import analyse_folder
        from sim.analysis.sweep.view import robustness_view

        return robustness_view(analyse_folder(self.folder))


AppJob = RunTuple | ReplicationJob | CoalitionJob | DiffusionJob | ProposalJob | SweepJob | RobustnessJob


def run_app_job(job: AppJob) -> Any:
    """Run one job of the app's queue in a worker process (module level, so spawned workers can import it)."""
    if isinstance(job, tuple):
        from sim.analysis.game_keys import resolve_game_keys
        from sim.runner import run_job

        scenario, engine, replications = job
        result: RunResult = run_job((resolve_game_keys(scenario, cache_folder("coalitions")), engine, replications))
        return result
    return job.run()
