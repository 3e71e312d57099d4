"""What `allocate GAME.csv` prints and writes: the allocation table, core flags and a results folder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sim.analysis.allocation import AllocationResult
from sim.analysis.game_file import write_allocation_csv, write_allocation_json
from sim.io.outputs import json_text, package_versions, write_atomically
from sim.io.results_folder import WRITER


def format_allocation(result: AllocationResult, title: str) -> str:
    """Return each method's shares per member with IR marks, the core flags and the notes as text."""
    width = max(12, *(len(player) + 2 for player in result.player_ids))
    label_width = 14
    lines = [title, "".ljust(label_width) + "".join(f"{p:>{width}}" for p in result.player_ids) + f"{'core':>8}"]
    lines.append("stand-alone".ljust(label_width) + "".join(f"{c:>{width},.4g}" for c in result.standalone_costs))
    for method, shares in result.allocations.items():
        cells = [
            f"{share:,.4g}" + ("" if rational else " !")
            for share, rational in zip(shares, result.individually_rational[method], strict=True)
        ]
        core = "yes" if result.core_checks[method].is_in_core else "no"
        lines.append(method.ljust(label_width) + "".join(f"{cell:>{width}}" for cell in cells) + f"{core:>8}")
    if result.shapley_standard_errors is not None:
        errors = "".join(f"{error:>{width},.3g}" for error in result.shapley_standard_errors)
        lines.append("  std. error".ljust(label_width) + errors)
    lines.append(f"c(N) = {result.grand_cost:,.6g}; ! = pays more than alone (not individually rational)")
    if result.core_empty is None:
        lines.append("core: not checked")
    else:
        state = "EMPTY" if result.core_empty else "not empty"
        lines.append(f"core: {state}; least-core epsilon {result.least_core_epsilon:,.6g}")
    lines.append(result.nucleolus_note)
    lines += [f"note: {note}" for note in result.notes]
    if result.shapley_method == "sampled":
        lines.append(f"Shapley value sampled from {result.shapley_permutations} random orders (seed {result.seed})")
    return "\n".join(lines)


def write_allocation_folder(result: AllocationResult, out_dir: Path, game_file: Path, command: list[str]) -> Path:
    """Write allocation.json, allocation.csv and manifest.json into out_dir, atomically."""
    content = {"game_file": str(game_file), **write_allocation_json(result)}
    manifest = {
        "written_by": WRITER,
        "kind": "allocation",
        "game_file": str(game_file),
        "seed": result.seed,
        "command": command,
        "package_versions": package_versions(),
    }

    def write_files(folder: Path) -> None:
        (folder / "allocation.json").write_text(json.dumps(_plain(content), indent=2) + "\n", encoding="utf-8")
        (folder / "allocation.csv").write_text(write_allocation_csv(result), encoding="utf-8")
        (folder / "manifest.json").write_text(json_text(manifest), encoding="utf-8")

    return write_atomically(out_dir, write_files)


def _plain(node: object) -> object:
    """Return JSON-ready data: NumPy scalars as Python numbers."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(value) for value in node]
    if isinstance(node, np.generic):
        return node.item()
    return node
