"""`dossier dates` and `dossier redate` on the seeds (read from ../shared/seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier import queries
from dossier.ingest import ingest
from tests.conftest import on_both_engines


@pytest.fixture
def seeded(store, seeds_dir: Path):
    report = ingest(store, [seeds_dir])
    return store, {Path(e["origin"]).name[:3]: e["id"] for e in report.added}


def _find(expressions, text):
    return [e for e in expressions if e["text"] == text]


def test_on_friday_in_002_is_the_day_before_the_article(seeded):
    store, ids = seeded
    found = queries.dates(store, ids["002"])
    friday = _find(found["expressions"], "Friday")
    assert friday and friday[0]["value"] == "2023-10-06"
    assert "Mirziyoyev of Uzbekistan in Moscow on Friday" in friday[0]["sentence"]


def test_next_week_in_004_is_after_the_article(seeded):
    store, ids = seeded
    found = queries.dates(store, ids["004"])
    assert found["published"]["value"].startswith("2018")
    next_week = [e for e in found["expressions"] if e["text"].lower() == "next week"]
    assert next_week
    # Known only to the year, the article gives no week to count from: never a made-up
    # date, and never one before the article.
    start = next_week[0]["interval_start"]
    assert start is None or start >= found["published"]["value"]


def test_inferred_dates_carry_their_evidence(seeded):
    store, ids = seeded
    record = queries.article(store, ids["000"])
    assert record["published"]["value"] == "2005-11-14"
    assert record["published"]["method"] == "inferred"
    assert "MOSCOW, November 14 (RIA Novosti)" in record["published"]["evidence"]
    assert 0 < record["published"]["confidence"] < 1


def test_redate_keeps_stated_dates_and_reruns_inferred(seeded, cli, db_path, seeds_dir):
    store, ids = seeded
    assert queries.redate(store, ids["002"])["changed"] is False  # from the record block
    again = queries.redate(store, ids["000"])
    assert again["after"]["value"] == "2005-11-14"


@on_both_engines("db_path")
def test_dates_and_redate_commands(cli, db_path, seeds_dir):
    assert cli("ingest", seeds_dir).exit_code == 0
    listing = json.loads(cli("list", "--json").stdout)
    first = listing[0]["id"]
    shown = json.loads(cli("dates", first, "--json").stdout)
    assert shown["article"] == first and shown["expressions"]
    assert all({"value", "precision", "sentence", "start", "end"} <= set(e)
               for e in shown["expressions"])
    result = cli("redate", "--all")
    assert result.exit_code == 0 and "of 5 re-dated" in result.stderr
    assert cli("redate").exit_code == 2
    assert cli("dates", "nope-nope").exit_code == 1
