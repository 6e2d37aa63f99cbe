"""One normaliser per grammar rule kind: a regex match → a TIMEX3 type and value (or None).

Each function gets the match and a ``Context`` (anchor, its precision, the text, a lazy tense
look-up) and returns a ``Norm`` or None when the match is not a temporal expression after all
("May" the verb, "2000 people", "February 30").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from dossier.timex.chronology import ChronologyLine
from dossier.timex.lexicon import lexicon
from dossier.timex.resolve import (
    NEEDS,
    finer_or_equal,
    plausible_year,
    quarter_of,
    resolve_relative,
    shift,
    weekday_by_tense,
    year_by_tense,
)


@dataclass
class Norm:
    """What a normaliser found: TIMEX3 type and value, mod, whether the anchor was used."""

    type: str
    value: str
    mod: str | None = None
    relative: bool = False
    note: str | None = None


@dataclass
class Context:
    """What normalisers may read besides the match."""

    text: str
    anchor: dt.date | None
    anchor_precision: str
    locale: str | None
    tense: Callable[[int, int], str | None]  # (start, end) → "past" | "present" | "future" | None
    #: The chronology lines of the text by the offset of the date opening them.
    chronology: dict[int, ChronologyLine] = field(default_factory=dict)

    def can(self, need: str) -> bool:
        """Whether the anchor is known finely enough to resolve something needing ``need``."""
        return self.anchor is not None and finer_or_equal(self.anchor_precision, need)


Normaliser = Callable[[re.Match[str], Context], Norm | None]

# Words after which a bare "May"/"March" is a month ("in May", "since March", "last May").
_MONTH_CUES = frozenset(
    ["in", "on", "since", "by", "until", "till", "from", "to", "through", "of", "last", "next",
     "this", "early", "late", "mid", "during", "before", "after", "and", "or", "between", "for"]
)


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group's text, lower-cased and space-normalised, or None."""
    try:
        value = m.group(name)
    except IndexError:
        return None
    return " ".join(value.lower().split()) if value else None


def _mod(m: re.Match[str], *names: str) -> str | None:
    for name in names or ("mod",):
        word = _g(m, name)
        if word:
            return lexicon()["mods"].get(word.replace("-", " ").strip())
    return None


@cache
def _month_number(word: str) -> int | None:
    return lexicon()["months"].get(word.lower().rstrip("."))


def _is_month_word(m: re.Match[str], ctx: Context, strict: bool) -> bool:
    """A month name must be capitalised; "May"/"March" alone also need a cue word before them."""
    raw = m.group("month")
    if not raw[0].isupper():
        return False
    word = raw.lower().rstrip(".")
    if not strict:
        return True
    if word in lexicon()["ambiguous_months"] or len(word) <= 4:
        before = ctx.text[max(0, m.start("month") - 12) : m.start("month")].split()
        return bool(before) and before[-1].lower().strip(",") in _MONTH_CUES
    return True


def _year(raw: str, ctx: Context) -> int:
    """A year from 4 digits, or from 2 ("'98", "02/03/08"): the century keeping it at most ten
    years after the anchor (or after 2030 with no anchor)."""
    year = int(raw)
    if len(raw) == 2:
        pivot = (ctx.anchor.year if ctx.anchor else 2020) + 10
        year += (pivot // 100) * 100
        if year > pivot:
            year -= 100
    return year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _number(word: str | None) -> float | None:
    """"12" → 12, "twenty-five" → 25, "a" → 1; vague words ("several") → None."""
    if word is None:
        return None
    w = word.lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    numbers = lexicon()["numbers"]
    if w in numbers:
        return float(numbers[w])
    parts = re.split(r"[\s-]+", w)
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return float(numbers[parts[0]] + numbers[parts[1]])
    return None


def _unit(word: str) -> str:
    return lexicon()["units"][word.lower()]


def _duration(n: float | None, unit_word: str) -> str:
    """TIMEX3 duration: P10Y, PT2H, PXY (vague), P2W; decades and centuries count in years,
    fractions move to the next smaller unit (P1.5Y → P18M)."""
    code = _unit(unit_word)
    if n is not None and not math.isfinite(n):  # hundreds of digits read as infinity
        n = None
    is_time = unit_word.lower() in lexicon()["time_units"]
    if code == "E":
        code, n = "Y", None if n is None else n * 10
    elif code == "C":
        code, n = "Y", None if n is None else n * 100
    elif code == "WE":
        code, n = "D", None if n is None else n * 2
    if n is not None and n != int(n):
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
        if code in smaller and (n * smaller[code][1]) == int(n * smaller[code][1]):
            code, n = smaller[code][0], n * smaller[code][1]
            is_time = is_time or code in ("H",) or (code == "M" and unit_word.startswith("h"))
    amount = "X" if n is None else f"{int(n)}" if n == int(n) else f"{n:g}"
    return f"PT{amount}{code}" if is_time else f"P{amount}{code}"


def _unresolved(unit: str) -> str:
    """The TIMEX3 value of a relative expression with no usable anchor."""
    return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX",
            "Q": "XXXX-QX", "H": "XXXX-HX", "Y": "XXXX", "E": "XXX", "C": "XX"}[unit]


def _in_year(year: int | None, rest: str) -> str:
    """A value in ``year`` ("2005" + "-Q3"), or the unresolved "XXXX-Q3" when the arithmetic
    that gave the year ("next year" told in 2999) left the plausible years."""
    if year is None or not plausible_year(year):
        return "XXXX" + rest
    return f"{year:04d}{rest}"


def _relative(value: str | None, unit: str, mod: str | None = None) -> Norm:
    """A resolved relative value, or the unit's unresolved one when it fell out of range."""
    return Norm("DATE", value or _unresolved(unit), mod=mod, relative=True)


_DEADLINE = re.compile(r"\b(?:by|until|till|through|before|and)\s+$", re.IGNORECASE)


def _tense_or_deadline(m: re.Match[str], ctx: Context) -> str | None:
    """A deadline ("by Jan. 14", "until March 3", "between now and Feb. 10") looks ahead
    whatever the tense of the clause; otherwise the clause's tense."""
    if _DEADLINE.search(ctx.text[max(0, m.start() - 8) : m.start()]):
        return "future"
    return ctx.tense(m.start(), m.end())


# --- absolute dates -------------------------------------------------------------------------


def iso(m: re.Match[str], ctx: Context) -> Norm | None:
    """2005-11-14."""
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if not _valid(year, month, day):
        return None
    return Norm("DATE", f"{year:04d}-{month:02d}-{day:02d}")


def numeric(m: re.Match[str], ctx: Context) -> Norm | None:
    """02/03/2008: month/day order by locale (en_US m/d, others d/m); if unknown and both
    readings are valid, only the year is kept and the note says why."""
    a, b, year = int(m["a"]), int(m["b"]), _year(m["year"], ctx)
    if ctx.locale and ctx.locale.lower().replace("-", "_") == "en_us":
        readings = [(a, b)]
    elif ctx.locale:
        readings = [(b, a)]
    else:
        readings = [(mo, d) for mo, d in ((a, b), (b, a)) if _valid(year, mo, d)]
        readings = list(dict.fromkeys(readings))
    readings = [(mo, d) for mo, d in readings if _valid(year, mo, d)]
    if not readings:
        return None
    if len(readings) > 1:
        return Norm("DATE", f"{year:04d}", note="day/month order unknown: kept the year only")
    month, day = readings[0]
    return Norm("DATE", f"{year:04d}-{month:02d}-{day:02d}")


def date(m: re.Match[str], ctx: Context) -> Norm | None:
    """November 14, 2005 / 14 November 2005 / Nov. 14 / Wednesday, 30 May, 2007.

    Without a year: the anchor's year, moved by tense (year_by_tense); at the head of a
    chronology line ("March 5 - ..."), the year that line was given. Impossible days
    ("February 30") give no expression.
    """
    if not _is_month_word(m, ctx, strict=False):
        return None
    month = _month_number(m["month"])
    day = int(re.match(r"\d+", m["day"]).group(0))
    if month is None:
        return None
    if m["year"]:
        year = int(m["year"])
        if not _valid(year, month, day):
            return None
        return Norm("DATE", f"{year:04d}-{month:02d}-{day:02d}")
    if not _valid(2000, month, day):  # 2000 is a leap year: only 30 Feb and 31 Apr/Jun/... fail
        return None
    line = ctx.chronology.get(min(m.start("month"), m.start("day")))
    if line is not None and line.year is not None and (line.month, line.day) == (month, day):
        # "February 26 - The council imposes ..." opening a line: a factbox's past event,
        # whatever the tense (dossier.timex.chronology)
        return Norm("DATE", f"{line.year:04d}-{month:02d}-{day:02d}", relative=True,
                    note="chronology line")
    if not ctx.can("year"):
        return Norm("DATE", f"XXXX-{month:02d}-{day:02d}", relative=True)
    if ctx.can("day"):
        year = year_by_tense(month, day, ctx.anchor, _tense_or_deadline(m, ctx))
    else:
        year = ctx.anchor.year
    if year is not None and not _valid(year, month, day):
        return None
    return Norm("DATE", _in_year(year, f"-{month:02d}-{day:02d}"), relative=True)


def month(m: re.Match[str], ctx: Context) -> Norm | None:
    """May 2005 / October last year / April of this year / in May / early November."""
    year_word, rel = m.groupdict().get("year"), _g(m, "rel")
    if not _is_month_word(m, ctx, strict=not (year_word or rel or m.groupdict().get("mod"))):
        return None
    number = _month_number(m["month"])
    if number is None:
        return None
    mod = _mod(m)
    if year_word:
        return Norm("DATE", f"{int(year_word):04d}-{number:02d}", mod=mod)
    if not ctx.can("year"):
        return Norm("DATE", f"XXXX-{number:02d}", mod=mod, relative=True)
    if rel:
        offset = {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(rel, 0)
        return Norm("DATE", _in_year(ctx.anchor.year + offset, f"-{number:02d}"), mod=mod,
                    relative=True)
    if ctx.can("month"):
        year = year_by_tense(number, None, ctx.anchor, _tense_or_deadline(m, ctx))
    else:
        year = ctx.anchor.year
    return Norm("DATE", _in_year(year, f"-{number:02d}"), mod=mod, relative=True)


def _season_year(code: str, anchor: dt.date, offset: int) -> int:
    """The year of "last/this/next <season>" (offset -1/0/1) seen from the anchor."""
    first, last = lexicon()["season_months"][code]
    year = anchor.year if not (code == "WI" and anchor.month <= 2) else anchor.year - 1
    if offset < 0:
        # The latest such season that has ended before the anchor's month.
        end_index = year * 12 + last - 1
        while end_index >= anchor.year * 12 + anchor.month - 1:
            year -= 1
            end_index -= 12
    elif offset > 0:
        while year * 12 + first - 1 <= anchor.year * 12 + anchor.month - 1:
            year += 1
    return year


def season(m: re.Match[str], ctx: Context) -> Norm | None:
    """autumn 2005 / in the spring / the early summer / winter of last year."""
    code = lexicon()["seasons"][_g(m, "season")]
    det, year_word, rel, mod = _g(m, "det"), m["year"], _g(m, "rel"), _mod(m)
    if not (det or year_word or rel or mod or m.groupdict().get("pre")):
        return None  # "prices fall", "spring up"
    if year_word:
        return Norm("DATE", f"{int(year_word):04d}-{code}", mod=mod)
    if not ctx.can("month"):
        if ctx.can("year"):
            return Norm("DATE", _in_year(ctx.anchor.year, f"-{code}"), mod=mod, relative=True)
        return Norm("DATE", f"XXXX-{code}", mod=mod, relative=True)
    offset = {"last": -1, "next": 1}.get(rel or "", 0)
    if offset:
        year = ctx.anchor.year + offset
    else:
        tense = ctx.tense(m.start(), m.end())
        year = _season_year(code, ctx.anchor, -1 if tense == "past" else 0)
        if tense == "past" and _season_year(code, ctx.anchor, 0) == ctx.anchor.year:
            first = lexicon()["season_months"][code][0]
            if first <= ctx.anchor.month:  # the season under way or just over this year
                year = ctx.anchor.year
    return Norm("DATE", _in_year(year, f"-{code}"), mod=mod, relative=True)


def quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    """the third quarter / third-quarter / Q3 2005 / the fourth quarter of 2004."""
    ordinal = _g(m, "ord")
    q = lexicon()["ordinals"][ordinal] if ordinal else int(m["num"])
    gd = m.groupdict()
    year_word = gd.get("year") or gd.get("year0") or gd.get("year2")
    if year_word:
        return Norm("DATE", f"{int(year_word):04d}-Q{q}")
    rel = _g(m, "rel2") or ""
    if not ctx.can("year"):
        return Norm("DATE", f"XXXX-Q{q}", relative=True)
    year = ctx.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
    # "the fourth quarter" in a past-tense sentence of a March article: last year's.
    if (not rel and ctx.can("month") and q > quarter_of(ctx.anchor)
            and ctx.tense(m.start(), m.end()) == "past"):
        year -= 1
    return Norm("DATE", _in_year(year, f"-Q{q}"), relative=True)


def half(m: re.Match[str], ctx: Context) -> Norm | None:
    """the first half of 2005 / the second half of this year."""
    h = 1 if _g(m, "ord") == "first" else 2
    if m["year"]:
        return Norm("DATE", f"{int(m['year']):04d}-H{h}")
    if not ctx.can("year"):
        return Norm("DATE", f"XXXX-H{h}", relative=True)
    offset = {"last": -1, "next": 1}.get(_g(m, "rel") or "", 0)
    return Norm("DATE", _in_year(ctx.anchor.year + offset, f"-H{h}"), relative=True)


def decade(m: re.Match[str], ctx: Context) -> Norm | None:
    """the 1990s → 199X / the '90s / the nineties (the century of the anchor, or the one
    before when that decade is still to come)."""
    mod = _mod(m)
    if m["cent"]:
        return Norm("DATE", f"{m['cent']}{m['dec']}X", mod=mod)
    digit = int(m["dec2"]) if m["dec2"] else lexicon()["decade_words"][_g(m, "word")]
    if m["word"] and not m.group(0).lower().startswith("the"):
        return None  # "in his sixties" is an age
    base = ctx.anchor.year if ctx.anchor else 2000
    century = base // 100
    if century * 100 + digit * 10 > base:
        century -= 1
    return Norm("DATE", f"{century:02d}{digit}X", mod=mod, relative=ctx.anchor is not None)


def century(m: re.Match[str], ctx: Context) -> Norm | None:
    """the 20th century / the nineteenth century → 19 / 18 (TIMEX3: the first two digits)."""
    ordinal = _g(m, "ord")
    n = lexicon()["ordinals"].get(ordinal) or int(re.match(r"\d+", ordinal).group(0))
    if not 1 <= n <= 21:
        return None
    return Norm("DATE", f"{n - 1:02d}", mod=_mod(m))


def year(m: re.Match[str], ctx: Context) -> Norm | None:
    """in 2004 / the 2004 treaty / fiscal 1989 / mid-2005 / in '98.

    A 4-digit number is not a year when a unit or count noun follows ("2000 people"), when a
    noun that takes a number as a name comes before it ("Resolution 1973", "Flight 1549"),
    when it is part of a phone number or a code, or below 1600 without "in" before it.
    """
    if m.groupdict().get("base"):  # "1957-58", "the 2008/09 season": the pair's second year
        base = int(m["base"])
        tail = base // 100 * 100 + int(m["yy"])
        tail += 100 if tail <= base else 0
        return Norm("DATE", f"{tail:04d}") if tail - base <= 10 else None
    if m.groupdict().get("yy"):
        return Norm("DATE", f"{_year(m['yy'], ctx):04d}", mod=_mod(m))
    value = int(m["year"])
    text = ctx.text
    after = text[m.end() : m.end() + 20].split()
    blockers = _year_blockers()
    if after and after[0].lower().strip(".,;:") in blockers:
        return None
    preceding = text[max(0, m.start("year") - 20) : m.start("year")].split()
    if not m.group("mod") and preceding and \
            preceding[-1].lower().rstrip(".:#") in _year_blockers_before():
        return None
    before = text[max(0, m.start("year") - 6) : m.start("year")]
    if (before.endswith(("-", "–")) and not m.group("mod")
            and not re.search(r"\b\d{4}[-–]$", before)):
        return None
    if re.search(r"[A-Za-z]$", before):  # "F2004", "COVID2019"
        return None
    if value < 1600 and not re.search(r"\bin\s+$", text[max(0, m.start() - 4) : m.start()]):
        return None
    return Norm("DATE", f"{value:04d}", mod=_mod(m))


@cache
def _year_blockers() -> frozenset[str]:
    return frozenset(lexicon()["year_blockers_after"])


@cache
def _year_blockers_before() -> frozenset[str]:
    return frozenset(lexicon()["year_blockers_before"])


# --- relative to the anchor -----------------------------------------------------------------


def year_end(m: re.Match[str], ctx: Context) -> Norm | None:
    """year's end / by year-end / the end of the year / the beginning of the month."""
    unit = {"year": "Y", "month": "M", "week": "W", "decade": "E", "century": "C"}[
        _g(m, "unit") or "year"
    ]
    mod = {"end": "END", "turn": "END", "beginning": "START", "start": "START",
           "middle": "MID"}[_g(m, "mod2") or "end"]
    if not ctx.can(NEEDS[unit]):
        return Norm("DATE", _unresolved(unit), mod=mod, relative=True)
    return _relative(resolve_relative(unit, 0, ctx.anchor), unit, mod)


_REL_OFFSETS = {
    "this": 0, "current": 0, "the current": 0, "the same": 0, "that": 0,
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "this past": -1,
    "next": 1, "coming": 1, "following": 1, "the following": 1, "this coming": 1,
}


def rel_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    """this year / last month / next week / the past year (a duration) / earlier this year."""
    rel, word = _g(m, "rel"), _g(m, "unit")
    unit = {"year": "Y", "fiscal year": "Y", "month": "M", "week": "W", "weekend": "WE",
            "quarter": "Q", "decade": "E", "century": "C", "day": "D"}[word]
    if rel in ("the past", "the last", "the next", "the coming"):
        # TIMEX3: "the past year" is an (anchored) duration, not last year's date.
        return Norm("DURATION", _duration(1, word.split()[-1]), relative=True)
    if unit == "D" and rel in ("this", "that", "the same", "past", "coming", "current"):
        return None  # "this day and age", "that day" without a reference time
    offset = _REL_OFFSETS.get(rel)
    if offset is None:
        return None
    if not ctx.can(NEEDS[unit]):
        return Norm("DATE", _unresolved(unit), mod=_mod(m), relative=True)
    return _relative(resolve_relative(unit, offset, ctx.anchor), unit, _mod(m))


def _weekday_number(word: str) -> int:
    return lexicon()["weekdays"][word.lower().rstrip(".")]


def _part(m: re.Match[str]) -> str | None:
    word = _g(m, "part")
    return lexicon()["parts_of_day"].get(word) if word else None


def _day_norm(day: dt.date | None, part: str | None, mod: str | None) -> Norm:
    """A day (and part of it), unresolved when its arithmetic left the plausible years."""
    if day is None:
        return Norm("TIME" if part else "DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""),
                    mod=mod, relative=True)
    if part:
        return Norm("TIME", f"{day.isoformat()}T{part}", mod=mod, relative=True)
    return Norm("DATE", day.isoformat(), mod=mod, relative=True)


def rel_named(m: re.Match[str], ctx: Context) -> Norm | None:
    """last Friday / next Monday / this Saturday / last August / this past spring."""
    rel, name = _g(m, "rel"), _g(m, "name").rstrip(".")
    offset = _REL_OFFSETS.get(rel, 0)
    lex = lexicon()
    if name in lex["seasons"]:
        code = lex["seasons"][name]
        if not ctx.can("month"):
            return Norm("DATE", f"XXXX-{code}", relative=True)
        year = _season_year(code, ctx.anchor, offset)
        return Norm("DATE", _in_year(year, f"-{code}"), mod=_mod(m), relative=True)
    if name in lex["weekdays"]:
        if not m.group("name")[0].isupper():
            return None
        weekday = _weekday_number(name)
        if not ctx.can("day"):
            return Norm("DATE", f"XXXX-WXX-{weekday}", relative=True)
        if offset < 0:
            day = shift(ctx.anchor, "D", -((ctx.anchor.isoweekday() - weekday - 1) % 7 + 1))
        elif offset > 0:
            day = shift(ctx.anchor, "D", (weekday - ctx.anchor.isoweekday() - 1) % 7 + 1)
        else:
            day = weekday_by_tense(weekday, ctx.anchor, ctx.tense(m.start(), m.end()))
        return _day_norm(day, _part(m), _mod(m))
    number = _month_number(name)
    if number is None or not m.group("name")[0].isupper():
        return None
    if not ctx.can("month"):
        return Norm("DATE", f"XXXX-{number:02d}", relative=True)
    year = ctx.anchor.year
    if offset < 0 and number >= ctx.anchor.month:
        year -= 1
    elif offset > 0 and number <= ctx.anchor.month:
        year += 1
    return Norm("DATE", _in_year(year, f"-{number:02d}"), mod=_mod(m), relative=True)


def day_word(m: re.Match[str], ctx: Context) -> Norm | None:
    """today / yesterday / tomorrow / tonight / yesterday morning / late yesterday."""
    word = _g(m, "word")
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}[word]
    part = _part(m) or ("NI" if word == "tonight" else None)
    mod = _mod(m)
    if not ctx.can("day"):
        return Norm("TIME" if part else "DATE", "XXXX-XX-XX", relative=True)
    return _day_norm(shift(ctx.anchor, "D", offset), part, mod)


def part_word(m: re.Match[str], ctx: Context) -> Norm | None:
    """this morning / last night / tomorrow evening."""
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[_g(m, "rel")]
    if not ctx.can("day"):
        return Norm("TIME", "XXXX-XX-XX", relative=True)
    return _day_norm(shift(ctx.anchor, "D", offset), _part(m), _mod(m))


def weekend(m: re.Match[str], ctx: Context) -> Norm | None:
    """the weekend / that weekend: the one before the anchor, or after it in a future clause."""
    if not ctx.can("day"):
        return Norm("DATE", "XXXX-WXX-WE", relative=True)
    saturday = weekday_by_tense(6, ctx.anchor, ctx.tense(m.start(), m.end()))
    return _relative(saturday and resolve_relative("WE", 0, saturday), "WE")


def eve(m: re.Match[str], ctx: Context) -> Norm | None:
    """"noted on the eve": the day before the anchor."""
    if not ctx.can("day"):
        return Norm("DATE", "XXXX-XX-XX", relative=True)
    return _day_norm(shift(ctx.anchor, "D", -1), None, None)


def weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    """Monday / on Friday / Monday's talks / Friday night, placed by the clause's tense."""
    if not m.group("weekday")[0].isupper():
        return None
    number = _weekday_number(m["weekday"])
    part = _part(m)
    if not ctx.can("day"):
        return Norm("TIME" if part else "DATE", f"XXXX-WXX-{number}", relative=True)
    day = weekday_by_tense(number, ctx.anchor, ctx.tense(m.start(), m.end()))
    return _day_norm(day, part, _mod(m))


def clock(m: re.Match[str], ctx: Context) -> Norm | None:
    """3 p.m. / 10:30 a.m. Friday / noon / midnight."""
    named = _g(m, "named")
    if named:
        hhmm = "24:00" if named == "midnight" else "12:00"
    elif m.groupdict().get("hour24"):
        hhmm = f"{int(m['hour24']):02d}:{m['min']}"
    else:
        hour = int(m["hour"]) % 12 + (12 if _g(m, "ampm").startswith("p") else 0)
        hhmm = f"{hour:02d}:{int(m['min'] or 0):02d}"
    day_word_ = _g(m, "day")
    if not ctx.can("day"):
        return Norm("TIME", f"XXXX-XX-XXT{hhmm}", relative=True)
    day: dt.date | None = ctx.anchor
    if day_word_ in ("yesterday", "tomorrow"):
        day = shift(ctx.anchor, "D", -1 if day_word_ == "yesterday" else 1)
    elif day_word_ and day_word_ != "today":
        day = weekday_by_tense(_weekday_number(day_word_), ctx.anchor,
                               ctx.tense(m.start(), m.end()))
    return Norm("TIME", f"{day.isoformat() if day else 'XXXX-XX-XX'}T{hhmm}", relative=True)


def ago(m: re.Match[str], ctx: Context) -> Norm | None:
    """two years ago / ten days later / a month ago / years ago (PAST_REF).

    The value keeps the unit's precision: "41 years ago" is a year, "two weeks ago" a week.
    "earlier"/"later" count from the anchor too (no narrative reference time is tracked).
    """
    direction = -1 if _g(m, "dir") in ("ago", "earlier") else 1
    n = _number(_g(m, "num"))
    unit_word = _g(m, "unit")
    approx = "APPROX" if _g(m, "approx") else None
    if n is None:
        return Norm("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", relative=True)
    unit = _unit(unit_word)
    if unit_word in lexicon()["time_units"]:
        unit, n = "D", 0
    if unit == "E":
        unit, n = "Y", n * 10
    elif unit == "C":
        unit, n = "Y", n * 100
    elif unit == "WE":
        unit = "W"
    if not ctx.can(NEEDS[unit]):
        return Norm("DATE", _unresolved(unit), mod=approx, relative=True)
    if not math.isfinite(n):  # "1000…000 days ago" with hundreds of digits reads as infinity
        return _relative(None, unit, approx)
    return _relative(resolve_relative(unit, round(n) * direction, ctx.anchor), unit, approx)


def duration(m: re.Match[str], ctx: Context) -> Norm | None:
    """for ten years / a 12-year break / the past two months / several days / half an hour."""
    num_word, unit_word = _g(m, "num"), _g(m, "unit")
    if unit_word is None:
        return None
    if unit_word.startswith("second") and num_word in ("a", "an", "the", None):
        return None  # "a second term"
    if _g(m, "tail") == "old" or ctx.text[m.end() : m.end() + 4].lower() in ("-old", " old"):
        return None  # an age ("a 6-year-old"), not a temporal expression in TIMEX3
    if num_word in ("half a", "half an", "a half"):
        n: float | None = 0.5
    else:
        n = _number(num_word) if num_word else None
        if num_word and n is None and num_word not in lexicon()["vague_numbers"]:
            return None
        if m.group(0).lower().rstrip().endswith(("and a half " + unit_word,)):
            n = None if n is None else n
        if n is not None and "and a half" in m.group(0).lower():
            n += 0.5
    if n is not None and n > 1000:
        return None
    approx = _g(m, "approx")
    mod = {"about": "APPROX", "nearly": "APPROX", "almost": "APPROX", "roughly": "APPROX",
           "around": "APPROX", "some": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN",
           "less than": "LESS_THAN", "fewer than": "LESS_THAN", "at least": "EQUAL_OR_MORE",
           "up to": "EQUAL_OR_LESS"}.get(approx or "")
    return Norm("DURATION", _duration(n, unit_word), mod=mod)


def elapsed(m: re.Match[str], ctx: Context) -> Norm | None:
    """3:07:35 (a race or a record time): hours, minutes and seconds elapsed, not a clock time
    ("at 10:35:20" is one, and is left to the clock rules)."""
    if re.search(r"\bat\s+$", ctx.text[max(0, m.start() - 4) : m.start()], re.IGNORECASE):
        return None
    parts = zip((int(m["hour"]), int(m["min"]), int(m["sec"])), "HMS", strict=True)
    return Norm("DURATION", "PT" + "".join(f"{n}{unit}" for n, unit in parts if n))


def set_(m: re.Match[str], ctx: Context) -> Norm | None:
    """every year / each Monday / twice a year / annually / on Fridays."""
    lex = lexicon()
    if _g(m, "adv"):
        return Norm("SET", lex["sets"][_g(m, "adv")])
    if _g(m, "plural"):
        return Norm("SET", f"XXXX-WXX-{_weekday_number(_g(m, 'plural')[:-1])}")
    unit_word = _g(m, "unit").rstrip(".")
    if unit_word in lex["weekdays"]:
        return Norm("SET", f"XXXX-WXX-{lex['weekdays'][unit_word]}")
    if _month_number(unit_word):
        return Norm("SET", f"XXXX-{_month_number(unit_word):02d}")
    if unit_word in lex["seasons"]:
        return Norm("SET", f"XXXX-{lex['seasons'][unit_word]}")
    if unit_word in lex["parts_of_day"]:
        return Norm("SET", f"XXXX-XX-XXT{lex['parts_of_day'][unit_word]}")
    n = _number(_g(m, "num")) or 1.0
    if _g(m, "other"):
        n *= 2
    return Norm("SET", _duration(n, unit_word))


def ref(m: re.Match[str], ctx: Context) -> Norm | None:
    """now / currently / recently / the past / the future."""
    return Norm("DATE", lexicon()["refs"][_g(m, "ref")])


#: kind (grammar.toml) → normaliser
NORMALISERS: dict[str, Normaliser] = {
    "iso": iso, "numeric": numeric, "date": date, "month": month, "season": season,
    "quarter": quarter, "half": half, "decade": decade, "century": century, "year": year,
    "year_end": year_end, "rel_unit": rel_unit, "rel_named": rel_named, "day_word": day_word,
    "part_word": part_word, "weekend": weekend, "eve": eve, "weekday": weekday, "clock": clock,
    "ago": ago, "duration": duration, "elapsed": elapsed, "set": set_, "ref": ref,
}
