"""Renderers of a timeline page: text, Markdown, CSV, TimelineJS JSON and a standalone
HTML page. Each takes what ``queries.timeline`` returns; none of them queries anything."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from typing import Any

FORMATS = ("text", "json", "md", "csv", "timelinejs", "html")


def _when(entry: dict[str, Any]) -> str:
    date = entry["date"] or "date unknown"
    return f"{date} – {entry['date_end']}" if entry.get("date_end") else date


def _flags(entry: dict[str, Any]) -> list[str]:
    flags = [] if entry["modality"] == "occurred" else [entry["modality"]]
    if entry["conflicts"]:
        flags.append("sources disagree")
    return flags


def text(page: dict[str, Any]) -> str:
    lines = []
    for entry in page["entries"]:
        flags = _flags(entry)
        lines.append(f"{_when(entry):<24} {entry['type']:<9} {entry['summary']}"
                     + (f"  [{', '.join(flags)}]" if flags else ""))
        for source in entry["sources"]:
            lines.append(f"{'':<24} “{' '.join(source['sentence'].split())[:140]}” — "
                         f"{source['source'] or ''} {source['published'] or ''} "
                         f"({str(source['article'])[:8]})")
    return "\n".join(lines)


def markdown(page: dict[str, Any]) -> str:
    """A Markdown table; article text in it is escaped, so a renderer shows it as text."""
    lines = ["| date | type | what happened | sources |", "| --- | --- | --- | --- |"]
    for entry in page["entries"]:
        sources = "<br>".join(
            f"“{_md(' '.join(s['sentence'].split())[:200])}” ({_md(s['source'] or '')}, "
            f"{_md(s['published'] or 'undated')})" for s in entry["sources"])
        flags = _flags(entry)
        what = _md(entry["summary"]) + (f" *({', '.join(flags)})*" if flags else "")
        lines.append(f"| {_md(_when(entry))} | {_md(entry['type'])} | {what} | {sources} |")
    return "\n".join(lines)


_MARKDOWN_ESCAPES = str.maketrans({
    # HTML a renderer would pass through, as entities; "&" first so entities stay text.
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    # Link and image brackets (and the backslash that could unescape them) as escapes.
    "\\": "\\\\", "[": "\\[", "]": "\\]",
})


def markdown_escape(value: str) -> str:
    """Text for a Markdown document, shown as written: no HTML (``<script>``), no link or
    image (``[x](javascript:...)``) from an article's words."""
    return value.translate(_MARKDOWN_ESCAPES)


def _md(value: str) -> str:
    """Text for a cell of a Markdown table: escaped, on one line, ``|`` kept in its cell."""
    return markdown_escape(value).replace("|", "\\|").replace("\n", " ")


def csv_text(page: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "date_end", "precision", "type", "modality", "summary",
                     "actors", "article", "source", "published", "sentence"])
    for entry in page["entries"]:
        actors = "; ".join(f"{a['name']} ({a['role']})" for a in entry["actors"])
        for source in entry["sources"]:
            writer.writerow([entry["date"], entry["date_end"], entry["precision"],
                             entry["type"], entry["modality"], entry["summary"], actors,
                             source["article"], source["source"], source["published"],
                             " ".join(source["sentence"].split())])
    return out.getvalue()


def _tl_date(value: str | None) -> dict[str, str] | None:
    if not value or not value[:4].isdigit():
        return None
    parts = value.split("-")
    date = {"year": parts[0]}
    if len(parts) > 1 and parts[1].isdigit():
        date["month"] = parts[1]
    if len(parts) > 2 and parts[2].isdigit():
        date["day"] = parts[2]
    return date


def timelinejs(page: dict[str, Any]) -> str:
    """TimelineJS's JSON format (events with start/end dates, headline, text)."""
    events = []
    for entry in page["entries"]:
        start = _tl_date(entry["date"])
        if start is None:
            continue
        body = "".join(f"<p>“{html.escape(' '.join(s['sentence'].split()))}” — "
                       f"{html.escape(s['source'] or '')}</p>" for s in entry["sources"])
        event: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": html.escape(entry["summary"]), "text": body},
            "group": entry["type"],
            "unique_id": entry["id"],
        }
        if end := _tl_date(entry.get("date_end")):
            event["end_date"] = end
        events.append(event)
    return json.dumps({"events": events}, indent=2, ensure_ascii=False)


def html_page(page: dict[str, Any]) -> str:
    """A standalone, escaped HTML page of the timeline (no scripts, no outside assets)."""
    items = []
    for entry in page["entries"]:
        flags = "".join(f' <span class="flag">{html.escape(f)}</span>' for f in _flags(entry))
        sources = "".join(
            f"<li><q>{html.escape(' '.join(s['sentence'].split()))}</q> "
            f"<cite>{html.escape(s['source'] or '')} {html.escape(s['published'] or '')}</cite>"
            "</li>" for s in entry["sources"])
        items.append(
            f'<li class="{html.escape(entry["modality"])}"><time>{html.escape(_when(entry))}'
            f"</time> <b>{html.escape(entry['type'])}</b> {html.escape(entry['summary'])}"
            f"{flags}<ul>{sources}</ul></li>")
    return ("<!doctype html><html lang=en><meta charset=utf-8><title>Timeline</title>"
            "<style>body{font:16px/1.5 Georgia,serif;max-width:50em;margin:2em auto}"
            "time{font-family:sans-serif;color:#555}li.planned{opacity:.7}"
            ".flag{font:12px sans-serif;border:1px solid #999;padding:0 .3em}"
            "q{font-style:italic}</style><h1>Timeline</h1><ol>" + "".join(items) + "</ol>")


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": text,
    "json": lambda page: json.dumps(page, indent=2, ensure_ascii=False, default=str),
    "md": markdown,
    "csv": csv_text,
    "timelinejs": timelinejs,
    "html": html_page,
}
