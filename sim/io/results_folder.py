"""Results folders: which folders a run may replace, and the atomic, concurrency-safe swap into place.

A run writes into a new folder, or replaces an earlier IKZ-Sim results folder, recognised by its
manifest. Any other non-empty folder is refused: the user's files are never moved or deleted.
Each writer fills its own temporary sibling folder, then swaps it in under an advisory lock on
the parent folder, so concurrent writers to the same `--out` serialise and leave nothing behind.
"""

import contextlib
import json
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from sim.errors import InputError

try:  # advisory locks exist on POSIX; elsewhere writers are not serialised
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WRITER = "ikz-sim"
MANIFEST = "manifest.json"
RESULT_FILES = frozenset(
    {"summary.json", "by_municipality.csv", "daily.csv", "daily_service_points.csv", MANIFEST, "comparison.csv"}
    # sensitivity and calibration folders (sim/analysis/sweep)
    | {"indices.csv", "robustness.csv", "boxes.csv", "report.txt", "calibrated.yaml", "calibration.json", "fit.csv"}
    | {"diffusion.json", "adoption_curve.csv", "adopters.csv", "costs_per_adopter.csv"}  # python -m sim diffuse
    | {"coalitions.csv", "allocation.json", "allocation.csv"}  # coalitions and allocate
)
_UMASK_LOCK = threading.Lock()


def _is_manifest(path: Path) -> bool:
    """Return whether path is a manifest written by IKZ-Sim (new ones say so; older ones list its version)."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(content, dict):
        return False
    versions = content.get("package_versions")
    return content.get("written_by") == WRITER or (isinstance(versions, dict) and WRITER in versions)


def foreign_entries(folder: Path) -> list[str]:
    """Return the entries of a folder that IKZ-Sim did not write (empty for a pure results folder)."""
    foreign = []
    marked = False
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            if not is_results_folder(entry):
                foreign.append(entry.name + "/")
        elif entry.name in RESULT_FILES and entry.is_file() and not entry.is_symlink():
            marked = marked or entry.name == "comparison.csv" or (entry.name == MANIFEST and _is_manifest(entry))
        else:
            foreign.append(entry.name)
    if not marked and not foreign:
        return [entry.name for entry in sorted(folder.iterdir())]  # result-like names but no manifest
    return foreign


def is_results_folder(folder: Path) -> bool:
    """Return whether folder holds only what an IKZ-Sim run or comparison wrote."""
    try:
        return folder.is_dir() and any(folder.iterdir()) and not foreign_entries(folder)
    except OSError:
        return False


def check_out_dir(out_dir: Path) -> Path:
    """Return out_dir as an absolute path if a run may write there; otherwise raise InputError (exit 2).

    Allowed: a folder that does not exist yet, an empty folder, or an earlier results folder. The
    folder is read under the same lock that writers hold, so a concurrent swap is never seen half done.
    """
    target = Path(os.path.abspath(out_dir))
    if target.parent.is_dir():
        with _locked(target.parent):
            return _checked(target)
    return _checked(target)


def _checked(target: Path) -> Path:
    """Check an absolute target (the caller holds the parent's lock if it exists)."""
    for folder in (target, *target.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                # Without this check the swap would replace a file given as --out by a folder.
                raise InputError(folder, "--out", "this is a file, not a folder; choose a folder for the results")
            break
    if target.is_symlink():
        raise InputError(target, "--out", "this is a symbolic link; name the folder itself (links are never replaced)")
    here = Path.cwd().resolve()
    if target.exists() and (here == target.resolve() or target.resolve() in here.parents):
        raise InputError(target, "--out", "this is the current folder (or holds it); name a new folder, e.g. results/x")
    if target.is_dir():
        try:
            foreign = foreign_entries(target) if any(target.iterdir()) else []
        except OSError as error:
            raise InputError(target, "--out", f"cannot read this folder ({error.strerror})") from None
        if foreign:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise InputError(
                target,
                "--out",
                f"this folder holds files IKZ-Sim did not write ({shown}); nothing was changed. "
                "Results go into a new folder or replace an earlier results folder: choose another --out",
            )
    return target


def current_umask() -> int:
    """Return the process umask without leaving it changed (read from /proc where possible)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _normal_permissions(folder: Path) -> None:
    """Give a mkdtemp folder (0700) and its subfolders the permissions a plain mkdir would give."""
    mode = 0o777 & ~current_umask()
    for path in (folder, *(p for p in folder.rglob("*") if p.is_dir())):
        path.chmod(mode)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on a folder (its own inode: no lock file is left behind)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def write_atomically(out_dir: Path, write_files: Callable[[Path], None]) -> Path:
    """Let write_files fill a private temporary sibling folder, then swap it into out_dir under a lock.

    Raises:
        InputError: if out_dir is not a folder IKZ-Sim may write (see check_out_dir), also when
            another process put foreign files there while this one was running.
    """
    target = check_out_dir(out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        write_files(temporary)
        _normal_permissions(temporary)
        with _locked(target.parent):
            _checked(target)  # again, under the lock: another writer may have changed it
            retired = _swap_in(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    if retired is not None:  # an earlier results folder, checked above to hold nothing else
        shutil.rmtree(retired, ignore_errors=True)
    return target


def _swap_in(temporary: Path, target: Path) -> Path | None:
    """Rename temporary to target; an existing target is first renamed aside and returned (restored on failure)."""
    if not target.exists():
        os.rename(temporary, target)
        return None
    retired = target.parent / f".{target.name}.old-{uuid.uuid4().hex}"
    os.rename(target, retired)
    try:
        os.rename(temporary, target)
    except BaseException:
        os.rename(retired, target)
        raise
    return retired
