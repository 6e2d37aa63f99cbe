"""Query and store functions the web app needs that the query layer does not have yet.

Pending a move: ``delete_article``, ``mark_unread`` and ``set_origin`` belong in
``dossier/store`` (as ``Store`` methods), ``articles`` (the ``source`` and ``unread``
filters) and ``count`` in ``dossier/queries.py``. They use only public ``Store`` methods
(``article``, ``atomic``) and SQLAlchemy on ``store.engine``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from dossier.queries import article_record
from dossier.store import Store
from dossier.store.schema import articles as table

_ORDERS = ("published", "created", "title")


def _filtered(query: sa.Select, source: str | None, unread: bool) -> sa.Select:
    if source is not None:
        query = query.where(table.c.source == source) if source else query.where(
            table.c.source.is_(None)
        )
    if unread:
        query = query.where(table.c.read_count == 0)
    return query


def articles(
    store: Store,
    *,
    limit: int | None = None,
    offset: int = 0,
    order: str = "published",
    source: str | None = None,
    unread: bool = False,
) -> list[dict[str, Any]]:
    """``queries.articles`` with filters: one ``source`` ("" for none) and ``unread`` only."""
    if order not in _ORDERS:
        raise ValueError(f"order must be one of {', '.join(_ORDERS)}")
    columns = [c for c in table.c if c.name not in ("text", "removed")]
    key = table.c[order]
    query = sa.select(*columns).order_by(
        key.is_(None), key.desc() if order != "title" else key, table.c.id
    )
    query = _filtered(query, source, unread).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [article_record(dict(row._mapping)) for row in conn.execute(query)]


def count(store: Store, *, source: str | None = None, unread: bool = False) -> int:
    """How many articles :func:`articles` would list without a limit."""
    query = _filtered(sa.select(sa.func.count()).select_from(table), source, unread)
    with store.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def mark_unread(store: Store, article_id: str) -> dict[str, Any]:
    """Put an article back among the unread: its read count and last read are cleared.

    (Unread means ``read_count == 0`` in the schema, as in ``stats``; a separate flag
    that keeps the reading history needs a migration.)"""
    full_id = store.article(article_id)["id"]
    with store.atomic() as conn:
        conn.execute(
            table.update().where(table.c.id == full_id).values(read_count=0, last_read=None)
        )
    return article_record(store.article(full_id))


def delete_article(store: Store, article_id: str) -> dict[str, Any]:
    """Delete an article (ID or unique prefix); return its ID and title."""
    row = store.article(article_id)
    with store.atomic() as conn:
        conn.execute(table.delete().where(table.c.id == row["id"]))
    return {"id": row["id"], "title": row["title"], "deleted": True}


def set_origin(store: Store, article_id: str, origin: str) -> None:
    """Record where an article came from (an upload's file name, not its temporary path)."""
    with store.atomic() as conn:
        conn.execute(table.update().where(table.c.id == article_id).values(origin=origin))
