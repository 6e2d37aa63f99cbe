"""Calendar arithmetic of relative expressions: it never leaves the plausible years."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier.timex import find_timexes
from dossier.timex.resolve import resolve_relative, shift, weekday_by_tense, year_by_tense
from dossier.timex.values import interval_of

ANCHOR = dt.date(2020, 3, 15)


@pytest.mark.parametrize(
    ("unit", "steps", "expected"),
    [
        ("D", -2, dt.date(2020, 3, 13)),
        ("W", 1, dt.date(2020, 3, 22)),
        ("M", -1, dt.date(2020, 2, 15)),
        ("Q", 1, dt.date(2020, 6, 15)),
        ("Y", -41, dt.date(1979, 3, 15)),
        ("E", 1, dt.date(2030, 3, 15)),
        ("C", -1, dt.date(1920, 3, 15)),
        ("D", -999_999_999, None),
        ("M", 99_999, None),
        ("Y", 10**30, None),
        ("C", 10, None),  # the year 3020: no news dates anything there
    ],
)
def test_shift(unit, steps, expected):
    assert shift(ANCHOR, unit, steps) == expected


def test_shift_clamps_to_the_month_end():
    assert shift(dt.date(2020, 1, 31), "M", 1) == dt.date(2020, 2, 29)


@pytest.mark.parametrize("unit", ["D", "W", "WE", "M", "Q", "H", "Y", "E", "C"])
def test_resolve_relative_out_of_range_is_none(unit):
    assert resolve_relative(unit, -10**12, ANCHOR) is None
    assert resolve_relative(unit, 1, dt.date(9999, 12, 31)) is None


def test_resolve_relative_formats_early_years_with_four_digits():
    assert resolve_relative("M", 0, dt.date(5, 6, 1)) == "0005-06"
    assert resolve_relative("W", 0, dt.date(5, 6, 1)) == "0005-W22"


def test_edges_of_the_calendar_give_none():
    assert weekday_by_tense(7, dt.date(1, 1, 1), "past") is None  # a Sunday before year 1
    assert year_by_tense(12, 31, dt.date(1, 1, 1), "past") is None


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # Each raised ValueError or OverflowError and stopped the whole analysis.
        ("It happened 999999999 days ago.", ANCHOR, "XXXX-XX-XX"),
        ("That was 99999 month ago.", ANCHOR, "XXXX-XX"),
        ("Some 9999999 weeks later it ended.", ANCHOR, "XXXX-WXX"),
        ("It was 99999 years ago.", ANCHOR, "XXXX"),  # was the value "-97979"
        ("Some 300 centuries later.", ANCHOR, "XXXX"),
        ("He came " + "1" * 400 + " days ago.", ANCHOR, "XXXX-XX-XX"),  # float infinity
        ("He left yesterday.", dt.date(1, 1, 1), "XXXX-XX-XX"),
        ("He leaves tomorrow.", dt.date(9999, 12, 31), "XXXX-XX-XX"),
        ("They meet next year.", dt.date(9999, 12, 31), "XXXX"),
    ],
)
def test_absurd_offsets_stay_unresolved(text, anchor, value):
    (timex,) = find_timexes(text, anchor)
    assert (timex.value, timex.interval_start) == (value, None)


def test_sensible_offsets_still_resolve():
    values = [t.value for t in find_timexes("It began 41 years ago. Two months later it ended.",
                                            ANCHOR)]
    assert values == ["1979", "2020-05"]


@pytest.mark.parametrize("value", ["0000", "0000-05", "0000-Q1", "9999-W52-WE", "2005-W53"])
def test_interval_of_a_value_the_calendar_lacks_is_unknown(value):
    assert interval_of(value, "END") == (None, None, "unknown")
