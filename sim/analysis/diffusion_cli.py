"""The `diffuse` command: run a diffusion file in both worlds and write its curve, adopters and costs."""

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.analysis.arguments import seed_number

if TYPE_CHECKING:  # the model (Mesa, the simulation) is imported when the command runs, not for --help
    from sim.analysis.diffusion import DiffusionResult
    from sim.io.diffusion_config import LoadedDiffusion

DEFAULT_CACHE = Path("results") / "cache"


def register_diffusion_command(commands: Any) -> None:
    """Add `diffuse FILE [--seed] [--out] [--cache]` to the subcommands of `python -m sim`."""
    diffuse = commands.add_parser("diffuse", help="municipalities adopting shared digital solutions over the years")
    example = "scenarios/suedwestfalen/diffusion/shared_solutions.yaml"
    diffuse.add_argument("file", type=Path, help=f"a diffusion file, e.g. {example}")
    diffuse.add_argument("--seed", type=seed_number)
    diffuse.add_argument("--out", type=Path, help="output folder (default results/diffusion/<file>/)")
    diffuse.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where benefits from runs are cached")
    diffuse.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    diffuse.set_defaults(handler=command_diffuse)


def command_diffuse(args: argparse.Namespace) -> int:
    """Run both worlds, print the costs per adopter and write the tables atomically."""
    from sim.analysis.diffusion import simulate_diffusion
    from sim.analysis.diffusion_benefits import resolve_benefits
    from sim.analysis.diffusion_views import cost_comparison
    from sim.io.diffusion_config import load_diffusion
    from sim.io.results_folder import check_out_dir

    started = datetime.now(UTC)
    loaded = load_diffusion(args.file)
    seed = loaded.config.seed if args.seed is None else args.seed
    out_dir = args.out or Path("results") / "diffusion" / loaded.path.stem
    check_out_dir(out_dir)
    benefits = resolve_benefits(loaded, seed, args.cache)
    result = simulate_diffusion(loaded, benefits, seed)
    costs = cost_comparison(result)
    print(costs.to_string(index=False))
    write_diffusion(out_dir, loaded, result, started)
    print(f"wrote {out_dir}/")
    return 0


def write_diffusion(out_dir: Path, loaded: "LoadedDiffusion", result: "DiffusionResult", started: datetime) -> Path:
    """Write diffusion.json, adoption_curve.csv, adopters.csv, costs_per_adopter.csv and manifest.json."""
    from sim.analysis.diffusion_views import cost_comparison
    from sim.io.outputs import csv_text, json_text, package_versions
    from sim.io.results_folder import WRITER, write_atomically

    costs = cost_comparison(result)
    summary = {
        "name": loaded.config.name,
        "seed": result.seed,
        "horizon": [loaded.config.start_year, loaded.config.end_year],
        "steps_per_year": loaded.config.steps_per_year,
        "benefits_per_resident_year": {
            solution: {kind: value.model_dump() for kind, value in by_type.items()}
            for solution, by_type in result.benefits.items()
        },
        "costs": costs.astype(object).where(costs.notna(), None).to_dict("records"),
    }
    manifest = {
        "written_by": WRITER, "kind": "diffusion", "diffusion_file": str(loaded.path),
        "diffusion_sha256": loaded.sha256, "region_file": str(loaded.region_path), "seed": result.seed,
        "command": sys.argv, "package_versions": package_versions(),
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": datetime.now(UTC).isoformat(timespec="seconds"),
    }  # fmt: skip

    def write_files(folder: Path) -> None:
        (folder / "diffusion.json").write_text(json_text(summary), encoding="utf-8")
        (folder / "adoption_curve.csv").write_text(csv_text(result.curve, result.seed), encoding="utf-8")
        (folder / "adopters.csv").write_text(csv_text(result.adopters, result.seed), encoding="utf-8")
        (folder / "costs_per_adopter.csv").write_text(csv_text(costs, result.seed), encoding="utf-8")
        (folder / "manifest.json").write_text(json_text(manifest), encoding="utf-8")

    return write_atomically(out_dir, write_files)
