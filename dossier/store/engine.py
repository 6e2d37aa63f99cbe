"""Engines for the two databases: SQLite (embedded default, one file, WAL) and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import weakref
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import quote

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
        if engine.url.database:
            checkpointer = _CHECKPOINTERS[engine] = Checkpointer(engine.url.database)
            event.listen(engine, "commit", lambda _conn: checkpointer.wrote())
        # pysqlite's own transaction handling defers BEGIN; take control so that a write
        # transaction (Store.atomic) is BEGIN IMMEDIATE and never half-applied, while a
        # read is a plain BEGIN that never waits behind a writer (WAL readers don't block).
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(
            "BEGIN IMMEDIATE" if WRITING.get() else "BEGIN"))
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def stop_checkpoints(engine: sa.Engine) -> None:
    """Let an engine's background checkpoint finish (before the engine is disposed)."""
    checkpointer = _CHECKPOINTERS.get(engine)
    if checkpointer is not None:
        checkpointer.stop()


class Checkpointer:
    """Copies a SQLite file's write-ahead log into the database on a thread of its own,
    shortly after writes, instead of inside a writer's commit.

    SQLite's automatic checkpoint runs in the commit that takes the log past 1,000 pages:
    at 100,000 events every third or fourth fusion of an article paid 25-90 ms for it.
    SQLite's documentation suggests turning it off and checkpointing from another thread;
    a PASSIVE checkpoint takes no lock that readers or writers wait on. The automatic one
    stays on at a larger size (see ``_sqlite_pragmas``): under back-to-back writes (an
    import fusing article after article) a transaction always commits after the thread's
    checkpoint ends, so the log never starts again from its beginning and grows to that
    size, whose checkpoint then costs one commit in about 60 some 50 ms. Measured over 120
    fusions at 100,000 events, p50 / p95 / max ms: SQLite's default 9 / 27 / 33; this
    9 / 14 / 51-59; with a RESTART checkpoint after each PASSIVE one (the log starts
    again, but writers wait for its sync) 10 / 29-36 / 47.
    Written by hand: neither SQLAlchemy nor the sqlite3 module offers it."""

    #: Writes that come this close together share one checkpoint.
    DELAY = 0.2
    #: An idle thread ends after this long; the next write starts another.
    IDLE = 30.0

    def __init__(self, path: str) -> None:
        # Absolute, and opened read-write only: a later change of directory never makes the
        # thread create an empty database somewhere else.
        self.path = os.path.abspath(path)
        self._reset()

    def _reset(self) -> None:
        """A fresh state: at start, and in the child of a fork (where the parent's thread
        does not exist and a lock it held would stay held)."""
        self._pending = threading.Event()
        self._stopping = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def wrote(self) -> None:
        """A transaction commits: a checkpoint follows it (also after ``stop``, for a store
        used again after it was closed)."""
        self._pending.set()
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="dossier-checkpoint",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Finish the checkpoint under way (if any) and end the thread."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        self._pending.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        while True:
            if not self._pending.wait(self.IDLE):
                with self._lock:  # idle: end, unless a write came in meanwhile
                    if not self._pending.is_set():
                        self._thread = None
                        return
                continue
            self._pending.clear()
            if self._stopping:
                return
            time.sleep(self.DELAY)  # the rest of the transaction, and the next ones
            if self._stopping:
                return
            if not self.checkpoint():
                self._pending.set()  # a reader held part of the log: try again shortly

    def checkpoint(self) -> bool:
        """Copy what the log holds into the database, as far as readers allow; whether all
        of it was copied."""
        try:
            connection = sqlite3.connect(f"file:{quote(self.path)}?mode=rw", uri=True,
                                         timeout=1)
            try:
                busy, log, copied = connection.execute(
                    "PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                connection.close()
        except sqlite3.Error:
            return True  # no file or no log (closed, deleted): nothing to retry
        return not busy and copied >= log


#: Each SQLite file engine's checkpointer.
_CHECKPOINTERS: weakref.WeakKeyDictionary[sa.Engine, Checkpointer] = weakref.WeakKeyDictionary()


def _after_fork() -> None:
    for checkpointer in list(_CHECKPOINTERS.values()):
        checkpointer._reset()


os.register_at_fork(after_in_child=_after_fork)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # transactions are begun explicitly (see above)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Checkpoints run on a thread of their own (Checkpointer); the automatic one only if the
    # log ever reaches 10,000 pages (40 MB) before that thread copies it.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    # Reads through a memory map rather than read() calls (texts span overflow pages), and a
    # larger page cache per pooled connection; both only bound memory, they change no result.
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()
