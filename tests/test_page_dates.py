"""The publication date a page declares about itself (dossier.pagedates) and its place in
the pipeline: after htmldate's fast pass, before its extensive search of the page text."""

from __future__ import annotations

from datetime import date

from dossier.clean import clean_text
from dossier.model import RawDocument
from dossier.pagedates import declared_dates, declared_published, parse_declared
from dossier.pipeline import extract_html, published_date

BODY = (
    "<p>The retailer said on Tuesday that it would open a section for luxury labels, "
    "starting with a dozen designers, as shoppers stay away from department stores.</p>"
    "<p>Analysts had expected the move since May 20, when the company first hinted at "
    "new partnerships with fashion houses hit by the closures of the spring.</p>"
    "<p>The section opens to members in the United States first, the company said, and "
    "other countries will follow next year if the designers agree to it.</p>"
)


def page(head: str, body: str = BODY) -> str:
    return (f"<html lang='en'><head><title>Retailer opens a luxury section</title>{head}"
            f"</head><body><article><h1>Retailer opens a luxury section</h1>{body}"
            "</article></body></html>")


def test_json_ld_date_in_a_format_htmldate_skips_dates_the_page():
    html = page('<script type="application/ld+json">{"@context": "https://schema.org", '
                '"@type": "Article", "headline": "Retailer opens a luxury section", '
                '"datePublished": "Tue, Sep 15 2020 10:01:41 EDT"}</script>')
    text, meta = extract_html(html, url="https://news.example.com/retailer-luxury.html")
    assert meta["date"] == "2020-09-15"
    assert "json-ld Article" in meta["date_source"]
    raw = RawDocument(origin="t", content_hash="-", html=html,
                      url="https://news.example.com/retailer-luxury.html")
    published = published_date(raw, clean_text(text, title=meta.get("title")), meta)
    assert (published.value, published.method) == ("2020-09-15", "metadata")
    assert "Tue, Sep 15 2020" in published.evidence


def test_article_date_before_web_page_and_pictures():
    html = page('<script type="application/ld+json">{"@graph": ['
                '{"@type": "WebPage", "datePublished": "2016-01-01T00:00:00+00:00"},'
                '{"@type": "ImageObject", "datePublished": "2020-05-18T08:52:13Z"},'
                '{"@type": "NewsArticle", "datePublished": "2020-07-09T10:04:04Z"}]}'
                "</script>")
    found = declared_dates(html)
    assert [d.day for d in found] == [date(2020, 7, 9), date(2016, 1, 1)]
    assert declared_published(html).day == date(2020, 7, 9)


def test_meta_tags_follow_the_data_file_order():
    html = page('<meta name="date" content="2021-01-05">'
                '<meta property="article:published_time" content="2020-10-26T04:01:57-05:00">')
    assert declared_published(html).day == date(2020, 10, 26)


def test_utc_timestamp_gives_way_to_the_publishers_local_day():
    # The same moment twice: 23:59 UTC on the 24th is 01:59 on the 25th where it was
    # published; readers saw the 25th.
    html = page('<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
                '<span itemprop="datePublished" content="2020-12-25T01:59:50+02:00"></span>')
    assert declared_published(html).day == date(2020, 12, 25)
    # A local date further away is another date, not the same moment: UTC stays.
    far = page('<meta property="article:published_time" content="2020-12-24T23:59:50Z">'
               '<span itemprop="datePublished" content="2020-12-28T10:00:00+02:00"></span>')
    assert declared_published(far).day == date(2020, 12, 24)


def test_visible_publication_date_counts_as_local():
    html = page('<meta property="article:published_time" content="2020-12-05T23:15:00Z">',
                body='<p itemprop="datePublished">December 6, 2020</p>' + BODY)
    assert declared_published(html).day == date(2020, 12, 6)


def test_parse_declared_zones_and_refusals():
    assert parse_declared("2020-06-07T15:06Z", "x").zone == "utc"
    assert parse_declared("20201123T11:02:35Z", "x").day == date(2020, 11, 23)
    assert parse_declared("2020-12-05T23:15:0Z", "x").day == date(2020, 12, 5)
    assert parse_declared("2020-10-19T06:34:31+0300", "x").zone == "offset"
    assert parse_declared("2020-12-10 10:02:08", "x").zone == "local"
    assert parse_declared("1600633920", "x") is None  # a Unix time, no unit
    assert parse_declared("September 2020", "x") is None  # not a day
    assert parse_declared("2020-02-30", "x") is None


def test_no_declared_date():
    assert declared_published(page("")) is None
    assert declared_dates("") == []


def test_a_placeholder_or_future_date_is_not_a_publication_date() -> None:
    from dossier.pagedates import declared_published

    for placeholder in ("1970-01-01T00:00:00Z", "0001-01-01", "2999-05-01T10:00:00+02:00"):
        html = (f'<html><head><meta property="article:published_time" content="{placeholder}">'
                "</head><body><p>Text.</p></body></html>")
        assert declared_published(html) is None, placeholder
    good = ('<html><head><meta property="article:published_time" '
            'content="2020-09-15T10:01:41-04:00"></head><body><p>Text.</p></body></html>')
    assert str(declared_published(good).day) == "2020-09-15"


def test_a_header_date_after_today_dates_neither_the_ingest_nor_a_redate() -> None:
    """One bound for both ways a header date is read (``dossier.dating``): at ingest and by
    ``dossier redate``."""
    from dossier.dating import redate_article

    next_year = date.today().year + 1
    text = (f"Talks resume in Tashkent\n\nPublished: 12 March {next_year}\n\n"
            "The ministers of both countries met again on Friday to discuss water sharing "
            "along the rivers that cross their borders, officials said after the meeting.")
    redated = redate_article({"text": text, "title": "Talks resume in Tashkent",
                              "published_method": "header"})
    for stated in (published_date(RawDocument("x", "h", text=text), clean_text(text), {}),
                   redated[0] if redated else None):
        assert stated is None or stated.value is None or \
            not stated.value.startswith(str(next_year)), stated
