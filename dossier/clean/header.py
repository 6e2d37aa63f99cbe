"""Metadata stated at the top of an article: title, source, byline, dateline, date line.

Flattened pages open with a few short lines before the body: the site's name, the
headline (sometimes twice), a date on a line of its own ("Wednesday, 30 May, 2007"), a
publication header ("Publication: ... Volume: 5 Issue: 27"), a byline. Wire copy opens
its first paragraph with a dateline: "MOSCOW, November 14 (RIA Novosti) - ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dossier.clean.boilerplate import line_chrome_reason
from dossier.clean.stamps import take_stamp
from dossier.dates import DateReading, read_stated_date
from dossier.resources import load_toml

# How many paragraphs from the top may hold header lines. Menu lines of one or two words
# (a site's navigation flattened one link per line) do not count towards it.
_HEAD_SPAN = 12
_MENU_WORDS = 1
# A photo credit inside a line marks it as a caption, not a headline.
_CREDIT = re.compile(r"(?:\b(?:photo|image|picture|credit|source)s?\s*:|©|\(c\)\s)", re.I)
# A sentence break inside a line: "... in the Kremlin. Photo: AFP", "cookies. We use ...".
_INNER_STOP = re.compile(r"[.!?]\s+[A-Z“\"]")
_SENTENCE_END = (".", "!", "?", "…")
_SENTENCE_END_RE = re.compile(r"[.!?…:]$")


@dataclass
class Header:
    """What the top of an article states about it."""

    title: str | None = None
    source: str | None = None  # the agency of a dateline, or the publication
    site: str | None = None  # a site name line at the top
    byline: str | None = None
    dateline: str | None = None  # the dateline as written: "MOSCOW, November 14 (RIA Novosti)"
    place: str | None = None
    date: DateReading | None = None  # the most direct statement of the date
    date_method: str | None = None  # dateline, header
    date_evidence: str | None = None
    date_confidence: float = 0.9
    date_utc_shift: int = 0  # -1 / +1: in UTC the stamp falls on the day before / after
    publication: dict[str, str] = field(default_factory=dict)
    meta_lines: list[str] = field(default_factory=list)  # lines that are metadata, not text
    title_index: int | None = None  # paragraph index of the headline, when found in the text
    body_index: int = 0  # paragraph index where the article's text starts


@cache
def header_patterns() -> dict[str, re.Pattern[str]]:
    """The header line patterns of data/header_patterns.toml, by name, compiled once."""
    spec = load_toml("header_patterns.toml")
    flags = {"dateline": 0}  # a dateline's place is upper case: keep case
    return {name: re.compile(rx, flags.get(name, re.I)) for name, rx in spec.items()}


def _headline_like(line: str) -> bool:
    """A line shaped like a headline: a few words, capitalised, one unfinished sentence,
    no photo credit, and not a line of site chrome ("Share this article")."""
    words = line.split()
    return (
        3 <= len(words) <= 25
        and not line.endswith(_SENTENCE_END)
        and line[0].isupper()
        and not _INNER_STOP.search(line)
        and not _CREDIT.search(line)
        and line_chrome_reason(line) is None
    )


def _is_body(line: str) -> bool:
    """A paragraph of running text (a sentence of some length)."""
    return len(line.split()) >= 18 and line.rstrip('"”’)').endswith(_SENTENCE_END)


def read_header(paragraphs: list[str], title: str | None = None,
                page: list[str] | None = None) -> Header:
    """Read the metadata lines at the top of ``paragraphs`` (which are left unchanged);
    ``page``: the paragraphs before repeats were dropped, where stamps are looked for (a
    date printed twice, in a list above and by the headline, is still the headline's)."""
    pattern = header_patterns()
    header = Header(title=title)
    head = _head(paragraphs)
    # The body starts at a wire dateline when there is one (a site's tagline above it can
    # look like running text), else at the first paragraph of running text.
    # A dateline without a date has its place in capitals ("WASHINGTON (AP) —"): a title
    # in title case with a parenthesis ("Survival Kit (with Kids) -") is no dateline.
    datelines = [(i, m) for i, p in enumerate(head) if (m := pattern["dateline"].match(p))
                 and (m["date"] or m["place"].isupper())]
    if datelines:
        body_at, match = datelines[0]
        _take_dateline(header, match)
    else:
        body_at = next((i for i, p in enumerate(head) if _is_body(p)), 0)
    header.body_index = body_at
    for index, line in enumerate(head[:body_at]):
        if match := pattern["publication"].match(line):
            header.publication = {k: v for k, v in match.groupdict().items() if v}
            header.source = header.source or match["name"].strip()
            header.meta_lines.append(line)
        elif (match := pattern["site"].match(line)) and index < 3:
            header.site = match["name"].strip()
            header.meta_lines.append(line)
        elif match := pattern["byline"].match(line):
            header.byline = match["name"].strip()
            header.meta_lines.append(line)
        elif (reading := _date_line(line, pattern["date_label"])) is not None:
            if header.date is None:
                header.date, header.date_method, header.date_evidence = reading, "header", line
            header.meta_lines.append(line)
        elif title is None and _headline_like(line):
            header.title, header.title_index = line, index  # the headline nearest the body wins
        elif title is not None and line == title:
            header.title_index = index
    _take_masthead_name(header, paragraphs)
    if header.date_method != "dateline" or header.date is None or header.date.year is None:
        take_stamp(header, page or paragraphs)  # a stamp by the text before a date line at the top
    return header


def _take_masthead_name(header: Header, paragraphs: list[str]) -> None:
    """The first line of a masthead above the headline names the site ("STEPPE COURIER",
    "Eurasia Wire") when it is a short name and not a line of chrome."""
    if header.site or not header.title_index:
        return
    first = paragraphs[0]
    words = first.split()
    if 1 <= len(words) <= 4 and not _SENTENCE_END_RE.search(first) and first[0].isupper() \
            and line_chrome_reason(first) is None and read_stated_date(first) is None:
        header.site = first.title() if first.isupper() else first


def _head(paragraphs: list[str]) -> list[str]:
    """The top of the page: up to ``_HEAD_SPAN`` lines longer than a menu entry."""
    counted = 0
    for index, paragraph in enumerate(paragraphs):
        if len(paragraph.split()) > _MENU_WORDS:
            counted += 1
            if counted > _HEAD_SPAN:
                return paragraphs[:index]
    return paragraphs


def _take_dateline(header: Header, match: re.Match[str]) -> None:
    header.dateline = match.group(0).rstrip(" -–—:")
    header.place = match["place"].strip().title()
    agency = match["agency"] or match["agency2"]
    if agency:
        header.source = agency.strip()
    if match["date"]:
        reading = read_stated_date(match["date"])
        if reading is not None and header.date is None:
            header.date, header.date_method, header.date_evidence = (
                reading,
                "dateline",
                header.dateline,
            )


def _date_line(line: str, label: re.Pattern[str]) -> DateReading | None:
    """A line that is only a date ("Wednesday, 30 May, 2007"), or a labelled date."""
    if len(line) > 60:
        return None
    match = label.match(line)
    candidate = match["date"] if match else line
    reading = read_stated_date(candidate, whole=True)
    if reading is None or reading.precision == "unknown":
        return None
    return reading
