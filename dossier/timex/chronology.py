"""Chronology lines: the dated entries of a factbox or timeline inside an article.

News agencies close many stories with a list of past events, one a line, each opening with a
day and month and a dash or colon ("March 5 - The council meets in ...", "5 March: ..."),
told in the historical present. Read like prose, "March 5" in a present-tense clause would
look ahead to next March, and the event would be planned; on such a line it is a past event.
The shape of the line says so, with no parse: ``chronology_lines(text, anchor_end)`` finds
them and gives each its year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from dossier.timex.lexicon import macros
from dossier.timex.resolve import plausible_year
from dossier.timex.values import month_end


@dataclass(frozen=True)
class ChronologyLine:
    """One chronology line: where its date and its line start and end, and the date's year."""

    date_start: int  # offset of the day or month opening the line
    line_start: int
    line_end: int
    month: int
    day: int
    year: int | None  # None when neither the text nor the anchor gives one


@cache
def _head() -> re.Pattern[str]:
    """A line opening with a day and month (either order, with or without a weekday before or
    a year after) and then a dash or colon before the entry's text. A hyphen right before a
    digit is a range ("March 19-20"), not the entry's dash."""
    table = macros()
    date = (rf"(?:(?P<month>{table['MONTH']})[ \t]+(?P<day>{table['DAY']})"
            rf"|(?P<day2>{table['DAY']})(?:[ \t]+of)?[ \t]+(?P<month2>{table['MONTH']}))")
    return re.compile(
        rf"^[ \t]*(?:[*•·▪‣][ \t]*)?(?:{table['WEEKDAY']},?[ \t]+)?(?P<date>{date})"
        rf"(?:[ \t]*,?[ \t]*(?P<year>{table['YEAR']}))?"
        r"(?:[ \t]*[–—:]|[ \t]+-+|-+(?!\d))[ \t]*(?=\S)"
        rf"(?!\d{{1,2}}\b(?:[ \t]*[,.]|[ \t]+{table['MONTH']}|[ \t]*$))",  # "May 5 - 7, 2011"
        re.IGNORECASE | re.MULTILINE,
    )


def anchor_end(anchor: dt.date | None, precision: str) -> dt.date | None:
    """The last day an anchor of this precision may stand for (None when unknown)."""
    if anchor is None or precision == "unknown":
        return None
    if precision == "day":
        return anchor
    if precision == "week":
        return anchor + dt.timedelta(days=6) if anchor <= dt.date.max - dt.timedelta(
            days=6) else dt.date.max
    if precision == "month":
        return month_end(anchor.year, anchor.month)
    if precision in ("season", "quarter", "year"):
        return dt.date(anchor.year, 12, 31)
    return None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def chronology_lines(text: str, latest: dt.date | None) -> list[ChronologyLine]:
    """The chronology lines of ``text`` in text order, each with its year.

    ``latest`` is the last day the article's date may stand for (``anchor_end``). A line's
    year is its own when it writes one ("June 20, 2011 - ..."); else the previous chronology
    line's year when this day does not come before that line's date and is not after
    ``latest`` (a list ascending from "January 13, 2006 -" to "July 9 -" stays in 2006); else
    the year of the latest such day not after ``latest`` ("February 26 -" in an August 2011
    story is 26 February 2011, whatever the tense of the line). Month names are the timex
    lexicon's.
    """
    from dossier.timex.normalise import _month_number  # normalise imports this module

    out: list[ChronologyLine] = []
    previous: dt.date | None = None
    for m in _head().finditer(text):
        month_word = m.group("month") or m.group("month2")
        if not month_word[0].isupper():
            continue  # "may 5 -": month names are written with a capital
        month = _month_number(month_word)
        day = int(re.match(r"\d+", m.group("day") or m.group("day2")).group(0))
        if month is None or _day(2000, month, day) is None:  # 2000: a leap year
            continue
        year: int | None = None
        if m.group("year"):
            year = int(m.group("year"))
        elif previous is not None and (same := _day(previous.year, month, day)) and \
                same >= previous and (latest is None or same <= latest):
            year = previous.year
        elif latest is not None:
            this = _day(latest.year, month, day)
            year = latest.year if this is not None and this <= latest else latest.year - 1
            while _day(year, month, day) is None and year > latest.year - 8:
                year -= 1  # 29 February: the last leap year's
        if year is not None and (not plausible_year(year) or _day(year, month, day) is None):
            year = None
        line_end = text.find("\n", m.end())
        out.append(ChronologyLine(m.start("date"), m.start(), len(text) if line_end < 0
                                  else line_end, month, day, year))
        if year is not None:
            previous = dt.date(year, month, day)
    return out
