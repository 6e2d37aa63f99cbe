"""Shared fixtures: stores, the CLI runner, our own articles and the shared seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.store import Store, open_store

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
