"""Chronology lines ("March 5 - The council meets ...") inside an article: past events told in
the historical present, dated by the line's shape (texts we wrote for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier.timex import find_timexes
from dossier.timex.chronology import anchor_end, chronology_lines

AUGUST = dt.date(2019, 8, 20)

FACTBOX = """The rebels reached the port on Monday.
Here is how the crisis unfolded:
February 12 - Students march in the capital.
Feb. 27 - The council imposes a freeze on the leaders' assets.
March 9: The assembly votes to set up an inquiry.
 * 3 June - Envoys meet in the south.
Aug 19 - Rebels enter the port.
"""


def values(text: str, anchor: dt.date = AUGUST, **kw) -> dict[str, str]:
    return {t.text: t.value for t in find_timexes(text, anchor, **kw)}


def test_a_factbox_line_is_the_latest_such_day_not_after_the_article():
    """Broke: "February 27 - The council imposes ..." in an August story was next February
    (a present tense looked ahead), and its event was planned."""
    found = values(FACTBOX)
    assert found["February 12"] == "2019-02-12"
    assert found["Feb. 27"] == "2019-02-27"
    assert found["March 9"] == "2019-03-09"
    assert found["3 June"] == "2019-06-03"
    assert found["Aug 19"] == "2019-08-19"


def test_a_line_after_the_article_day_is_last_year():
    text = "Timeline:\nNovember 30 - Talks open in the capital.\nJanuary 4 - The talks fail.\n"
    found = values(text, dt.date(2020, 1, 10))
    assert found == {"November 30": "2019-11-30", "January 4": "2020-01-04"}


def test_an_ascending_list_keeps_the_year_of_the_line_before():
    text = ("Major floods of the past years:\n"
            "April 2, 2004 - A river bursts its banks in the north.\n"
            "June 18 - Two villages are cut off.\n"
            "The army sends boats.\n"
            "March 3 - A dam gives way.\n"
            "May 9, 2011 - Heavy rain floods the valley.\n"
            "July 1 - The valley floods again.\n")
    found = values(text, dt.date(2013, 5, 2))
    assert found["June 18"] == "2004-06-18"  # ascends from April 2, 2004
    assert found["March 3"] == "2013-03-03"  # does not ascend: the latest March 3
    assert found["July 1"] == "2011-07-01"


def test_a_present_tense_on_a_chronology_line_is_historical():
    text = "June 3 - The envoy says talks will resume.\nJune 4 - Rebels take the town on Friday.\n"
    assert values(text)["Friday"] == "2019-08-16"  # not the coming Friday


@pytest.mark.parametrize("text", [
    "The leaders meet on February 26 - a day after the vote.",  # not at the head of a line
    "March 19-20 talks are planned in the capital.",  # a range, not an entry's dash
    "May 5 - 7, the ministers will meet.",
])
def test_other_shapes_are_no_chronology_line(text):
    assert chronology_lines(text, AUGUST) == []


def test_prose_keeps_its_tense_rules():
    assert values("The council will meet on February 26.")["February 26"] == "2020-02-26"


def test_with_no_anchor_only_written_years_and_ascending_lines_are_dated():
    text = "January 13, 2006 - A bridge falls.\nJuly 9 - A ferry sinks.\nMarch 1 - A fire.\n"
    lines = chronology_lines(text, anchor_end(None, "unknown"))
    assert [line.year for line in lines] == [2006, 2006, None]
    assert anchor_end(dt.date(2019, 8, 1), "month") == dt.date(2019, 8, 31)


def test_an_anchor_at_the_end_of_the_calendar_does_not_overflow():
    assert anchor_end(dt.date.max, "week") == dt.date.max
    assert anchor_end(dt.date(2011, 8, 1), "week") == dt.date(2011, 8, 7)
    assert list(find_timexes("", dt.date.max, anchor_precision="week")) == []
