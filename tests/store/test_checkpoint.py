"""The write-ahead log is copied into the database file on a thread of its own shortly after
a write, not in a later writer's commit; closing the store waits for that thread."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid

from dossier.model import Article, PublishedDate
from dossier.store import open_store
from dossier.store.engine import Checkpointer


def _article(n: int) -> Article:
    return Article(text=f"Article {n}: {uuid.uuid4()}.", origin=f"test:{n}",
                   content_hash=uuid.uuid4().hex * 2, text_hash=uuid.uuid4().hex * 2,
                   title=f"Article {n}",
                   published=PublishedDate("2020", "year", "metadata", "test", 1.0), words=3)


def _titles_in_main_file(path) -> set[str]:  # type: ignore[no-untyped-def]
    """What the database file itself holds, the log left aside (``immutable`` reads the
    file as it is, without the write-ahead log)."""
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT title FROM articles")}
    except sqlite3.OperationalError:  # not even the tables yet (they are in the log too)
        return set()
    finally:
        connection.close()


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "dossier-checkpoint"]


def test_a_write_reaches_the_database_file_without_closing_the_store(tmp_path):
    path = tmp_path / "c.db"
    store = open_store(path)
    try:
        store.add_article(_article(1))
        deadline = time.monotonic() + 10
        while "Article 1" not in _titles_in_main_file(path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Article 1" in _titles_in_main_file(path)
        # The log is reused from its start: what is written next goes in after a checkpoint.
        store.add_article(_article(2))
        deadline = time.monotonic() + 10
        while "Article 2" not in _titles_in_main_file(path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert {"Article 1", "Article 2"} <= _titles_in_main_file(path)
    finally:
        store.close()
    assert not [t for t in _checkpoint_threads() if t.is_alive()]


def _wait_for_threads(count: int) -> None:
    deadline = time.monotonic() + 10
    while len(_checkpoint_threads()) != count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_checkpoint_threads()) == count


def test_reads_start_no_checkpoint_and_an_idle_thread_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(Checkpointer, "IDLE", 0.3)
    before = len(_checkpoint_threads())
    store = open_store(tmp_path / "c.db")
    try:
        _wait_for_threads(before)  # the migrations' checkpoint done, the thread idle and gone
        store.count()
        assert len(_checkpoint_threads()) == before  # a read commits nothing
        store.add_article(_article(1))
        assert len(_checkpoint_threads()) == before + 1
        _wait_for_threads(before)
        store.add_article(_article(2))  # the next write starts another
        assert len(_checkpoint_threads()) == before + 1
    finally:
        store.close()
    assert len(_checkpoint_threads()) == before


def test_a_long_write_is_checkpointed_after_it_commits(tmp_path, monkeypatch):
    """The checkpoint follows the commit, however long the transaction took."""
    monkeypatch.setattr(Checkpointer, "DELAY", 0.05)
    path = tmp_path / "c.db"
    store = open_store(path)
    try:
        with store.atomic() as conn:
            conn.exec_driver_sql(
                "INSERT INTO generations (name, value) VALUES ('long-write', 1)")
            time.sleep(0.3)  # several checkpoint delays inside one transaction
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not _has_long_write(path):
            time.sleep(0.05)
        assert _has_long_write(path)
    finally:
        store.close()


def _has_long_write(path) -> bool:  # type: ignore[no-untyped-def]
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return bool(connection.execute(
            "SELECT 1 FROM generations WHERE name = 'long-write'").fetchall())
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


def test_a_store_used_after_closing_and_a_forked_child_still_checkpoint(tmp_path):
    import os

    path = tmp_path / "c.db"
    store = open_store(path)
    store.add_article(_article(1))
    store.close()
    store.add_article(_article(2))  # the engine reconnects; so does the checkpointer
    deadline = time.monotonic() + 10
    while "Article 2" not in _titles_in_main_file(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Article 2" in _titles_in_main_file(path)
    store.engine.dispose()  # a child must not share the parent's pooled connections
    pid = os.fork()
    if pid == 0:  # the child writes; its own thread must copy the log
        try:
            store.add_article(_article(3))
            deadline = time.monotonic() + 10
            while "Article 3" not in _titles_in_main_file(path) and \
                    time.monotonic() < deadline:
                time.sleep(0.05)
            os._exit(0 if "Article 3" in _titles_in_main_file(path) else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    store.close()
    assert os.waitstatus_to_exitcode(status) == 0
