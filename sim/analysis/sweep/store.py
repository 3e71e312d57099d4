"""The sweep's results folder: which folders it may use, one Parquet file per finished batch, the tidy table."""

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import InputError
from sim.io.results_folder import WRITER, check_out_dir, is_results_folder

JOBS = "jobs"
MANIFEST = "manifest.json"
DESIGN = "design.parquet"
TABLE = "results.parquet"
TABLE_CSV = "results.csv"
SWEEP_FILES = frozenset({MANIFEST, DESIGN, TABLE, TABLE_CSV})
IDENTITY = ("scenario", "point", "replication", "seed")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """Return a sweep folder's manifest, or None if the folder holds none written by IKZ-Sim."""
    try:
        content = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(content, dict) and content.get("written_by") == WRITER and content.get("kind") == "sweep":
        return content
    return None


def foreign_entries(folder: Path) -> list[str]:
    """Return what in a folder a sweep did not write (empty for a sweep folder)."""
    foreign = []
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            foreign.append(entry.name)
        elif entry.is_dir() and entry.name == JOBS:
            foreign += [f"{JOBS}/{job.name}" for job in entry.iterdir() if not _is_job_file(job)]
        elif entry.is_dir():
            if not is_results_folder(entry):
                foreign.append(entry.name + "/")
        elif entry.name not in SWEEP_FILES:
            foreign.append(entry.name)
    return foreign


def _is_job_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and (path.suffix == ".parquet" or path.name.startswith(".tmp-"))


def prepare_folder(out_dir: Path, resume: bool) -> Path:
    """Return the sweep folder: new or empty, or with --resume an earlier sweep's; raise InputError otherwise."""
    target = Path(os.path.abspath(out_dir))
    if target.is_dir() and not target.is_symlink() and any(target.iterdir()):
        foreign = foreign_entries(target)
        if read_manifest(target) is None or foreign:
            shown = ", ".join(foreign[:5]) or "no sweep manifest"
            message = (f"this folder holds files a sweep did not write ({shown}); nothing was changed. "
                       "Choose a new folder for the sweep")  # fmt: skip
            raise InputError(target, "--out", message)
        if not resume:
            done = len(list((target / JOBS).glob("*.parquet")))
            message = (f"holds an earlier sweep ({done} result files); add --resume to continue it "
                       "(finished jobs are kept, none is run again), or choose another --out")  # fmt: skip
            raise InputError(target, "--out", message)
        return target
    check_out_dir(target)  # the project's rules for a new folder: not a file, not a link, not the current folder
    (target / JOBS).mkdir(parents=True, exist_ok=True)
    return target


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the sweep folder; a second sweep into it is refused, not interleaved."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(folder, "--out", "another sweep is writing this folder; wait for it to finish") from None
        yield
    finally:
        os.close(descriptor)


def write_atomic(path: Path, write: Any) -> None:
    """Write a file through a temporary sibling and a rename, so it is either whole or absent."""
    temporary = path.with_name(f".tmp-{path.name}.{os.getpid()}")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_rows(folder: Path, rows: Sequence[dict[str, Any]]) -> Path:
    """Write the rows of finished jobs as one Parquet file, atomically; its name is the hash of their keys."""
    name = hashlib.sha256("|".join(sorted(row["job"] for row in rows)).encode()).hexdigest()[:24]
    path = folder / JOBS / f"{name}.parquet"
    table = pa.Table.from_pylist(list(rows))
    write_atomic(path, lambda target: pq.write_table(table, target, compression="zstd"))
    return path


def finished_rows(folder: Path, kpis: Sequence[str]) -> pd.DataFrame:
    """Return every finished job's row that holds all the KPIs asked for, one per job key."""
    frames = [pq.read_table(path).to_pandas() for path in sorted((folder / JOBS).glob("*.parquet"))]
    if not frames:
        return pd.DataFrame(columns=["job", *kpis])
    rows = pd.concat(frames, ignore_index=True)
    for kpi in kpis:
        if kpi not in rows.columns:
            rows[kpi] = float("nan")
    rows = rows.dropna(subset=list(kpis))
    return rows.drop_duplicates("job", keep="last").set_index("job", drop=False)


def write_json(path: Path, content: dict[str, Any]) -> None:
    """Write JSON atomically."""
    text = json.dumps(content, indent=2, ensure_ascii=False, default=str) + "\n"
    write_atomic(path, lambda target: target.write_text(text, encoding="utf-8"))


def write_frame(folder: Path, name: str, frame: pd.DataFrame) -> None:
    """Write a table as Parquet, atomically."""
    write_atomic(folder / name, lambda target: frame.to_parquet(target, index=False))


def write_table(folder: Path, table: pd.DataFrame) -> None:
    """Write the tidy table as results.parquet and results.csv."""
    write_frame(folder, TABLE, table)
    write_atomic(folder / TABLE_CSV, lambda target: table.to_csv(target, index=False, lineterminator="\n"))


def read_table(folder: Path) -> pd.DataFrame:
    """Return a finished sweep's tidy table; raise InputError if the folder holds none."""
    if read_manifest(folder) is None or not (folder / TABLE).is_file():
        raise InputError(folder, "", "not a finished sweep folder (no manifest.json and results.parquet from a sweep)")
    return pd.read_parquet(folder / TABLE)
