"""Templates and the small filters they use. Everything is escaped; only ``<mark>`` in
search snippets is let through, rebuilt by us rather than passed on, and the evidence
``<mark>`` around the sentences of events and claims, placed by offsets, never by parsing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from dossier.ingest.importers.common import web_url

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MARK = re.compile(r"(</?mark>)", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "WI": "Winter"}


def published_label(published: dict[str, Any] | None) -> str:
    """A published date at its precision: "7 Oct 2023", "Oct 2023", "2023", "date unknown"."""
    value = (published or {}).get("value")
    if not value:
        return "date unknown"
    precision = (published or {}).get("precision")
    try:
        if precision == "day":
            day = date.fromisoformat(value[:10])
            return f"{day.day} {day:%b %Y}"
        if precision == "month":
            return datetime.strptime(value[:7], "%Y-%m").strftime("%b %Y")
    except ValueError:
        pass
    season = _SEASONS.get(str(value)[5:])
    if season and str(value)[:4].isdigit():
        return f"{season} {str(value)[:4]}"
    return str(value)


def timestamp(value: str | None) -> str:
    """An ISO timestamp as "8 Oct 2023, 08:32"."""
    if not value:
        return "never"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def paragraphs(text: str | None) -> list[str]:
    """The clean text as paragraphs: blank-line separated, else one per line."""
    text = (text or "").strip()
    if not text:
        return []
    parts = _PARAGRAPH_BREAK.split(text) if _PARAGRAPH_BREAK.search(text) else text.split("\n")
    return [" ".join(line.strip() for line in part.splitlines()) for part in parts if part.strip()]


def highlight(snippet: str | None) -> Markup:
    """A search snippet with its ``<mark>`` highlights kept and everything else escaped."""
    out: list[str] = []
    open_mark = False
    for piece in _MARK.split(snippet or ""):
        tag = piece.lower()
        if tag == "<mark>" and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif tag == "</mark>" and open_mark:
            out.append("</mark>")
            open_mark = False
        elif tag not in ("<mark>", "</mark>"):
            out.append(str(escape(piece)))
    if open_mark:
        out.append("</mark>")
    return Markup("".join(out))


_LINE_BREAK = re.compile(r"[^\S\r\n]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])\s*")


def _paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Where the paragraphs of ``paragraphs(text)`` stand in ``text``: (start, end) pairs."""
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    if not body:
        return []
    breaks = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(body) else re.compile("\n")
    ranges: list[tuple[int, int]] = []
    position = 0
    for start, end in [m.span() for m in breaks.finditer(body)] + [(len(body), len(body))]:
        part = body[position:start]
        if part.strip():
            first = position + len(part) - len(part.lstrip())
            last = start - (len(part) - len(part.rstrip()))
            ranges.append((lead + first, lead + last))
        position = end
    return ranges


def _flat(piece: str) -> str:
    return _LINE_BREAK.sub(" ", piece)


class Evidence:
    """An article's text with the sentences of its events and claims marked.

    ``items`` are query records carrying ``offsets`` ([[start, end]] in the text). Sentences
    that overlap are merged into one mark; each mark gets ``id="ev-<start>"`` and every item
    its ``anchor``. The text is split at the offsets and every piece escaped.
    """

    def __init__(self, text: str | None, items: Iterable[dict[str, Any]]) -> None:
        self.text = text or ""
        size = len(self.text)
        wanted = sorted(
            (start, end) for item in items for start, end in _offsets(item)
            if 0 <= start < end <= size
        )
        merged: list[list[int]] = []
        for start, end in wanted:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.spans = [(start, end) for start, end in merged]

    def anchor(self, item: dict[str, Any]) -> str | None:
        """The id of the mark holding the item's sentence (None without usable offsets)."""
        for start, _end in _offsets(item):
            for span_start, span_end in self.spans:
                if span_start <= start < span_end:
                    return f"ev-{span_start}"
        return None

    def paragraphs(self) -> list[Markup]:
        """The paragraphs of ``paragraphs(text)``, escaped, with the sentences in marks."""
        out: list[Markup] = []
        opened: set[int] = set()
        for first, last in _paragraph_ranges(self.text):
            html: list[str] = []
            cursor = first
            for start, end in self.spans:
                if end <= first or start >= last:
                    continue
                low, high = max(start, first), min(end, last)
                if low > cursor:
                    html.append(str(escape(_flat(self.text[cursor:low]))))
                label = f' id="ev-{start}" tabindex="-1"' if start not in opened else ""
                opened.add(start)
                html.append(f'<mark class="evidence" data-ev="ev-{start}" data-end="{end}"{label}>'
                            f"{escape(_flat(self.text[low:high]))}</mark>")
                cursor = high
            if cursor < last:
                html.append(str(escape(_flat(self.text[cursor:last]))))
            out.append(Markup("".join(html)))
        return out


def _offsets(item: dict[str, Any]) -> list[tuple[int, int]]:
    pairs = []
    for pair in item.get("offsets") or []:
        try:
            start, end = int(pair[0]), int(pair[1])
        except (TypeError, ValueError, IndexError):
            continue
        pairs.append((start, end))
    return pairs


def _date_bound(value: str) -> tuple[str, str]:
    """A bound ("2005-11-14", "2005-11", "2005") as (label without year, year)."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return f"{day.day} {day:%b}", f"{day:%Y}"
        if len(value) == 7:
            month = datetime.strptime(value, "%Y-%m")
            return f"{month:%b}", f"{month:%Y}"
    except ValueError:
        pass
    return "", value


def event_date(record: dict[str, Any]) -> str:
    """An event's or claim's date at its precision: "14 Nov 2005", "Nov 2005", "2005",
    a range "Jan – Dec 2017", or "undated"."""
    value, end = record.get("date"), record.get("date_end")
    if not value:
        return "undated"
    head, year = _date_bound(str(value))
    if not end or end == value:
        return f"{head} {year}".strip()
    tail, end_year = _date_bound(str(end))
    if year == end_year and head and tail:
        return f"{head} – {tail} {year}"
    return f"{head} {year}".strip() + " – " + f"{tail} {end_year}".strip()


def event_flags(event: dict[str, Any]) -> list[str]:
    """The small badges of an event: its modality unless it occurred, background history,
    and a date that is only the article's."""
    flags = []
    if event.get("modality") and event["modality"] != "occurred":
        flags.append(str(event["modality"]))
    if event.get("background"):
        flags.append("background")
    if event.get("date_source") == "article":
        flags.append("dated by the article")
    return flags


def plural(n: int, word: str) -> str:
    """``3 words``, ``1 word``, ``2 entities``."""
    if n == 1:
        return f"{n:,} {word}"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return f"{n:,} {word[:-1]}ies"
    return f"{n:,} {word}s"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        published=published_label, timestamp=timestamp, paragraphs=paragraphs,
        highlight=highlight, plural=plural, event_date=event_date, event_flags=event_flags,
        web_url=web_url,  # a stored URL as a link only when it is http(s)
    )
    return env


ENV = _environment()


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template into an HTML response, with what every page needs."""
    state = request.app.state
    context.setdefault("title", None)
    html = ENV.get_template(name).render(
        request=request, csrf=state.csrf_token, nav=context.pop("nav", None), **context
    )
    return HTMLResponse(html, status_code=status_code)
