"""From a TIMEX3 value to the interval it covers and its precision.

Values are the strings normalisers produce: "2005-11-14", "2005-11-14TNI", "2005-W46",
"2005-W46-WE", "2005-11", "2005-FA", "2005-Q1", "2005-H2", "2005", "199X", "19XX".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dossier.timex.lexicon import lexicon

Interval = tuple[dt.date | None, dt.date | None, str]

_UNRESOLVED: Interval = (None, None, "unknown")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """Months first..last of a year; last may run past 12 into the next year (winter)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), month_end(end_year, end_month)


def _plain(value: str) -> Interval:
    """The interval of a value without any mod."""
    if m := _DAY.match(value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day, "day"
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:  # the weekend of that week
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
        return monday, monday + dt.timedelta(days=6), "week"
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, 1), month_end(year, month), "month"
    if m := _SEASON.match(value):
        first, last = lexicon()["season_months"][m[2]]
        return (*_months(int(m[1]), first, last), "season")
    if m := _QUARTER.match(value):
        q = int(m[2])
        return (*_months(int(m[1]), 3 * q - 2, 3 * q), "quarter")
    if m := _HALF.match(value):  # no "half-year" precision: say the coarser "year"
        h = int(m[2])
        return (*_months(int(m[1]), 6 * h - 5, 6 * h), "year")
    if m := _YEAR.match(value):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if m := _DECADE.match(value):
        first = int(m[1]) * 10
        return dt.date(max(first, 1), 1, 1), dt.date(first + 9, 12, 31), "decade"
    if m := _CENTURY.match(value):
        first = int(m[1]) * 100
        return dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31), "century"
    return _UNRESOLVED


def interval_of(value: str, mod: str | None = None) -> Interval:
    """(start, end, precision) of a TIMEX3 date value; a START/MID/END mod narrows the interval
    to the part given by ``mod_fractions`` in the lexicon but keeps the precision."""
    try:
        start, end, precision = _plain(value)
    except (ValueError, OverflowError):  # "2005-02-30", "2005-W54", year 0000 or 9999's week 53
        return _UNRESOLVED
    if start is None or end is None or mod not in ("START", "MID", "END"):
        return start, end, precision
    lo, hi = lexicon()["mod_fractions"][mod]
    length = (end - start).days + 1
    if length < 3:
        return start, end, precision
    new_start = start + dt.timedelta(days=int(lo * length))
    new_end = start + dt.timedelta(days=max(int(hi * length) - 1, 0))
    return new_start, min(new_end, end), precision
