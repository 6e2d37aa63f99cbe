"""What every importer shares: the imported-document record, dates, URLs, safe paths.

Exports from reading apps (Pocket, Instapaper, Readwise, wallabag, Omnivore) carry more
than an article: when it was saved, its tags, whether it was read. Those fields ride along
in :class:`ImportedDocument` (a :class:`RawDocument`, so the pipeline takes it unchanged)
until the store has columns for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dossier.ingest.files import sha256
from dossier.model import RawDocument


@dataclass
class ImportedDocument(RawDocument):
    """A RawDocument from an export, with the export's own fields kept in ``extras``.

    ``extras`` keys, when the export has them: ``saved`` (ISO time it was saved),
    ``tags`` (list of str), ``status`` ("unread", "archived", ...), ``progress``
    (0.0-1.0), ``seen`` (bool), ``starred`` (bool), ``author``, ``export`` (the app).
    """

    @property
    def fetched(self) -> bool:
        """False for an entry that is only a URL: its page must still be fetched."""
        return bool(self.text or self.html)


def url_document(
    origin: str, url: str, *, title: str | None = None, date: str | None = None,
    source: str | None = None, extras: dict[str, Any] | None = None,
) -> ImportedDocument:
    """An entry that is only a URL (and a title): a record to fetch later, keyed by the URL."""
    return ImportedDocument(
        origin=origin,
        content_hash=sha256(url.encode()),
        url=url,
        title=title or None,
        date=date,
        source=source,
        extras=clean_extras(extras or {}),
    )


def clean_extras(extras: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values, so records only say what the export said."""
    return {key: value for key, value in extras.items() if value not in (None, "", [], {})}


def web_url(value: Any) -> str | None:
    """The value as an http(s) URL, or None when it is not one (``javascript:``, a path)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(c.isspace() for c in url) or len(url) > 8192:
        return None
    return url


_DIGITS = re.compile(r"^\d{9,13}(\.\d+)?$")


def parse_timestamp(value: Any, *, utc: bool = False) -> str | None:
    """An export timestamp as ISO 8601, or None when it does not read as one.

    Reads unix seconds (``1507040452``) and milliseconds, ISO 8601 (``2023-10-08T08:32:11Z``,
    ``2023-10-08 08:32:11+00:00``, ``2023-10-08``) and RFC 822 (``Sat, 07 Oct 2023 10:00:00
    +0300``). A time zone given by the export is kept as written, unless ``utc`` asks to
    convert; unix times are UTC. ``0`` (Pocket's "never") is no time at all.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if not text or len(text) > 64:
        return None
    moment: datetime | None = None
    if _DIGITS.match(text):
        seconds = float(text)
        if seconds > 1e11:  # milliseconds (Readwise, Omnivore JSON)
            seconds /= 1000
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        moment = _iso(text) or _rfc822(text)
    if moment is None or not 1900 <= moment.year <= 2200:
        return None
    if utc and moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    if len(text) == 10 and moment.time() == datetime.min.time() and "-" in text:
        return moment.date().isoformat()  # a plain date stays a date
    return moment.isoformat(timespec="seconds")


def _iso(text: str) -> datetime | None:
    candidate = text.replace("Z", "+00:00").replace("/", "-")
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def split_tags(value: Any, separators: str = ",|") -> list[str]:
    """Tags from an export field: ``a|b``, ``a, b``, ``['a', 'b']``, ``["a"]`` or a list."""
    if isinstance(value, list):
        items = [_tag_name(item) for item in value]
    elif isinstance(value, str):
        text = value.strip().strip("[]")
        items = re.split("[" + re.escape(separators) + "]", text) if text else []
    else:
        return []
    tags = [item.strip().strip("'\"").strip() for item in items if isinstance(item, str)]
    return list(dict.fromkeys(tag for tag in tags if tag))


def _tag_name(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):  # wallabag {"label": ...}, Omnivore {"name": ...}
        name = item.get("label") or item.get("name") or item.get("slug")
        return name if isinstance(name, str) else None
    return None


def inside(folder: Path, relative: str) -> Path | None:
    """``folder/relative`` if it stays inside ``folder`` (no ``..``, no absolute path,
    no symlink out), else None. Paths named by import files go through here."""
    if not relative or "\x00" in relative:
        return None
    candidate = Path(relative)
    if candidate.is_absolute() or candidate.drive or ".." in candidate.parts:
        return None
    base = folder.resolve()
    try:
        resolved = (base / candidate).resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(base):
        return None
    return resolved


def line_of(text: str, index: int) -> int:
    """The 1-based line number of a character offset."""
    return text.count("\n", 0, index) + 1


def published_date(value: Any) -> str | None:
    """A publication date for ``RawDocument.date``: ISO when it reads as a timestamp, else
    the text as given (``October 7, 2023``), for the pipeline's date reader to judge."""
    parsed = parse_timestamp(value)
    if parsed is not None:
        return parsed
    if isinstance(value, str) and re.search(r"\d", value) and len(value.strip()) <= 64:
        return value.strip()
    return None
