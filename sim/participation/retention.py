"""How long ratings are kept: until `retention_days` after the comparison closes, then deleted whole."""

from datetime import date, timedelta
from pathlib import Path

from sim.participation.publication import PublicationFile, load_publication
from sim.participation.store import RatingStore


def deletion_day(spec: PublicationFile) -> date:
    """Return the first day on which a comparison's ratings are deleted."""
    return spec.closes + timedelta(days=spec.retention_days + 1)


def apply_retention(store: RatingStore, files: dict[str, Path], today: date) -> dict[str, int]:
    """Delete the ratings of every comparison whose retention has ended; return how many went, by comparison."""
    deleted = {}
    for key, path in files.items():
        if today >= deletion_day(load_publication(path).spec):
            deleted[key] = store.delete(key)
    return deleted
