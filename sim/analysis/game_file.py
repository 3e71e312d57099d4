"""GAME.csv files: read a characteristic function (coalition, cost) with validation, and write allocations."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from sim.analysis.allocation import SAMPLING_DEFAULT_MAX_PLAYERS, AllocationResult, Weights, allocate
from sim.analysis.cost_game import COALITION_SEPARATOR, MAX_PLAYERS, CostGame
from sim.errors import InputError, InputErrors

Fill = Literal["none", "additive"]
MEMBER_PATTERN = re.compile(r"^[^\s+,#\"']+$")
MISSING_SHOWN = 5


@dataclass(frozen=True)
class _Row:
    line: int  # line number in the file, 1-based
    row: int  # data row number, 1-based, not counting the header and comments
    members: tuple[str, ...]
    cost: float


def read_game_csv(
    path: Path | str,
    *,
    fill: Fill = "none",
    max_players: int = SAMPLING_DEFAULT_MAX_PLAYERS,
    players: Sequence[str] | None = None,
) -> CostGame:
    """Read a GAME.csv file; see `parse_game_csv` for the format and the checks."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(file, "", f"cannot read the game file: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InputError(file, "", "the game file is not UTF-8 text") from None
    return parse_game_csv(text, file=file, fill=fill, max_players=max_players, players=players)


def parse_game_csv(
    text: str,
    *,
    file: Path | str | None = None,
    fill: Fill = "none",
    max_players: int = SAMPLING_DEFAULT_MAX_PLAYERS,
    players: Sequence[str] | None = None,
) -> CostGame:
    """Parse a characteristic function: a header `coalition,cost`, then one row per coalition.

    Members are joined by '+' (`A+H+K`), whitespace around names and values is ignored, and lines
    starting with '#' are comments. Players are numbered in order of first appearance, or in the
    order of `players` when given (then a member not in `players` is an error). Every
    non-empty coalition needs a cost, unless `fill="additive"`: then a missing coalition costs the sum
    of its members' stand-alone costs (no saving from cooperating), which needs every singleton and
    the grand coalition in the file.

    Raises:
        InputError: naming the file, the row and its line, for a malformed coalition, an unknown
            column, a duplicate coalition (in any order), a negative or non-finite cost, missing
            coalitions, or more than `max_players` players (pass a larger limit when sampling).
    """
    rows = _read_rows(text, file)
    players = _players_of(rows, players, file)
    limit = min(max_players, MAX_PLAYERS)
    if len(players) > limit:
        hint = " without sampling (--sample N)" if limit < MAX_PLAYERS else ""
        raise InputError(file, "coalition", f"{len(players)} members is more than {limit}{hint}: {players}")
    index = {player: i for i, player in enumerate(players)}
    costs = np.full(1 << len(players), np.nan)
    costs[0] = 0.0
    for row in rows:
        costs[sum(1 << index[member] for member in row.members)] = row.cost
    _fill_missing(costs, players, file, fill)
    return CostGame(tuple(players), costs)


def _players_of(rows: list[_Row], expected: Sequence[str] | None, file: Path | str | None) -> list[str]:
    """Return the players, in order of first appearance or in the expected order."""
    if expected is None:
        found: list[str] = []
        for row in rows:
            found.extend(member for member in row.members if member not in found)
        return found
    for row in rows:
        unknown = [member for member in row.members if member not in expected]
        if unknown:
            raise InputError(
                file, f"row {row.row}.coalition", f"unknown member(s) {unknown}; expected {list(expected)}", row.line
            )
    return list(expected)


def _read_rows(text: str, file: Path | str | None) -> list[_Row]:
    lines = text.splitlines()
    data = [(number, line) for number, line in enumerate(lines, start=1) if line.strip() and not _is_comment(line)]
    if not data:
        raise InputError(file, "", "the game file has no header and no rows; expected 'coalition,cost'")
    header_line, header_text = data[0]
    header = [column.strip().lower() for column in next(csv.reader([header_text]))]
    if header != ["coalition", "cost"]:
        raise InputError(file, "header", f"expected the columns 'coalition,cost', got {header}", header_line)
    errors: list[InputError] = []
    rows: list[_Row] = []
    seen: dict[frozenset[str], int] = {}
    for row_number, (line, line_text) in enumerate(data[1:], start=1):
        fields = next(csv.reader([line_text]))
        try:
            row = _parse_row(fields, line, row_number, file)
        except InputError as error:
            errors.append(error)
            continue
        key = frozenset(row.members)
        if key in seen:
            errors.append(
                InputError(
                    file,
                    f"row {row_number}.coalition",
                    f"duplicate coalition '{COALITION_SEPARATOR.join(row.members)}': the same members "
                    f"are already on line {seen[key]}",
                    line,
                )
            )
            continue
        seen[key] = line
        rows.append(row)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    if not rows:
        raise InputError(file, "", "the game file has a header but no coalitions")
    return rows


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _parse_row(fields: list[str], line: int, row_number: int, file: Path | str | None) -> _Row:
    where = f"row {row_number}"
    if len(fields) != 2:
        raise InputError(file, where, f"expected 2 fields (coalition, cost), got {len(fields)}", line)
    coalition_text, cost_text = (field.strip() for field in fields)
    members = tuple(member.strip() for member in coalition_text.split(COALITION_SEPARATOR))
    if not coalition_text or any(not MEMBER_PATTERN.match(member) for member in members):
        raise InputError(
            file,
            f"{where}.coalition",
            f"malformed coalition '{coalition_text}': expected member names joined by '+', like A+H+K",
            line,
        )
    if len(set(members)) != len(members):
        raise InputError(file, f"{where}.coalition", f"coalition '{coalition_text}' names a member twice", line)
    try:
        cost = float(cost_text)
    except ValueError:
        raise InputError(file, f"{where}.cost", f"cost '{cost_text}' is not a number", line) from None
    if not math.isfinite(cost):
        raise InputError(file, f"{where}.cost", f"cost must be a finite number, got '{cost_text}'", line)
    if cost < 0:
        raise InputError(file, f"{where}.cost", f"cost must not be negative, got {cost_text}", line)
    return _Row(line, row_number, members, cost)


def _fill_missing(costs: np.ndarray, players: list[str], file: Path | str | None, fill: Fill) -> None:
    """Fill or report the coalitions without a cost, in place."""
    missing = np.flatnonzero(np.isnan(costs))
    if len(missing) == 0:
        return
    grand_mask = len(costs) - 1

    def label(mask: int) -> str:
        return COALITION_SEPARATOR.join(player for i, player in enumerate(players) if mask >> i & 1)

    if fill == "none":
        shown = ", ".join(label(int(mask)) for mask in missing[:MISSING_SHOWN])
        more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
        raise InputError(
            file,
            "coalition",
            f"{len(missing)} of {grand_mask} coalitions have no cost: {shown}{more}. "
            "Add them, or fill them as the sum of their members' stand-alone costs with --fill additive",
        )
    if fill != "additive":
        raise InputError(file, "fill", f"unknown fill rule '{fill}'; expected 'none' or 'additive'")
    needed = [1 << i for i in range(len(players))] + [grand_mask]
    absent = [label(mask) for mask in needed if np.isnan(costs[mask])]
    if absent:
        raise InputError(
            file, "coalition", f"--fill additive needs every single member and the grand coalition; missing {absent}"
        )
    standalone = costs[[1 << i for i in range(len(players))]]
    for mask in missing:
        costs[mask] = sum(standalone[i] for i in range(len(players)) if int(mask) >> i & 1)


def write_allocation_json(result: AllocationResult) -> dict[str, Any]:
    """Return the allocation result as a JSON-ready dict (one entry per player, flags per method)."""
    return {
        "players": [
            {
                "player": player,
                "standalone_cost": float(result.standalone_costs[i]),
                "allocations": {method: float(shares[i]) for method, shares in result.allocations.items()},
                "individually_rational": {
                    method: bool(flags[i]) for method, flags in result.individually_rational.items()
                },
                "shapley_standard_error": (
                    None if result.shapley_standard_errors is None else float(result.shapley_standard_errors[i])
                ),
            }
            for i, player in enumerate(result.player_ids)
        ],
        "grand_cost": result.grand_cost,
        "methods": {
            method: {
                "in_core": check.is_in_core,
                "individually_rational": bool(np.all(result.individually_rational[method])),
                "worst_coalition": None if check.worst_coalition is None else list(check.worst_coalition),
                "worst_excess": check.worst_excess,
                "efficiency_gap": check.efficiency_gap,
            }
            for method, check in result.core_checks.items()
        },
        "core_empty": result.core_empty,
        "least_core_epsilon": result.least_core_epsilon,
        "nucleolus_skipped": result.nucleolus_skipped,
        "nucleolus_note": result.nucleolus_note,
        "shapley_method": result.shapley_method,
        "shapley_permutations": result.shapley_permutations,
        "seed": result.seed,
        "tolerance": result.tolerance,
        "notes": list(result.notes),
    }


def write_allocation_csv(result: AllocationResult) -> str:
    """Return the tidy allocation table (one row per player and method) as CSV text."""
    buffer = io.StringIO()
    rows = result.rows()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def allocate_game_file(
    path: Path | str,
    *,
    out_dir: Path | str | None = None,
    fill: Fill = "none",
    sample_permutations: int | None = None,
    seed: int = 0,
    keys: dict[str, Weights] | None = None,
) -> AllocationResult:
    """Read GAME.csv, allocate, and write allocation.json and allocation.csv into `out_dir` if given.

    Raises:
        InputError: for a bad file, or more than 12 members without `sample_permutations`.
    """
    max_players = MAX_PLAYERS if sample_permutations is not None else SAMPLING_DEFAULT_MAX_PLAYERS
    game = read_game_csv(path, fill=fill, max_players=max_players)
    result = allocate(game, keys, sample_permutations=sample_permutations, seed=seed)
    if out_dir is not None:
        directory = Path(out_dir)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "allocation.json").write_text(json.dumps(write_allocation_json(result), indent=2) + "\n")
        (directory / "allocation.csv").write_text(write_allocation_csv(result))
    return result
