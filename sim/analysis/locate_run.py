"""Running `locate` from the command line: solve, write the proposal, simulate it, print promise and result."""

import argparse
import time
from pathlib import Path
from typing import Any

from sim.analysis.compare import format_table
from sim.analysis.locate_mobile import MobileRequest, mobile_text
from sim.analysis.locate_output import assigned_points, locate_record, write_locate
from sim.analysis.locate_problem import LocateRequest, build_problem, check_service, solve
from sim.analysis.locate_scenario import PROPOSAL_FILE, load_proposal, plan_changes, proposal_text
from sim.analysis.locate_simulate import format_promise, format_simulation, simulate_proposal
from sim.analysis.location import SolverOptions
from sim.errors import InputError
from sim.io.config import Scenario, load_scenario
from sim.io.results_folder import check_out_dir

EXIT_OK = 0


def _request(args: argparse.Namespace) -> LocateRequest:
    """Return the location request of the arguments (the candidate kind stays a word or becomes a path)."""
    candidates: str | Path = args.candidates if args.candidates in ("ortsteile", "points") else Path(args.candidates)
    return LocateRequest(
        service=args.service, model=args.model, p=args.p, radius_minutes=args.radius, fixed=tuple(args.fixed),
        capacity=args.capacity, candidates=candidates, demand=args.demand, mode=args.mode or "car",
        closures_allowed=not args.no_closures, options=SolverOptions(time_limit_seconds=args.time_limit),
    )  # fmt: skip


def _mobile_request(args: argparse.Namespace) -> MobileRequest:
    """Return the mobile-stops request of the arguments, or raise InputError for what is missing."""
    if args.stops is None or args.days_per_week is None:
        raise InputError(None, "--mobile", "needs --stops K and --days-per-week D")
    if not 1 <= args.days_per_week <= 7:
        raise InputError(None, "--days-per-week", f"must be 1 to 7, got {args.days_per_week}")
    return MobileRequest(
        args.service, args.stops, args.days_per_week, 15.0 if args.radius is None else args.radius,
        args.mode or "walk", args.hours_per_stop,
    )  # fmt: skip


def _solve(scenario: Scenario, args: argparse.Namespace, out_dir: Path) -> tuple[dict[str, Any], str, str]:
    """Return (record for locate.json, proposal file name, proposal YAML) of a site or mobile-stop request."""
    if args.mobile:
        request = _mobile_request(args)
        text, record = mobile_text(scenario, request, out_dir)
        return {**record, "proposal_scenario": PROPOSAL_FILE}, PROPOSAL_FILE, text
    located = _request(args)
    began = time.perf_counter()
    problem = build_problem(scenario, located)
    result = solve(problem, located)
    print(f"solved {located.model} on {len(problem.candidates.ids)} candidates x {len(problem.weights)} Ortsteile "
          f"in {time.perf_counter() - began:.1f} s")  # fmt: skip
    text = proposal_text(problem, result, located, out_dir)
    changes = plan_changes(problem, result, located.service)
    return locate_record(problem, result, located, changes, PROPOSAL_FILE), PROPOSAL_FILE, text


def run_locate(args: argparse.Namespace) -> int:
    """Solve, validate the proposal, simulate it if asked, print and write everything atomically."""
    scenario = load_scenario(args.scenario)
    check_service(scenario, args.service)
    kind = "mobile" if args.mobile else args.model.replace("-", "_")
    out_dir = args.out or Path("results") / "locate" / f"{scenario.slug}_{args.service}_{kind}"
    check_out_dir(out_dir)
    record, name, text = _solve(scenario, args, out_dir)
    proposal = load_proposal(text, name, out_dir)
    comparison, simulated = None, None
    if args.simulate:
        assigned = None if args.mobile else assigned_points(record)
        comparison, simulated = simulate_proposal(
            scenario, proposal, args.service, assigned, args.days, replications=args.replications
        )
        record["simulation"] = simulated
        print(format_table(comparison.table))
    if args.mobile:
        radius = f"{record['radius_minutes']:g} min ({record['mode']})"
        print(f"mobile {args.service}: {len(record['stops'])} stops cover {record['covered_share']:.1%} of the "
              f"residents of Ortsteile without a site within {radius}")  # fmt: skip
    else:
        print(format_promise(record))
    if simulated is not None:
        print(format_simulation(args.service, simulated))
    seed = scenario.config.simulation.seed
    folder = write_locate(out_dir, record, name, text, comparison, scenario.path, seed)
    print(f"wrote {folder}/locate.json and {folder}/{name}")
    return EXIT_OK
