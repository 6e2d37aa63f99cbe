"""WARC files (``.warc``, ``.warc.gz``), as written by wget, Webrecorder, browsertrix or
ArchiveBox: each ``response`` record holding an HTML page becomes one document.

Records are read one at a time (warcio), so the file's size does not matter; each record's
page is capped at the settings' record size limit (``max_record_mb``). A truncated or
corrupt file keeps every record before the damage and reports the damage once. A record
whose Content-Length is false (smaller than its body) makes warcio look for the next record
in the body: every line warcio reads is capped (:class:`_Records`), so a gigabyte of
gzip-compressed garbage costs a few reads, not gigabytes of memory.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

from dossier.errors import InputError
from dossier.ingest.files import decode, looks_binary, open_binary, sha256
from dossier.ingest.importers.common import ImportedDocument, published_date, web_url
from dossier.ingest.readers import Failure
from dossier.model import RawDocument
from dossier.settings import Settings, limit_hint

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# No WARC or HTTP header line is longer: a longer "line" is a body read as headers.
MAX_LINE = 65536


class _Records(ArchiveIterator):
    """warcio's iterator with every line it reads capped at MAX_LINE, and the junk it finds
    between records logged (shortened) rather than written whole to stderr: warcio's own
    readline has no cap, and its warning prints the line it found, however long. Written
    here because warcio has no option for either."""

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__(handle, check_digests=False)
        unbounded = self.reader.readline

        def readline(length: int | None = None) -> bytes:
            return unbounded(min(length, MAX_LINE) if length else MAX_LINE)

        self.reader.readline = readline  # type: ignore[method-assign]

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            if not line.rstrip() or first_line:
                empty_size += len(line)
                if line.rstrip():  # a false Content-Length: the record went on
                    log.warning("WARC record not followed by a blank line (false "
                                "Content-Length?): %r", line[:80])
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


def read_warc(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """The HTML pages archived in a WARC file."""
    origin = str(path)
    with open_binary(path) as handle:
        head = handle.read(5)
        if not head:
            raise InputError(f"{path}: empty file")
        if not head.startswith((b"WARC/", b"\x1f\x8b")):
            yield Failure(origin, f"{origin}: not a WARC file (it does not start with 'WARC/')")
            return
        handle.seek(0)
        found = 0
        number = 0
        cut_short = False
        try:
            records = _Records(handle)
            for record in records:
                number += 1
                item = None
                if record.rec_type == "response":
                    item = _response(record, f"{origin}#R{number}", number, settings)
                if item is None and _truncated(record):
                    item = Failure(f"{origin}#R{number}", f"record {number}: truncated")
                if item is None:
                    continue
                found += isinstance(item, ImportedDocument | Failure)  # a response was there
                cut_short = cut_short or (isinstance(item, Failure) and "truncated" in item.reason)
                yield item
        # AttributeError: warcio fails on a request/response record without a
        # WARC-Target-URI ("'NoneType' object has no attribute 'startswith'").
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError,
                AttributeError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(
                error
            ).__name__
            if number == 0:
                yield Failure(origin, f"{origin}: not a WARC file ({reason[:120]})")
                return
            where = f"after record {number}"
            yield Failure(
                f"{origin}#R{number + 1}",
                f"record {number + 1}: unreadable WARC {where} ({reason[:120]});"
                " the records before it were read",
            )
            return
        if not cut_short and head.startswith(b"\x1f\x8b") and (damage := _gzip_damage(handle)):
            # warcio reads a cut-off gzip member as a short record; gzip itself can tell.
            yield Failure(f"{origin}#R{number}", f"record {number}: {damage}; the records "
                          "before it were read")
            return
        if number == 0:
            yield Failure(origin, f"{origin}: no WARC records (not a WARC file?)")
        elif found == 0:
            yield Failure(origin, f"{origin}: no HTML responses among {number} WARC records")


def _response(
    record: ArcWarcRecord, origin: str, number: int, settings: Settings
) -> ImportedDocument | Failure | None:
    """The document in a ``response`` record, a Failure, or None for a non-HTML record."""
    headers = record.http_headers
    if headers is None:
        return None
    status = headers.get_statuscode() or ""
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return None
    if not status.startswith("2"):
        return None  # redirects and error pages are not articles
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    url = url.strip("<>")
    payload = record.content_stream().read(settings.max_record_bytes + 1)
    if len(payload) > settings.max_record_bytes:
        return Failure(origin, f"record {number}: page larger than "
                       f"{settings.max_record_mb:g} MB ({url[:80]}) {limit_hint('max_record_mb')}")
    if _truncated(record):
        return Failure(origin, f"record {number}: truncated ({url[:80]})")
    if not payload.strip():
        return None
    if looks_binary(payload):
        return Failure(origin, f"record {number}: binary content labelled HTML ({url[:80]})")
    try:
        html, encoding = decode(payload, html=True)
    except InputError as error:
        return Failure(origin, f"record {number}: {error}")
    return ImportedDocument(
        origin=origin,
        content_hash=sha256(payload),
        html=html,
        url=web_url(url),
        date=None,
        encoding=encoding,
        extras={
            "export": "warc",
            "archived": published_date(record.rec_headers.get_header("WARC-Date")),
        },
    )


def _truncated(record: ArcWarcRecord) -> bool:
    """True when the file ends inside the record (fewer bytes than its Content-Length)."""
    stream = record.raw_stream
    if not isinstance(stream, LimitReader):  # a record without a length: nothing to check
        return False
    while stream.read(65536):
        pass
    return stream.limit > 0


def _gzip_damage(handle: BinaryIO) -> str | None:
    """Why a gzip file is damaged (cut short, corrupt), or None when it reads to the end."""
    handle.seek(0)
    try:
        with gzip.GzipFile(fileobj=handle) as stream:
            while stream.read(1 << 20):
                pass
    except EOFError:
        return "the file is cut short (truncated gzip)"
    except (OSError, zlib.error) as error:
        return f"corrupt gzip data ({error})"
    return None
