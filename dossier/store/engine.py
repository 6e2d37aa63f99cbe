"""Engines for the two databases: SQLite (embedded default, one file, WAL) and PostgreSQL."""

from __future__ import annotations

import os
from contextvars import ContextVar
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

DEFAULT_DB = "dossier.db"

#: True inside Store.atomic(): the transaction about to begin will write.
WRITING: ContextVar[bool] = ContextVar("dossier_store_writing", default=False)


def database_url(target: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from a path, a URL, ``$DOSSIER_DB`` or the default file."""
    target = target or os.environ.get("DOSSIER_DB") or DEFAULT_DB
    target = str(target)
    if "://" in target:
        if target.startswith("postgres://"):
            target = "postgresql://" + target[len("postgres://") :]
        if target.startswith("postgresql://"):
            target = "postgresql+psycopg://" + target[len("postgresql://") :]
        return target
    if target == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(target).expanduser()}"


def create_engine(url: str) -> sa.Engine:
    """An engine set up for Dossier's use of the database behind ``url``."""
    if url.startswith("sqlite"):
        # Pooled connections (SQLAlchemy's default for a file): a new SQLite connection
        # parses the schema and starts with an empty page cache, which cost a search
        # several milliseconds on each of its four queries at 10,000 articles.
        engine = sa.create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so that a write
        # transaction (Store.atomic) is BEGIN IMMEDIATE and never half-applied, while a
        # read is a plain BEGIN that never waits behind a writer (WAL readers don't block).
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(
            "BEGIN IMMEDIATE" if WRITING.get() else "BEGIN"))
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # transactions are begun explicitly (see above)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Reads through a memory map rather than read() calls (texts span overflow pages), and a
    # larger page cache per pooled connection; both only bound memory, they change no result.
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()
