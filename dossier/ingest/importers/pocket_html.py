"""Pocket's older HTML export (``ril_export.html``): links in lists under "Unread" and
"Read Archive" headings, each ``<a href time_added tags>title</a>``.

The file ends in ``.html`` like any saved page, so :func:`read_html_or_pocket` looks at its
head and hands ordinary pages to the HTML reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from dossier.ingest.files import decode, read_bytes
from dossier.ingest.importers.common import (
    ImportedDocument,
    parse_timestamp,
    split_tags,
    url_document,
    web_url,
)
from dossier.ingest.readers import Failure, read_html
from dossier.model import RawDocument
from dossier.settings import Settings

_POCKET_HEAD = re.compile(rb"<title>\s*Pocket Export\s*</title>|<a\s[^>]*\btime_added=", re.I)


def looks_like_pocket_html(data: bytes) -> bool:
    """True when the first 16 KB of an HTML file are a Pocket export's."""
    return _POCKET_HEAD.search(data[:16384]) is not None


class _PocketParser(HTMLParser):
    """Collects (line, attributes, title, section) for each link, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, dict[str, str], list[str], str]] = []
        self.section = ""
        self._heading: list[str] | None = None
        self._link: tuple[int, dict[str, str], list[str], str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2"):
            self._heading = []
        elif tag == "a":
            line = self.getpos()[0]
            self._link = (line, {k: v or "" for k, v in attrs}, [], self.section)
            self.links.append(self._link)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self._heading is not None:
            self.section = " ".join("".join(self._heading).split())
            self._heading = None
        elif tag == "a":
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._link is not None:
            self._link[2].append(data)


def parse_pocket_html(html: str, origin: str) -> Iterator[ImportedDocument | Failure]:
    """The links of a Pocket HTML export, each a URL-only document or a failure."""
    parser = _PocketParser()
    parser.feed(html)
    parser.close()
    if not parser.links:
        yield Failure(origin, f"{origin}: a Pocket export with no links")
        return
    for line, attrs, text, section in parser.links:
        row_origin = f"{origin}#L{line}"
        href = attrs.get("href", "").strip()
        url = web_url(href)
        if url is None:
            reason = f"not a web address: {href[:80]!r}" if href else "no URL"
            yield Failure(row_origin, f"line {line}: {reason}")
            continue
        title = " ".join("".join(text).split())
        yield url_document(
            row_origin, url, title=title if title != url else None,
            extras={
                "export": "pocket",
                "saved": parse_timestamp(attrs.get("time_added")),
                "tags": split_tags(attrs.get("tags"), ","),
                "status": "archived" if "archive" in section.lower() else "unread",
            },
        )


def read_pocket_html(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """Pocket's ``ril_export.html``."""
    data = read_bytes(path, settings.max_file_bytes)
    html, _ = decode(data, html=True)
    yield from parse_pocket_html(html, str(path))


def read_html_or_pocket(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """An ``.html`` file: a Pocket export when it looks like one, else a saved page."""
    data = read_bytes(path, settings.max_file_bytes)
    if looks_like_pocket_html(data):
        html, _ = decode(data, html=True)
        yield from parse_pocket_html(html, str(path))
    else:
        yield from read_html(path, settings)
