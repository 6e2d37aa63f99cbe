"""A page's publication date, decided in one room.

Small readers each gather one kind of evidence as candidates:

- ``given``     a date the input states (a JSON Lines or CSV field, an export's "published");
- ``metadata``  the HTML's declared date (htmldate, JSON-LD, ``article:published_time``);
- ``record``    a reading app's record block ("Date: ...");
- ``header``    the page's own stamp, date line or dateline (``dossier.clean.header``);
- ``relative``  a stamp such as "2 hours ago", read against the moment the page was saved;
- ``url``       a date in the page's URL (``/2019/11/18/``, ``story/2019-11-19/``);
- ``text``      htmldate's search of the page's text (HTML inputs only);
- ``inferred``  what the article reports (``dossier.timex.document``), the content last.

One resolver weighs them under the bounds: no page is dated after it was saved (the export's
saved time, else the ingest time). Stated dates win; a header stamp the URL agrees with is
sure; a header stamp the URL contradicts is a related story's or a comment's and the URL's
date wins; the content decides only when nothing else speaks. A stamp whose time and zone put
it on another day in UTC ("Nov 19, 2019, 10:31 pm CST") keeps the day it prints and carries
the two-day ``span`` its evidence allows. Every candidate, and why one won, is kept in the
article's record (``meta["date_why"]``): ``dossier show ID --why`` prints it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from dossier.clean import Cleaned
from dossier.clean.header import Header
from dossier.dates import DateReading, read_date, read_stated_date
from dossier.errors import BadDate, InputError
from dossier.model import PublishedDate, RawDocument

#: Dates a user's input states outright; redating never overrides them.
STATED_METHODS = ("metadata", "record")
_STATED_CONFIDENCE = 0.95
_URL_DAY_CONFIDENCE = 0.8
_URL_MONTH_CONFIDENCE = 0.6
_AGREED_CONFIDENCE = 0.95  # a header stamp and the URL on the same day
# Rank of each kind of evidence when two disagree: lower wins.
_RANK = {"given": 0, "metadata": 0, "record": 0, "header": 1, "dateline": 1, "relative": 2,
         "url": 3, "text": 4, "inferred": 5}
# htmldate (1.11) reads a URL's year-month-day only; a year and month ("/2019/11/") is read
# here. Both need a separator on either side so that article numbers are not read as dates.
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]+")
_URL_HEAD, _URL_TAIL = 3000, 1000
_RELATIVE_HINT = re.compile(r"\d|yesterday|today", re.IGNORECASE)
_RELATIVE_LINE_CHARS = 40
_RELATIVE_LINES = 12  # the head of the page, where a stamp stands


@dataclass(frozen=True)
class Candidate:
    """One piece of evidence for the page's date."""

    method: str
    value: str
    precision: str
    confidence: float
    evidence: str
    span: str | None = None  # "2019-11-19/2019-11-20": either day, by the zone it is told in
    verdict: str = ""  # why it won or lost, set by the resolver

    def days(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the candidate allows (its span, else its value's interval)."""
        from dossier.timex.values import interval_of

        if self.span:
            start, end = (dt.date.fromisoformat(part) for part in self.span.split("/"))
            return start, end
        start, end, _ = interval_of(self.value)
        return (start, end) if start is not None and end is not None else None


@dataclass
class Room:
    """The candidates one page gave and the bound they were weighed under."""

    candidates: list[Candidate]
    not_after: dt.date
    bound: str  # what the bound is: "saved" (the export's saved time) or "today"

    def why(self) -> dict[str, Any]:
        return {
            "not_after": self.not_after.isoformat(),
            "bound": self.bound,
            "candidates": [{k: v for k, v in asdict(c).items() if v not in (None, "")}
                           for c in self.candidates],
        }


# -- readers ----------------------------------------------------------------------------------

def given_date(raw: RawDocument) -> DateReading | None:
    """The date given with the input (a JSON Lines, CSV or export field), if it has a year.

    The user stated it: an impossible one ("2023-13-01") fails the record with an InputError
    naming it, rather than being read some other way or dropped without a word.
    """
    if not raw.date:
        return None
    try:
        reading = read_date(raw.date)
    except BadDate as error:
        raise InputError(f"date {raw.date!r}: {error.reason}") from error
    return reading if reading is not None and reading.year is not None else None


def _stated(value: Any, method: str, evidence: str) -> Candidate | None:
    reading = read_stated_date(str(value)) if value else None
    if reading is None or reading.year is None or reading.value is None:
        return None
    return Candidate(method, reading.value, reading.precision, _STATED_CONFIDENCE,
                     f"{evidence}: {value}")


def stated_candidates(raw: RawDocument, cleaned: Cleaned | None,
                      html_meta: dict[str, Any]) -> list[Candidate]:
    """What the input, its HTML metadata and a reading app's record state."""
    found: list[Candidate] = []
    if (given := given_date(raw)) is not None and given.value is not None:
        found.append(Candidate("metadata", given.value, given.precision, _STATED_CONFIDENCE,
                               f"date given with the input: {raw.date}"))
    source = f"HTML metadata ({html_meta.get('date_source') or 'htmldate'})"
    found += [c for c in (_stated(html_meta.get("date"), "metadata", source),
                          _stated((cleaned.record if cleaned else {}).get("date"), "record",
                                  "reading-app record: Date")) if c]
    return found


def header_candidate(header: Header) -> Candidate | None:
    """The date the page's header states: its stamp, date line or dateline with a year."""
    reading = header.date
    if reading is None or reading.year is None or reading.value is None:
        return None
    span = None
    if header.date_utc_shift and (day := reading.as_date()) is not None and reading.day:
        other = day + dt.timedelta(days=header.date_utc_shift)
        span = f"{min(day, other).isoformat()}/{max(day, other).isoformat()}"
    return Candidate(header.date_method or "header", reading.value, reading.precision,
                     header.date_confidence, header.date_evidence or "", span)


def relative_candidate(paragraphs: list[str], saved: dt.datetime | None) -> Candidate | None:
    """A stamp told relative to the moment the page was seen ("2 hours ago", "vor 3 Tagen",
    "yesterday"), read by dateparser against the saved time; only when that time is known."""
    if saved is None:
        return None
    import dateparser

    settings = {"RELATIVE_BASE": saved.replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                "PARSERS": ["relative-time"]}
    for line in paragraphs[:_RELATIVE_LINES]:
        line = line.strip()
        if len(line) > _RELATIVE_LINE_CHARS or not _RELATIVE_HINT.search(line):
            continue
        when = dateparser.parse(line, settings=settings)  # type: ignore[arg-type]
        if when is not None:
            return Candidate("relative", when.date().isoformat(), "day", 0.7,
                             f"{line} (against the saved time {saved.isoformat()})")
    return None


def urls_of(raw: RawDocument, cleaned: Cleaned | None, html_meta: dict[str, Any],
            text: str | None = None) -> list[str]:
    """The page's URLs: the input's, the HTML's, the record's, then any in the text's head or
    tail (a text dump's "Source: https://..." line; links inside the body are other pages)."""
    urls = [u for u in (raw.url, html_meta.get("url"),
                        (cleaned.record if cleaned else {}).get("url")) if u]
    if not urls and text:
        urls = (_URL_IN_TEXT.findall(text[:_URL_HEAD]) + _URL_IN_TEXT.findall(
            text[max(_URL_HEAD, len(text) - _URL_TAIL):]))[:3]
    return urls


def url_candidate(urls: Iterable[str], not_after: dt.date) -> Candidate | None:
    """A date in a URL: year, month and day (htmldate's reader), else year and month."""
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    options = Extractor(False, dt.datetime.combine(not_after, dt.time.max),
                        dt.datetime(1990, 1, 1), True, "%Y-%m-%d")
    for url in urls:
        if found := extract_url_date(url, options):
            return Candidate("url", found, "day", _URL_DAY_CONFIDENCE, f"URL: {url}")
        if (match := _URL_MONTH.search(url)) and f"{match[1]}-{match[2]}" <= \
                not_after.isoformat()[:7]:
            return Candidate("url", f"{match[1]}-{match[2]}", "month", _URL_MONTH_CONFIDENCE,
                             f"URL: {url}")
    return None


def text_candidate(raw: RawDocument) -> Candidate | None:
    """htmldate's extensive search of an HTML page's text and URL: weaker than its metadata
    or a stamp, so it runs only when they found nothing."""
    if not raw.html:
        return None
    from dossier.pipeline import find_html_date

    found = find_html_date(raw.html, raw.url, extensive=True)
    reading = read_stated_date(found) if found else None
    if reading is None or reading.year is None or reading.value is None:
        return None
    return Candidate("text", reading.value, reading.precision, 0.7,
                     f"date in the page (htmldate): {found}")


def content_candidate(text: str, header: Header, not_after: dt.date) -> PublishedDate:
    """The date the text supports when nothing states it: a dateline's day and month with
    the year its weekday and the years mentioned allow, else the latest dated event, else
    the year (``dossier.timex.document``). Precision "unknown" when nothing supports one."""
    from dossier.timex.document import date_document
    from dossier.timex.model import PartialDate

    partial = None
    if header.date is not None and header.date.month and header.date.day:
        partial = PartialDate(None, header.date.month, header.date.day, None,
                              header.date_evidence)
    inferred = date_document(text, partial=partial, not_after=not_after)
    if inferred.value is None or (inferred.interval_start or dt.date.min) > not_after:
        if header.date is not None:
            # A day and month without a year ("MOSCOW, November 14") and nothing to place
            # it: no value is made up; the dateline stays as the evidence.
            return PublishedDate(None, "unknown", "none", header.date_evidence, 0.0)
        # No date; a lower bound from the years the text mentions stays as the evidence.
        return PublishedDate(evidence=" | ".join(inferred.evidence) or None)
    return PublishedDate(
        inferred.value, inferred.precision, inferred.method,
        " | ".join(line for line in inferred.evidence if line), round(inferred.confidence, 2),
    )


# -- the resolver -----------------------------------------------------------------------------

def saved_time(raw: RawDocument) -> dt.datetime | None:
    """When the page was saved, if its export says so (``extras["saved"]``)."""
    value = raw.extras.get("saved") if raw.extras else None
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def bound_of(raw: RawDocument | None, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The latest day the page can be from: its saved day, else today (the ingest)."""
    today = today or dt.date.today()
    saved = saved_time(raw) if raw is not None else None
    if saved is not None and saved.date() <= today:
        return saved.date(), "saved"
    return today, "today"


def resolve(room: Room) -> Candidate | None:
    """The winning candidate under the room's bound, every candidate given its verdict."""
    kept: list[Candidate] = []
    for index, candidate in enumerate(room.candidates):
        days = candidate.days()
        if days is None or days[0] > room.not_after:
            room.candidates[index] = replace(
                candidate, verdict=f"after the page was {_bound_words(room.bound)}")
        else:
            kept.append(candidate)
    if not kept:
        return None
    best = min(kept, key=lambda c: (_RANK.get(c.method, 9), -c.confidence))
    url = next((c for c in kept if c.method == "url"), None)
    verdict = "strongest evidence"
    if best.method in ("header", "dateline", "relative") and url is not None:
        mine, theirs = best.days(), url.days()
        assert mine is not None and theirs is not None
        if mine[0] <= theirs[1] and theirs[0] <= mine[1]:
            if url.precision == "day":
                best = replace(best, confidence=max(best.confidence, _AGREED_CONFIDENCE))
                verdict = "strongest evidence; the URL agrees"
            else:
                verdict = "strongest evidence; within the URL's month"
        else:
            # The stamp nearest the text disagrees with the URL the page was published at:
            # it is a related story's, a comment's or an update's.
            verdict = f"the URL's date; the {best.method} stamp disagrees with it"
            best = url
    for index, candidate in enumerate(room.candidates):
        if candidate.verdict:
            continue
        if candidate.method == best.method and candidate.value == best.value and \
                candidate.evidence == best.evidence:
            room.candidates[index] = replace(best, verdict=f"chosen: {verdict}")
        else:
            room.candidates[index] = replace(candidate, verdict=f"weaker than {best.method}")
    return best


def _bound_words(bound: str) -> str:
    return "saved" if bound == "saved" else "ingested (today)"


def date_page(raw: RawDocument, cleaned: Cleaned, html_meta: dict[str, Any],
              paragraphs: list[str] | None = None) -> tuple[PublishedDate, dict[str, Any]]:
    """The page's publication date and the room's record of how it was decided."""
    not_after, bound = bound_of(raw)
    candidates = stated_candidates(raw, cleaned, html_meta) + _page_candidates(
        raw, cleaned, html_meta, paragraphs, not_after)
    from dossier.clean.stamps import copyright_year

    def copyright() -> int | None:  # read only when the content has to speak
        return copyright_year(paragraphs or (raw.text or cleaned.text).splitlines(),
                              not_after)

    return _decide(Room(candidates, not_after, bound), cleaned.text, cleaned.header,
                   raw_for_text=raw, copyright=copyright)


def _page_candidates(raw: RawDocument, cleaned: Cleaned, html_meta: dict[str, Any],
                     paragraphs: list[str] | None, not_after: dt.date) -> list[Candidate]:
    header = cleaned.header
    found = [c for c in (header_candidate(header),
                         url_candidate(urls_of(raw, cleaned, html_meta, raw.text),
                                       not_after)) if c]
    if not any(c.method in ("header", "dateline") for c in found):
        saved = saved_time(raw)
        if saved is not None and (relative := relative_candidate(
                paragraphs or _paragraphs(raw.text or cleaned.text), saved)):
            found.append(relative)
    return found


def _paragraphs(text: str) -> list[str]:
    from dossier.clean.normalise import normalise_text, split_paragraphs

    return split_paragraphs(normalise_text(text))


def _decide(room: Room, text: str, header: Header, raw_for_text: RawDocument | None = None,
            copyright: Callable[[], int | None] | None = None,
            ) -> tuple[PublishedDate, dict[str, Any]]:
    """The best candidate under the bound, else the content's date. ``copyright``: gives
    the year the page's copyright line gives, when it has one: the page was served that
    year (or later, when the line is stale), so a content guess of a later year is a plan
    or a forecast the text names, and no date is given rather than a wrong one."""
    best = resolve(room)
    if best is None and raw_for_text is not None and (found := text_candidate(raw_for_text)):
        room.candidates.append(found)
        best = resolve(room)
    if best is None:
        inferred = content_candidate(text, header, room.not_after)
        served = copyright() if copyright and inferred.value else None
        late = bool(served and inferred.value and inferred.value[:4].isdigit()
                    and int(inferred.value[:4]) > served)
        if late:
            inferred = PublishedDate(evidence=f"the text's {inferred.value} is after the "
                                     f"page's copyright year {served}: not its date")
        why = room.why()
        why["content"] = {"value": inferred.value, "precision": inferred.precision,
                          "method": inferred.method, "confidence": inferred.confidence,
                          "evidence": inferred.evidence,
                          "verdict": "chosen: nothing else dated the page" if inferred.value
                          else "no date: after the page's copyright year" if late
                          else "no date: nothing supports one"}
        return inferred, why
    why = room.why()
    if best.span:
        why["span"] = best.span
    return PublishedDate(best.value, best.precision, best.method, best.evidence,
                         best.confidence, best.span), why


def redate_article(row: dict[str, Any]) -> tuple[PublishedDate, dict[str, Any]] | None:
    """The published date of a stored article, re-derived from its text (its header lines,
    dateline, URL and what it reports); None when its date was stated by metadata or a record,
    or found in the page's HTML, which is not kept."""
    from dossier.clean.header import read_header
    from dossier.clean.normalise import split_paragraphs

    if row.get("published_method") in STATED_METHODS:
        return None
    header = read_header(split_paragraphs(row["text"]), title=row.get("title"))
    today = dt.date.today()
    candidates = [c for c in (header_candidate(header),
                              url_candidate([row["url"]] if row.get("url") else [], today))
                  if c]
    if not candidates and row.get("published_method") in ("header", "text") \
            and row.get("published"):
        return None  # a date line dropped from the text as metadata, or htmldate's find
    return _decide(Room(candidates, today, "today"), row["text"], header)
