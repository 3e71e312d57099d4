"""Which database holds the ratings, and opening it: SQLite by default, PostgreSQL when a URL says so.

Without IKZ_PARTICIPATION_DATABASE_URL the ratings go to a SQLite file in the data folder, created on
first use. With it (e.g. postgresql+psycopg://ikz@db.example/ikz) they go there. A database that
cannot be reached is an InputError within CONNECT_TIMEOUT_SECONDS per address tried (exit code 2 on
the command line, an inline message in the app), never a hang.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from sim.errors import InputError
from sim.participation.tables import metadata

URL_VARIABLE = "IKZ_PARTICIPATION_DATABASE_URL"
SQLITE_FILE = "ratings.sqlite3"
CONNECT_TIMEOUT_SECONDS = 3  # per address; 'localhost' may try two, so a dead database fails within 10 s
SQLITE_BUSY_SECONDS = 30  # a writer waits this long for another writer before giving up
STATEMENT_TIMEOUT_MS = 10_000
BACKENDS = ("sqlite", "postgresql")
WRITE = "ikz_write"  # execution option: this connection writes (SQLite takes the write lock at BEGIN)


def database_url(data_folder: Path, environ: Mapping[str, str] | None = None) -> str:
    """Return the database URL: the environment's, else a SQLite file in the data folder."""
    environ = os.environ if environ is None else environ
    configured = environ.get(URL_VARIABLE, "").strip()
    return configured or f"sqlite:///{(data_folder / SQLITE_FILE).resolve()}"


def shown(url: str) -> str:
    """Return the URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable URL>"


def _parsed(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(None, URL_VARIABLE, "is not a database URL (e.g. postgresql+psycopg://user@host/db)") from None
    if parsed.get_backend_name() not in BACKENDS:
        raise InputError(None, URL_VARIABLE, f"names '{parsed.get_backend_name()}'; expected sqlite or postgresql")
    return parsed


def _sqlite_engine(parsed: URL) -> Engine:
    database = parsed.database or ""
    if database in ("", ":memory:"):
        raise InputError(None, URL_VARIABLE, "an in-memory SQLite database would lose every rating; name a file")
    folder = Path(database).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)  # created on first use
    except OSError as error:
        raise InputError(folder, URL_VARIABLE, f"cannot create the data folder ({error.strerror})") from None
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _connect(connection: Any, _record: Any) -> None:
        connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's implicit one
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A writer takes the write lock at BEGIN, so two writers queue (busy timeout) instead of deadlocking.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITE) else "BEGIN")

    return engine


def _postgresql_engine(parsed: URL) -> Engine:
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    options = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "options": options}
    return create_engine(parsed, connect_args=connect_args, pool_pre_ping=True, pool_timeout=CONNECT_TIMEOUT_SECONDS)


def _reason(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    first = str(original).strip().splitlines()
    return first[0] if first else type(original).__name__


def open_database(url: str) -> Engine:
    """Return an engine whose tables exist; raise InputError if the database cannot be reached or used."""
    parsed = _parsed(url)
    try:
        engine = _sqlite_engine(parsed) if parsed.get_backend_name() == "sqlite" else _postgresql_engine(parsed)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        with engine.connect().execution_options(**{WRITE: True}) as connection, connection.begin():
            metadata.create_all(connection)
    except (NoSuchModuleError, ImportError) as error:
        raise InputError(None, URL_VARIABLE, f"no driver for {shown(url)} ({error})") from None
    except (DBAPIError, SQLAlchemyError, OSError) as error:
        message = f"cannot reach the database {shown(url)} (tried for up to {CONNECT_TIMEOUT_SECONDS} s): "
        raise InputError(None, URL_VARIABLE, message + _reason(error)) from None
    return engine
