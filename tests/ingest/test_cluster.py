"""``ingest --cluster``: the per-article pipeline on Dask workers, stored by this process.

The same store as a plain ingest; a worker killed mid-run loses and doubles nothing; a run
stopped (Ctrl-C, the database gone) resumes without redoing stored articles; a poisoned
article fails alone; an unreachable scheduler is one line and exit 1."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pytest
import sqlalchemy as sa

import dossier.ingest.cluster as cluster_module
from dossier.errors import StoreUnavailable
from dossier.ingest import IngestInterrupted, Progress, ingest
from dossier.ingest.cluster import local_cluster, process
from dossier.store import Store
from dossier.store.schema import articles, events
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PAGES = ROOT / "examples" / "pages"
EXAMPLES = [ROOT / "examples" / "pages", ROOT / "examples" / "html",
            ROOT / "examples" / "feeds"]

# The poisoned worker function below is sent to worker processes by value: they cannot
# import this test module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def threads() -> Iterator[str]:
    """A scheduler with two workers as threads of this process (fast to start: they share
    this process's models); its address."""
    cluster = local_cluster(2, processes=False)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def processes() -> Iterator[str]:
    """A scheduler with two worker processes (that can be killed); its address."""
    cluster = local_cluster(2, processes=True)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def stored(store: Store) -> dict[str, tuple[Any, ...]]:
    """Each stored article by its bytes' hash: ID if a reading app gave it, title,
    published date and precision, events, analysis and summary marks."""
    with store.engine.connect() as conn:
        counts = dict(conn.execute(sa.select(events.c.article_id, sa.func.count())
                                   .group_by(events.c.article_id)).all())
        rows = conn.execute(sa.select(articles)).all()
    return {row.content_hash: (
        row.id if (row.meta or {}).get("record", {}).get("id") else None,
        row.title, row.published, row.published_precision, counts.get(row.id, 0),
        row.analysis, row.summary_method) for row in rows}


def test_a_cluster_stores_what_a_plain_ingest_stores(store: Store, tmp_path: Path,
                                                    threads: str):
    """Same articles (IDs a reading app gave, titles, dates), same events, all enriched."""
    from dossier.store import open_store

    plain = open_store(tmp_path / "plain.db")
    try:
        expected = ingest(plain, [PAGES], enrich=True)
        want = stored(plain)
    finally:
        plain.close()
    report = ingest(store, [PAGES], enrich=True, cluster=threads)
    assert stored(store) == want
    assert [e["origin"] for e in report.added] == [e["origin"] for e in expected.added]
    assert report.to_dict().keys() == expected.to_dict().keys()
    assert not report.failed and not any(store.pending().values())


def _slow(raw: Any, settings: Any, enrich: bool) -> Any:
    """The pipeline, taking its time: a worker killed early has an article in hand."""
    time.sleep(0.5)
    return process(raw, settings, enrich)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(
        store: Store, processes: str, monkeypatch: pytest.MonkeyPatch):
    from distributed import Client

    killed: list[str] = []
    with Client(processes) as client:
        def kill_one(at: Progress) -> None:
            # Right after the first inputs are sent: the killed worker has one in hand.
            if not killed:
                busy = [address for address, keys in client.processing().items() if keys]
                killed.append(busy[0] if busy else next(iter(client.nthreads())))
                pid = client.run(os.getpid, workers=killed)[killed[0]]
                os.kill(pid, signal.SIGKILL)

        monkeypatch.setattr(cluster_module, "process", _slow)
        report = ingest(store, EXAMPLES, cluster=processes, on_progress=kill_one)
        assert killed and killed[0] not in client.nthreads()  # that worker did die
    assert not report.failed
    assert (len(report.added), len(report.duplicates)) == (14, 1)
    with store.engine.connect() as conn:
        origins = conn.execute(sa.select(articles.c.origin)).scalars().all()
    assert sorted(origins) == sorted(e["origin"] for e in report.added)  # each once


def _poisoned(raw: Any, settings: Any, enrich: bool) -> Any:
    """The pipeline, but a worker dies on an input that says POISON (a crash in a native
    library, the OOM killer)."""
    if "POISON" in (raw.text or ""):
        os._exit(1)
    return process(raw, settings, enrich)


def test_a_poisoned_article_fails_alone(store: Store, processes: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "in"
    shutil.copytree(PAGES, folder)
    (folder / "zz_poison.txt").write_text("POISON " + (PAGES.glob("*.txt").__next__())
                                          .read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(cluster_module, "process", _poisoned)
    report = ingest(store, [folder], cluster=processes)
    assert [f.origin for f in report.failed] == [str(folder / "zz_poison.txt")]
    assert "worker running it died" in report.failed[0].reason
    assert len(report.added) == 7 and store.count() == 7


def test_a_stopped_run_resumes_without_redoing_stored_articles(
        store: Store, threads: str, monkeypatch: pytest.MonkeyPatch):
    from distributed import Client

    sent: list[str] = []
    submit = Client.submit

    def counted(self: Client, func: Any, raw: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(raw.origin)
        return submit(self, func, raw, *args, **kwargs)

    monkeypatch.setattr(Client, "submit", counted)

    def ctrl_c(at: Progress) -> None:
        if at.done >= 4:
            raise KeyboardInterrupt

    monkeypatch.setattr(cluster_module, "BATCH", 4)
    with pytest.raises(IngestInterrupted) as stop:
        ingest(store, EXAMPLES, cluster=threads, on_progress=ctrl_c)
    first = {e["origin"] for e in stop.value.report.added}
    assert len(first) >= 4 and store.count() == len(first)
    sent.clear()
    report = ingest(store, EXAMPLES, cluster=threads)
    assert not first & set(sent)  # stored articles were not sent to the workers again
    assert {e["origin"] for e in report.duplicates} >= first
    assert store.count() == 14 and not report.failed


def test_the_database_gone_stops_the_run_and_a_rerun_resumes(
        store: Store, threads: str, monkeypatch: pytest.MonkeyPatch):
    calls = 0
    add = Store.add_article

    def failing(self: Store, article: Any, article_id: str | None = None) -> Any:
        nonlocal calls
        calls += 1
        if calls > 3:  # the server went away after three articles
            raise StoreUnavailable("database error: connection refused")
        return add(self, article, article_id)

    monkeypatch.setattr(Store, "add_article", failing)
    with pytest.raises(StoreUnavailable):
        ingest(store, [PAGES], cluster=threads)
    assert store.count() == 3
    monkeypatch.setattr(Store, "add_article", add)
    report = ingest(store, [PAGES], cluster=threads)
    assert (len(report.added), len(report.duplicates)) == (4, 3)
    assert store.count() == 7


def test_an_unreachable_scheduler_is_one_line_and_exit_1(cli, db_path: Path):
    result = cli("ingest", str(PAGES), "--cluster", "tcp://127.0.0.1:1")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in lines[0]
    assert "added" not in result.stdout
    from dossier.store import open_store

    opened = open_store(db_path)
    try:
        assert opened.count() == 0
    finally:
        opened.close()


def test_cli_local_cluster_prints_the_plain_ingests_json(cli, tmp_path: Path):
    """--cluster local:1 (a worker process started here): the same JSON as without it."""
    import json

    from click.testing import CliRunner

    from dossier.cli import cli as command

    result = cli("ingest", str(PAGES), "--no-enrich", "--cluster", "local:1", "--json")
    assert result.exit_code == 0, result.output
    plain = CliRunner().invoke(command, ["--db", str(tmp_path / "plain.db"), "ingest",
                                         str(PAGES), "--no-enrich", "--json"])
    got, want = json.loads(result.stdout), json.loads(plain.stdout)
    assert got.keys() == want.keys()
    assert [(e["title"], e["origin"]) for e in got["added"]] == \
        [(e["title"], e["origin"]) for e in want["added"]]


@pytest.mark.postgres
def test_a_cluster_ingest_into_postgresql(pg_store: Store, threads: str):
    report = ingest(pg_store, [PAGES], enrich=True, cluster=threads)
    assert len(report.added) == 7 and not report.failed
    again = ingest(pg_store, [PAGES], enrich=True, cluster=threads)
    assert len(again.duplicates) == 7 and pg_store.count() == 7
    assert not any(pg_store.pending().values())
    with pg_store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one() > 0
