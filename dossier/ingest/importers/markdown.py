"""Markdown files with front matter: Omnivore's exports (its Obsidian and Logseq
templates), Obsidian clippers, static-site posts.

The front matter is read by a small parser for the flat ``key: value`` form these tools
write (scalars, ``[a, b]`` lists, ``- item`` lists); nested YAML is passed over rather than
guessed at, and no value is ever turned into code or a type other than text. The body is
kept as text, with Markdown's link and image syntax reduced to words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dossier.ingest.files import decode, read_bytes, sha256
from dossier.ingest.importers.common import (
    ImportedDocument,
    clean_extras,
    parse_timestamp,
    published_date,
    split_tags,
    web_url,
)
from dossier.ingest.readers import Failure
from dossier.model import RawDocument
from dossier.settings import Settings

FrontMatter = dict[str, str | list[str]]

_KEY_VALUE = re.compile(r"^([A-Za-z_][\w .-]{0,60}?)\s*:(?:\s+(.*)|\s*)$")
_LIST_ITEM = re.compile(r"^\s*-\s+(.*)$")

_URL_KEYS = ("url", "original_url", "originalurl", "source_url", "link", "canonical", "source")
_PUBLISHED_KEYS = ("date_published", "published", "publishedat", "pubdate", "date")
_SAVED_KEYS = ("date_saved", "savedat", "saved", "created", "date_created")
_TAG_KEYS = ("tags", "labels", "keywords")
_STATUS_KEYS = ("state", "status")


class FrontMatterError(ValueError):
    """Front matter that is opened and never closed; ``line`` is where it opened."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_front_matter(text: str) -> tuple[FrontMatter, str, int]:
    """Split ``text`` into (front matter, body, line the body starts on).

    Text without front matter comes back whole, with an empty mapping. Keys are lowered.
    Raises FrontMatterError only when a ``---`` opening line has no closing line.
    """
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text, 1
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise FrontMatterError(1, "front matter opened with '---' but never closed")
    return _fields(lines[1:end]), "\n".join(lines[end + 1 :]), end + 2


def _fields(lines: list[str]) -> FrontMatter:
    fields: FrontMatter = {}
    key: str | None = None  # the key whose "- item" list is being read
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _LIST_ITEM.match(line)
        if item and key is not None:
            current = fields.get(key)
            values = current if isinstance(current, list) else []
            values.append(_scalar(item.group(1)))
            fields[key] = values
            continue
        if line[:1].isspace():
            continue  # nested mapping: passed over
        match = _KEY_VALUE.match(line)
        if not match:
            key = None
            continue
        key = match.group(1).strip().lower()
        value = (match.group(2) or "").strip()
        if not value:
            fields[key] = []  # a "- item" list may follow
        elif value in ("null", "~"):
            fields.pop(key, None)
            key = None
        elif value.startswith("[") and value.endswith("]"):
            fields[key] = [_scalar(v) for v in value[1:-1].split(",") if v.strip()]
            key = None
        else:
            fields[key] = _scalar(value)
            key = None
    return {k: v for k, v in fields.items() if v not in ([], "")}


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    return re.sub(r"\s+#.*$", "", value)  # a YAML comment after the value


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))+(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^#{1,6}\s+", re.M)
# Lines Omnivore's templates add around the article: links back to the app and the page.
_APP_LINE = re.compile(r"^\s*\[(Read on Omnivore|Read Original)\]\([^)]*\)\s*$", re.M | re.I)


def markdown_text(body: str) -> str:
    """Markdown as plain text: headings, links and images reduced to their words."""
    text = _APP_LINE.sub("", body)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _HEADING.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _first(fields: FrontMatter, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read_markdown(path: Path, settings: Settings) -> Iterator[RawDocument | Failure]:
    """A Markdown file; its front matter gives title, URL, dates, author and tags."""
    data = read_bytes(path, settings.max_file_bytes)
    text, encoding = decode(data)
    origin = str(path)
    try:
        fields, body, _ = parse_front_matter(text.replace("\r\n", "\n"))
    except FrontMatterError as error:
        yield Failure(f"{origin}#L{error.line}", f"line {error.line}: {error}")
        return
    url = None
    source = None
    for key in _URL_KEYS:
        value = fields.get(key)
        if isinstance(value, str) and (url := web_url(value)):
            break
    if isinstance(fields.get("source"), str) and not web_url(fields["source"]):
        source = str(fields["source"]).strip() or None
    if isinstance(fields.get("site"), str):
        source = source or str(fields["site"]).strip() or None
    status = (_first(fields, _STATUS_KEYS) or "").lower()
    yield ImportedDocument(
        origin=origin,
        content_hash=sha256(data),
        text=markdown_text(body),
        url=url,
        title=_first(fields, ("title",)),
        date=published_date(_first(fields, _PUBLISHED_KEYS)),
        source=source,
        encoding=encoding,
        extras=clean_extras({
            "export": "markdown" if fields else None,
            "saved": parse_timestamp(_first(fields, _SAVED_KEYS)),
            "tags": next((split_tags(fields[k]) for k in _TAG_KEYS if k in fields), []),
            "author": _first(fields, ("author", "authors", "byline")),
            "status": "archived" if status in ("archived", "archive", "read") else None,
        }),
    )
