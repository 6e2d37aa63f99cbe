"""Reading a date that is given as a date: a metadata field, a date line, a dateline.

Temporal expressions inside running text are the job of ``dossier.timex``; this module
reads strings whose whole purpose is to state a date, and says how precise they are.
dateparser does the parsing (many formats, month abbreviations, weekdays); the checks
here decide what dateparser cannot tell us: whether the year was stated at all
(dateparser silently fills in the current one) and whether the string is only a date.
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


def read_date(text: str, *, whole: bool = False) -> DateReading | None:
    """Read a date from ``text``; with ``whole``, the text must be nothing but a date.

    Returns None when there is no date. A day and month without a year come back with
    ``precision="unknown"`` and ``year=None``: the year is never guessed here.
    """
    text = text.strip().strip(",;")
    if not text or not re.search(r"\d", text):
        return None
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


def parse_user_date(text: str) -> DateReading:
    """A date a user typed (``--from 2005-11``); raises BadDate naming it when impossible."""
    reading = read_date(text)
    if reading is None or reading.year is None:
        raise BadDate(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return reading
