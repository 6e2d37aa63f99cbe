"""The same articles give the same timeline, whatever the order they are ingested and
analysed in: the same inputs ingested twice gave 1,703 and 1,712 entries, because fusion
placed a batch's events in the order of their articles' random IDs and broke ties between
candidate entries by IDs made from them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dossier import queries
from dossier.corpus.chronology import analyse_articles
from dossier.ingest import ingest
from dossier.settings import Settings
from dossier.store import Store
from tests.conftest import ENGINES, FIXTURES, ROOT, SHARED_DATA, fresh_store

#: Overlapping stories: the sample corpus (Russia, Uzbekistan, the CSTO... 1999-2024, with a
#: reprint) and our own wire articles. Fused in the order of their random IDs, two stores
#: of it differed by a few entries.
CORPUS = [ROOT / "examples", FIXTURES / "articles"]
T17 = SHARED_DATA / "t17" / "Timeline17" / "LibyaWar_reuters" / "InputDocs"


def files_of(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders if folder.is_dir()
                  for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".md"))


def chronology(store: Store, files: list[Path], processes: int) -> list[dict[str, Any]]:
    """Ingest ``files`` in this order, analyse them in one batch; every entry, in order."""
    report = ingest(store, files, Settings(min_words=20))
    assert report.added and not report.failed, report.failed
    analyse_articles(store, [e["id"] for e in report.added], processes=processes)
    return _all_entries(store)


def comparable(store: Store, entries: list[dict[str, Any]]) -> list[tuple]:
    """Entries with their sources, articles named by origin (their IDs are random)."""
    origin = {row["id"]: row["origin"] for row in store.articles()}

    def named(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: named(v) if k != "article" else origin[v] for k, v in value.items()
                    if k != "event"}
        return [named(v) for v in value] if isinstance(value, list) else value

    return sorted(
        (e["id"], e["type"], e["date"] or "", e["date_end"] or "", e["precision"], e["modality"],
         e["summary"], json.dumps(named(e["conflicts"]), sort_keys=True),
         sorted((origin[s["article"]], s["sentence"], s["date"] or "", s["modality"])
                for s in e["sources"]))
        for e in entries)


@pytest.fixture(scope="module")
def forward(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    """The corpus's timeline on SQLite, its files ingested in name order."""
    with fresh_store("sqlite", tmp_path_factory.mktemp("forward") / "a.db") as store:
        return comparable(store, chronology(store, files_of(CORPUS), processes=1))


@pytest.mark.parametrize("engine", ENGINES)
def test_two_stores_two_orders_give_one_timeline(forward: list[tuple], engine: str,
                                                 tmp_path: Path):
    """The files reversed, in another store (SQLite, or PostgreSQL): the same entries, with
    the same sources, dates, summaries, conflicts and IDs."""
    with fresh_store(engine, tmp_path / "b.db") as store:
        backward = comparable(store, chronology(store, files_of(CORPUS)[::-1], processes=1))
    assert len(forward) > 40
    assert sum(len(entry[-1]) > 1 for entry in forward) > 5  # stories told by several sources
    assert backward == forward


@pytest.mark.skipif(not T17.is_dir(), reason=f"Timeline17 is not at {T17}")
def test_real_news_in_two_orders_gives_one_timeline(tmp_path: Path):
    """Twenty-five short Reuters reports of the first weeks of the Libyan war (Timeline17, read
    where it lies): the same states, NATO and the UN in many events. Analysed in-process
    (two worker processes would cost more than the test: fusion runs once, on the stored
    events, after every analysis has come back, so the workers' order never reaches it)."""
    files = [path for path in files_of([T17]) if 0 < path.stat().st_size < 3500][:25]
    with fresh_store("sqlite", tmp_path / "a.db") as first, \
            fresh_store("sqlite", tmp_path / "b.db") as second:
        forward = comparable(first, chronology(first, files, processes=1))
        backward = comparable(second, chronology(second, files[::-1], processes=1))
    assert len(forward) > 40 and any(len(entry[-1]) > 1 for entry in forward)
    assert backward == forward


def test_incremental_fusion_gives_the_timeline_of_one_run(forward: list[tuple], tmp_path: Path):
    """Issue 16: the corpus ingested backwards and analysed one article at a time (each new
    article's events join the entries already there, nothing rebuilt) makes the entries one
    run over all of it makes; and ``dossier analyse --all`` afterwards changes none."""
    with fresh_store("sqlite", tmp_path / "c.db") as store:
        report = ingest(store, files_of(CORPUS)[::-1], Settings(min_words=20))
        assert report.added and not report.failed, report.failed
        ids = [e["id"] for e in report.added]
        for article_id in ids:
            analyse_articles(store, [article_id], processes=1)
        one_by_one = comparable(store, _all_entries(store))
        analyse_articles(store, sorted(ids), processes=1)
        again = comparable(store, _all_entries(store))
    assert one_by_one == forward
    assert again == forward


def _all_entries(store: Store) -> list[dict[str, Any]]:
    entries, cursor = [], None
    while True:
        page = queries.timeline(store, limit=500, cursor=cursor)
        entries += page["entries"]
        if not (cursor := page["next"]):
            return entries
