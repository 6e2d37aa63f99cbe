"""The one query layer: plain, JSON-ready records for the CLI, the web pages and the API.

The CLI prints what these functions return; the API returns the same, unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dossier.errors import InputError
from dossier.store import Store

_RECORD_FIELDS = (
    "id", "title", "source", "category", "url", "published", "created", "updated",
    "last_read", "read_count", "is_read", "words", "reading_minutes", "language", "origin",
    "status", "summary",
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
    if span := ((row.get("meta") or {}).get("date_why") or {}).get("span"):
        record["published"]["span"] = span
    if "meta" in row:
        record["meta"] = row["meta"]
    if text:
        record["text"] = row["text"]
    return record


def date_why(record: dict[str, Any]) -> dict[str, Any]:
    """How an article's published date was decided (``dossier.dating``): each candidate with
    its verdict, and the bound (the day it was saved or ingested). Articles stored before the
    room kept it get the bound of their ingest and no candidates."""
    why = (record.get("meta") or {}).get("date_why")
    if why:
        return why
    created = str(record.get("created") or "")[:10] or None
    return {"not_after": created, "bound": "today", "candidates": []}


ORDERS = ("published", "created", "title")


def articles(
    store: Store, *, limit: int | None = None, offset: int = 0, order: str = "published",
    source: str | None = None, unread: bool = False, status: str | None = None,
) -> list[dict[str, Any]]:
    """The article list, newest first (by published date, unknown dates last); filters:
    one ``source`` ("" for none), ``unread`` only, a ``status`` ("not fetched")."""
    return articles_page(store, limit=limit, offset=offset, order=order, source=source,
                         unread=unread, status=status)["articles"]


def articles_page(
    store: Store, *, limit: int | None = None, offset: int = 0, order: str = "published",
    source: str | None = None, unread: bool = False, status: str | None = None,
) -> dict[str, Any]:
    """A page of the article list and the number of articles the filters match."""
    if order not in ORDERS:
        raise InputError(f"order must be one of {', '.join(ORDERS)}")
    rows, total = store.filtered_articles(limit=limit, offset=offset, order=order,
                                          source=source, unread=unread, status=status)
    return {"total": total, "articles": [article_record(row) for row in rows]}


def sources(store: Store) -> list[str]:
    """The sources of the archive, in name order."""
    return store.sources()


def article(store: Store, article_id: str, *, text: bool = False) -> dict[str, Any]:
    """One article's record with its summary and similar readings; ``text`` adds the
    clean text."""
    row = store.article(article_id)
    record = article_record(row, text=text)
    links = similar(store, row["id"])
    record["similar"] = links["similar"]
    record["same_story"] = links["same_story"]
    record["removed"] = row.get("removed", [])
    return record


def read(store: Store, article_id: str) -> dict[str, Any]:
    """Count a read of an article and return its record with the clean text."""
    return article_record(store.mark_read(article_id), text=True)


def mark_unread(store: Store, article_id: str) -> dict[str, Any]:
    """Put an article back among the unread (its read count and last read are kept)."""
    return article_record(store.set_read(article_id, False))


def delete(store: Store, article_id: str) -> dict[str, Any]:
    """Delete an article (its embedding, links, mentions, events and claims go with it),
    then refresh the timeline entries its events were in: an entry no other article tells
    goes, with its actors and membership boundaries; the others are summarised again from
    the sources left."""
    from dossier.corpus.fusion import fuse

    touched = store.entries_of_article(article_id)
    deleted = store.delete_article(article_id)
    if touched:
        fuse(store, [], touched)
    return deleted


def stats(store: Store) -> dict[str, Any]:
    """Totals over the archive: articles, words, reading time, reads, unread, by source
    and by month; and the articles with unfinished stages (``pending``: how many owe each
    stage) or a failed analysis."""
    from dossier.corpus.pending import counts

    return {**store.totals(), "pending": counts(store.pending()),
            "failed_analyses": store.failed_analyses()}


def anchor_of(value: str | None, precision: str | None) -> tuple[date | None, str]:
    """The date relative expressions resolve against (the first day of the published
    interval), and its precision."""
    from dossier.timex.values import interval_of

    if not value:
        return None, "unknown"
    interval = interval_of(value)
    if interval is None or interval[0] is None:
        return None, "unknown"
    return interval[0], precision or "unknown"



def dates(store: Store, article_id: str) -> dict[str, Any]:
    """Every temporal expression of an article, resolved against its published date: value,
    interval, precision, offsets and the sentence it stands in."""
    from dossier.timex import find_timexes

    row = store.article(article_id)
    record = article_record(row)
    published = record["published"]
    anchor, precision = anchor_of(published["value"], published["precision"])
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
    from dossier.dating import redate_article

    row = store.article(article_id)
    before = article_record(row)["published"]
    redated = redate_article(row)
    if redated is None:
        return {"article": row["id"], "before": before, "after": before, "changed": False}
    published, why = redated
    after = article_record(store.update_published(row["id"], published, why))["published"]
    return {"article": row["id"], "before": before, "after": after, "changed": before != after}


def similar(store: Store, article_id: str) -> dict[str, Any]:
    """An article's similar readings (5, best first) and its same-story links."""
    record = article_record(store.article(article_id))
    links = store.similar_of(record["id"])
    shaped = [
        {
            "id": link["other_id"],
            "title": link["title"],
            "source": link["source"],
            "published": link["published"],
            "score": round(float(link["score"]), 4),
            "same_story": link["relation"] == "same_story",
        }
        for link in links
    ]
    return {
        "article": record["id"],
        "title": record["title"],
        "similar": [link for link in shaped if not link["same_story"]],
        "same_story": [link for link in shaped if link["same_story"]],
    }


def search(
    store: Store,
    query: str,
    *,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    semantic: bool = True,
) -> dict[str, Any]:
    """Full-text search with highlighted snippets, blended with semantic similarity."""
    from dossier.search.engine import run_search

    return run_search(store, query, source=source, date_from=date_from, date_to=date_to,
                      limit=limit, semantic=semantic)


def events(
    store: Store, *, article: str | None = None, entity: str | None = None,
    type: str | None = None, date_from: str | None = None, date_to: str | None = None,
    limit: int | None = None, offset: int = 0,
) -> list[dict[str, Any]]:
    """Events (the JSON contract, with how each date was found), oldest first; filters by
    article, entity (ISO code, short name or part of a name), PLOVER type and dates."""
    low, high = _bounds(date_from, date_to)
    return store.event_rows(article=article, entity=entity, type_=type, date_from=low,
                            date_to=high, limit=limit, offset=offset)


def claims(
    store: Store, *, article: str | None = None, entity: str | None = None,
    date_from: str | None = None, date_to: str | None = None, limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Attributed statements and figures with their holders and evidence."""
    low, high = _bounds(date_from, date_to)
    return store.claim_rows(article=article, entity=entity, date_from=low, date_to=high,
                            limit=limit, offset=offset)


def entities(
    store: Store, *, article: str | None = None, kind: str | None = None,
    name: str | None = None,
) -> list[dict[str, Any]]:
    """States, organisations, people and places with their mentions, articles and roles
    (each role with the date of the article that gives it)."""
    from dossier.corpus.entities import merge_surnames

    return merge_surnames(store.entity_rows(article=article, kind=kind, name=name))


def _bounds(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    from dossier.dates import parse_user_date

    return (parse_user_date(date_from).value if date_from else None,
            parse_user_date(date_to).value if date_to else None)


def timeline(
    store: Store, *, entity: str | None = None, between: tuple[str, str] | None = None,
    type: str | None = None, date_from: str | None = None, date_to: str | None = None,
    limit: int = 100, offset: int = 0, cursor: str | None = None,
) -> dict[str, Any]:
    """One timeline from all the articles, a page at a time: entries with every source
    that tells them, oldest first. Pages by ``offset``, or (fast however deep) by
    ``cursor``: the ``next`` of the page before."""
    from dossier.corpus.timeline import timeline as build

    low, high = _bounds(date_from, date_to)
    return build(store, entity=entity, between=between, type_=type, date_from=low,
                 date_to=high, limit=limit, offset=offset, cursor=cursor)


def memberships(store: Store, entity: str | None = None) -> list[dict[str, Any]]:
    """Membership intervals (state in organisation) from JOIN, LEAVE and SUSPEND events."""
    from dossier.corpus.membership import memberships as build

    return build(store, entity)


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Disagreeing figures side by side, and entries whose sources disagree."""
    from dossier.corpus.timeline import conflicts as build

    return build(store)


MAX_SUMMARY_ARTICLES = 2000


def summarise(
    store: Store, *, query: str | None = None, entity: str | None = None,
    date_from: str | None = None, date_to: str | None = None, dates: int = 10,
    sentences: int = 2,
) -> dict[str, Any]:
    """A summarised timeline for a topic: the dates that matter and a few sentences for
    each (date selection, then sentence selection per date, as DATEWISE in news-tls). The
    articles are those the query finds (or naming the entity), at most 2,000."""
    from dossier.corpus.tls import ArticleText, summarise_timeline

    if query:
        found = search(store, query, limit=MAX_SUMMARY_ARTICLES, semantic=False)["results"]
        ids = [r["id"] for r in found]
    elif entity:
        ids = sorted({e["evidence"][0]["article"] for e in events(store, entity=entity)})
    else:
        ids = [r["id"] for r in articles(store, limit=MAX_SUMMARY_ARTICLES)]
    texts = store.texts(ids)
    items = []
    for article_id, row in store.rows(ids).items():
        # Dates are chosen by day: an article known only to the month or year would lend
        # its first day to everything it says, so only articles dated to the day take part.
        anchor, precision = anchor_of(row.get("published"), row.get("published_precision"))
        if anchor is not None and precision == "day" and texts.get(article_id, "").strip():
            items.append(ArticleText(article_id, texts[article_id], anchor))
    low, high = _bounds(date_from, date_to)
    between = None
    if low or high:
        from dossier.timex.values import interval_of

        start = interval_of(low)[0] if low else date.min
        end = interval_of(high)[1] if high else date.max
        between = (start, end)
    words = query.split() if query else None
    summary = summarise_timeline(items, query=words, dates=dates, sentences=sentences,
                                 between=between) if items else []
    return {
        "query": query, "entity": entity, "articles": len(items),
        "dates": [
            {"date": entry.date.isoformat(),
             "sentences": [{"text": text, "article": article} for text, article
                           in entry.sentences]}
            for entry in summary
        ],
    }
