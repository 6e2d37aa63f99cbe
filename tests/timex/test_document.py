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


# --- the sample corpus's undated pages (examples/README.md, "reader date") and the rules ----

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"


def example(name: str) -> str:
    from dossier.clean import clean_text

    return clean_text((EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")).text


def test_example_oxusreview_autumn_2017():
    # "twelve years ago" with "since 2005", "next year" with "a plan for 2018", "this autumn"
    d = date_document(example("oxusreview_russian-uzbek-troops-train-together"))
    assert (d.value, d.precision) == ("2017-FA", "season")
    assert d.interval_start >= dt.date(2017, 9, 1) and d.interval_end <= dt.date(2017, 12, 31)


def test_example_centralasiaweekly_november_2008():
    # "On Wednesday, November 12" after "in 2007", before "plan for 2010": 12 Nov 2008
    d = date_document(example("centralasiaweekly_tashkent-walks-out-of-eurasec"))
    assert (d.value, d.precision) == ("2008-11", "month")


def test_last_year_paired_with_an_explicit_year():
    d = date_document("The talks failed in 2016. Trade grew last year, in 2016, by a third.")
    assert (d.value, d.precision) == ("2017", "year")


def test_next_year_paired_with_a_future_year():
    d = date_document("The ministers met in 2012. They will sign a plan next year, for 2019.")
    assert d.value == "2018"


def test_years_ago_paired_with_a_year():
    d = date_document("The two armies last trained together in 2005. Twelve years ago the "
                      "exercise was held near Termez.")
    assert d.value == "2017"


def test_future_year_caps_the_year_and_past_year_floors_it():
    # the pairing "last year ... 2009" would say 2010, but 2011 is told as past: not 2010
    d = date_document("Sales fell last year from a peak in 2009. Output rose in 2011.")
    assert d.value is None or d.interval_start >= dt.date(2011, 1, 1)


def test_weekday_and_day_month_give_the_year():
    d = date_document("Exports fell in 2007. On Wednesday, November 12, the secretariat "
                      "received the note.")
    assert (d.value, d.precision) == ("2008-11", "month")


def test_no_future_date_for_a_past_event():
    d = date_document("The plant opened in 2010. A new line will open in 2014.")
    assert d.interval_start is not None and d.interval_end <= dt.date(2014, 12, 31)
    assert d.interval_start >= dt.date(2010, 1, 1)
