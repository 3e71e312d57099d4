"""All ratings as CSV and back: one row per rating, one column per criterion; reading it gives the same ratings.

The file starts with a byte-order mark so that spreadsheet programs read it as UTF-8. A comment that
a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a carriage return) is
written with a leading apostrophe, as OWASP advises against CSV injection; a comment that starts
with an apostrophe gets one more, so reading strips exactly one and the text comes back unchanged.
"""

import csv
import io
from datetime import date
from pathlib import Path

from sim.errors import InputError
from sim.io.schema_types import AGE_GROUPS
from sim.participation.store import StoredRating
from sim.participation.submission import HIGHEST_SCORE, LOWEST_SCORE

BOM = "\ufeff"
FIXED_COLUMNS = ("comparison", "scenario", "session", "rated_on", "district", "age_group", "comment_hidden", "comment")
SCORE_PREFIX = "score_"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_CSV_BYTES = 200 * 1024 * 1024


def _guarded(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _unguarded(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def ratings_csv(stored: list[StoredRating]) -> str:
    """Return the ratings as CSV text (criteria as score_<name> columns, sorted by name)."""
    criteria = sorted({name for rating in stored for name in rating.scores})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*FIXED_COLUMNS, *(SCORE_PREFIX + name for name in criteria)])
    for rating in stored:
        writer.writerow(
            [
                rating.comparison, rating.scenario, rating.session_hash, rating.rated_on.isoformat(),
                rating.district or "", rating.age_group or "", "yes" if rating.comment_hidden else "no",
                _guarded(rating.comment), *(rating.scores.get(name, "") for name in criteria),
            ]
        )  # fmt: skip
    return BOM + buffer.getvalue()


def _score(text: str, where: str) -> int | None:
    if text == "":
        return None
    if not text.isdigit() or not LOWEST_SCORE <= int(text) <= HIGHEST_SCORE:
        raise ValueError(f"{where}: a score is a whole number from {LOWEST_SCORE} to {HIGHEST_SCORE}, got '{text}'")
    return int(text)


def _rating(row: dict[str, str], criteria: list[str], where: str) -> StoredRating:
    if row.get("comment_hidden") not in ("yes", "no"):
        raise ValueError(f"{where}: comment_hidden must be yes or no")
    try:
        rated_on = date.fromisoformat(row["rated_on"])
    except ValueError:
        raise ValueError(f"{where}: rated_on must be a date like 2026-12-01, got '{row['rated_on']}'") from None
    if row["age_group"] and row["age_group"] not in AGE_GROUPS:
        raise ValueError(f"{where}: age_group must be one of {', '.join(AGE_GROUPS)} or empty")
    for column in ("comparison", "scenario", "session"):
        if not row[column]:
            raise ValueError(f"{where}: {column} is empty")
    found = {name: _score(row[SCORE_PREFIX + name], where) for name in criteria}
    return StoredRating(
        row["comparison"], row["scenario"], row["session"], rated_on,
        {name: value for name, value in found.items() if value is not None},
        row["district"] or None, row["age_group"] or None, _unguarded(row["comment"]), row["comment_hidden"] == "yes",
    )  # fmt: skip


def read_ratings_csv(text: str, source: Path | str = "<csv>") -> list[StoredRating]:
    """Read CSV text written by ratings_csv; raise InputError naming the line if it is not such a file."""
    reader = csv.DictReader(io.StringIO(text.removeprefix(BOM), newline=""))
    header = reader.fieldnames or []
    if tuple(header[: len(FIXED_COLUMNS)]) != FIXED_COLUMNS:
        raise InputError(source, "header", f"expected the columns {', '.join(FIXED_COLUMNS)}, score_<criterion>...")
    extra = header[len(FIXED_COLUMNS) :]
    if not all(column.startswith(SCORE_PREFIX) and len(column) > len(SCORE_PREFIX) for column in extra):
        raise InputError(source, "header", "columns after comment must be score_<criterion>")
    criteria = [column.removeprefix(SCORE_PREFIX) for column in extra]
    stored = []
    for row in reader:
        where = f"line {reader.line_num}"
        if None in row or any(value is None for value in row.values()):
            raise InputError(source, "", f"{where}: expected {len(header)} columns", reader.line_num)
        try:
            stored.append(_rating(row, criteria, where))
        except ValueError as error:
            raise InputError(source, "", str(error), reader.line_num) from None
    return stored


def read_ratings_file(path: Path) -> list[StoredRating]:
    """Read an exported ratings file; InputError if it is missing, too large, not UTF-8 or malformed."""
    if not path.is_file():
        raise InputError(path, "", "file not found")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise InputError(path, "", f"larger than {MAX_CSV_BYTES // 2**20} MiB; not an export of ratings")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, "", f"not UTF-8 text ({error.reason})") from None
    return read_ratings_csv(text, path)
