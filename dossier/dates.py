"""Reading a date that is given as a date: a metadata field, a date line, a dateline.

Temporal expressions inside running text are the job of ``dossier.timex``; this module
reads strings whose whole purpose is to state a date, and says how precise they are.
dateparser does the parsing (many formats, month abbreviations, weekdays); the checks
here decide what dateparser cannot tell us: whether the year was stated at all
(dateparser silently fills in the current one) and whether the string is only a date.

An ISO 8601 date (2005-11-14, 2005-11, 2005, with a time and zone or not) is read here,
strictly: dateparser would read "2023-13-01" as 13 January, so an impossible ISO date raises
BadDate saying what is wrong instead of reaching it.
"""

from __future__ import annotations

import calendar
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime

import dateparser

from dossier.errors import BadDate

_MONTHS = [m.lower() for m in calendar.month_name[1:]] + [
    m.lower() for m in calendar.month_abbr[1:]
] + ["sept"]
_WEEKDAYS = [d.lower() for d in calendar.day_name] + [d.lower() for d in calendar.day_abbr]
_DATE_WORDS = set(_MONTHS + _WEEKDAYS + ["at", "am", "pm", "gmt", "utc", "of", "the", "on"])
_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_NUMERIC_YEAR = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](\d{2})\b")
_DOTTED = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)
_ISO = re.compile(
    r"(?P<year>[+-]?\d{4,})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?)?)?",
    re.IGNORECASE,
)
_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}


@dataclass(frozen=True)
class DateReading:
    """A date read from a string, at the precision the string supports."""

    year: int | None
    month: int | None
    day: int | None
    precision: str  # day, month, year, or "unknown" when the year was not stated

    @property
    def value(self) -> str | None:
        """ISO 8601 at its precision; None when the year is unknown."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> date | None:
        """The first day the reading covers, or None when its year is unknown."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)


def _only_date_words(text: str) -> bool:
    cleaned = _ORDINAL.sub("", text)
    tokens = _TOKEN.findall(cleaned)
    return bool(tokens) and all(t.isdigit() or t.lower().rstrip(".") in _DATE_WORDS for t in tokens)


def _impossible(text: str, reason: str) -> BadDate:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return BadDate(f"{shown}: {reason}", reason)


def _check_time(m: re.Match[str], text: str) -> None:
    """A time of day that exists: 00:00 to 23:59:59, and 24:00 (midnight at the day's end)."""
    if m["hour"] is None:
        return
    hour, minute, second = int(m["hour"]), int(m["minute"]), int(m["second"] or 0)
    if minute > 59 or second > 60:  # 60: a leap second
        raise _impossible(text, f"{m['hour']}:{m['minute']} is not a time of day")
    if hour > 24 or (hour == 24 and (minute or second)):
        raise _impossible(text, f"hour {hour} does not exist")


def read_iso_date(text: str) -> DateReading | None:
    """An ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY; a time and zone may follow), read
    strictly; None when ``text`` is not in that form. Raises BadDate naming the value and
    what is wrong when it is, but the date does not exist."""
    m = _ISO.fullmatch(text.strip())
    if m is None or (m["month"] is None and len(m["year"]) != 4):
        return None  # a bare number is a year only with four digits
    digits = m["year"].lstrip("+")
    if len(digits) > 4 or not 1 <= int(digits) <= 9999:
        raise _impossible(text, "year out of range")
    year = int(digits)
    if m["month"] is None:
        return DateReading(year, None, None, "year")
    month = int(m["month"])
    if not 1 <= month <= 12:
        raise _impossible(text, f"month {month} does not exist")
    if m["day"] is None:
        return DateReading(year, month, None, "month")
    day, days = int(m["day"]), calendar.monthrange(year, month)[1]
    if day == 0:
        raise _impossible(text, "day 0 does not exist")
    if day > days:
        raise _impossible(text, f"{calendar.month_name[month]} {year} has {days} days")
    _check_time(m, text)
    return DateReading(year, month, day, "day")


def read_date(text: str, *, whole: bool = False) -> DateReading | None:
    """Read a date from ``text``; with ``whole``, the text must be nothing but a date.

    Returns None when there is no date. A day and month without a year come back with
    ``precision="unknown"`` and ``year=None``: the year is never guessed here. An ISO date
    is read strictly (read_iso_date): an impossible one ("2023-02-30") raises BadDate.
    """
    text = text.strip().strip(",;")
    if not text or not re.search(r"\d", text):
        return None
    if (iso := read_iso_date(text)) is not None:
        return iso
    if whole and not _only_date_words(text):
        return None
    with warnings.catch_warnings():
        # dateparser warns about pytz/zoneinfo internals on some inputs.
        warnings.simplefilter("ignore")
        settings = dict(_SETTINGS)
        if _DOTTED.search(text):
            settings["DATE_ORDER"] = "DMY"  # 12.03.2015 is day first wherever dots are used
        parser = dateparser.date.DateDataParser(languages=["en"], settings=settings)
        data = parser.get_date_data(_ORDINAL.sub("", text))
    parsed: datetime | None = data.date_obj
    if parsed is None:
        return None
    period = data.period or "day"
    year_stated = bool(_YEAR.search(text) or _NUMERIC_YEAR.search(text))
    if not year_stated:
        if period in ("year",):
            return None
        return DateReading(None, parsed.month, parsed.day if period != "month" else None, "unknown")
    if period == "year":
        return DateReading(parsed.year, None, None, "year")
    if period == "month":
        return DateReading(parsed.year, parsed.month, None, "month")
    return DateReading(parsed.year, parsed.month, parsed.day, "day")


def read_stated_date(text: str, *, whole: bool = False) -> DateReading | None:
    """read_date for a date found in a page or a text, where an impossible one ("2023-13-01"
    in a date line or a page's metadata) is a typo to pass over, not a reason to refuse the
    article: it counts as no date."""
    try:
        return read_date(text, whole=whole)
    except BadDate:
        return None


def parse_user_date(text: str) -> DateReading:
    """A date a user typed (``--from 2005-11``); raises BadDate naming it, and what is wrong
    when it does not exist, when it is not a date."""
    hint = "use YYYY, YYYY-MM or YYYY-MM-DD"
    try:
        reading = read_date(text)
    except BadDate as error:
        raise BadDate(f"not a date: {text!r}: {error.reason} ({hint})", error.reason) from None
    if reading is None or reading.year is None:
        raise BadDate(f"not a date: {text!r} ({hint})")
    return reading
