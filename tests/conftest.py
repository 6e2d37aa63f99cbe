"""Shared fixtures: stores, the CLI runner, our own articles and the shared seeds."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from dossier.ingest import ingest
from dossier.store import Store, open_store
from dossier.store.engine import database_url

# `make fuzz` (bench/fuzz.py) and `pytest --hypothesis-profile=fuzz tests/test_fuzz.py`: many
# examples, and no deadline (a slow input would be reported as flaky on a busy machine;
# bench/fuzz.py measures the slowest one instead).
settings.register_profile("fuzz", max_examples=5000, deadline=None, print_blob=True,
                          suppress_health_check=list(HealthCheck))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


PG_URL = os.environ.get("DOSSIER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
#: Both engines, for ``on_both_engines``: PostgreSQL's runs are marked ``postgres`` and skip,
#: saying why, where no server answers.
ENGINES = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


def on_both_engines(fixture: str = "store") -> pytest.MarkDecorator:
    """Run a test once per engine: ``fixture`` (``store``, ``db_path``) on SQLite, then on
    PostgreSQL."""
    return pytest.mark.parametrize(fixture, ENGINES, indirect=True)


#: Migrated PostgreSQL schemas, emptied, for the next store (creating and migrating one
#: costs 0.2-0.4 s, emptying one a few ms); dropped at the end of the session.
_PG_SCHEMAS: list[str] = []


@contextmanager
def pg_schema() -> Iterator[str]:
    """The URL of an empty schema of its own in the PostgreSQL test database: stores opened
    at once (two in one test, or a module's beside a test's) never meet. Skips, saying why,
    where no server answers."""
    admin = sa.create_engine(database_url(PG_URL))
    try:
        name = _PG_SCHEMAS.pop() if _PG_SCHEMAS else _new_schema(admin)
        url = sa.make_url(database_url(PG_URL)).update_query_dict(
            {"options": f"-csearch_path={name}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            _empty_schema(admin, name)
            _PG_SCHEMAS.append(name)
    finally:
        admin.dispose()


def _new_schema(admin: sa.Engine) -> str:
    name = f"dossier_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {name}"))
    except sa.exc.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {PG_URL}: {error.orig}")
    return name


def _empty_schema(admin: sa.Engine, name: str) -> None:
    """Every table of a used schema emptied, as the migrations leave a new one."""
    from dossier.store.schema import generations, metadata

    with admin.begin() as conn:
        conn.execute(sa.text("SET LOCAL lock_timeout = '10s'"))
        conn.execute(sa.text(f"SET LOCAL search_path = {name}"))
        if conn.execute(sa.text("SELECT to_regclass('alembic_version')")).scalar() is None:
            return  # nothing was opened in it
        # DELETE, not TRUNCATE: a test's few rows go in milliseconds, where TRUNCATE makes
        # new files for every table and index (0.3 s).
        for table in reversed(metadata.sorted_tables):
            if table is not generations:
                conn.execute(table.delete())
        conn.execute(generations.update().values(value=0))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the schemas the stores used."""
    if not _PG_SCHEMAS:
        return
    admin = sa.create_engine(database_url(PG_URL))
    try:
        with admin.begin() as conn:
            for name in _PG_SCHEMAS:
                conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
    finally:
        admin.dispose()
    _PG_SCHEMAS.clear()


@contextmanager
def fresh_store(engine: str, path: Path) -> Iterator[Store]:
    """A new, empty store on ``engine``: SQLite in the file ``path``, or PostgreSQL in a
    schema of its own."""
    if engine == "postgresql":
        with pg_schema() as url:
            opened = open_store(url)
            try:
                yield opened
            finally:
                opened.close()
        return
    opened = open_store(path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store: SQLite in a temporary file; PostgreSQL too under ``on_both_engines``."""
    with fresh_store(getattr(request, "param", "sqlite"), tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture
def pg_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store on the local PostgreSQL server (``$DOSSIER_TEST_PG``, a schema of its
    own); the test skips, saying why, where no server answers."""
    with fresh_store("postgresql", tmp_path / "unused.db") as opened:
        yield opened


@pytest.fixture
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where the ``cli`` fixture's database is: a SQLite file, or under ``on_both_engines``
    a PostgreSQL URL."""
    if getattr(request, "param", "sqlite") == "postgresql":
        with pg_schema() as url:
            yield url
        return
    yield tmp_path / "cli.db"


@pytest.fixture
def cli(db_path: Path):
    """Run ``dossier --db <tmp> ARGS``; returns the click Result."""
    from dossier.cli import cli as command

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(command, ["--db", str(db_path), *map(str, args)])

    return run


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not at {SEEDS}")
    return SEEDS


@pytest.fixture
def articles_dir() -> Path:
    return FIXTURES / "articles"


# A store with the seeds, our sample corpus and unrelated articles, summarised and linked
# once per session (loading the embedding model takes a few seconds).
@pytest.fixture(scope="session")
def reader_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not at {SEEDS}")
    path = tmp_path_factory.mktemp("reader") / "reader.db"
    store = open_store(path)
    paths = [SEEDS, FIXTURES / "unrelated",
             *(ROOT / "examples" / part for part in ("pages", "html", "feeds"))]
    report = ingest(store, paths, enrich=True)
    store.close()
    assert not report.failed, report.failed
    names = {}
    for entry in report.added:
        origin = Path(entry["origin"].split("#")[0])
        key = origin.name[:3] if origin.parent == SEEDS else origin.stem
        if "#L" in entry["origin"]:
            key = f"{origin.stem}#{entry['origin'].split('#L')[1]}"
        names[key] = entry["id"]
    return path, names


@pytest.fixture
def reader_store(reader_db, tmp_path):
    path, names = reader_db
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    store = open_store(copy)
    yield store, names
    store.close()
