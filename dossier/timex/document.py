"""date_document: an article's date from its own text when no metadata gives one.

Strongest evidence first (as trafilatura/htmldate chain their extractors):
1. a header line that is a full date ("Wednesday, 30 May, 2007", "Date: Oct. 7, 2023");
2. a dateline ("MOSCOW, November 14 (RIA Novosti) -") or a given PartialDate, whose year is
   found from the text: the years it reports as past, the weekdays it mentions ("Monday's
   talks" ⇒ the year in which 14 November is a Monday), "this year" set against a stated year;
3. inference: the latest past date the text reports, dates without a year ("February 6")
   placed after it, "this year"/"last year" constraints; the precision says how much is known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dossier.timex.extract import find_timexes
from dossier.timex.lexicon import expand
from dossier.timex.model import DocumentDate, PartialDate, Timex
from dossier.timex.tense import cheap_tense
from dossier.timex.values import interval_of

_HEADER_LINES = 8
_DATELINE = re.compile(
    expand(r"^\s*(?-i:[A-Z][A-Za-z .'’-]{1,40}),\s+(?P<month>{MONTH})\s+(?P<day>\d{1,2})\b"
           r"(?:,?\s+(?P<year>\d{4}))?\s*(?:\([^)]{1,60}\))?\s*[-–—]"),
    re.MULTILINE | re.IGNORECASE,
)
_HEADER_LABEL = re.compile(r"^\s*(?:date|published|posted|dated)\s*:\s*", re.IGNORECASE)
_FUTURE_SIGNAL = re.compile(r"\b(?:through|until|till|by)\s+$", re.IGNORECASE)
_PARTIAL = re.compile(r"^XXXX-(\d{2})(?:-(\d{2}))?$")
_WEEKDAY = re.compile(r"^XXXX-WXX-(\d)$")


@dataclass
class _Evidence:
    """What the text says about its own date."""

    lower: dt.date | None = None  # the document is not older than this (latest past date)
    lower_line: str | None = None
    not_years: set[int] = field(default_factory=set)  # "in 2004 ... this year" ⇒ not 2004
    weekdays: set[int] = field(default_factory=set)  # weekdays told as past or present
    day_months: list[tuple[int, int, str]] = field(default_factory=list)  # (month, day, line)
    lines: list[str] = field(default_factory=list)


def _header_date(text: str) -> DocumentDate | None:
    """A line near the top that is nothing but a full date, or a "Date: <date>" line."""
    lines = [line for line in text.splitlines() if line.strip()]
    labelled = [line for line in lines if _HEADER_LABEL.match(line)]
    for line in labelled + lines[:_HEADER_LINES]:
        body = _HEADER_LABEL.sub("", line).strip()
        if not body or len(body) > 60:
            continue
        for t in find_timexes(body, None, ranges=False):
            if t.precision == "day" and not t.relative and len(t.text) >= 0.6 * len(body):
                return DocumentDate(t.value, "day", "header", 0.9, [line.strip()],
                                    t.interval_start, t.interval_end)
    return None


def _is_future(t: Timex, text: str) -> bool:
    """Told as still to come: future tense, or "through/until/by 2012"."""
    if _FUTURE_SIGNAL.search(text[max(0, t.start - 9) : t.start]):
        return True
    offset = t.start - t.sentence_start
    return cheap_tense(t.sentence, offset, offset + len(t.text)) == "future"


def _collect(text: str, timexes: list[Timex]) -> _Evidence:
    ev = _Evidence()
    for t in timexes:
        parts = t.parts or [t]
        for p in parts:
            if p.type not in ("DATE", "TIME"):
                continue
            line = p.sentence.strip()
            if p.interval_start is not None and not p.relative:
                if _is_future(p, text) or p.precision in ("decade", "century"):
                    continue
                if ev.lower is None or p.interval_start > ev.lower:
                    ev.lower, ev.lower_line = p.interval_start, line
                if re.search(r"\bthis\s+year\b", p.sentence, re.IGNORECASE):
                    # "grew threefold in 2004 ... set to top $2 billion this year"
                    ev.not_years.add(p.interval_start.year)
                    ev.lines.append(line)
                continue
            if m := _WEEKDAY.match(p.value):
                offset = p.start - p.sentence_start
                if cheap_tense(p.sentence, offset, offset + len(p.text)) != "future":
                    ev.weekdays.add(int(m.group(1)))
                    ev.lines.append(line)
                continue
            if (m := _PARTIAL.match(p.value)) and m.group(2) and not _is_future(p, text):
                ev.day_months.append((int(m.group(1)), int(m.group(2)), line))
    return ev


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _first_year(ev: _Evidence, month: int, day: int, weekdays: set[int]) -> int | None:
    """The earliest year, from the latest past date on, allowed by the evidence."""
    if ev.lower is None:
        return None
    for year in range(ev.lower.year, ev.lower.year + 12):
        when = _valid(year, month, day)
        if when is None or when < ev.lower or year in ev.not_years:
            continue
        if weekdays and when.isoweekday() not in weekdays:
            continue
        return year
    return None


def date_document(
    text: str,
    *,
    partial: PartialDate | None = None,
    not_before: dt.date | None = None,
    not_after: dt.date | None = None,
) -> DocumentDate:
    """The article's date as far as its text supports it (see the module docstring).

    partial: what a dateline or header found elsewhere already gives (month and day, maybe a
        weekday); not_before / not_after: outside bounds (e.g. a crawl date). Returns precision
        "unknown" and value None when nothing supports a date: never a made-up one.
    """
    header = _header_date(text)
    if header is not None:
        return header
    timexes = find_timexes(text, None)
    ev = _collect(text, timexes)
    if not_before and (ev.lower is None or not_before > ev.lower):
        ev.lower, ev.lower_line = not_before, "not_before hint"
    evidence = [ev.lower_line] if ev.lower_line else []

    if partial is None and (m := _DATELINE.search(text)):
        month = interval_of(f"2000-{_month_of(m.group('month')):02d}")[0]
        partial = PartialDate(int(m.group("year")) if m.group("year") else None,
                              month.month if month else None, int(m.group("day")), None,
                              m.group(0).strip())
    if partial and partial.month and partial.day:
        evidence = [partial.evidence or "partial date", *evidence]
        if partial.year:
            when = _valid(partial.year, partial.month, partial.day)
            if when:
                return DocumentDate(when.isoformat(), "day", "dateline", 0.9, evidence, when,
                                    when)
        weekdays = {partial.weekday} if partial.weekday else ev.weekdays
        year = _first_year(ev, partial.month, partial.day, weekdays)
        confidence = 0.8 if weekdays else 0.5
        if year is None and weekdays:
            year, confidence = _first_year(ev, partial.month, partial.day, set()), 0.4
        when = _valid(year, partial.month, partial.day) if year is not None else None
        if when is not None and (not_after is None or when <= not_after):
            return DocumentDate(when.isoformat(), "day", "inferred", confidence,
                                evidence + ev.lines[:3], when, when)

    # No dateline: the latest day-and-month the text reports, placed after the latest past
    # dated event, gives the month (the article follows it closely); else the year.
    placed = []
    for month, day, line in ev.day_months:
        year = _first_year(ev, month, day, set())
        if year is not None and (when := _valid(year, month, day)):
            placed.append((when, line))
    if placed:
        when, line = max(placed)
        if not_after is None or when <= not_after:
            end = interval_of(when.strftime("%Y-%m"))[1]
            return DocumentDate(when.strftime("%Y-%m"), "month", "inferred", 0.6,
                                [line, *evidence], when, end)
    if ev.lower is not None:
        year = ev.lower.year
        while year in ev.not_years:
            year += 1
        start = max(ev.lower, dt.date(year, 1, 1))
        return DocumentDate(str(year), "year", "inferred", 0.5, evidence + ev.lines[:3], start,
                            dt.date(year, 12, 31))
    return DocumentDate(None, "unknown", "none", 0.0, [])


def _month_of(word: str) -> int:
    from dossier.timex.lexicon import lexicon

    return lexicon()["months"][word.lower().rstrip(".")]
