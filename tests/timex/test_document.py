"""date_document on the real seed pages (read from ../shared/seeds, never copied) and on
small texts written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dossier.timex import PartialDate, find_timexes
from dossier.timex.document import date_document

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is not available")
    return matches[0].read_text(encoding="utf-8")


def test_seed_000_inferred_from_dateline_weekday_and_years():
    d = date_document(seed("000"))
    assert (d.value, d.precision, d.method) == ("2005-11-14", "day", "inferred")
    assert 0.5 <= d.confidence <= 1
    assert any("November 14" in line for line in d.evidence)


def test_seed_001_header_line():
    d = date_document(seed("001"))
    assert (d.value, d.precision) == ("2007-05-30", "day")


def test_seed_002_date_line():
    d = date_document(seed("002"))
    assert (d.value, d.precision) == ("2023-10-07", "day")


def test_seed_003_inferred_month():
    d = date_document(seed("003"))
    assert (d.value, d.precision, d.method) == ("2008-02", "month", "inferred")
    assert any("February 6" in line for line in d.evidence)


def test_seed_004_inferred_within_2018():
    d = date_document(seed("004"))
    assert d.method == "inferred"
    assert d.precision in ("year", "month", "season", "quarter")
    assert d.interval_start.year == 2018 and d.interval_end.year == 2018


def test_seed_002_friday_and_saturday():
    text = seed("002")
    anchor = dt.date(2023, 10, 7)
    found = {t.text.lower(): t.value for t in find_timexes(text, anchor)}
    assert found["friday"] == "2023-10-06"
    # "a pipeline that opens on Saturday": present tense, upcoming; the anchor day is a
    # Saturday, so the upcoming Saturday is that very day.
    assert found["saturday"] == "2023-10-07"


def test_seed_004_next_week_after_the_article_date():
    anchor = dt.date(2018, 10, 12)
    nxt = [t for t in find_timexes(seed("004"), anchor) if t.text.lower() == "next week"]
    assert nxt and all(t.interval_start > anchor for t in nxt)


def test_seed_004_relative_expressions():
    found = {t.text: t.value for t in find_timexes(seed("004"), dt.date(2018, 10, 12))}
    assert found["October last year"] == "2017-10"
    assert found["April of this year"] == "2018-04"


def test_seed_000_this_year_and_years_end():
    found = {t.text: t for t in find_timexes(seed("000"), dt.date(2005, 11, 14))}
    assert found["this year"].value == "2005"
    assert found["year's end"].value == "2005" and found["year's end"].mod == "END"
    assert found["Monday"].value == "2005-11-14"


def test_no_date_anywhere_is_unknown():
    d = date_document("The committee discussed the budget. Members asked questions.")
    assert (d.value, d.precision, d.method, d.confidence) == (None, "unknown", "none", 0.0)


def test_partial_date_with_weekday():
    text = "Talks were held as planned. A treaty was signed in 2010 and trade grew."
    d = date_document(text, partial=PartialDate(month=3, day=14, weekday=1))
    # 14 March is a Monday in 2011 (the first such year from 2010 on).
    assert (d.value, d.precision) == ("2011-03-14", "day")


def test_dateline_with_year_is_taken_as_is():
    d = date_document("LONDON, March 3, 2011 (Reuters) - Markets fell on Thursday.")
    assert (d.value, d.method) == ("2011-03-03", "dateline")


def test_this_year_rules_out_a_stated_year():
    d = date_document("Exports grew in 2009 and are set to double this year.")
    assert (d.value, d.precision) == ("2010", "year")


def test_to_dict():
    d = date_document("Exports grew in 2009 and are set to double this year.")
    data = d.to_dict()
    assert data["value"] == "2010" and data["method"] == "inferred"
    assert data["interval_end"] == "2010-12-31"
