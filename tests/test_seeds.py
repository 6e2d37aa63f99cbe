"""The five real pages in ../shared/seeds, read at test time (never copied): each becomes
one record with its metadata found where the page states it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest import ingest
from dossier.queries import article_record
from tests.conftest import on_both_engines

#: The seeds' ingest runs on SQLite and on PostgreSQL.
pytestmark = on_both_engines()


@pytest.fixture
def seeded(store, seeds_dir: Path):
    report = ingest(store, [seeds_dir])
    assert not report.failed
    by_seed = {Path(e["origin"]).name[:3]: store.article(e["id"]) for e in report.added}
    return store, by_seed


def test_five_records(seeded):
    store, by_seed = seeded
    assert sorted(by_seed) == ["000", "001", "002", "003", "004"]
    assert store.count() == 5


def test_seed_002_record_block_becomes_metadata(seeded, seeds_dir: Path):
    _, by_seed = seeded
    record = by_seed["002"]
    assert record["id"] == "391fdea5-4791-49a0-8562-4cf8540b2016"
    assert record["category"] == "nhk"
    assert record["url"] == "https://www3.nhk.or.jp/nhkworld/en/news/20231007_09/"
    assert (record["published"], record["published_precision"], record["published_method"]) == (
        "2023-10-07", "day", "record")
    # The app's own counters agree with ours, and its history is kept.
    assert record["words"] == record["meta"]["record"]["words"]
    assert record["read_count"] == 1 and record["last_read"].isoformat() == "2023-10-08T15:51:00"
    for marker in ("Similar Readings", "Read Count", "Category ID", "Additionally,"):
        assert marker not in record["text"]
    # Every paragraph of the page appears exactly once.
    page = (seeds_dir / "002_07a8c6493f230224.txt").read_text().split("Similar Readings")[0]
    paragraphs = {line.strip() for line in page.splitlines() if line.strip()}
    for paragraph in paragraphs:
        assert record["text"].count(paragraph) == 1, paragraph


def test_dates_found_where_the_text_states_them(seeded):
    _, by_seed = seeded
    got = {
        seed: (r["published"], r["published_precision"], r["published_method"])
        for seed, r in by_seed.items()
    }
    assert got["001"] == ("2007-05-30", "day", "header")
    assert got["002"] == ("2023-10-07", "day", "record")
    # 000 states only "November 14" in its dateline: the year is inferred from the text
    # ("Monday's talks", "the 2004 treaty", "this year"), and the evidence says so.
    assert got["000"] == ("2005-11-14", "day", "inferred")
    assert by_seed["000"]["published_evidence"].startswith("MOSCOW, November 14 (RIA Novosti)")


def test_sources_titles_and_headers(seeded):
    _, by_seed = seeded
    assert by_seed["000"]["source"] == "RIA Novosti"
    assert by_seed["000"]["title"] == "WRAP: Russia, Uzbekistan sign alliance agreement"
    assert by_seed["000"]["meta"]["site"] == "Sputnik International"
    assert by_seed["000"]["meta"]["place"] == "Moscow"
    assert by_seed["001"]["title"] == "Defence Cooperation Keeps Uzbeks Close to Russia"
    assert by_seed["003"]["source"] == "Eurasia Daily Monitor"
    assert by_seed["003"]["meta"]["publication"] == {
        "name": "Eurasia Daily Monitor", "volume": "5", "issue": "27"}
    assert not by_seed["003"]["text"].startswith("Publication:")
    # 004 has no headline: its lead sentence names it, and the record says so.
    assert by_seed["004"]["meta"]["title_from"] == "lead sentence"
    assert by_seed["004"]["text"].startswith(by_seed["004"]["title"].rstrip("…"))


@pytest.mark.parametrize(
    "chrome",
    ["Subscribe", "Newsfeed", "log in or register", "Frontline Updates",
     "Support local journalists", "• Reuters", "globallookpress.com",
     "Заголовок открываемого материала", "The latest news and stories from Russia"],
)
def test_no_chrome_survives(seeded, chrome):
    _, by_seed = seeded
    for seed, record in by_seed.items():
        assert chrome not in record["text"], seed


def test_record_json_shape(seeded):
    _, by_seed = seeded
    shown = article_record(by_seed["001"])
    assert set(shown) >= {"id", "title", "source", "category", "url", "published", "created",
                          "updated", "last_read", "read_count", "words", "reading_minutes"}
    assert shown["published"]["evidence"] == "Wednesday, 30 May, 2007"
    assert shown["reading_minutes"] == 2
