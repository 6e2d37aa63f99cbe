"""Calendar arithmetic for relative expressions, always against an anchor date.

``resolve_relative(unit, offset, anchor)`` is the one entry point the normalisers use for
"last year", "next week", "two months ago"; the helpers below it place weekdays, months and
seasons by tense.
"""

from __future__ import annotations

import datetime as dt

from dossier.timex.values import month_end

#: The anchor precision each unit needs to be resolved ("next week" needs a day anchor).
NEEDS = {"D": "day", "W": "day", "WE": "day", "M": "month", "Q": "month", "Y": "year",
         "E": "year", "C": "year", "H": "day"}
_ORDER = ("day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown")


def finer_or_equal(have: str, need: str) -> bool:
    """Whether an anchor of precision ``have`` can resolve something needing ``need``."""
    return _ORDER.index(have) <= _ORDER.index(need)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_end(year, month + 1).day
    return dt.date(year, month + 1, min(day.day, last))


def week_value(day: dt.date) -> str:
    """ISO week value: "2005-W46"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def resolve_relative(unit: str, offset: int, anchor: dt.date) -> str:
    """TIMEX3 value of the unit ``offset`` steps from the anchor's own: ("Y", -1) → last year,
    ("W", 1) → next week, ("D", -2) → two days ago, ("M", 0) → this month."""
    if unit == "D":
        return (anchor + dt.timedelta(days=offset)).isoformat()
    if unit in ("W", "WE"):
        value = week_value(anchor + dt.timedelta(weeks=offset))
        return value + "-WE" if unit == "WE" else value
    if unit == "M":
        return add_months(anchor, offset).strftime("%Y-%m")
    if unit == "Q":
        index = anchor.year * 4 + quarter_of(anchor) - 1 + offset
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "H":
        index = anchor.year * 2 + (anchor.month > 6) + offset
        return f"{index // 2:04d}-H{index % 2 + 1}"
    if unit == "Y":
        return f"{anchor.year + offset:04d}"
    if unit == "E":
        return f"{anchor.year // 10 + offset:03d}X"
    if unit == "C":
        return f"{anchor.year // 100 + offset:02d}XX"
    raise ValueError(f"unknown unit {unit!r}")


def weekday_by_tense(weekday: int, anchor: dt.date, tense: str | None) -> dt.date:
    """The date of an ISO weekday (Monday = 1) near the anchor.

    Past or unknown tense: the latest such day on or before the anchor ("said Friday" in a
    Friday wire story is that same Friday; news mostly reports what happened). Future or present
    tense ("will meet on Monday", "a pipeline that opens on Saturday"): the first such day on or
    after the anchor; a present-tense event on the anchor's own weekday is that day.
    """
    delta = weekday - anchor.isoweekday()
    if tense in ("future", "present"):
        return anchor + dt.timedelta(days=delta % 7)
    return anchor - dt.timedelta(days=(-delta) % 7)


def year_by_tense(month: int, day: int | None, anchor: dt.date, tense: str | None) -> int:
    """The year of a month (and day) given without one.

    The anchor's year, moved back one year when a past-tense event would fall after the anchor,
    forward one when a future-tense event would fall before it. With no tense, the nearest
    reading wins ("December" in a March article is last December).
    """
    probe_day = day or 1
    candidates = [anchor.year - 1, anchor.year, anchor.year + 1]

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
        return anchor.year - 1 if after else anchor.year
    if tense in ("future", "present"):
        return anchor.year + 1 if before else anchor.year
    return min(candidates, key=lambda y: (abs((when(y) - anchor).days), -y))
