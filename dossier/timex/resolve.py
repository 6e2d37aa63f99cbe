"""Calendar arithmetic for relative expressions, always against an anchor date.

``resolve_relative(unit, offset, anchor)`` is the one entry point the normalisers use for
"last year", "next week", "two months ago"; the helpers below it place weekdays, months and
seasons by tense.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from dossier.timex.lexicon import lexicon
from dossier.timex.values import month_end

#: The anchor precision each unit needs to be resolved ("next week" needs a day anchor).
NEEDS = {"D": "day", "W": "day", "WE": "day", "M": "month", "Q": "month", "Y": "year",
         "E": "year", "C": "year", "H": "day"}
_ORDER = ("day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown")


def finer_or_equal(have: str, need: str) -> bool:
    """Whether an anchor of precision ``have`` can resolve something needing ``need``."""
    return _ORDER.index(have) <= _ORDER.index(need)


#: Each unit as a number of days or of months: every shift is whole days or whole months.
_DAYS = {"D": 1, "W": 7, "WE": 7}
_MONTHS = {"M": 1, "Q": 3, "H": 6, "Y": 12, "E": 120, "C": 1200}


@cache
def _plausible() -> tuple[dt.date, dt.date]:
    bounds = lexicon()["plausible_years"]
    return dt.date(bounds["first"], 1, 1), dt.date(bounds["last"], 12, 31)


def plausible_year(year: int) -> bool:
    """Whether a resolved expression may fall in ``year`` (lexicon ``plausible_years``)."""
    first, last = _plausible()
    return first.year <= year <= last.year


def shift(day: dt.date, unit: str, steps: int) -> dt.date | None:
    """``day`` moved by ``steps`` units (D, W, WE, M, Q, H, Y, E, C), a month's day clamped to
    its last ("a month after 31 January" is 28/29 February); None when the result leaves the
    plausible years. Every calendar step of dossier.timex goes through here, so that "999999999
    days ago" is left unresolved instead of overflowing the calendar: integer arithmetic first,
    a date only once the year is known to exist."""
    if unit in _DAYS:
        ordinal = day.toordinal() + steps * _DAYS[unit]
        first, last = _plausible()
        if not first.toordinal() <= ordinal <= last.toordinal():
            return None
        return dt.date.fromordinal(ordinal)
    if unit not in _MONTHS:
        raise ValueError(f"unknown unit {unit!r}")
    year, month0 = divmod(day.year * 12 + day.month - 1 + steps * _MONTHS[unit], 12)
    if not plausible_year(year):
        return None
    return dt.date(year, month0 + 1, min(day.day, month_end(year, month0 + 1).day))


def week_value(day: dt.date) -> str:
    """ISO week value: "2005-W46"."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def resolve_relative(unit: str, offset: int, anchor: dt.date) -> str | None:
    """TIMEX3 value of the unit ``offset`` steps from the anchor's own: ("Y", -1) → last year,
    ("W", 1) → next week, ("D", -2) → two days ago, ("M", 0) → this month; None when that
    falls outside the plausible years ("999999 days ago")."""
    moved = shift(anchor, unit, offset)
    if moved is None:
        return None
    year = moved.year
    formats = {
        "D": moved.isoformat,
        "W": lambda: week_value(moved),
        "WE": lambda: week_value(moved) + "-WE",
        "M": lambda: f"{year:04d}-{moved.month:02d}",
        "Q": lambda: f"{year:04d}-Q{quarter_of(moved)}",
        "H": lambda: f"{year:04d}-H{1 + (moved.month > 6)}",
        "Y": lambda: f"{year:04d}",
        "E": lambda: f"{year // 10:03d}X",
        "C": lambda: f"{year // 100:02d}XX",
    }
    return formats[unit]()


def weekday_by_tense(weekday: int, anchor: dt.date, tense: str | None) -> dt.date | None:
    """The date of an ISO weekday (Monday = 1) near the anchor (None out of the plausible years).

    Past or unknown tense: the latest such day on or before the anchor ("said Friday" in a
    Friday wire story is that same Friday; news mostly reports what happened). Future or present
    tense ("will meet on Monday", "a pipeline that opens on Saturday"): the first such day on or
    after the anchor; a present-tense event on the anchor's own weekday is that day.
    """
    delta = weekday - anchor.isoweekday()
    if tense in ("future", "present"):
        return shift(anchor, "D", delta % 7)
    return shift(anchor, "D", -((-delta) % 7))


def year_by_tense(month: int, day: int | None, anchor: dt.date, tense: str | None) -> int | None:
    """The year of a month (and day) given without one, or None outside the plausible years.

    The anchor's year, moved back one year when a past-tense event would fall after the anchor,
    forward one when a future-tense event would fall before it. With no tense, the nearest
    reading wins ("December" in a March article is last December).
    """
    probe_day = day or 1
    candidates = [y for y in (anchor.year - 1, anchor.year, anchor.year + 1) if plausible_year(y)]

    def when(year: int) -> dt.date:
        try:
            return dt.date(year, month, probe_day)
        except ValueError:  # 29 February in a non-leap year: compare on the 28th
            return dt.date(year, month, 28)

    same = when(anchor.year)
    # Month-only expressions compare by month: "in October" told on 14 October is this October.
    after = same > anchor if day else (month > anchor.month)
    before = same < anchor if day else (month < anchor.month)
    if tense == "past":
        year = anchor.year - 1 if after else anchor.year
    elif tense in ("future", "present"):
        year = anchor.year + 1 if before else anchor.year
    elif not candidates:
        return None
    else:
        year = min(candidates, key=lambda y: (abs((when(y) - anchor).days), -y))
    return year if plausible_year(year) else None
