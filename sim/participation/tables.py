"""The two tables of the ratings database (SQLAlchemy Core; the same on SQLite and PostgreSQL).

What a row holds is all that is stored: which comparison and scenario, a hash of the browser tab's
random session token (so a second rating replaces the first), the day (no time of day, so a row
cannot be matched to a web server's access log), the optional Ortsteil and age group, the comment
and whether a moderator hid it, and one score per criterion. No name, no e-mail, no IP address.
"""

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from sim.participation.submission import HIGHEST_SCORE, LOWEST_SCORE

KEY_CHARS = 64

metadata = MetaData()

ratings = Table(
    "ikz_ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comparison", String(KEY_CHARS), nullable=False),
    Column("scenario", String(KEY_CHARS), nullable=False),
    Column("session_hash", String(KEY_CHARS), nullable=False),
    Column("rated_on", Date, nullable=False),
    Column("district", String(KEY_CHARS), nullable=True),
    Column("age_group", String(8), nullable=True),
    Column("comment", Text, nullable=False),
    Column("comment_hidden", Boolean, nullable=False),
    UniqueConstraint("comparison", "scenario", "session_hash", name="ikz_one_rating_per_session"),
)
Index("ikz_ratings_by_day", ratings.c.rated_on)

scores = Table(
    "ikz_scores",
    metadata,
    Column("rating_id", Integer, ForeignKey("ikz_ratings.id", ondelete="CASCADE"), primary_key=True),
    Column("criterion", String(KEY_CHARS), primary_key=True),
    Column("score", SmallInteger, nullable=False),
    CheckConstraint(f"score BETWEEN {LOWEST_SCORE} AND {HIGHEST_SCORE}", name="ikz_score_range"),
)
