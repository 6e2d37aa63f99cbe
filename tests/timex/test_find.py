"""find_timexes: expression → value, interval, precision on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier.timex import Timex, find_timexes
from dossier.timex.extract import normalise_span

ANCHOR = dt.date(2005, 11, 14)  # a Monday
D = dt.date


def one(text: str, anchor: dt.date | None = ANCHOR, **kw) -> Timex:
    found = find_timexes(text, anchor, **kw)
    assert len(found) == 1, [t.text for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision", "start", "end"),
    [
        ("The deal was signed on November 14, 2005.", "November 14, 2005", "2005-11-14", "day",
         D(2005, 11, 14), D(2005, 11, 14)),
        ("It was signed on 14 November 2005 in Moscow.", "14 November 2005", "2005-11-14",
         "day", D(2005, 11, 14), D(2005, 11, 14)),
        ("Wednesday, 30 May, 2007 was a warm day.", "Wednesday, 30 May, 2007", "2007-05-30",
         "day", D(2007, 5, 30), D(2007, 5, 30)),
        ("The attack came on Oct. 7, 2023, officials said.", "Oct. 7, 2023", "2023-10-07", "day",
         D(2023, 10, 7), D(2023, 10, 7)),
        ("The file is dated 2005-11-14.", "2005-11-14", "2005-11-14", "day", D(2005, 11, 14),
         D(2005, 11, 14)),
        ("The ministers met in May 2005.", "May 2005", "2005-05", "month", D(2005, 5, 1),
         D(2005, 5, 31)),
        ("Exercises were held in October last year.", "October last year", "2004-10", "month",
         D(2004, 10, 1), D(2004, 10, 31)),
        ("A decree was signed in April of this year.", "April of this year", "2005-04", "month",
         D(2005, 4, 1), D(2005, 4, 30)),
        ("They signed the treaty in 2004.", "2004", "2004", "year", D(2004, 1, 1),
         D(2004, 12, 31)),
        ("It follows the 2004 treaty.", "2004", "2004", "year", D(2004, 1, 1), D(2004, 12, 31)),
        ("Trade should grow this year.", "this year", "2005", "year", D(2005, 1, 1),
         D(2005, 12, 31)),
        ("Trade fell last year.", "last year", "2004", "year", D(2004, 1, 1), D(2004, 12, 31)),
        ("Trade will grow next year.", "next year", "2006", "year", D(2006, 1, 1),
         D(2006, 12, 31)),
        ("They signed a pact in autumn 2005.", "autumn 2005", "2005-FA", "season",
         D(2005, 9, 1), D(2005, 11, 30)),
        ("Profits rose in the third quarter of 2004.", "the third quarter of 2004", "2004-Q3",
         "quarter", D(2004, 7, 1), D(2004, 9, 30)),
        ("Prices were high in the 1990s.", "the 1990s", "199X", "decade", D(1990, 1, 1),
         D(1999, 12, 31)),
        ("Prices were high in the '90s.", "the '90s", "199X", "decade", D(1990, 1, 1),
         D(1999, 12, 31)),
        ("It was built in the 19th century.", "the 19th century", "18", "century",
         D(1800, 1, 1), D(1899, 12, 31)),
        ("Talks ended today.", "today", "2005-11-14", "day", D(2005, 11, 14), D(2005, 11, 14)),
        ("Talks ended yesterday.", "yesterday", "2005-11-13", "day", D(2005, 11, 13),
         D(2005, 11, 13)),
        ("Talks resume tomorrow.", "tomorrow", "2005-11-15", "day", D(2005, 11, 15),
         D(2005, 11, 15)),
        ("He will visit next week.", "next week", "2005-W47", "week", D(2005, 11, 21),
         D(2005, 11, 27)),
        ("He visited last week.", "last week", "2005-W45", "week", D(2005, 11, 7),
         D(2005, 11, 13)),
        ("Sales fell last month.", "last month", "2005-10", "month", D(2005, 10, 1),
         D(2005, 10, 31)),
        ("The base closed two years ago.", "two years ago", "2003", "year", D(2003, 1, 1),
         D(2003, 12, 31)),
        ("Talks resume ten days later.", "ten days later", "2005-11-24", "day", D(2005, 11, 24),
         D(2005, 11, 24)),
        ("As the leader noted on the eve, ties grow.", "the eve", "2005-11-13", "day",
         D(2005, 11, 13), D(2005, 11, 13)),
        ("Growth slowed in mid-2005.", "mid-2005", "2005", "year", D(2005, 5, 1),
         D(2005, 9, 1)),
    ],
)
def test_dates(text, expr, value, precision, start, end):
    t = one(text)
    assert (t.text, t.value, t.precision) == (expr, value, precision)
    assert (t.interval_start, t.interval_end) == (start, end)
    assert t.type == "DATE"
    assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    ("text", "value", "expr"),
    [
        ("They talked for ten years.", "P10Y", "ten years"),
        ("Exercises resumed after a 12-year break.", "P12Y", "12-year"),
        ("Relations improved over the past year.", "P1Y", "the past year"),
        ("The flight took half an hour.", "PT30M", "half an hour"),
        ("It lasted several days.", "PXD", "several days"),
    ],
)
def test_durations_stay_durations(text, value, expr):
    t = one(text)
    assert (t.type, t.value, t.text) == ("DURATION", value, expr)
    assert t.interval_start is None and t.interval_end is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The summit is held every year.", "P1Y"),
        ("The report is published annually.", "P1Y"),
        ("The board meets weekly.", "P1W"),
        ("They meet twice a year.", "P1Y"),
        ("The market opens every Monday.", "XXXX-WXX-1"),
    ],
)
def test_sets_stay_sets(text, value):
    t = one(text)
    assert (t.type, t.value, t.interval_start) == ("SET", value, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Past tense: the latest such day on or before the anchor (Monday 14 Nov 2005).
        ("Putin met Karimov on Friday.", "2005-11-11"),
        ("Monday's talks in the Kremlin ended in an agreement.", "2005-11-14"),
        # Future / scheduled: the next one.
        ("Putin will meet Karimov on Friday.", "2005-11-18"),
        ("Putin is scheduled to meet Karimov on Wednesday.", "2005-11-16"),
        ("A pipeline that opens on Saturday will carry gas.", "2005-11-19"),
    ],
)
def test_weekdays_follow_tense(text, value):
    weekday = [t for t in find_timexes(text, ANCHOR) if t.rule == "weekday"]
    assert [t.value for t in weekday] == [value]


def test_weekday_on_the_anchor_day_in_present_tense_is_that_day():
    t = one("Gas flows through a pipeline that opens on Saturday.", D(2023, 10, 7))
    assert t.value == "2023-10-07"


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # Past tense: a month after the anchor is last year's.
        ("The minister visited Moscow on December 3.", D(2008, 2, 10), "2007-12-03"),
        ("The minister visited Moscow on February 6.", D(2008, 2, 10), "2008-02-06"),
        # Future tense: a month before the anchor is next year's.
        ("The minister will visit Moscow on January 20.", D(2008, 11, 10), "2009-01-20"),
        ("The minister will visit Moscow in March.", D(2008, 11, 10), "2009-03"),
        ("Protests broke out in May.", D(2005, 11, 14), "2005-05"),
        # A deadline looks ahead.
        ("The court ruled he must leave by Jan. 14.", D(2000, 1, 7), "2000-01-14"),
    ],
)
def test_year_of_dates_without_one(text, anchor, value):
    assert one(text, anchor).value == value


def test_no_future_date_for_a_past_event():
    for t in find_timexes("Officials said the talks took place on Friday and in December.",
                          D(2005, 11, 14)):
        assert t.interval_end <= D(2005, 11, 14)


@pytest.mark.parametrize("text", ["The deal was signed on February 30.",
                                  "The deal was signed on 31 April 2005.",
                                  "It happened on February 29, 2005."])
def test_impossible_dates_give_no_date(text):
    assert [t for t in find_timexes(text, ANCHOR) if t.precision == "day"] == []


@pytest.mark.parametrize(
    ("locale", "value", "precision"),
    [("en_US", "2008-02-03", "day"), ("en_GB", "2008-03-02", "day"), (None, "2008", "year")],
)
def test_numeric_day_month_order(locale, value, precision):
    t = one("The contract is dated 02/03/2008.", locale=locale)
    assert (t.value, t.precision) == (value, precision)
    if locale is None:
        assert t.note


def test_numeric_date_unambiguous_without_locale():
    assert one("The contract is dated 25/03/2008.").value == "2008-03-25"


def test_two_digit_year_in_numeric_date():
    assert one("The contract is dated 25/03/98.").value == "1998-03-25"


@pytest.mark.parametrize(
    "text", ["Cooperation grew from 2008 to 2012.", "Cooperation grew between 2008 and 2012."]
)
def test_ranges(text):
    found = find_timexes(text, ANCHOR)
    assert [t.value for t in found] == ["2008/2012"]
    assert (found[0].interval_start, found[0].interval_end) == (D(2008, 1, 1), D(2012, 12, 31))
    assert [p.value for p in found[0].parts] == ["2008", "2012"]
    assert found[0].text.startswith(("from", "between"))


def test_since_runs_to_the_anchor():
    found = find_timexes("The embargo has held since 2004.", ANCHOR)
    assert [t.value for t in found] == ["2004/2005-11-14"]
    assert (found[0].interval_start, found[0].interval_end) == (D(2004, 1, 1), ANCHOR)
    assert found[0].relative


def test_through_runs_from_the_anchor():
    t = one("They signed documents on economic cooperation through 2012.", D(2008, 2, 10))
    assert (t.interval_start, t.interval_end) == (D(2008, 2, 10), D(2012, 12, 31))


def test_ranges_off_gives_atoms():
    found = find_timexes("Cooperation grew from 2008 to 2012.", ANCHOR, ranges=False)
    assert [t.value for t in found] == ["2008", "2012"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("Admission is targeted by year's end.", "2005"),
     ("Admission is targeted by the end of the year.", "2005")],
)
def test_year_end(text, value):
    t = one(text)
    assert (t.value, t.mod) == (value, "END")
    assert t.interval_end == D(2005, 12, 31) and t.interval_start > D(2005, 6, 30)


@pytest.mark.parametrize(
    "text",
    ["Theresa May said so.", "Prices may fall.", "About 2000 people marched.",
     "His 6-year-old son was there.", "He won a second term.",
     "The council passed Resolution 1973.", "Flight 1549 landed safely.",
     "Under Article 2004 of the code, fines rise."],
)
def test_not_timexes(text):
    assert find_timexes(text, ANCHOR) == []


def test_relative_flag_and_offsets_and_sentence():
    text = "Nothing happened in 2004. Talks were held last year. More will follow."
    found = find_timexes(text, ANCHOR)
    assert [(t.text, t.relative) for t in found] == [("2004", False), ("last year", True)]
    last = found[1]
    assert last.sentence == "Talks were held last year."
    assert text[last.sentence_start :].startswith(last.sentence)


def test_without_anchor_relative_values_stay_unresolved():
    found = find_timexes("He met them on Friday, last week and on December 3.", None)
    assert [t.value for t in found] == ["XXXX-WXX-5", "XXXX-WXX", "XXXX-12-03"]
    assert all(t.precision == "unknown" and t.interval_start is None for t in found)


def test_coarse_anchor_resolves_years_but_not_days():
    found = find_timexes("Last year trade grew; yesterday it fell.", D(2018, 1, 1),
                         anchor_precision="year")
    assert [(t.value, t.precision) for t in found] == [("2017", "year"),
                                                       ("XXXX-XX-XX", "unknown")]


def test_tense_callable_overrides_the_cheap_guess():
    text = "Officials discuss the plan on Friday."
    assert one(text, tense_of=lambda offset: "past").value == "2005-11-11"
    assert one(text, tense_of=lambda offset: "future").value == "2005-11-18"


def test_to_dict_is_json_ready():
    import json

    t = one("The deal was signed on November 14, 2005.")
    data = json.loads(json.dumps(t.to_dict()))
    assert data["value"] == "2005-11-14" and data["interval_start"] == "2005-11-14"


def test_normalise_span():
    text = "Officials said Friday that talks went well."
    t = normalise_span(text, text.index("Friday"), text.index("Friday") + 6, ANCHOR)
    assert t is not None and t.value == "2005-11-11"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 1957-58 season was long.", [("1957", "1957"), ("58", "1958")]),
        ("The 2008/09 budget.", [("2008", "2008"), ("09", "2009")]),
        ("He won in 3:07:35 on the day.", [("3:07:35", "PT3H7M35S")]),
        ("Kick-off is at 15:00 GMT Saturday.", [("15:00 GMT Saturday", "2013-03-23T15:00")]),
        ("It was built in the 20th century.", [("the 20th century", "19")]),
    ],
)
def test_year_pairs_elapsed_times_and_24_hour_clocks(text, expected):
    found = find_timexes(text, dt.date(2013, 3, 22), ranges=False)
    assert [(t.text, t.value) for t in found] == expected


def test_gold_span_prefers_the_exact_match_and_bare_units():
    text = "Eight years from now, it will be done; it took days."
    anchor = dt.date(2013, 3, 21)
    assert normalise_span(text, 0, 11, anchor).value == "P8Y"
    assert normalise_span(text, 17, 20, anchor).value == "PRESENT_REF"
    days = text.index("days")
    assert normalise_span(text, days, days + 4, anchor).value == "PXD"
