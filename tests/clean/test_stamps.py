"""Date stamps at the head of a flattened page (dossier.clean.stamps), and the bounds on a
date inferred from the body (issue 14). Every text here is made up for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier.clean import clean_text
from dossier.clean.stamps import copyright_year, find_stamp, line_stamps, yearless_stamps
from dossier.model import RawDocument
from dossier.pipeline import analyse
from dossier.timex.document import date_document

TODAY = dt.date(2026, 1, 1)

BODY = [
    "The harbour authority said on Tuesday that the new container terminal would open to "
    "ships from the spring, after two years of dredging and a long dispute over its cost.",
    "Shipping lines had asked for the terminal since 1989, when the old quay was closed to "
    "large vessels, and the port lost much of its traffic to its neighbours in the north.",
    "The first berth will take ships of up to 300 metres, the authority said, and a second "
    "one is planned if the traffic grows as fast as the shipping lines have promised.",
]
MENU = ["Home", "News", "World", "Business", "Sport", "Weather"]


def page(*head: str, body: list[str] = BODY, tail: tuple[str, ...] = ()) -> list[str]:
    return [*MENU, *head, *body, *tail]


@pytest.mark.parametrize(
    ("line", "month_first", "expected"),
    [
        ("Published Wed, Feb 28 20247:00 AM EST", True, dt.date(2024, 2, 28)),
        ("Uppdaterad 28.5.2020 17:43", False, dt.date(2020, 5, 28)),
        ("2020-10-04 15:05", False, dt.date(2020, 10, 4)),
        ("2020/07/13", False, dt.date(2020, 7, 13)),
        ("By Jane Smith — March 11, 2020", True, dt.date(2020, 3, 11)),
        ("Nov 19, 2019, 10:31 pm CST", True, dt.date(2019, 11, 19)),
        ("19.11.2019 | 16:18", False, dt.date(2019, 11, 19)),
        ("Published 9:41 AM EST Nov 20, 2019", True, dt.date(2019, 11, 20)),
        ("1 Декабря 2020 14:02", False, dt.date(2020, 12, 1)),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", False, dt.date(2010, 10, 22)),
        ("11/19/2019 by Jane Smith", True, dt.date(2019, 11, 19)),
        ("06/05/2020", False, dt.date(2020, 5, 6)),  # day first outside English
        ("06/05/2020", True, dt.date(2020, 6, 5)),
        ("Nov. 18th 2019 8:54 am PT", True, dt.date(2019, 11, 18)),
        ("By Jane Smith - 11/19/19 06:56 AM EST", True, dt.date(2019, 11, 19)),
        ("الخميس 03 يونيو 2021", False, dt.date(2021, 6, 3)),
        ("الاحد 07 / 06 / 2020 21:29", False, dt.date(2020, 6, 7)),
        ("Ολυμπιακός 4 Ιουνίου 2021", False, dt.date(2021, 6, 4)),
    ],
)
def test_stamp_shapes_and_languages(line, month_first, expected):
    found = line_stamps(line, month_first=month_first, today=TODAY)
    assert found and found[0][0].as_date() == expected


@pytest.mark.parametrize("line", ["31.02.2020 10:00", "2020-13-01", "February 30, 2021",
                                  "March 3, 2027"])  # impossible, or after today
def test_no_stamp_from_an_impossible_or_future_date(line):
    assert line_stamps(line, today=TODAY) == []


@pytest.mark.parametrize("line", ["Final score 3/4/19", "Mix 1/2/20 of the flour", "6/1/27 12:00"])
def test_a_two_digit_year_is_read_only_before_a_time(line):
    """"3/4/19" alone may be a score or a fraction; "6/1/27 12:00" is after today."""
    assert line_stamps(line, today=TODAY) == []


def test_a_stamp_without_a_year_takes_the_copyright_year():
    head = ("Port opens its new container terminal",
            "Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM")
    lines = page(*head, tail=("© 2019 Valley Courier. All rights reserved.",))
    year = copyright_year(lines, today=TODAY)
    assert year == 2019
    stamp = find_stamp(lines, today=TODAY, year=year)
    assert stamp is not None and stamp.reading.as_date() == dt.date(2019, 11, 18)
    assert stamp.year_guessed and stamp.confidence <= 0.6  # a footer's year may be stale
    # No year on the page: no date from it; and a bare "Nov 18" with no label is no stamp.
    assert find_stamp(page(*head), today=TODAY, year=copyright_year(page(*head))) is None
    assert yearless_stamps("Nov 18, 8:19 PM", 2019, today=TODAY) == []


def test_a_stamp_without_a_year_after_today_is_of_the_year_before():
    [(reading, updated)] = yearless_stamps("Posted Dec 30, 8:19 PM", 2025,
                                           today=dt.date(2025, 12, 7))
    assert reading.as_date() == dt.date(2024, 12, 30) and not updated
    assert copyright_year(["© 2005—2020 Radio Valley", "Copyright 2031"],
                          today=TODAY) == 2020
    # running text that names a copyright is no notice
    assert copyright_year(["The court cited the Copyright Act of 1998 in its ruling."],
                          today=TODAY) is None
    assert copyright_year(["Copyright 2019 Valley Courier. All rights reserved."],
                          today=TODAY) == 2019


def test_updated_stamp_gives_way_to_the_published_one():
    found = line_stamps("Updated Nov. 19, 2019 8:21 am ET / Original Nov. 18, 2019 8:02 am ET",
                        today=TODAY)
    assert [(r.day, updated) for r, updated in found] == [(19, True), (18, False)]
    stamp = find_stamp(page("Harbour opens its new terminal",
                            "Updated 3:27 am PST, Wednesday, November 20, 2019",
                            "Published November 19, 2019"), today=TODAY)
    assert stamp.reading.as_date() == dt.date(2019, 11, 19) and not stamp.updated


def test_the_stamp_nearest_the_text_wins_and_a_list_lowers_confidence():
    related = ["Ferry strike ends after a week", "June 3, 2016", "Port fees to rise",
               "May 27, 2014"]
    stamp = find_stamp(page(*related, "Harbour opens its new terminal",
                            "By Jane Smith — March 11, 2020"), today=TODAY)
    assert stamp.reading.as_date() == dt.date(2020, 3, 11)
    assert stamp.confidence < 0.8  # other dates around the headline
    alone = find_stamp(page("Harbour opens its new terminal", "March 11, 2020 | 4:10pm"),
                       today=TODAY)
    assert alone.reading.as_date() == dt.date(2020, 3, 11) and alone.confidence == 0.9


def test_quoted_posts_comments_and_member_dates_are_not_the_pages_stamp():
    lines = page("Harbour opens its new terminal", "Joined", "May 11, 2017",
                 "— Port Watch (@portwatch) November 16, 2019")
    assert find_stamp(lines, today=TODAY) is None


def test_teaser_sentence_with_a_date_is_not_a_stamp():
    lines = page("First Forecast Weather November 20, 2019 (This Morning) Some sunshine by "
                 "the end of the day.")
    assert find_stamp(lines, today=TODAY) is None


def test_header_stamp_dates_the_article_through_the_pipeline():
    text = "\n\n".join(page("Harbour opens its new terminal",
                            "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, "
                            "2019"))
    article = analyse(RawDocument(origin="t", content_hash="-", text=text))
    published = article.published
    assert (published.value, published.precision, published.method) == (
        "2019-11-19", "day", "header")
    assert published.confidence == 0.9 and "PUBLISHED" in published.evidence


def test_header_reads_the_stamp_as_metadata_line():
    cleaned = clean_text("\n\n".join(page("Harbour opens its new terminal",
                                          "Uppdaterad 28.5.2020 17:43")))
    assert cleaned.header.date.as_date() == dt.date(2020, 5, 28)
    assert cleaned.header.date_method == "header"


def test_a_bare_year_in_the_body_is_a_lower_bound_not_the_date():
    d = date_document("Shipping lines had asked for the terminal since 1989, when the old "
                      "quay closed. A book about the port came out in 2011.")
    assert d.value is None and d.precision == "unknown"
    assert d.interval_start == dt.date(2011, 1, 1)
    assert d.evidence[0] == "not before 2011-01-01"


def test_a_month_dated_event_still_gives_the_year():
    d = date_document("In March 2018 the two ministries agreed on a plan for new ships.")
    assert (d.value, d.precision, d.method) == ("2018", "year", "inferred")
    assert d.confidence < 0.5


def test_model_numbers_do_not_date_a_page():
    d = date_document("The GTX 1660 Ti is faster than the GTX 1060 and close to the RTX 2060.")
    assert d.value is None and d.interval_start is None


def test_no_page_date_after_today():
    text = "\n\n".join(page("Harbour opens its new terminal", "Date: March 3, 2099"))
    published = analyse(RawDocument(origin="t", content_hash="-", text=text)).published
    assert published.value is None or published.value <= dt.date.today().isoformat()


def test_an_evening_stamp_west_of_utc_falls_on_the_next_day_in_utc():
    late = find_stamp(page("Harbour opens its new terminal", "Nov 19, 2019, 10:31 pm CST"),
                      today=TODAY)
    assert late.reading.as_date() == dt.date(2019, 11, 19)  # the day the page shows
    assert late.utc_shift == 1  # already 20 November in UTC: dossier.dating spans both
    morning = find_stamp(page("Harbour opens its new terminal", "Nov 19, 2019, 9:31 am CST"),
                         today=TODAY)
    assert (morning.utc_shift, morning.confidence) == (0, 0.9)
    east = find_stamp(page("Harbour opens its new terminal", "19.11.2019 | 01:18 MSK"),
                      today=TODAY)
    assert east.utc_shift == -1  # still 18 November in UTC


def test_a_day_without_a_time_is_less_sure_than_a_timed_stamp():
    dated = find_stamp(page("Harbour opens its new terminal", "by Jane Smith, Nov 19, 2019"),
                       today=TODAY)
    assert dated.reading.as_date() == dt.date(2019, 11, 19) and not dated.timed
    assert dated.confidence < 0.8
    # A date in digits is no time of day: "23.11.2019" is not 23:11.
    digits = find_stamp(page("Harbour opens its new terminal", "23.11.2019"), today=TODAY)
    assert (digits.timed, digits.utc_shift) == (False, 0)


def test_the_stamp_by_the_text_beats_a_date_line_at_the_top():
    # A site's "today" line above the menu, the article's own stamp by its byline.
    text = "\n\n".join(["March 2, 2024", *MENU, "Harbour opens its new terminal",
                        "by Jane Smith", "February 28, 2024", *BODY])
    published = analyse(RawDocument(origin="t", content_hash="-", text=text)).published
    assert published.value == "2024-02-28" and published.evidence == "February 28, 2024"


def test_a_late_stamp_without_a_zone_may_be_the_next_day_in_utc():
    late = find_stamp(page("Harbour opens its new terminal",
                           "by Jane Smith Feb. 28, 2024 10:00 pm"), today=TODAY)
    assert late.reading.as_date() == dt.date(2024, 2, 28) and late.utc_shift == 1


def test_far_from_the_text_the_stamp_with_a_time_beats_a_list_of_days():
    # A gallery pushes the stamp 60 lines below the text's start: the window misses it.
    gallery = [f"Photo {n} of 60" for n in range(60)]
    related = ["Older: quay reopens", "March 3, 2021", "Older: ferry strike", "May 9, 2020"]
    stamp = find_stamp([*MENU, "Harbour opens its new terminal", *BODY, *gallery,
                        "Feb. 28, 2024 10:15 am", *related], today=TODAY)
    assert stamp.reading.as_date() == dt.date(2024, 2, 28) and stamp.confidence < 0.8
    # Only days, and they disagree: no stamp rather than a related story's day.
    assert find_stamp([*MENU, "Harbour opens its new terminal", *BODY, *gallery, *related],
                      today=TODAY) is None
    # Only days, all the same day: that day.
    once = find_stamp([*MENU, "Harbour opens its new terminal", *BODY, *gallery,
                       "March 3, 2021"], today=TODAY)
    assert once.reading.as_date() == dt.date(2021, 3, 3)


def test_a_print_editions_date_is_not_the_pages():
    line = "A version of this article appears in print on Feb. 29, 2024, Section A, Page 1."
    assert find_stamp(page("Harbour opens its new terminal", tail=(line,)), today=TODAY) is None


def test_a_byline_in_devanagari_and_chinese_running_text_are_read():
    hindi = find_stamp(page("बंदरगाह का नया टर्मिनल", "रमेश कुमार / मुंबई September 29, 2020"),
                       today=TODAY)
    assert hindi.reading.as_date() == dt.date(2020, 9, 29)
    chinese_body = ["港口管理局星期二表示，新的集装箱码头将于春季向船舶开放，"
                    "此前经过两年的疏浚工作以及关于其成本的长期争议，航运公司对此表示欢迎。"] * 3
    chinese = find_stamp([*MENU, *[f"菜单{n}" for n in range(45)], "港口新码头开放",
                          "2020-10-04 15:05 记者报道", *chinese_body], today=TODAY)
    assert chinese.reading.as_date() == dt.date(2020, 10, 4) and chinese.confidence >= 0.8


def test_a_date_printed_twice_still_dates_the_page_by_its_headline():
    # A "latest news" list above shows the same day in brackets: dropping the repeat must not
    # leave the list's older days as the nearest stamp above the text.
    latest = ["[ October 26, 2020 ]", "Quay reopens", "[ October 24, 2020 ]", "Ferry strike"]
    text = "\n\n".join([*MENU, *latest, "Harbour opens its new terminal", "October 26, 2020",
                        *BODY])
    published = analyse(RawDocument(origin="t", content_hash="-", text=text)).published
    assert published.value == "2020-10-26", published


def test_a_title_with_a_parenthesis_is_no_dateline_and_a_wire_one_still_is():
    from dossier.clean.header import read_header

    title = read_header(["Simple Hiking Survival Kit (with Kids) - Trail Notes", *BODY])
    assert title.dateline is None and title.source is None
    wire = read_header([f"WASHINGTON (AP) — {BODY[0]}", *BODY[1:]])
    assert (wire.place, wire.source) == ("Washington", "AP")
    dated = read_header([f"Moscow, Oct 6 (Reuters) - {BODY[0]}", *BODY[1:]])
    assert dated.source == "Reuters" and dated.date is not None


def test_a_timed_stamp_under_the_headline_beats_a_related_list_nearer_the_text():
    headline = "Harbour opens its new terminal"
    related = ["Ferry strike ends after a week", "June 3, 2016", "Port fees to rise",
               "May 27, 2014"]
    stamp = find_stamp(page(headline, "Harbour desk March 11, 2020 16:05", *related),
                       today=TODAY, title=headline)
    assert stamp.reading.as_date() == dt.date(2020, 3, 11)
    assert stamp.confidence < 0.8  # still other dates around it
    # Without a time of day the nearest stamp to the text stays the guess.
    untimed = find_stamp(page(headline, "March 11, 2020", *related), today=TODAY,
                         title=headline)
    assert untimed.reading.as_date() == dt.date(2014, 5, 27)


def test_a_masthead_clock_above_the_headline_is_not_preferred_for_its_time():
    headline = "Harbour opens its new terminal"
    stamp = find_stamp(page("Wednesday, March 18, 2020 02:45 PM", headline,
                            "By Jane Smith March 11, 2020"), today=TODAY, title=headline)
    assert stamp.reading.as_date() == dt.date(2020, 3, 11)
