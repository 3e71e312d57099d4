"""What `python -m sim COMMAND --help` says: a description, every option explained with its default, examples.

Commands registered by analysis modules may bring their own description and epilog; this module
fills in what they leave out and makes every subcommand show defaults. tests/test_cli.py checks
that every command has a description, an example and a help text for every argument.
"""

import argparse
import textwrap
from typing import Any

LEMGO = "scenarios/lemgo_kalletal"
WIDTH = 100


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples' line breaks and show each option's default where it has a value."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        shown = action.default not in (None, False, argparse.SUPPRESS) and action.option_strings
        if shown and "%(default)" not in text and "default" not in text.lower():
            text += " (default: %(default)s)"
        return text


DESCRIPTIONS: dict[str, str] = {
    "run": "Simulate one scenario and write summary.json, daily.csv, daily_service_points.csv, by_municipality.csv "
    "and manifest.json into a results folder.",
    "compare": "Simulate several scenarios with common random numbers (the same residents and needs in each) and "
    "print a table of key figures with each difference to the first scenario; with --replications the "
    "differences get paired 95 % intervals.",
    "validate": "Check scenario, region, sweep, calibration-target and diffusion files without running them. "
    "Prints OK per good file and every problem (file:line: key.path: message) of a bad one; exit code 2 "
    "if any file is bad.",
    "synth": "Write a synthetic rural region of any size and its baseline scenario (for scale tests).",
    "schema": "Print the JSON Schema of scenario (or region) files, for editor completion.",
    "coalitions": "Does cooperation pay off, and who pays what? Simulate every coalition of the scenario's agreement "
    "members (the others keep the base scenario's offices), then split the cost by Shapley value, nucleolus, SCRB "
    "and each cost key, for the municipal budget and for a generalised cost with residents' time and CO2; mark who "
    "pays more than alone and whether each split is in the core.",
    "allocate": "Allocate the cost of a cooperative game given as a table of coalition costs (Shapley, nucleolus, "
    "SCRB, core checks), for cost tables from elsewhere.",
    "sweep": "Run a design (grid, Latin hypercube, Sobol/Saltelli, Morris) over scenario keys, on local worker "
    "processes or a Dask cluster; every finished batch is stored, so --resume continues an interrupted sweep.",
    "sensitivity": "Sobol indices or Morris effects per key figure and per difference between scenarios, the share of "
    "the parameter space in which each difference keeps its sign, and the box in which cooperation pays off.",
    "calibrate": "Fit ESTIMATE parameters to documented targets (SciPy least squares, the same seed in every run) and "
    "write a parameter file that a scenario can extend.",
    "diffuse": "Simulate municipalities adopting shared digital solutions over the years (peer network, shared "
    "development cost) against a world in which each develops alone; writes the adoption curve and costs.",
}

EXAMPLES: dict[str, list[str]] = {
    "run": [f"python -m sim run {LEMGO}/shared_citizen_office.yaml --days 90 --out results/shared_90"],
    "compare": [
        f"python -m sim compare {LEMGO}/baseline.yaml {LEMGO}/shared_citizen_office.yaml",
        f"python -m sim compare {LEMGO}/baseline.yaml {LEMGO}/combined.yaml --replications 5",
    ],
    "validate": [f"python -m sim validate {LEMGO}/*.yaml scenarios/regions/*.yaml"],
    "synth": ["python -m sim synth --citizens 1000000 --out /tmp/synth/scenario.yaml"],
    "schema": ["python -m sim schema > scenario.schema.json"],
    "coalitions": [f"python -m sim coalitions {LEMGO}/shared_citizen_office.yaml --replications 5"],
    "allocate": ["python -m sim allocate tests/data/games/hasan_2011.csv --out results/hasan"],
    "sweep": ["python -m sim sweep scenarios/sweeps/shared_office_choice.yaml --executor local"],
    "sensitivity": ["python -m sim sensitivity results/sweeps/shared_office_choice"],
    "calibrate": ["python -m sim calibrate scenarios/calibration/lemgo_kalletal_targets.yaml"],
    "diffuse": ["python -m sim diffuse scenarios/suedwestfalen/diffusion/shared_solutions.yaml"],
}

ARGUMENTS: dict[str, str] = {
    "scenario": "scenario file (YAML); it may `extends` others",
    "scenarios": "scenario files; the first is the reference for the differences",
    "files": "files to check",
    "seed": "replace the scenario's simulation.seed (root of every random draw)",
    "days": "replace the scenario's simulation.days (horizon in days)",
    "replications": "runs with seeds derived from the seed; figures get 95 %% Student-t intervals",
    "citizens": "residents of the synthetic region",
    "municipalities": "municipalities (default: one per 20,000 residents)",
    "game": "cost table: one row per coalition (members, cost_eur_per_year)",
    "sweep_file": "sweep file (YAML): scenarios, parameters, design, replications, KPIs",
    "executor": "where jobs run: local worker processes, a Dask cluster, or serially",
    "targets_file": "calibration targets file (YAML)",
}


def describe_commands(commands: Any) -> None:
    """Give every subcommand of `python -m sim` a description, examples and help for every argument."""
    for name, parser in commands.choices.items():
        parser.formatter_class = HelpFormatter
        if name in DESCRIPTIONS or not parser.description:
            parser.description = textwrap.fill(DESCRIPTIONS.get(name) or _first_help(commands, name), WIDTH)
        examples = EXAMPLES.get(name, [])
        if examples and not (parser.epilog and "example" in parser.epilog.lower()):
            lines = "\n".join(f"  {example}" for example in examples)
            heading = "examples:" if len(examples) > 1 else "example:"
            parser.epilog = (parser.epilog + "\n\n" if parser.epilog else "") + f"{heading}\n{lines}"
        for action in parser._actions:
            if action.help is None and action.dest in ARGUMENTS:
                action.help = ARGUMENTS[action.dest]
            if action.help is None and action.dest == "engine":
                action.help = "kernels (fast, default) or agents (one Mesa agent per resident); same figures"


def _first_help(commands: Any, name: str) -> str:
    """Return the one-line help a command was registered with."""
    for choice in commands._choices_actions:
        if choice.dest == name:
            return str(choice.help or "")
    return ""
