"""Importers for the exports people actually have: Pocket, Instapaper, Readwise Reader,
wallabag, Omnivore and Markdown folders, RSS/Atom feed files and WARC archives.

Each reader has the shape of :data:`dossier.ingest.readers.Reader`, yields
:class:`ImportedDocument` (a RawDocument with the export's own fields in ``extras``) or
:class:`Failure`, and reports a bad row with its line number while the good rows go on.
Entries that are only a URL come back with ``text`` and ``html`` both None.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dossier.ingest.importers.common import ImportedDocument, parse_timestamp
from dossier.ingest.importers.csv_exports import parse_csv, read_csv, sniff_format
from dossier.ingest.importers.feeds import parse_feed, read_feed
from dossier.ingest.importers.json_exports import parse_json_export, read_json_export
from dossier.ingest.importers.markdown import parse_front_matter, read_markdown
from dossier.ingest.importers.pocket_html import read_html_or_pocket, read_pocket_html
from dossier.ingest.importers.warc import read_warc
from dossier.ingest.readers import Failure, Reader
from dossier.model import RawDocument
from dossier.settings import Settings

__all__ = [
    "IMPORT_READERS",
    "ImportedDocument",
    "parse_csv",
    "parse_feed",
    "parse_front_matter",
    "parse_json_export",
    "parse_timestamp",
    "read_csv",
    "read_feed",
    "read_gz",
    "read_html_or_pocket",
    "read_json_export",
    "read_markdown",
    "read_pocket_html",
    "read_warc",
    "sniff_format",
]


def read_gz(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """A ``.gz`` file: read when it is a ``.warc.gz``; other compressed files are refused."""
    if path.name.lower().endswith(".warc.gz"):
        yield from read_warc(path, settings)
    else:
        yield Failure(str(path), f"{path}: a compressed file that is not a .warc.gz")


IMPORT_READERS: dict[str, Reader] = {
    ".csv": read_csv,
    ".json": read_json_export,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".warc": read_warc,
    ".gz": read_gz,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html_or_pocket,
    ".htm": read_html_or_pocket,
}
