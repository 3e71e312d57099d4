"""Benefits of a solution per municipality type, from two simulated runs (without and with it), cached on disk."""

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from sim.analysis.diffusion import Benefits
from sim.errors import InputError
from sim.io.config import Scenario, load_scenario
from sim.io.diffusion_config import LoadedDiffusion
from sim.io.diffusion_schema import BenefitRuns, TypeBenefit
from sim.model.region import Region
from sim.model.requests import CHANNEL_IN_PERSON, CHANNEL_MOBILE, CHANNEL_ONLINE
from sim.runner import with_seed_and_days

CACHE_VERSION = 1


def service_figures(scenario: Scenario, service_id: str) -> dict[str, dict[str, float]]:
    """Run a scenario and return per municipality: residents, residents' minutes and online cases of one service.

    Residents' minutes count as the summary does: the round trip of every try plus the wait.
    """
    model = Region(scenario)
    model.run()
    book, citizens = model.book, model.citizens
    municipalities = len(model.geography.municipality_ids)
    mine = book.service == list(scenario.config.services).index(service_id)
    home = citizens.municipality[book.citizen[mine]]
    channel = book.channel[mine]
    travelling = (channel == CHANNEL_IN_PERSON) | (channel == CHANNEL_MOBILE)
    minutes = 2.0 * np.nan_to_num(book.travel_minutes[mine]) * book.tries[mine] + book.wait_minutes[mine]
    citizen_minutes = np.bincount(home, weights=np.where(travelling, minutes, 0.0), minlength=municipalities)
    online = np.bincount(home, weights=(channel == CHANNEL_ONLINE).astype(np.float64), minlength=municipalities)
    residents = np.bincount(citizens.municipality, minlength=municipalities)
    return {
        m_id: {
            "residents": float(residents[i]),
            "citizen_minutes": float(citizen_minutes[i]),
            "online": float(online[i]),
        }
        for i, m_id in enumerate(model.geography.municipality_ids)
    }


def benefits_from_figures(
    runs: BenefitRuns, without: dict[str, dict[str, float]], with_solution: dict[str, dict[str, float]]
) -> dict[str, TypeBenefit]:
    """Return savings per resident and year by type: residents' hours saved and staff time for the extra online cases.

    Staff time: each case moved online saves staff_minutes_saved_per_online_case (an input, because the
    model gives a case the same desk time whatever the channel).
    """
    per_year = 365.0 / runs.days
    found = {}
    for kind in sorted(set(runs.types.values())):
        names = [m_id for m_id, t in runs.types.items() if t == kind]
        residents = sum(without[m]["residents"] for m in names)
        saved_minutes = sum(without[m]["citizen_minutes"] - with_solution[m]["citizen_minutes"] for m in names)
        extra_online = sum(with_solution[m]["online"] - without[m]["online"] for m in names)
        found[kind] = TypeBenefit(
            staff_hours_per_resident_year=round(
                extra_online * runs.staff_minutes_saved_per_online_case / 60.0 / residents * per_year, 6
            ),
            resident_hours_per_resident_year=round(saved_minutes / 60.0 / residents * per_year, 6),
        )
    return found


def run_benefits(runs: BenefitRuns, folder: Path, seed: int, cache_dir: Path | None) -> dict[str, TypeBenefit]:
    """Return a solution's benefits by type from its two runs; reuse the cached answer for the same inputs.

    The cache key hashes both scenarios (their content hashes), the seed, the horizon and the rule's inputs.
    """
    for key in ("baseline", "variant"):
        if not (folder / getattr(runs, key)).is_file():
            raise InputError(None, f"benefit_runs.{key}", f"scenario file not found: {getattr(runs, key)}")
    without = with_seed_and_days(load_scenario(folder / runs.baseline), seed=seed, days=runs.days)
    with_solution = with_seed_and_days(load_scenario(folder / runs.variant), seed=seed, days=runs.days)
    key = hashlib.sha256(
        json.dumps(
            [CACHE_VERSION, without.sha256, with_solution.sha256, seed, runs.model_dump(mode="json")], sort_keys=True
        ).encode()
    ).hexdigest()
    cached = cache_dir / f"benefits_{key[:24]}.json" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        stored = json.loads(cached.read_text(encoding="utf-8"))
        return {kind: TypeBenefit(**values) for kind, values in stored["benefits"].items()}
    missing = set(runs.types) - set(without.region.municipalities)
    if missing:
        message = f"names {', '.join(sorted(missing))}, which the region of the runs does not have"
        raise InputError(None, "benefit_runs.types", message)
    found = benefits_from_figures(
        runs, service_figures(without, runs.service), service_figures(with_solution, runs.service)
    )
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        content = {"key": key, "runs": runs.model_dump(mode="json"), "seed": seed,
                   "benefits": {kind: value.model_dump() for kind, value in found.items()}}  # fmt: skip
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(content, indent=2), encoding="utf-8")
        temporary.replace(cached)
    return found


def resolve_benefits(loaded: LoadedDiffusion, seed: int, cache_dir: Path | None) -> Benefits:
    """Return every solution's benefits by type: given in the file, or from its runs."""
    benefits: Benefits = {}
    for solution_id, solution in loaded.config.solutions.items():
        if solution.benefit is not None:
            benefits[solution_id] = dict(solution.benefit)
        elif solution.benefit_runs is not None:
            try:
                benefits[solution_id] = run_benefits(solution.benefit_runs, loaded.path.parent, seed, cache_dir)
            except InputError as error:
                if error.file is not None:
                    raise
                key_path = f"solutions.{solution_id}.{error.key_path}"
                raise InputError(loaded.path, key_path, error.message, error.line) from None
    return benefits
