"""The ratings store: save (one rating per session and scenario), read, sum scores, hide comments, delete.

Every write is one transaction. Saving is an upsert on (comparison, scenario, session): a second
rating of the same scenario in the same session replaces the first, also when two arrive at once.
"""

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sim.participation.database import WRITE, open_database
from sim.participation.submission import Submission
from sim.participation.tables import ratings, scores

GROUPINGS = ("district", "age_group")


def session_hash(session_token: str) -> str:
    """Return what is stored of a session's random token: its SHA-256 (the token itself never leaves the server)."""
    return hashlib.sha256(session_token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredRating:
    """One stored rating, as exported (no database id: ids differ between databases)."""

    comparison: str
    scenario: str
    session_hash: str
    rated_on: date
    scores: dict[str, int]
    district: str | None = None
    age_group: str | None = None
    comment: str = ""
    comment_hidden: bool = False


@dataclass(frozen=True)
class Comment:
    """A comment as the moderation view and the public list show it."""

    rating_id: int
    scenario: str
    rated_on: date
    text: str
    is_hidden: bool
    district: str | None = None


@dataclass(frozen=True)
class ScoreSum:
    """The scores of one scenario and criterion, in one group (None: everyone)."""

    scenario: str
    criterion: str
    group: str | None
    ratings: int
    total: int
    histogram: dict[int, int] = field(default_factory=dict)


class RatingStore:
    """Ratings in a SQLite file or a PostgreSQL database (open with `RatingStore.open(url)`)."""

    def __init__(self, engine: Engine):
        """Wrap an engine whose tables exist (see sim.participation.database.open_database)."""
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> "RatingStore":
        """Open (and on first use create) the store at a database URL; InputError if it cannot be reached."""
        return cls(open_database(url))

    @property
    def backend(self) -> str:
        """Return 'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(**{WRITE: True}) as connection, connection.begin():
            yield connection

    def _upsert(self, connection: Connection, row: dict[str, Any]) -> int:
        dialect = postgresql if self.backend == "postgresql" else sqlite
        statement = dialect.insert(ratings).values({key: value for key, value in row.items() if key != "scores"})
        excluded = statement.excluded
        # A changed comment is new text: a moderator's earlier decision does not carry over to it.
        hidden = case((ratings.c.comment == excluded.comment, ratings.c.comment_hidden), else_=excluded.comment_hidden)
        kept = {"rated_on": excluded.rated_on, "district": excluded.district, "age_group": excluded.age_group,
                "comment": excluded.comment, "comment_hidden": hidden}  # fmt: skip
        statement = statement.on_conflict_do_update(
            index_elements=["comparison", "scenario", "session_hash"], set_=kept
        ).returning(ratings.c.id)
        rating_id = int(connection.execute(statement).scalar_one())
        connection.execute(delete(scores).where(scores.c.rating_id == rating_id))
        connection.execute(
            insert(scores), [{"rating_id": rating_id, "criterion": k, "score": v} for k, v in row["scores"].items()]
        )
        return rating_id

    def save(self, submission: Submission, session_token: str, today: date) -> int:
        """Store a checked rating for this session (replacing its earlier one of the scenario); return its id."""
        rating = StoredRating(
            submission.comparison, submission.scenario, session_hash(session_token), today, submission.scores,
            submission.district, submission.age_group, submission.comment,
        )  # fmt: skip
        return self.save_stored([rating])[0]

    def save_stored(self, stored: Iterable[StoredRating]) -> list[int]:
        """Store ratings as they were exported (an import); an existing one of the same session is replaced."""
        with self._writing() as connection:
            return [self._upsert(connection, _row(rating)) for rating in stored]

    def ratings(self, comparison: str | None = None) -> list[StoredRating]:
        """Return every rating (of one comparison), in a stable order, with its scores."""
        chosen = ratings.c.comparison == comparison if comparison is not None else ratings.c.id.is_not(None)
        query = select(ratings).where(chosen)
        query = query.order_by(ratings.c.comparison, ratings.c.scenario, ratings.c.rated_on, ratings.c.session_hash)
        their_scores = select(scores).where(scores.c.rating_id.in_(select(ratings.c.id).where(chosen)))
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            found: dict[int, dict[str, int]] = {row["id"]: {} for row in rows}
            for rating_id, criterion, score in connection.execute(their_scores).all():
                found[rating_id][criterion] = int(score)
        return [_stored(row, found[row["id"]]) for row in rows]

    def score_sums(self, comparison: str, grouping: str | None = None) -> list[ScoreSum]:
        """Return count, total and histogram of the scores per scenario and criterion (and Ortsteil or age group)."""
        if grouping is not None and grouping not in GROUPINGS:
            raise ValueError(f"grouping must be one of {GROUPINGS}")
        group = ratings.c[grouping] if grouping else None
        columns = [ratings.c.scenario, scores.c.criterion, *([group] if group is not None else []), scores.c.score]
        query = (
            select(*columns, func.count())
            .select_from(scores.join(ratings, scores.c.rating_id == ratings.c.id))
            .where(ratings.c.comparison == comparison)
            .group_by(*columns)
        )
        sums: dict[tuple[str, str, str | None], dict[int, int]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query).all():
                scenario, criterion = row[0], row[1]
                key = (scenario, criterion, row[2] if group is not None else None)
                sums.setdefault(key, {})[int(row[-2])] = int(row[-1])
        return [
            ScoreSum(scenario, criterion, name, sum(counts.values()), sum(s * n for s, n in counts.items()), counts)
            for (scenario, criterion, name), counts in sorted(sums.items(), key=lambda item: str(item[0]))
        ]

    def comments(self, comparison: str, include_hidden: bool = False, limit: int = 200) -> list[Comment]:
        """Return the newest non-empty comments of a comparison (hidden ones only for moderators)."""
        query = select(ratings).where(and_(ratings.c.comparison == comparison, ratings.c.comment != ""))
        if not include_hidden:
            query = query.where(ratings.c.comment_hidden.is_(False))
        query = query.order_by(ratings.c.rated_on.desc(), ratings.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            Comment(row["id"], row["scenario"], row["rated_on"], row["comment"], row["comment_hidden"], row["district"])
            for row in rows
        ]

    def set_hidden(self, rating_id: int, is_hidden: bool) -> None:
        """Hide a comment from the public list, or show it again (the rating's scores always count)."""
        with self._writing() as connection:
            connection.execute(update(ratings).where(ratings.c.id == rating_id).values(comment_hidden=is_hidden))

    def delete(self, comparison: str, before: date | None = None) -> int:
        """Delete a comparison's ratings (those rated before a day, or all); return how many went."""
        condition = ratings.c.comparison == comparison
        if before is not None:
            condition = and_(condition, ratings.c.rated_on < before)
        with self._writing() as connection:
            doomed = select(ratings.c.id).where(condition)
            connection.execute(delete(scores).where(scores.c.rating_id.in_(doomed)))
            return int(connection.execute(delete(ratings).where(condition)).rowcount or 0)

    def delete_rating(self, rating_id: int) -> int:
        """Delete one rating and its scores (a resident's request to erase it); return 1 if it existed, else 0."""
        with self._writing() as connection:
            connection.execute(delete(scores).where(scores.c.rating_id == rating_id))
            return int(connection.execute(delete(ratings).where(ratings.c.id == rating_id)).rowcount or 0)

    def count(self, comparison: str | None = None) -> int:
        """Return the number of stored ratings (of one comparison)."""
        query = select(func.count()).select_from(ratings)
        if comparison is not None:
            query = query.where(ratings.c.comparison == comparison)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def _row(rating: StoredRating) -> dict[str, Any]:
    return {
        "comparison": rating.comparison, "scenario": rating.scenario, "session_hash": rating.session_hash,
        "rated_on": rating.rated_on, "district": rating.district, "age_group": rating.age_group,
        "comment": rating.comment, "comment_hidden": rating.comment_hidden, "scores": dict(rating.scores),
    }  # fmt: skip


def _stored(row: Any, found_scores: dict[str, int]) -> StoredRating:
    return StoredRating(
        row["comparison"], row["scenario"], row["session_hash"], row["rated_on"], found_scores,
        row["district"], row["age_group"], row["comment"], bool(row["comment_hidden"]),
    )  # fmt: skip
