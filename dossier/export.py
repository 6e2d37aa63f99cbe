"""Exporting the archive: JSON Lines (round-trips through ``dossier ingest``) and a folder
of Markdown files with front matter (for Obsidian, static sites, or plain reading).

Both take records as plain dicts, either the store's rows or the query layer's records
(``published`` as a string or as ``{"value": ...}``); neither touches the store.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from dossier.formats import markdown_escape

__all__ = ["markdown_document", "slug", "to_jsonl", "to_markdown"]

#: Keys the JSON Lines reader reads back; every line has them (null when unknown).
JSONL_KEYS = ("text", "url", "title", "date", "source")
MAX_SLUG = 80


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def published_value(record: dict[str, Any]) -> str | None:
    """The published date of a record, from a store row or a query-layer record."""
    published = record.get("published")
    if isinstance(published, dict):
        published = published.get("value")
    return str(published) if published else None


def to_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one JSON object per article (the whole record, text included); return the count.

    Each line also carries ``date`` (the published date), so ingesting the file again
    with Dossier's JSON Lines reader gives the same articles.
    """
    count = 0
    for record in records:
        line = dict(record)
        line["date"] = published_value(record)
        for key in JSONL_KEYS:
            line.setdefault(key, None)
        out.write(json.dumps(line, ensure_ascii=False, default=_json_default, sort_keys=False))
        out.write("\n")
        count += 1
    return count


def slug(text: str | None, fallback: str = "article") -> str:
    """A file-name-safe slug: lower-case letters, digits and hyphens, at most 80 long."""
    normal = unicodedata.normalize("NFKC", text or "").lower()
    words = re.findall(r"[^\W_]+", normal)
    result = "-".join(words)[:MAX_SLUG].strip("-")
    return result or fallback


def _quoted(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def markdown_document(record: dict[str, Any]) -> str:
    """One article as Markdown: front matter (id, title, source, url, published, words),
    then the title as a heading and the clean text, escaped so that a Markdown renderer
    shows the article's words, never HTML or links made of them."""
    fields = {
        "id": record.get("id"),
        "title": record.get("title"),
        "source": record.get("source"),
        "url": record.get("url"),
        "published": published_value(record),
        "words": record.get("words"),
    }
    front = "\n".join(f"{key}: {_quoted(value)}" for key, value in fields.items())
    title = markdown_escape(" ".join(str(record.get("title") or "").split()))
    heading = f"# {title}\n\n" if title else ""
    text = markdown_escape(str(record.get("text") or "").strip())
    return f"---\n{front}\n---\n\n{heading}{text}\n"


def to_markdown(records: Iterable[dict[str, Any]], folder: Path) -> list[Path]:
    """Write one ``.md`` file per article into ``folder`` (created if needed); return them.

    Names are ``<published>-<title slug>.md``; a name taken by another article gets
    ``-2``, ``-3``... Exporting again into the same folder rewrites an article's own file
    (matched by the ``id`` in its front matter) and never overwrites another's.
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = folder.resolve()
    written: list[Path] = []
    claimed: set[str] = set()
    for record in records:
        record_id = str(record.get("id") or "")
        stem = slug(record.get("title"), fallback=slug(record_id[:8], "article"))
        if published := published_value(record):
            stem = f"{slug(published, 'undated')}-{stem}"
        path = _free_path(base, stem, record_id, claimed)
        document = markdown_document(record)
        path.write_text(document, encoding="utf-8")
        claimed.add(path.name)
        written.append(path)
    return written


def _free_path(base: Path, stem: str, record_id: str, claimed: set[str]) -> Path:
    number = 1
    while True:
        name = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
        path = base / name
        # Slugs hold only letters, digits and hyphens; this check keeps it so.
        if path.parent != base or name.startswith("."):
            raise ValueError(f"unsafe export file name {name!r}")
        if name not in claimed and not path.is_symlink() and (
            not path.exists() or (record_id and _file_id(path) == record_id)
        ):
            return path
        number += 1


def _file_id(path: Path) -> str | None:
    """The ``id`` in the front matter of an existing Markdown file, if it has one."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = [handle.readline() for _ in range(3)]
    except OSError:
        return None
    if not head or head[0].strip() != "---" or not head[1].startswith("id:"):
        return None
    try:
        value = json.loads(head[1][3:].strip())
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, str) else None
