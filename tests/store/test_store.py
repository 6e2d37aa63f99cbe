"""The store: migrations, one transaction per article, IDs, counters, both engines."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from dossier.errors import NotFound
from dossier.model import Article, PublishedDate
from dossier.store import Store, like_prefix, open_store, prefix_range
from dossier.store.engine import database_url
from dossier.store.schema import articles
from tests.conftest import on_both_engines


def make_article(n: int, **changes) -> Article:
    fields = dict(
        text=f"Article number {n} tells of talks between ministers.",
        origin=f"/tmp/{n}.txt",
        content_hash=f"{n:064x}",
        text_hash=f"{n + 10_000:064x}",
        title=f"Talks {n}",
        source="Wire",
        published=PublishedDate(f"2019-05-{n:02d}", "day", "metadata", "test", 0.9),
        words=8,
        reading_minutes=1,
    )
    fields.update(changes)
    return Article(**fields)


def test_database_url_forms(monkeypatch):
    monkeypatch.delenv("DOSSIER_DB", raising=False)
    assert database_url("x.db") == "sqlite:///x.db"
    assert database_url(":memory:") == "sqlite://"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("DOSSIER_DB", "/data/d.db")
    assert database_url() == "sqlite:////data/d.db"


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from dossier.store import _MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_migrations_are_applied_once(tmp_path):
    path = tmp_path / "m.db"
    open_store(path).close()
    second = open_store(path)
    with second.engine.connect() as conn:
        version = conn.execute(sa.text("select version_num from alembic_version")).scalar_one()
        mode = conn.execute(sa.text("pragma journal_mode")).scalar_one()
    assert version == _head_revision()
    assert mode == "wal"
    second.close()


def test_add_is_idempotent_by_bytes_and_by_text(store: Store):
    first = store.add_article(make_article(1))
    assert first.status == "added"
    assert store.add_article(make_article(1)).status == "duplicate"
    same_text = make_article(2, text_hash=make_article(1).text_hash)
    assert store.add_article(same_text).id == first.id
    assert store.count() == 1


def test_record_id_from_a_reading_app_is_kept(store: Store):
    record_id = str(uuid.uuid4())
    added = store.add_article(
        make_article(3, meta={"record": {"id": record_id, "read_count": 4,
                                         "created": "2019/03/15 09:10"}})
    )
    assert added.id == record_id
    row = store.article(record_id[:6])
    assert row["read_count"] == 4 and row["created"].year == 2019


def test_failed_write_leaves_nothing_half_written(store: Store):
    store.add_article(make_article(1))
    with pytest.raises(RuntimeError), store.atomic() as conn:
        conn.execute(articles.update().values(title="changed"))
        conn.execute(articles.delete())
        raise RuntimeError("crash in the middle of a unit of work")
    assert store.count() == 1
    assert store.articles()[0]["title"] == "Talks 1"


def test_unknown_and_ambiguous_ids(store: Store):
    with pytest.raises(NotFound, match="no article with ID 'abcdef'"):
        store.article("abcdef")
    with pytest.raises(NotFound, match="at least 4"):
        store.article("ab")


def _patterns(article_id: str) -> list[str]:
    """LIKE patterns that matched the article when a prefix went to LIKE unescaped."""
    return ["%" + article_id[5:9], "____" + article_id[4:8], "%", "_" * 8 + "%",
            article_id[:4] + "%", article_id[:4] + "_" * 4]


def _refuses_patterns(store: Store) -> None:
    added = store.add_article(make_article(1))
    for pattern in _patterns(added.id):
        with pytest.raises(NotFound, match="hex digits and hyphens"):
            store.article(pattern)
        with pytest.raises(NotFound):
            store.delete_article(pattern)
    assert store.article(added.id[:8].upper())["id"] == added.id
    assert store.article(added.id[:9])["id"] == added.id  # hyphen included


def test_id_prefixes_are_never_like_patterns(store: Store):
    """`show "%abc"` and `delete "____abcd" --yes` resolved an article: LIKE wildcards."""
    _refuses_patterns(store)


def test_like_prefix_takes_wildcards_literally(store: Store):
    assert like_prefix("a%b_c\\") == "a\\%b\\_c\\\\%"
    with store.engine.connect() as conn:
        def matches(text: str, value: str) -> bool:
            pattern = sa.literal(text).like(like_prefix(value), escape="\\")
            return bool(conn.execute(sa.select(pattern)).scalar())

        assert matches("50%_off", "50%_") and not matches("50xyoff", "50%_")
        assert matches("a\\b", "a\\") and not matches("ab", "a\\")


@pytest.mark.postgres
def test_id_prefixes_are_never_like_patterns_on_postgresql(pg_store: Store):
    _refuses_patterns(pg_store)


#: IDs around the boundaries a prefix's range must get right: "9" before "a", "f" (the
#: carry), a hyphen, and neighbours that share all but the last character typed.
_BOUNDARY_IDS = [
    "abc9ffff-0000-4000-8000-000000000000", "abca0000-0000-4000-8000-000000000000",
    "abcfffff-ffff-4fff-8fff-ffffffffffff", "abd00000-0000-4000-8000-000000000000",
    "abcdef12-0000-4000-8000-000000000000", "abcdef12-f000-4000-8000-000000000000",
    "abcdef13-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-8fff-ffffffffffff",
    "ffff0000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000000",
]
_BOUNDARY_PREFIXES = ["abc9", "abca", "abcf", "abcfffff", "abcfffff-", "abcfffff-ffff-4f",
                      "abcdef12-", "abcdef12-f", "abcdef12-0", "ffff", "ffffffff-", "0000",
                      "abd0", "abce", "9999"]


def test_prefix_range_holds_exactly_the_prefix_ids():
    """The range (in byte order, SQLite's and the C collation's) holds an ID exactly when
    the ID starts with the prefix, at every boundary and over random UUIDs."""
    import random

    rng = random.Random(17)
    ids = _BOUNDARY_IDS + [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(3000)]
    prefixes = _BOUNDARY_PREFIXES + [i[:n] for i in ids[:400] for n in (4, 5, 8, 9, 10, 14)]
    for prefix in prefixes:
        low, high = prefix_range(prefix)
        inside = {i for i in ids if low <= i and (high is None or i < high)}
        assert inside == {i for i in ids if i.startswith(prefix)}, prefix
    assert prefix_range("abc9") == ("abc9", "abca")
    assert prefix_range("abcf") == ("abcf", "abd")
    assert prefix_range("abcd-") == ("abcd-", "abce")  # never "." or ":" as a bound
    assert prefix_range("ffff-ff") == ("ffff-ff", None)


@on_both_engines()
def test_typed_prefixes_find_exactly_their_ids(store: Store):
    """`dossier show ABC9` resolves by a range on the primary key: each boundary prefix
    finds the one ID that starts with it, and says when several or none do."""
    for n, ident in enumerate(_BOUNDARY_IDS, start=1):
        added = store.add_article(make_article(n, meta={"record": {"id": ident}}))
        assert added.id == ident
    for prefix in _BOUNDARY_PREFIXES:
        starting = [i for i in _BOUNDARY_IDS if i.startswith(prefix)]
        if len(starting) == 1:
            assert store.article(prefix.upper())["id"] == starting[0], prefix
        else:
            with pytest.raises(NotFound, match="several" if starting else "no article"):
                store.article(prefix)


def test_mark_read_counts_and_stamps(store: Store):
    added = store.add_article(make_article(1))
    row = store.mark_read(added.id)
    row = store.mark_read(added.id)
    assert row["read_count"] == 2 and row["last_read"] is not None


def test_totals(store: Store):
    store.add_article(make_article(1))
    store.add_article(make_article(2, source="Other"))
    store.mark_read(store.articles()[0]["id"])
    totals = store.totals()
    assert totals["articles"] == 2 and totals["reads"] == 1 and totals["unread"] == 1
    assert totals["by_source"] == {"Other": 1, "Wire": 1}
    assert totals["by_month"] == {"2019-05": 2}


@pytest.mark.postgres
def test_postgresql_engine_behaves_the_same(pg_store: Store):
    """Runs against the local PostgreSQL server (``$DOSSIER_TEST_PG``); skips without one."""
    pg = pg_store
    assert pg.dialect == "postgresql"
    added = pg.add_article(make_article(1))
    assert pg.add_article(make_article(1)).status == "duplicate"
    assert pg.article(added.id[:6])["title"] == "Talks 1"
    assert pg.mark_read(added.id)["read_count"] == 1
    assert pg.totals()["by_month"] == {"2019-05": 1}


def test_reads_do_not_wait_behind_a_writer(store: Store):
    """Reads begin a plain (deferred) transaction: with WAL they never wait for a writer."""
    import threading
    import time

    store.add_article(make_article(1))
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.atomic() as conn:
            conn.execute(articles.update().values(title="being written"))
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(5)
    started = time.perf_counter()
    assert store.count() == 1
    assert store.articles()[0]["title"] == "Talks 1"  # the committed state, not the pending
    waited = time.perf_counter() - started
    release.set()
    thread.join()
    assert waited < 1.0
    assert store.articles()[0]["title"] == "being written"
