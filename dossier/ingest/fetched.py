"""Completing records marked "not fetched": fetch their pages, run the pipeline, fill the
record in place (its ID, reading history and import fields stay)."""

from __future__ import annotations

from typing import Any

from dossier.errors import InputError
from dossier.fetch import fetch
from dossier.ingest.files import sha256
from dossier.model import RawDocument
from dossier.pipeline import analyse
from dossier.store import Store


def fetch_missing(
    store: Store, *, timeout: float = 15.0, retries: int = 2, per_host_delay: float = 1.0,
    enrich: bool = True,
) -> dict[str, list[dict[str, Any]]]:
    """Fetch every "not fetched" record's URL; return what was fetched and what failed."""
    bookmarks = {row["url"]: row for row in store.bookmarks() if row.get("url")}
    report: dict[str, list[dict[str, Any]]] = {"fetched": [], "failed": []}
    if not bookmarks:
        return report
    results = fetch(list(bookmarks), timeout=timeout, retries=retries,
                    per_host_delay=per_host_delay)
    for result in results:
        row = bookmarks[result.url]
        if not result.ok:
            report["failed"].append({"id": row["id"], "url": result.url, "error": result.error})
            continue
        raw = RawDocument(
            origin=row["origin"], content_hash=sha256(result.text.encode("utf-8")),
            html=result.text if "html" in (result.content_type or "") else None,
            text=None if "html" in (result.content_type or "") else result.text,
            url=result.final_url or result.url, title=None if row["title"] == row["url"]
            else row["title"],
        )
        try:
            article = analyse(raw)
            store.complete_bookmark(row["id"], article)
        except InputError as error:
            report["failed"].append({"id": row["id"], "url": result.url, "error": str(error)})
            continue
        report["fetched"].append({"id": row["id"], "url": result.url, "title": article.title})
    if enrich and report["fetched"]:
        from dossier.corpus.enrich import enrich as enrich_articles

        enrich_articles(store, [entry["id"] for entry in report["fetched"]])
    return report
