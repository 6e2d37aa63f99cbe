"""The publication date a web page declares about itself: schema.org JSON-LD, <meta>
tags and microdata (``itemprop="datePublished"``), read with their time and time zone.

htmldate (``dossier.pipeline``) looks at far more of a page, but it keeps only the day
of what it finds and, asked for the original date, the oldest candidate: a picture's
creation date or a draft's can win over the article's own ``datePublished``, and a
timestamp in a format it does not know ("Tue, Sep 15 2020 10:01:41 EDT") is skipped.
This module reads only the fields whose purpose is to state the page's publication
date, in the order of the data file ``page_date_fields.toml``. The pipeline asks it only
when htmldate's fast pass finds nothing: put before htmldate, it fixed pages of the
evaluation's dev half but lost more on its held-out half (docs/page-dates.md).

Time zones: a timestamp keeps the day of its own offset ("2020-12-24T23:59:50+02:00" is
the 24th). A page often states the same moment twice, once in UTC for machines and once
in the publisher's own time; the publisher's day is the one its readers saw, so when a
UTC timestamp and one with a local offset (or a visible date marked as the publication
date) are at most a day apart, the local one gives the day.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from dossier.dates import read_stated_date
from dossier.resources import load_toml

_ISO = re.compile(
    r"^\s*(\d{4})-?(\d\d)-?(\d\d)"
    r"(?:[T ]\s*(\d\d):?(\d\d)(?::?(\d\d?))?(?:[.,]\d+)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Declared:
    """One publication date a page declares: its day as written, and its kind."""

    day: date
    zone: str  # "utc" (Z, +00:00), "offset" (another offset), "local" (no zone stated)
    source: str  # the field it came from: "json-ld NewsArticle", "meta article:published_time"
    raw: str
    visible: bool = False  # the date is page text (an element's content), not an attribute


@cache
def _fields() -> dict[str, Any]:
    return load_toml("page_date_fields.toml")


def parse_declared(raw: str, source: str, *, visible: bool = False) -> Declared | None:
    """The day and zone of a declared timestamp; None when it does not state a full date."""
    raw = raw.strip()
    if match := _ISO.match(raw):
        year, month, day = (int(g) for g in match.group(1, 2, 3))
        zone = (match.group(7) or "").upper().replace(":", "")
        try:
            day_value = date(year, month, day)
        except ValueError:
            return None
        if not zone:
            kind = "local"
        elif zone in ("Z", "UTC", "GMT", "+0000", "-0000"):
            kind = "utc"
        else:
            kind = "offset"
        return Declared(day_value, kind, source, raw, visible)
    if len(raw) > 60 or raw.isdigit():
        return None  # prose, or a Unix timestamp without a unit
    reading = read_stated_date(raw)
    if reading is None or reading.precision != "day" or reading.year is None:
        return None
    as_date = reading.as_date()
    assert as_date is not None
    zone = "utc" if re.search(r"\b(UTC|GMT|Z)\b", raw) else "local"
    return Declared(as_date, zone, source, raw, visible)


def _ld_type(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type") or []
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _is_article(types: list[str]) -> bool:
    fields = _fields()
    if any(t in fields["media_types"] for t in types):
        return False
    return any(
        t in fields["article_types"] or t.endswith(tuple(fields["article_type_suffixes"]))
        for t in types
    )


def _json_ld(tree: Any) -> list[Declared]:
    found: list[Declared] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        stack = [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack[:0] = obj
                continue
            if not isinstance(obj, dict):
                continue
            types = _ld_type(obj)
            value = obj.get("datePublished")
            if (isinstance(value, str) and _is_article(types)
                    and (declared := parse_declared(value, f"json-ld {'/'.join(types)}"))):
                found.append(declared)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(obj.get(key), dict | list):
                    stack.append(obj[key])
    # Article types before WebPage: a page's own WebPage date is its container's.
    return sorted(found, key=lambda d: "WebPage" in d.source)


def _meta(tree: Any) -> list[Declared]:
    order = [name.lower() for name in _fields()["meta_names"]]
    found: list[tuple[int, Declared]] = []
    for meta in tree.xpath("//meta[@content]"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in order and (declared := parse_declared(meta.get("content"), f"meta {name}")):
            found.append((order.index(name), declared))
    return [declared for _, declared in sorted(found, key=lambda pair: pair[0])]


def _microdata(tree: Any) -> list[Declared]:
    found = []
    for element in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]'):
        attribute = element.get("datetime") or element.get("content")
        text = " ".join(element.text_content().split())
        if attribute:
            declared = parse_declared(attribute, f"itemprop <{element.tag}>")
        else:
            declared = parse_declared(text, f"itemprop <{element.tag}> text", visible=True)
        if declared:
            found.append(declared)
    return found


def declared_dates(html: str) -> list[Declared]:
    """Every publication date the page declares about itself, strongest first."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return []
    # As htmldate does: a day before the web's news sites (a CMS's 1970-01-01 placeholder)
    # or after tomorrow is no publication date.
    earliest = date.fromisoformat(_fields()["earliest"])
    latest = date.today() + timedelta(days=1)
    return [d for d in _json_ld(tree) + _meta(tree) + _microdata(tree)
            if earliest <= d.day <= latest]


def declared_published(html: str) -> Declared | None:
    """The page's own publication day, from the strongest declared field; a UTC
    timestamp gives way to the publisher's local day when the page also states it."""
    found = declared_dates(html)
    if not found:
        return None
    best = found[0]
    if best.zone == "utc":
        for other in found[1:]:
            local = other.zone == "offset" or other.visible
            if local and other.day != best.day and abs(other.day - best.day) <= timedelta(1):
                return other
    return best

