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
    lower_precision: str | None = None  # "year" when the latest past date is a bare year
    not_years: set[int] = field(default_factory=set)  # "in 2004 ... this year" ⇒ not 2004
    weekdays: set[int] = field(default_factory=set)  # weekdays told as past or present
    day_months: list[tuple[int, int, str]] = field(default_factory=list)  # (month, day, line)
    lines: list[str] = field(default_factory=list)
    upper_year: int | None = None  # future-tense years: the document is not later than this
    upper_line: str | None = None
    votes: dict[int, float] = field(default_factory=dict)  # year → weight of the pairings
    vote_lines: dict[int, list[str]] = field(default_factory=dict)
    dated_weekdays: list[tuple[int, int, int, str]] = field(default_factory=list)
    this_year_floor: tuple[int, int, str] | None = None  # ("April this year" told as past)
    season: tuple[str, str] | None = None  # ("FA", line): "this autumn" told as past

    def vote(self, year: int, weight: float, line: str) -> None:
        self.votes[year] = self.votes.get(year, 0.0) + weight
        self.vote_lines.setdefault(year, []).append(line)


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
                if p.precision in ("decade", "century"):
                    continue
                if _is_future(p, text):
                    # "a plan for 2018", "due to start in 2028": not later than that year
                    year = p.interval_end.year if p.interval_end else None
                    if year and (ev.upper_year is None or year < ev.upper_year):
                        ev.upper_year, ev.upper_line = year, line
                    continue
                if ev.lower is None or p.interval_start > ev.lower:
                    ev.lower, ev.lower_line = p.interval_start, line
                    ev.lower_precision = p.precision
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
            if (m := _PARTIAL.match(p.value)) and not _is_future(p, text):
                month = int(m.group(1))
                if m.group(2):
                    day = int(m.group(2))
                    ev.day_months.append((month, day, line))
                    if w := _WEEKDAY_WORD.search(text[max(0, p.start - 14) : p.end]):
                        ev.dated_weekdays.append((month, day, _weekday_number(w.group(1)), line))
                elif _THIS_YEAR.search(p.text) and (
                        ev.this_year_floor is None or month > ev.this_year_floor[0]):
                    ev.this_year_floor = (month, 1, line)
                continue
            if ((m := _SEASON_VALUE.match(p.value)) and p.text.lower().startswith("this")
                    and not _is_future(p, text)):
                ev.season = (m.group(1), line)
    _pair_years(text, timexes, ev)
    return ev


_WEEKDAY_WORD = re.compile(expand(r"\b({WEEKDAY})\b,?\s+(?:the\s+)?\S+(?:\s+\S+)?$"),
                           re.IGNORECASE)
_THIS_YEAR = re.compile(r"\bthis\s+year\b", re.IGNORECASE)
_SEASON_VALUE = re.compile(r"^XXXX-(SP|SU|FA|WI)$")
_AGO = re.compile(r"^(?P<num>[\w-]+)\s+years?\s+(?:ago|earlier)$", re.IGNORECASE)
_REL_YEAR = re.compile(r"^(?P<rel>last|next|the\s+previous|the\s+following)\s+year$",
                       re.IGNORECASE)


def _weekday_number(word: str) -> int:
    from dossier.timex.lexicon import lexicon

    return lexicon()["weekdays"][word.lower().rstrip(".")]


def _pair_years(text: str, timexes: list[Timex], ev: _Evidence) -> None:
    """Votes for the document's year Y: "N years ago" or "last year" told next to an explicit
    year X in the same sentence (Y = X + N, Y = X + 1), "next year" next to a future year
    (Y = X - 1); "N years ago" with an explicit year in a neighbouring sentence weighs less."""
    from dossier.timex.normalise import _number

    explicit = [t for t in timexes if t.type == "DATE" and not t.relative
                and t.interval_start is not None and t.precision not in ("decade", "century")
                and t.interval_start.year == t.interval_end.year]
    for t in timexes:
        if not t.relative:
            continue
        words = t.text.strip()
        if m := _AGO.match(words):
            n = _number(m.group("num"))
            if n is None or n != int(n) or not 1 <= n <= 60:
                continue
            offset, future = int(n), False
        elif m := _REL_YEAR.match(words):
            offset = 1 if m.group("rel").lower() in ("last", "the previous") else -1
            future = offset < 0
        else:
            continue
        for x in explicit:
            same = x.sentence_start == t.sentence_start
            near = abs(x.sentence_start - t.sentence_start) <= 2 * max(len(t.sentence), 200)
            if not same and offset <= 1:
                continue  # "last year" pairs only within its sentence; "twelve years ago" wider
            if _is_future(x, text) != future:
                continue
            year = x.interval_start.year + offset
            ev.vote(year, 1.0 if same else 0.5 if near else 0.2, t.sentence.strip())


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


def year_allowed(ev: _Evidence, year: int) -> bool:
    """Not later than a year the text tells as still to come."""
    return ev.upper_year is None or year <= ev.upper_year


def _year_of(ev: _Evidence) -> tuple[int | None, float, list[str]]:
    """The document's year from the pairings and the weekday-dated days, kept between the
    latest past year and the earliest future one; (None, 0, []) when nothing pins it."""
    low = ev.lower.year if ev.lower else None
    high = ev.upper_year

    def allowed(year: int) -> bool:
        return (low is None or year >= low) and (high is None or year <= high)

    scores = {y: w for y, w in ev.votes.items() if allowed(y)}
    lines = {y: list(ev.vote_lines[y]) for y in scores}
    # "On Wednesday, November 12": the years in which that day is that weekday.
    for month, day, weekday, line in ev.dated_weekdays:
        base = low if low is not None else (high - 11 if high is not None else None)
        if base is None:
            continue
        for year in range(base, base + 12):
            when = _valid(year, month, day)
            if when and when.isoweekday() == weekday and allowed(year):
                if ev.lower is None or when >= ev.lower:
                    scores[year] = scores.get(year, 0.0) + 1.0
                    lines.setdefault(year, []).append(line)
                break
    if not scores:
        return None, 0.0, []
    year = max(scores, key=lambda y: (scores[y], -y))
    ranked = sorted(scores.values(), reverse=True)
    confidence = 0.75 if len(ranked) == 1 or ranked[0] >= 2 * ranked[1] else 0.55
    if scores[year] < 0.5:
        confidence = 0.4
    return year, confidence, lines[year]


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
    if not_after and (ev.upper_year is None or not_after.year < ev.upper_year):
        ev.upper_year, ev.upper_line = not_after.year, "not_after hint"
    evidence = [ev.lower_line] if ev.lower_line else []
    year, year_confidence, year_lines = _year_of(ev)

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
        when = None
        if year is not None and (when := _valid(year, partial.month, partial.day)):
            if (weekdays and when.isoweekday() not in weekdays) or (
                    ev.lower is not None and when < ev.lower):
                when = None
            confidence = min(0.85, year_confidence + 0.1)
        if when is None:
            first = _first_year(ev, partial.month, partial.day, weekdays)
            confidence = 0.8 if weekdays else 0.5
            if first is None and weekdays:
                first, confidence = _first_year(ev, partial.month, partial.day, set()), 0.4
            when = _valid(first, partial.month, partial.day) if first is not None else None
        if when is not None and (not_after is None or when <= not_after):
            return DocumentDate(when.isoformat(), "day", "inferred", confidence,
                                evidence + year_lines[:2] + ev.lines[:3], when, when)

    if year is not None:
        return _within_year(ev, year, year_confidence, year_lines, evidence, not_after)

    # No year pinned: the latest day-and-month the text reports, placed after the latest past
    # dated event, gives the month (the article follows it closely); else the year.
    # A day and month without a year is placed nearest the latest past date (news reports
    # what is recent); only those after it move the article's date.
    placed = []
    for month, day, line in ev.day_months if ev.lower is not None else []:
        options = [w for y in (ev.lower.year - 1, ev.lower.year, ev.lower.year + 1)
                   if (w := _valid(y, month, day))]
        when = min(options, key=lambda w: abs((w - ev.lower).days), default=None)
        if when is not None and when >= ev.lower and year_allowed(ev, when.year):
            placed.append((when, line))
    if placed:
        when, line = max(placed)
        if not_after is None or when <= not_after:
            end = interval_of(when.strftime("%Y-%m"))[1]
            return DocumentDate(when.strftime("%Y-%m"), "month", "inferred", 0.5,
                                [line, *evidence], when, end)
    if ev.lower is not None:
        year = ev.lower.year
        while year in ev.not_years:
            year += 1
        start = max(ev.lower, dt.date(year, 1, 1))
        if year == ev.lower.year and ev.lower_precision == "year":
            # Only a bare year the text mentions ("since 1989", a book's year, "Euro 2020"):
            # a lower bound, not the article's date (a reported event with its month, "in
            # March 2018", still gives the year). Unknown beats wrong; the bound stays.
            end = dt.date(ev.upper_year, 12, 31) if ev.upper_year else None
            return DocumentDate(None, "unknown", "none", 0.0,
                                [f"not before {start.isoformat()}", *evidence], start, end)
        return DocumentDate(str(year), "year", "inferred", 0.35, evidence + ev.lines[:3], start,
                            dt.date(year, 12, 31))
    return DocumentDate(None, "unknown", "none", 0.0, [])


def _within_year(
    ev: _Evidence,
    year: int,
    confidence: float,
    year_lines: list[str],
    evidence: list[str],
    not_after: dt.date | None,
) -> DocumentDate:
    """Narrow a known year: the latest past day-and-month or "April this year" in it gives the
    month (the article follows it), a past "this autumn" the season; else the year."""
    lines = year_lines[:3] + evidence
    floor = dt.date(year, 1, 1)
    floor_line = None
    if ev.lower is not None and ev.lower.year == year:
        floor, floor_line = ev.lower, ev.lower_line
    if ev.this_year_floor is not None:
        month, day, line = ev.this_year_floor
        if (when := _valid(year, month, day)) and when > floor:
            floor, floor_line = when, line
    for month, day, line in ev.day_months:
        when = _valid(year, month, day)
        if when and when > floor and (not_after is None or when <= not_after):
            floor, floor_line = when, line
    if ev.season is not None:
        code, line = ev.season
        start, end, _ = interval_of(f"{year}-{code}")
        if start and end and floor <= end:
            return DocumentDate(f"{year}-{code}", "season", "inferred", confidence * 0.9,
                                [line, *lines], max(start, floor), end)
    if floor_line is not None and (floor.day > 1 or floor.month > 1):
        # The article is on or after the latest event it reports in that year; the month of
        # that event is the best single guess, said with less confidence.
        end = interval_of(floor.strftime("%Y-%m"))[1]
        return DocumentDate(floor.strftime("%Y-%m"), "month", "inferred", confidence * 0.8,
                            [floor_line, *lines], floor, end)
    return DocumentDate(str(year), "year", "inferred", confidence, lines,
                        dt.date(year, 1, 1), dt.date(year, 12, 31))


def _month_of(word: str) -> int:
    from dossier.timex.lexicon import lexicon

    return lexicon()["months"][word.lower().rstrip(".")]
