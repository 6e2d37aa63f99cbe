"""JSON exports: wallabag's (a list of entries with their HTML ``content``) and Omnivore's
(``metadata_*.json`` entries, the page of each in ``content/<slug>.html`` beside it).

The list is decoded one entry at a time, so a bad entry is reported with the line it starts
on and the others go on; JSON broken part-way keeps every entry before the break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dossier.errors import InputError
from dossier.ingest.files import decode, read_bytes, sha256
from dossier.ingest.importers.common import (
    ImportedDocument,
    clean_extras,
    inside,
    line_of,
    parse_timestamp,
    published_date,
    split_tags,
    url_document,
    web_url,
)
from dossier.ingest.readers import Failure
from dossier.model import RawDocument
from dossier.settings import Settings

_SPACE = re.compile(r"\s*")
_SLUG = re.compile(r"^[\w.-]{1,200}$")


def read_json_export(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """A wallabag or Omnivore JSON export: a list of saved entries."""
    data = read_bytes(path, settings.max_file_bytes)
    text, _ = decode(data)
    yield from parse_json_export(text, str(path), folder=path.parent, settings=settings)


def parse_json_export(
    text: str, origin: str, *, folder: Path | None = None, settings: Settings | None = None
) -> Iterator[ImportedDocument | Failure]:
    """Entries of a JSON export given as text. ``folder`` is where Omnivore's ``content/``
    pages are looked for; without it, Omnivore entries are URLs only."""
    decoder = json.JSONDecoder()
    text = text.lstrip("\ufeff")
    index = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if not text.startswith("[", index):
        kind = "a JSON object" if text.startswith("{", index) else "not a JSON list"
        yield Failure(origin, f"{origin}: not a known export: {kind}, where wallabag and "
                      "Omnivore exports are a list of entries")
        return
    index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", index):
        yield Failure(origin, f"{origin}: an export with no entries")
        return
    while True:
        line = line_of(text, index)
        try:
            entry, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError as error:
            yield Failure(
                f"{origin}#L{line}",
                f"line {line}: malformed JSON ({error.msg} at line {error.lineno} column"
                f" {error.colno}); entries after it were not read",
            )
            return
        entry_origin = f"{origin}#L{line}"
        result = map_entry(entry, entry_origin, folder=folder, settings=settings)
        if isinstance(result, str):
            yield Failure(entry_origin, f"line {line}: {result}")
        else:
            yield result
        index = _SPACE.match(text, index).end()  # type: ignore[union-attr]
        if text.startswith(",", index):
            index = _SPACE.match(text, index + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("]", index):
            return
        line = line_of(text, index)
        yield Failure(f"{origin}#L{line}", f"line {line}: malformed JSON (expected ',' or "
                      "']' after an entry); entries after it were not read")
        return


def map_entry(
    entry: Any, origin: str, *, folder: Path | None = None, settings: Settings | None = None
) -> ImportedDocument | str:
    """One export entry as a document, or the reason it is not one."""
    if not isinstance(entry, dict):
        return "not a JSON object"
    raw_url = entry.get("url") or entry.get("given_url") or entry.get("originalUrl")
    url = web_url(raw_url)
    if url is None:
        return f"not a web address: {str(raw_url)[:80]!r}" if raw_url else "no URL"
    title = entry.get("title") if isinstance(entry.get("title"), str) else None
    try:
        if "slug" in entry or "savedAt" in entry:
            return _omnivore(entry, origin, url, title, folder, settings)
        return _wallabag(entry, origin, url, title)
    except _BadEntry as error:
        return str(error)


class _BadEntry(Exception):
    """An entry that cannot be imported; the message is the reason."""


def _wallabag(entry: dict[str, Any], origin: str, url: str, title: str | None) -> ImportedDocument:
    content = entry.get("content")
    authors = entry.get("published_by")
    extras = {
        "export": "wallabag",
        "saved": parse_timestamp(entry.get("created_at")),
        "tags": split_tags(entry.get("tags")),
        "status": _archived(entry.get("is_archived")),
        "starred": bool(entry.get("is_starred")) or None,
        "author": ", ".join(a for a in authors if isinstance(a, str))
        if isinstance(authors, list) else None,
        "domain": entry.get("domain_name") if isinstance(entry.get("domain_name"), str) else None,
        "language": entry.get("language") if isinstance(entry.get("language"), str) else None,
    }
    published = published_date(entry.get("published_at"))
    if not isinstance(content, str) or not content.strip():
        return url_document(origin, url, title=title, date=published, extras=extras)
    return ImportedDocument(
        origin=origin,
        content_hash=sha256(content.encode()),
        html=content,
        url=url,
        title=title,
        date=published,
        encoding="utf-8",
        extras=clean_extras(extras),
    )


def _archived(value: Any) -> str | None:
    if value in (1, True, "1", "true"):
        return "archived"
    if value in (0, False, "0", "false"):
        return "unread"
    return None


def _omnivore(
    entry: dict[str, Any], origin: str, url: str, title: str | None,
    folder: Path | None, settings: Settings | None,
) -> ImportedDocument:
    state = str(entry.get("state") or "").lower()
    progress = entry.get("readingProgress")
    extras = {
        "export": "omnivore",
        "saved": parse_timestamp(entry.get("savedAt")),
        "tags": split_tags(entry.get("labels")),
        "status": "archived" if state == "archived" else "unread",
        "progress": round(progress / 100, 4)
        if isinstance(progress, int | float) and 0 <= progress <= 100 else None,
        "author": entry.get("author") if isinstance(entry.get("author"), str) else None,
        "description": entry.get("description")
        if isinstance(entry.get("description"), str) else None,
    }
    published = published_date(entry.get("publishedAt"))
    html = _omnivore_page(entry.get("slug"), folder, settings)
    if html is None:
        return url_document(origin, url, title=title, date=published, extras=extras)
    return ImportedDocument(
        origin=origin, content_hash=sha256(html.encode()), html=html, url=url, title=title,
        date=published, encoding="utf-8", extras=clean_extras(extras),
    )


def _omnivore_page(slug: Any, folder: Path | None, settings: Settings | None) -> str | None:
    """The saved page of an Omnivore entry, or None when there is none. An entry naming a
    page out of the export's folder, or an unreadable page, raises _BadEntry."""
    if folder is None or slug is None:
        return None
    if not isinstance(slug, str) or not _SLUG.match(slug) or slug.startswith("."):
        raise _BadEntry(f"unsafe content slug {str(slug)[:60]!r} (must be a plain file name)")
    page = inside(folder, f"content/{slug}.html")
    if page is None:
        raise _BadEntry(f"content/{slug}.html is outside the export's folder")
    if not page.is_file():
        return None
    max_bytes = settings.max_file_bytes if settings else 20 * 1048576
    try:
        text, _ = decode(read_bytes(page, max_bytes), html=True)
    except InputError as error:
        raise _BadEntry(str(error)) from None
    return text
