"""The one query layer: plain, JSON-ready records for the CLI, the web pages and the API.

The CLI prints what these functions return; the API returns the same, unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dossier.store import Store

_RECORD_FIELDS = (
    "id", "title", "source", "category", "url", "published", "created", "updated",
    "last_read", "read_count", "words", "reading_minutes", "language", "origin",
)


def _iso(value: Any) -> Any:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value


def article_record(row: dict[str, Any], *, text: bool = False) -> dict[str, Any]:
    """The record of one article as users see it (seed 002's record, and more)."""
    record = {name: _iso(row.get(name)) for name in _RECORD_FIELDS}
    record["published"] = {
        "value": row.get("published"),
        "precision": row.get("published_precision"),
        "method": row.get("published_method"),
        "evidence": row.get("published_evidence"),
        "confidence": row.get("published_confidence"),
    }
    if "meta" in row:
        record["meta"] = row["meta"]
    if text:
        record["text"] = row["text"]
    return record


def articles(
    store: Store, *, limit: int | None = None, offset: int = 0, order: str = "published"
) -> list[dict[str, Any]]:
    """The article list, newest first (by published date, unknown dates last)."""
    rows = store.articles(limit=limit, offset=offset, order=order)
    return [article_record(row) for row in rows]


def article(store: Store, article_id: str, *, text: bool = False) -> dict[str, Any]:
    """One article's record; ``text`` adds the clean text, ``removed`` lines stay out."""
    row = store.article(article_id)
    record = article_record(row, text=text)
    record["removed"] = row.get("removed", [])
    return record


def read(store: Store, article_id: str) -> dict[str, Any]:
    """Count a read of an article and return its record with the clean text."""
    return article_record(store.mark_read(article_id), text=True)


def stats(store: Store) -> dict[str, Any]:
    """Totals over the archive: articles, words, reading time, reads, unread, by source
    and by month."""
    return store.totals()


def _anchor(published: dict[str, Any]) -> tuple[date | None, str]:
    """The date relative expressions resolve against, and its precision."""
    value, precision = published.get("value"), published.get("precision") or "unknown"
    if not value:
        return None, "unknown"
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1), (
        precision
    )


def dates(store: Store, article_id: str) -> dict[str, Any]:
    """Every temporal expression of an article, resolved against its published date: value,
    interval, precision, offsets and the sentence it stands in."""
    from dossier.timex import find_timexes

    row = store.article(article_id)
    record = article_record(row)
    anchor, precision = _anchor(record["published"])
    expressions = find_timexes(row["text"], anchor, anchor_precision=precision)
    return {
        "article": record["id"],
        "title": record["title"],
        "published": record["published"],
        "expressions": [expression.to_dict() for expression in expressions],
    }


def redate(store: Store, article_id: str) -> dict[str, Any]:
    """Re-date an article from its text (dates stated by metadata or a reading app's record
    stay); returns the old and the new published date."""
    from dossier.pipeline import redate_article

    row = store.article(article_id)
    before = article_record(row)["published"]
    published = redate_article(row)
    if published is None:
        return {"article": row["id"], "before": before, "after": before, "changed": False}
    after = article_record(store.update_published(row["id"], published))["published"]
    return {"article": row["id"], "before": before, "after": after, "changed": before != after}
