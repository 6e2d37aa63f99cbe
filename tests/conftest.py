"""Shared fixtures: stores, the CLI runner, our own articles and the shared seeds."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh SQLite store in a temporary file."""
    opened = open_store(tmp_path / "test.db")
    yield opened
    opened.close()


PG_URL = os.environ.get("DOSSIER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
# Every table of the test database, whatever the migrations have added since.
_RESET = "drop schema public cascade; create schema public"


def _reset_postgres() -> None:
    probe = sa.create_engine(database_url(PG_URL))
    try:
        with probe.begin() as conn:
            conn.execute(sa.text(_RESET))
    except sa.exc.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {PG_URL}: {error.orig}")
    finally:
        probe.dispose()


@pytest.fixture
def pg_store() -> Store:
    """A fresh store on the local PostgreSQL server (database ``test``, emptied before and
    after); the test skips, saying why, where no server answers."""
    _reset_postgres()
    opened = open_store(PG_URL)
    yield opened
    opened.close()
    _reset_postgres()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


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
