"""Date stamps at the head of an article: the line a site prints its date on.

A flattened page states its date on a short line near the headline, in many shapes and
languages: "Published Wed, Feb 28 2024 7:00 AM EST" (the flattening may glue the time to
the year: "20247:00"), "Uppdaterad 28.5.2020 17:43", "2020-10-04 15:05", "2020/07/13",
"By Jane Smith — March 11, 2020", "19.11.2019 | 16:18", "1 Декабря 2020 14:02".

Method: a few generic shapes (year-month-day, day-month-year and month-day-year in digits,
day-month-year and month-day-year with a month name) find the candidates; month names in
every language listed in ``data/stamps.toml`` come from dateparser's locale data; a candidate
is read strictly (a day that does not exist, or a date after today, is no stamp). The page's
own stamp is the one nearest above its first paragraph of running text (the headline and
byline sit just above it; menus, related stories and comments are further away), a
"Published" one before an "Updated" one; quoted posts, comments and copyright lines are
passed over. When the stamps around the text differ, one with a time of day comes first (a
list of related stories prints days), unless it stands above the headline (a masthead's
clock).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from dossier.dates import DateReading

if TYPE_CHECKING:
    from dossier.clean.header import Header
from dossier.resources import load_toml

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                 "sunday")
_SENTENCE_END = (".", "!", "?", "…", "।", "。", "؟", "！", "？")
# Chinese and Japanese write without spaces: a line of running text has many of these
# characters where other scripts have many words.
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_RUNNING_WORDS, _RUNNING_CJK = 18, 40
# A word: letters with their combining marks. Devanagari, Bengali or Thai vowel signs are
# marks, not letters, so "[^\W\d_]+" would split "मुंबई" into three words; the ``regex``
# module (dateparser's dependency) has the Unicode classes.
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)?")


#: The year a stamp without one is read in: a year, a function giving it when first asked
#: (the page's copyright year: reading it costs a pass over the page), or None.
Year = int | Callable[[], int | None] | None


@dataclass(frozen=True)
class Stamp:
    """A date stamp found at the head of a page."""

    reading: DateReading
    line: str
    index: int  # the paragraph it is on
    updated: bool  # the stamp says when the article was changed, not first published
    confidence: float = 0.9  # lower when the head of the page shows other dates too
    utc_shift: int = 0  # -1 / +1: its time and zone put it on the day before / after in UTC
    timed: bool = False  # it gives a time of day
    year_guessed: bool = False  # the stamp gives no year: the page's copyright year


@dataclass(frozen=True)
class _Spec:
    months: dict[str, int]
    zones: dict[str, float]
    late_hour: int
    early_hour: int
    stamp_words: frozenset[str]
    shapes: tuple[re.Pattern[str], ...]
    updated: re.Pattern[str]
    published: re.Pattern[str]
    not_own: re.Pattern[str]
    month_first: frozenset[str]
    before: int
    after: int
    max_chars: int
    max_words: int
    max_other_words: int
    mixed_confidence: float
    below_confidence: float
    untimed_confidence: float
    yearless: re.Pattern[str]
    yearless_confidence: float


@cache
def _spec() -> _Spec:
    data = load_toml("stamps.toml")
    months, weekdays = _month_names(tuple(data["languages"]))
    names = "|".join(re.escape(n) for n in sorted(months, key=len, reverse=True))
    month = rf"(?<!\w)(?P<mon>{names})(?!\w)\.?"
    day = r"(?<![\d\w])(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|\.)?"
    # The year may have a time glued to it ("Feb 28 20247:00 AM"): no guard after it.
    year = r"(?P<y>(?:19|20)\d\d)"
    shapes = (
        rf"(?<![\d\w]){year}[-/.年]\s?(?P<m>\d{{1,2}})[-/.月]\s?(?P<d>\d{{1,2}})(?![\d]|[-–]\d)",
        rf"(?<![\d\w.])(?P<a>\d{{1,2}})\s?(?P<sep>[./-])\s?(?P<b>\d{{1,2}})\s?(?P=sep)\s?"
        rf"{year}",
        # A two-digit year only before a time of day ("11/19/19 06:56 AM EST"): a byline's
        # short form; alone, "3/4/19" could be a score or a fraction.
        r"(?<![\d\w./-])(?P<a>\d{1,2})(?P<sep>/)(?P<b>\d{1,2})/(?P<yy>\d\d)(?=,?\s+\d{1,2}:\d\d)",
        rf"{day},?\s*(?:de\s+)?{month},?\s*(?:de\s+)?{year}",
        rf"{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}",
    )
    return _Spec(
        months=months,
        zones={k.upper(): float(v) for k, v in data["zones"].items()},
        late_hour=int(data["late_hour"]),
        early_hour=int(data["early_hour"]),
        stamp_words=frozenset(months) | weekdays | frozenset(data["stamp_words"]),
        shapes=tuple(re.compile(s, re.IGNORECASE) for s in shapes),
        updated=re.compile(data["updated"]),
        published=re.compile(data["published"]),
        not_own=re.compile(data["not_own"]),
        month_first=frozenset(data["month_first"]),
        before=int(data["before"]),
        after=int(data["after"]),
        max_chars=int(data["max_chars"]),
        max_words=int(data["max_words"]),
        max_other_words=int(data["max_other_words"]),
        mixed_confidence=float(data["mixed_confidence"]),
        below_confidence=float(data["below_confidence"]),
        untimed_confidence=float(data["untimed_confidence"]),
        yearless=re.compile(
            rf"(?:{data['yearless_label']})\s*:?\s*(?:on\s+)?{month}\s+(?P<d>\d{{1,2}})"
            r"(?:st|nd|rd|th)?,?\s+(?:at\s+)?\d{1,2}[:.]\d\d", re.IGNORECASE),
        yearless_confidence=float(data["yearless_confidence"]),
    )


def _month_names(languages: tuple[str, ...]) -> tuple[dict[str, int], frozenset[str]]:
    """Month name (lower case, three letters or more) → month, from dateparser's locales;
    a name two languages give to different months is left out. And the weekday names."""
    from dateparser.languages.loader import default_loader

    found: dict[str, set[int]] = {}
    weekdays: set[str] = set()
    for code in languages:
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for key in _WEEKDAY_KEYS:
            weekdays.update(name.lower().rstrip(".") for name in info.get(key, []))
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                name = name.lower().rstrip(".")
                if len(name) >= 3 and not name.isdigit():
                    found.setdefault(name, set()).add(number)
    months = {name: next(iter(ms)) for name, ms in found.items() if len(ms) == 1}
    return months, frozenset(weekdays)


def _read(match: re.Match[str], spec: _Spec, month_first: bool,
          today: dt.date) -> DateReading | None:
    """The date a shape matched, or None when it does not exist or is after today."""
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
    if groups.get("mon"):
        month = spec.months.get(groups["mon"].lower().rstrip("."))
        day = int(groups["d"])
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        if groups["sep"] == "/" and month_first and b <= 31:
            a, b = b, a  # 11/19/2019 where slashes put the month first
        if b > 12 >= a:
            a, b = b, a  # one reading only: 19/11/2019 or 11/19/2019
        day, month = a, b
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if month is None:
        return None
    try:
        when = dt.date(year, month, day)
    except ValueError:
        return None
    if when > today:
        return None
    return DateReading(when.year, when.month, when.day, "day")


def line_stamps(line: str, *, month_first: bool = True,
                today: dt.date | None = None) -> list[tuple[DateReading, bool]]:
    """The dates a stamp line states, in order, each with whether it is an "Updated" one."""
    spec = _spec()
    today = today or dt.date.today()
    found: list[tuple[int, int, DateReading]] = []
    for shape in spec.shapes:
        for match in shape.finditer(line):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            if (reading := _read(match, spec, month_first, today)) is not None:
                found.append((match.start(), match.end(), reading))
    found.sort(key=lambda f: f[0])
    out, previous_end = [], 0
    for start, end, reading in found:
        label = line[previous_end:start]
        out.append((reading, bool(spec.updated.search(label))))
        previous_end = end
    return out


def yearless_stamps(line: str, year: int, *, today: dt.date | None = None,
                    ) -> list[tuple[DateReading, bool]]:
    """The labelled stamps without a year a line states ("Posted Nov 18, 8:19 PM"), in
    ``year`` (the year before when that day is after today), each with whether it is an
    "Updated" one."""
    spec = _spec()
    today = today or dt.date.today()
    found: list[tuple[DateReading, bool]] = []
    for match in spec.yearless.finditer(line):
        month = spec.months.get(match["mon"].lower().rstrip("."))
        if month is None:
            continue
        for candidate in (year, year - 1):
            try:
                when = dt.date(candidate, month, int(match["d"]))
            except ValueError:
                break
            if when <= today:
                found.append((DateReading(when.year, when.month, when.day, "day"),
                              bool(spec.updated.match(match.group(0)))))
                break
    return found


_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\D{0,40}?((?:19|20)\d\d)"
                             r"(?:\s*[-–—]\s*((?:19|20)\d\d))?", re.IGNORECASE)
# A line that is a copyright notice, not running text that names a copyright ("the Copyright
# Act of 1998"): it has the sign, or starts with the word, or reserves the rights.
_NOTICE = re.compile(r"©|\(c\)|^\W*copyright\b|all\s+rights\s+reserved", re.IGNORECASE)


def copyright_year(paragraphs: list[str], today: dt.date | None = None) -> int | None:
    """The latest year a page's copyright lines give ("© 2005—2020 ..." gives 2020), not
    after today's."""
    today = today or dt.date.today()
    years = [int(match[2] or match[1]) for line in paragraphs
             if len(line) <= 300 and _NOTICE.search(line)
             for match in _COPYRIGHT_YEAR.finditer(line)]
    years = [y for y in years if y <= today.year]
    return max(years) if years else None


# A time of day, not a part of a date in digits ("19.11.2019", "2019-11-19").
_TIME_ZONE = re.compile(r"(?<![\d./-])(?P<h>\d{1,2})[:.](?P<m>\d{2})(?!\d|[./-]\d)"
                        r"\s*(?P<ap>[ap])?\.?\s?m?\.?(?:\s*\(?(?P<zone>[A-Z]{1,4})\b)?",
                        re.IGNORECASE)


def _utc_shift(line: str, spec: _Spec) -> int:
    """-1 or +1 when the stamp's time and zone fall on the day before or after in UTC ("Nov
    19, 2019, 10:31 pm CST" is the 20th in UTC), or when it has a late-evening or small-hours
    time and no zone (the day in UTC may be the next or the previous one); else 0. The day a
    page declares depends on the zone it declares it in: either day may be its date."""
    for match in _TIME_ZONE.finditer(line):
        hour = int(match["h"]) % 12 + (12 if (match["ap"] or "").lower() == "p" else 0) \
            if match["ap"] else int(match["h"])
        if hour > 24 or int(match["m"]) > 59:
            continue
        zone = match["zone"] or ""
        offset = spec.zones.get(zone.upper()) if zone.isupper() else None
        if offset is None:
            # No zone: late in the evening or in the small hours, the UTC day is open.
            return 1 if hour >= spec.late_hour else -1 if hour < spec.early_hour else 0
        utc = hour + int(match["m"]) / 60 - offset
        return 1 if utc >= 24 else -1 if utc < 0 else 0
    return 0


def _stamp_line(line: str, spec: _Spec) -> bool:
    """A line that is mostly its date: few words besides month and weekday names, times,
    zones and labels (a byline's name is allowed), and not a sentence."""
    others = [w for w in _WORD.findall(line)
              if w.lower() not in spec.stamp_words and not (w.isupper() and len(w) <= 4)]
    if line.rstrip().endswith(".") and len(others) >= 4:
        return False  # a caption or a teaser sentence
    return len(others) <= spec.max_other_words


def _running_text(line: str) -> bool:
    if len(line) < _RUNNING_CJK or not line.rstrip('"”’)」』').endswith(_SENTENCE_END):
        return False
    return len(line.split()) >= _RUNNING_WORDS or len(_CJK.findall(line)) >= _RUNNING_CJK


def _body_start(paragraphs: list[str]) -> int | None:
    """The first paragraph of running text followed closely by more: a lone long line (a
    teaser, a long headline in a list) is not the article's text."""
    running: dict[int, bool] = {}

    def at(index: int) -> bool:
        if index not in running:
            running[index] = index < len(paragraphs) and _running_text(paragraphs[index])
        return running[index]

    first = None
    for index in range(len(paragraphs)):
        if at(index):
            if sum(at(i) for i in range(index, index + 4)) >= 2:
                return index
            first = index if first is None else first
    return first


def find_stamp(paragraphs: list[str], *, month_first: bool = True,
               today: dt.date | None = None, title: str | None = None,
               year: Year = None) -> Stamp | None:
    """The article's own date stamp: on a short line near its first paragraph of running
    text, the nearest above it (else just below it), a "Published" one before an "Updated"
    one. Else, less sure: the first stamp at the top of a page without running text, or the
    first line anywhere that says "Published". None when no line has a date that exists
    and is not after today."""
    spec = _spec()
    body = _body_start(paragraphs)
    if body is None:
        stamps = _stamps(paragraphs, 0, min(len(paragraphs), spec.before), month_first, today,
                         year)
        own = [s for s in stamps if not s.updated] or stamps
        return _with(own[0], spec.below_confidence) if own else None
    low, high = max(0, body - spec.before), min(len(paragraphs), body + spec.after + 1)
    stamps = _stamps(paragraphs, low, high, month_first, today, year)
    if not stamps:
        return _far_stamp(_stamps(paragraphs, 0, len(paragraphs), month_first, today, year),
                          spec)
    # Several different dates around the headline (a list of related stories, a teaser):
    # the nearest is still the best guess, said with less confidence.
    confidence = 0.9 if len({s.reading for s in stamps}) == 1 else spec.mixed_confidence

    # An article's own stamp gives its time of day; lists of related stories print days:
    # when the dates differ, a stamp with a time comes before those without. Not one above
    # the headline printed over the text (a masthead's clock: "Wednesday, September 30,
    # 2020 02:45 PM", the day the page was seen).
    heading = _heading_index(paragraphs, title, low, body)

    def clocked(stamp: Stamp) -> bool:
        return stamp.timed and (heading is None or stamp.index > heading)

    timed = confidence < 0.9 and any(clocked(s) for s in stamps)

    def rank(stamp: Stamp) -> tuple[bool, bool, bool, int]:
        below = stamp.index > body
        return (stamp.updated, timed and not clocked(stamp), below,
                stamp.index - body if below else body - stamp.index)

    best = min(stamps, key=rank)
    if best.index > body:
        confidence = min(confidence, spec.below_confidence)  # weaker below the text's start
    return _with(best, confidence)


def _heading_index(paragraphs: list[str], title: str | None, low: int, body: int) -> int | None:
    """Where the headline stands as a line of its own above the text, if it does."""
    if not title:
        return None
    key = " ".join(title.split()).casefold()
    return next((i for i in range(body - 1, low - 1, -1)
                 if " ".join(paragraphs[i].split()).casefold() == key), None)


def _far_stamp(stamps: list[Stamp], spec: _Spec) -> Stamp | None:
    """No stamp near the text (a long menu, a gallery or a video above it): the first line
    anywhere that says "Published"; else the first stamp with a time of day (lists of related
    stories and archives print days, an article's own stamp its time); else the page's stamps
    when they all give one day. Less sure, whichever it is."""
    own = [s for s in stamps if not s.updated]
    labelled = [s for s in own if spec.published.search(s.line)]
    if labelled:
        return _with(labelled[0], spec.below_confidence)
    timed = [s for s in own if s.timed]
    if timed:
        return _with(timed[0], spec.mixed_confidence)
    if own and len({s.reading for s in own}) == 1:
        return _with(own[0], spec.mixed_confidence)
    return None


def _with(stamp: Stamp, confidence: float) -> Stamp:
    # A stamp whose day in UTC differs is given as the span of both days (dossier.dating):
    # that span is as sure as the stamp. A day without a time is less sure of its UTC day.
    if not stamp.timed:
        confidence = min(confidence, _spec().untimed_confidence)
    if stamp.year_guessed:
        confidence = min(confidence, _spec().yearless_confidence)
    return Stamp(stamp.reading, stamp.line, stamp.index, stamp.updated, confidence,
                 stamp.utc_shift, stamp.timed, stamp.year_guessed)


def _stamps(paragraphs: list[str], low: int, high: int, month_first: bool,
            today: dt.date | None, year: Year = None) -> list[Stamp]:
    """The stamp lines among ``paragraphs[low:high]``, each with its first own date; with
    ``year``, also labelled stamps without one (``yearless_stamps``)."""
    spec = _spec()
    stamps: list[Stamp] = []
    for index in range(low, high):
        line = paragraphs[index].strip()
        if (len(line) > spec.max_chars or len(line.split()) > spec.max_words
                or not re.search(r"\d", line) or spec.not_own.search(line)):
            continue
        found = line_stamps(line, month_first=month_first, today=today)
        if not found and callable(year):
            year = year()  # read once, when a line may need it
        guessed = not found and year is not None
        if guessed:
            found = yearless_stamps(line, year, today=today)  # type: ignore[arg-type]
        if not found or not _stamp_line(line, spec):
            continue
        # A label on a line of its own above the stamp ("Joined", "Updated").
        label = paragraphs[index - 1].strip() if index else ""
        if len(label.split()) <= 3 and not re.search(r"\d", label):
            if spec.not_own.search(label):
                continue
            if spec.updated.search(label):
                found = [(r, True) for r, _ in found]
        own = [r for r, updated in found if not updated]
        shift, timed = _utc_shift(line, spec), _TIME_ZONE.search(line) is not None
        if own:
            stamps.append(Stamp(own[0], line, index, False, utc_shift=shift, timed=timed,
                                year_guessed=guessed))
        else:
            stamps.append(Stamp(found[0][0], line, index, True, utc_shift=shift, timed=timed,
                                year_guessed=guessed))
    return stamps


def take_stamp(header: Header, paragraphs: list[str]) -> None:
    """Set the header's date from the page's own stamp (method "header"), when it has one."""
    from dossier.pipeline import guess_language

    sample = "\n".join(p for p in paragraphs if _running_text(p))
    stamp = find_stamp(paragraphs, month_first=guess_language(sample) == "en",
                       title=header.title, year=cache(
                           lambda: copyright_year(paragraphs)))
    if stamp is not None:
        header.date, header.date_method, header.date_evidence = stamp.reading, "header", stamp.line
        header.date_confidence, header.date_utc_shift = stamp.confidence, stamp.utc_shift
