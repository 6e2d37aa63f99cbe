"""CSV exports of reading apps, told apart by their header row.

- Pocket (``part_000000.csv`` since 2024): ``title,url,time_added,tags,status``; tags split
  by ``|``; ``time_added`` in unix seconds; status ``unread`` or ``archive``.
- Instapaper: ``URL,Title,Selection,Folder,Timestamp`` (newer exports add ``Tags``, a JSON
  list); folder ``Unread``, ``Archive``, ``Starred`` or the user's own.
- Readwise Reader: ``Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen``;
  tags as a Python list literal, progress ``0.35`` or ``35%``, location ``new``,
  ``later``, ``archive`` or ``feed``.

Every row is only a URL: it becomes a record to fetch later. Rows are read one by one and
a bad row is reported with the line it starts on, the others go on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from dossier.ingest.files import decode, read_bytes
from dossier.ingest.importers.common import (
    ImportedDocument,
    parse_timestamp,
    split_tags,
    url_document,
    web_url,
)
from dossier.ingest.readers import Failure
from dossier.model import RawDocument
from dossier.settings import Settings

Row = dict[str, str]
RowMapper = Callable[[str, Row], ImportedDocument | str]


def _progress(value: str) -> float | None:
    text = value.strip().rstrip("%")
    try:
        number = float(text)
    except ValueError:
        return None
    if value.strip().endswith("%") or number > 1:
        number /= 100
    return round(number, 4) if 0 <= number <= 1 else None


def _flag(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    return None


def _title(value: str | None, url: str) -> str | None:
    title = (value or "").strip()
    return title if title and title != url else None  # Pocket repeats the URL as title


def pocket_row(origin: str, row: Row) -> ImportedDocument | str:
    """One row of a Pocket CSV export."""
    url = web_url(row.get("url"))
    if url is None:
        return _bad_url(row.get("url"))
    status = (row.get("status") or "").strip().lower()
    return url_document(
        origin, url, title=_title(row.get("title"), url),
        extras={
            "export": "pocket",
            "saved": parse_timestamp(row.get("time_added")),
            "tags": split_tags(row.get("tags"), "|"),
            "status": {"archive": "archived"}.get(status, status),
        },
    )


def instapaper_row(origin: str, row: Row) -> ImportedDocument | str:
    """One row of an Instapaper CSV export."""
    url = web_url(row.get("url"))
    if url is None:
        return _bad_url(row.get("url"))
    folder = (row.get("folder") or "").strip()
    status = {"unread": "unread", "archive": "archived", "starred": "unread"}.get(folder.lower())
    return url_document(
        origin, url, title=_title(row.get("title"), url),
        extras={
            "export": "instapaper",
            "saved": parse_timestamp(row.get("timestamp")),
            "tags": split_tags(row.get("tags")),
            "status": status,
            "starred": True if folder.lower() == "starred" else None,
            "folder": folder if status is None else None,
            "highlight": (row.get("selection") or "").strip() or None,
        },
    )


def readwise_row(origin: str, row: Row) -> ImportedDocument | str:
    """One row of a Readwise Reader CSV export."""
    url = web_url(row.get("url"))
    if url is None:
        return _bad_url(row.get("url"))
    location = (row.get("location") or "").strip().lower()
    return url_document(
        origin, url, title=_title(row.get("title"), url),
        extras={
            "export": "readwise",
            "saved": parse_timestamp(row.get("saved date")),
            "tags": split_tags(row.get("document tags")),
            "status": {"archive": "archived", "new": "unread", "later": "unread"}.get(
                location, location
            ),
            "progress": _progress(row.get("reading progress") or ""),
            "seen": _flag(row.get("seen") or ""),
            "export_id": (row.get("id") or "").strip() or None,
        },
    )


def _bad_url(value: str | None) -> str:
    shown = (value or "").strip()
    if not shown:
        return "no URL"
    return f"not a web address: {shown[:80]!r}"


#: (name, columns that must all be in the header, row mapper), most specific first.
CSV_FORMATS: list[tuple[str, frozenset[str], RowMapper]] = [
    ("Readwise Reader", frozenset({"url", "saved date"}), readwise_row),
    ("Instapaper", frozenset({"url", "folder", "timestamp"}), instapaper_row),
    ("Pocket", frozenset({"url", "time_added"}), pocket_row),
]


def sniff_format(header: list[str]) -> tuple[str, RowMapper] | None:
    """The export a CSV header row belongs to, or None."""
    names = {name.strip().lstrip("\ufeff").lower() for name in header}
    for name, required, mapper in CSV_FORMATS:
        if required <= names:
            return name, mapper
    return None


def read_csv(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """A reading app's CSV export (Pocket, Instapaper, Readwise Reader), picked by header."""
    data = read_bytes(path, settings.max_file_bytes)
    text, _ = decode(data)
    yield from parse_csv(text, str(path))


def parse_csv(text: str, origin: str) -> Iterator[ImportedDocument | Failure]:
    """Rows of a CSV export given as text; ``origin`` names the file in failures."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        yield Failure(origin, f"{origin}: not a readable CSV file ({error})")
        return
    if not header or not any(cell.strip() for cell in header):
        yield Failure(origin, f"{origin}: no header row")
        return
    found = sniff_format(header)
    if found is None:
        shown = ",".join(cell.strip() for cell in header)[:120]
        yield Failure(
            origin,
            f"{origin}: not a known export: header {shown!r} (expected Pocket, Instapaper"
            " or Readwise Reader columns)",
        )
        return
    _, mapper = found
    columns = [cell.strip().lstrip("\ufeff").lower() for cell in header]
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The csv module cannot resynchronise after a broken record: stop here,
            # keeping every row already read.
            line = reader.line_num or start
            yield Failure(f"{origin}#L{start}", f"line {start}: malformed CSV ({error}); "
                          f"rows after line {line} were not read")
            return
        previous_end = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        row_origin = f"{origin}#L{start}"
        if len(cells) != len(columns):
            yield Failure(
                row_origin,
                f"line {start}: {len(cells)} fields where the header has {len(columns)}",
            )
            continue
        result = mapper(row_origin, dict(zip(columns, cells, strict=True)))
        if isinstance(result, str):
            yield Failure(row_origin, f"line {start}: {result}")
        else:
            yield result


def csv_header_format(text: str) -> str | None:
    """The name of the export a CSV text's header belongs to (for messages and tests)."""
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), None)
    except csv.Error:
        return None
    found = sniff_format(header or [])
    return found[0] if found else None
