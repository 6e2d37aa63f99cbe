"""The header evaluation's scoring (bench/eval/header.py) on hand-made cases, not its data."""

from __future__ import annotations

import datetime as dt

from bench.eval.header import (
    after_crawl,
    classify_date,
    date_in_text,
    flatten_lxml,
    headline_truth,
    local_days,
    normalise,
    split_of,
    token_f1,
)

DAY = dt.date(2019, 11, 19)


def test_date_classes() -> None:
    assert classify_date("2019-11-19", DAY) == ("day", 1)
    assert classify_date("2019-11", DAY) == ("coarser", 30)
    assert classify_date("2019", DAY) == ("coarser", 365)
    assert classify_date("2019-11-18", DAY) == ("wrong", 1)
    assert classify_date("2018", DAY) == ("wrong", 365)
    assert classify_date(None, DAY) == ("none", None)
    assert classify_date("", DAY) == ("none", None)
    assert classify_date("2019-02-30", DAY)[0] == "wrong"  # given but not a date


def test_a_utc_declaration_is_right_on_the_local_day_the_page_prints() -> None:
    # 01:50 UTC on the 20th is the evening of the 19th in Los Angeles; 10:15 at +02:00 on
    # the 15th is no moment of the 16th anywhere.
    utc = local_days("2019-11-20T01:50:59.403Z", dt.date(2019, 11, 20))
    assert utc == (dt.date(2019, 11, 19), dt.date(2019, 11, 20))
    assert classify_date("2019-11-19", dt.date(2019, 11, 20), days=utc) == ("day", 1)
    assert classify_date("2019-11-18", dt.date(2019, 11, 20), days=utc)[0] == "wrong"
    own = local_days("2018-09-15T10:15:48+02:00", dt.date(2018, 9, 15))
    assert own == (dt.date(2018, 9, 15),) * 2
    assert classify_date("2018-09-16", dt.date(2018, 9, 15), days=own)[0] == "wrong"
    assert local_days("2019-11-20", dt.date(2019, 11, 20)) == (dt.date(2019, 11, 20),) * 2
    assert local_days("garbage T", dt.date(2019, 11, 20)) == (dt.date(2019, 11, 20),) * 2


def test_after_crawl() -> None:
    crawl = dt.date(2024, 2, 28)
    assert after_crawl("2024-03-02", crawl)
    assert not after_crawl("2024-02-28", crawl)
    assert not after_crawl("2024", crawl)  # starts before the crawl
    assert not after_crawl(None, crawl)
    assert not after_crawl("2025", None)


def test_title_normalisation() -> None:
    assert normalise("  Israel’s  agency\u00a0did not label the ‘enemy’ ") == \
        normalise("israel's agency did not label the 'enemy'")
    assert normalise("Play…and Pay – “now”") == normalise('play...and pay - "now"')
    assert normalise("Biden&#x27;s joke") == normalise("Biden's joke")
    assert normalise(None) == normalise("") == ""
    assert normalise("Opinion | A") != normalise("A")


def test_token_f1() -> None:
    assert token_f1("Republicans Are Following Trump", "republicans are following trump") == 1.0
    assert token_f1("A B", None) == 0.0
    assert abs(token_f1("a b c d", "a b c d - Site") - 2 * 0.8 / 1.8) < 1e-9


def test_split_is_fixed() -> None:
    # sha256("a") ends in ...48bb (odd: held-out), sha256("c") in ...efc6 (even: dev).
    assert split_of("a") == "held-out"
    assert split_of("c") == "dev"
    assert all(split_of(name) == split_of(name) for name in ("x.html", "APNews_0.html.gz"))
    assert {split_of(f"{i}.html") for i in range(20)} == {"dev", "held-out"}


def test_date_in_text_forms() -> None:
    for written in ("on 2019-11-19.", "Nov 19, 2019", "November 19 2019", "19 November 2019",
                    "19.11.2019", "11/19/2019", "19/11/2019", "2019/11/19", "19. November 2019",
                    "19 листопада 2019", "19 de noviembre de 2019", "Published Nov 19 20197:00"):
        assert date_in_text(f"x {written} y", DAY), written
    for other in ("2019-11-1", "2019-11-190", "Nov 18, 2019", "119.11.2019", "Nov 2019"):
        assert not date_in_text(f"x {other} y", DAY), other


def test_flatten_lxml_breaks_blocks_and_drops_scripts() -> None:
    text = flatten_lxml("<html><head><title>T</title><script>var a=1;</script></head>"
                        "<body><h1>Head</h1><p>One <b>two</b></p><div>Three<br>Four</div>"
                        "</body></html>")
    assert text.splitlines() == ["T", "Head", "One two", "Three", "Four"]


def test_headline_truth_without_the_declared_site_name() -> None:
    """A page declaring its <title> as its headline: the site's name it declares beside it
    is cut at either end, nothing else (a section stays)."""
    row = {"headline": "Dam gates to open - Valley Courier", "site_name": "Valley Courier"}
    assert headline_truth(row) == "Dam gates to open"
    row = {"headline": "Valley Courier :: Dam gates to open", "site_name": "Valley Courier"}
    assert headline_truth(row) == "Dam gates to open"
    row = {"headline": "Dam gates to open｜谷新聞", "site_name": "谷新聞"}
    assert headline_truth(row) == "Dam gates to open"
    row = {"headline": "Dam gates to open | Editorial", "site_name": "Valley Courier"}
    assert headline_truth(row) == "Dam gates to open | Editorial"
    row = {"headline": "Courier staff vote to strike", "site_name": "Courier"}
    assert headline_truth(row) == "Courier staff vote to strike"  # no separator: kept
    assert headline_truth({"headline": "Dam gates", "site_name": None}) == "Dam gates"


def test_the_site_key_joins_spellings_of_one_site_and_never_two_sites() -> None:
    from bench.eval.header import site_key

    same = [("The Washington Post", "Washington Post"), ("baltimoresun.com", "Baltimore Sun"),
            ("www.diariolibre.com", "Diario Libre"), ("LExpress.fr", "L'Express"),
            ("Stuff.co.nz", "Stuff")]
    for one, other in same:
        assert site_key(one) == site_key(other), (one, other)
    for one, other in [("Times of India", "India Times"), ("Philstar.com", "Pilipino Star"),
                       ("BBC News", "BBC Sport")]:
        assert site_key(one) != site_key(other), (one, other)
