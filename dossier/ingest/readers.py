"""Readers: one per input format, keyed by file suffix. Each yields RawDocuments or
failures; none of them cleans or stores anything."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dossier.errors import InputError
from dossier.ingest.files import decode, open_binary, read_bytes, sha256
from dossier.ingest.importers.common import web_url
from dossier.model import RawDocument
from dossier.settings import Settings, limit_hint


@dataclass
class Failure:
    origin: str
    reason: str


Reader = Callable[[Path, Settings], Iterator[RawDocument | Failure]]


def read_text(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """A plain-text file: one article, often text flattened from a web page."""
    data = read_bytes(path, settings.max_file_bytes)
    text, encoding = decode(data)
    yield RawDocument(origin=str(path), content_hash=sha256(data), text=text, encoding=encoding)


def read_html(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """A saved HTML page: one article."""
    data = read_bytes(path, settings.max_file_bytes)
    html, encoding = decode(data, html=True)
    yield RawDocument(origin=str(path), content_hash=sha256(data), html=html, encoding=encoding)


_JSONL_KEYS = ("title", "date", "source")


def read_jsonl(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """JSON Lines: one article per line, ``text`` or ``html`` plus optional url, title,
    date and source. Read line by line, so the file's size does not matter; a bad line is
    reported with its number and the others go on."""
    with open_binary(path) as handle:
        empty = True
        for number, raw_line in enumerate(_lines(handle, settings.max_record_bytes), start=1):
            origin = f"{path}#L{number}"
            if raw_line is None:
                empty = False
                yield Failure(origin, f"line {number}: larger than {settings.max_record_mb:g} "
                              f"MB {limit_hint('max_record_mb')}")
                continue
            if not raw_line.strip():
                continue
            empty = False
            try:
                line, _ = decode(raw_line)
                item = json.loads(line.strip())
            except (InputError, json.JSONDecodeError) as error:
                yield Failure(origin, f"line {number}: malformed JSON ({_short(error)})")
                continue
            if not isinstance(item, dict):
                yield Failure(origin, f"line {number}: not a JSON object")
                continue
            text, html = item.get("text"), item.get("html")
            if not isinstance(text, str | None) or not isinstance(html, str | None):
                yield Failure(origin, f"line {number}: text and html must be strings")
                continue
            if not (text or html):
                yield Failure(origin, f"line {number}: no text or html")
                continue
            extras = {key: str(item[key]) for key in _JSONL_KEYS if item.get(key)}
            if url := web_url(item.get("url")):  # http(s) only, as every importer keeps
                extras["url"] = url
            yield RawDocument(
                origin=origin,
                content_hash=sha256(raw_line.strip()),
                text=text if not html else None,
                html=html,
                encoding="utf-8",
                **extras,
            )
        if empty:
            raise InputError(f"{path}: empty file")


def _lines(handle: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The file's lines, None for one longer than ``limit`` (skipped, never held whole)."""
    while line := handle.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := handle.readline(limit + 1)) and not rest.endswith(b"\n"):
            pass
        yield None


def _short(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg.removesuffix(' at')} at column {error.colno}"
    return str(error)


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
