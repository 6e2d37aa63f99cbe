"""The store's part for the reading app: read state, summaries, embeddings, similar
readings and full-text search. Mixed into :class:`dossier.store.Store`."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

import numpy as np
import sqlalchemy as sa

from dossier.store.schema import articles, embeddings, generations, neighbours

EMBEDDINGS = "embeddings"  # the generation bumped by every write to the embeddings table

# Full-text search snippets mark hits with these (private-use) characters; the query layer
# turns them into <mark> once the text around them is safe.
HIT_START, HIT_END = "\ue000", "\ue001"
_LIST_COLUMNS = [c for c in articles.c if c.name not in ("text", "removed")]
# PostgreSQL ranks (ts_rank_cd) at most this many matches of a full-text query, the first
# the GIN index gives: "oil spill" matches 120,000 of a million articles, and ranking all of
# them took 0.7-3.6 s; 2,000 take about 60 ms there. A store where a query matches fewer
# gets every match ranked, as before.
RANKED_AT_MOST = 2000


class ReaderStore:
    """Methods that need ``self.engine``, ``self.atomic()`` and ``self._resolve()``."""

    engine: sa.Engine
    _matrix_cache: dict[str, tuple[int, list[str], np.ndarray]]

    # -- read state ---------------------------------------------------------------------

    def set_read(self, article_id: str, read: bool) -> dict[str, Any]:
        """Mark an article read (a read is counted) or unread (its history is kept)."""
        from dossier.store import _now

        with self.atomic() as conn:  # type: ignore[attr-defined]
            full_id = self._resolve(conn, article_id)  # type: ignore[attr-defined]
            values: dict[str, Any] = {"is_read": read}
            if read:
                values |= {"read_count": articles.c.read_count + 1, "last_read": _now()}
            conn.execute(articles.update().where(articles.c.id == full_id).values(**values))
            return self._row(conn, full_id)  # type: ignore[attr-defined]

    def delete_article(self, article_id: str) -> dict[str, Any]:
        """Delete an article with its embedding and similar links (its events, claims and
        mentions go by cascade); return its ID and title. The timeline entries its events
        were in are not refreshed here: callers go through ``queries.delete``, which does."""
        with self.atomic() as conn:  # type: ignore[attr-defined]
            full_id = self._resolve(conn, article_id)  # type: ignore[attr-defined]
            title = conn.execute(
                sa.select(articles.c.title).where(articles.c.id == full_id)
            ).scalar_one()
            conn.execute(neighbours.delete().where(
                (neighbours.c.article_id == full_id) | (neighbours.c.other_id == full_id)))
            if conn.execute(embeddings.delete().where(
                    embeddings.c.article_id == full_id)).rowcount:
                _bump(conn, EMBEDDINGS)
            conn.execute(articles.delete().where(articles.c.id == full_id))
        return {"id": full_id, "title": title, "deleted": True}

    def filtered_articles(
        self, *, limit: int | None, offset: int, order: str, source: str | None,
        unread: bool, status: str | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of records (no text) with filters, and the total the filters match."""
        key = {"published": articles.c.published, "created": articles.c.created,
               "title": articles.c.title}[order]
        conditions = []
        if source is not None:
            conditions.append(articles.c.source == source if source
                              else articles.c.source.is_(None))
        if unread:
            conditions.append(articles.c.is_read.is_(False))
        if status:
            conditions.append(articles.c.status == status)
        query = sa.select(*_LIST_COLUMNS).where(*conditions).order_by(
            key.is_(None), key.desc() if order != "title" else key, articles.c.id
        ).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        count = sa.select(sa.func.count()).select_from(articles).where(*conditions)
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
            return rows, conn.execute(count).scalar_one()

    def sources(self) -> list[str]:
        with self.engine.connect() as conn:
            query = sa.select(articles.c.source).where(articles.c.source.is_not(None))
            return list(conn.execute(query.distinct().order_by(articles.c.source)).scalars())

    def rows(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Records (no text) of the given full IDs."""
        if not ids:
            return {}
        with self.engine.connect() as conn:
            query = sa.select(*_LIST_COLUMNS).where(articles.c.id.in_(ids))
            return {row.id: dict(row._mapping) for row in conn.execute(query)}

    def texts(self, ids: list[str]) -> dict[str, str]:
        with self.engine.connect() as conn:
            query = sa.select(articles.c.id, articles.c.text).where(articles.c.id.in_(ids))
            return {row.id: row.text for row in conn.execute(query)}

    def bookmarks(self) -> list[dict[str, Any]]:
        """Records marked "not fetched" (an export's saved links)."""
        with self.engine.connect() as conn:
            query = sa.select(*_LIST_COLUMNS).where(articles.c.status == "not fetched")
            return [dict(row._mapping) for row in conn.execute(query)]

    def complete_bookmark(self, article_id: str, article: Any) -> None:
        """Fill a "not fetched" record with its fetched article, keeping its ID, reading
        history and import fields. The same text stored already is an InputError."""
        from dossier.errors import InputError
        from dossier.store import _now

        with self.atomic() as conn:  # type: ignore[attr-defined]
            twin = conn.execute(sa.select(articles.c.id).where(
                articles.c.text_hash == article.text_hash, articles.c.id != article_id)).first()
            if twin:
                raise InputError(f"same text as article {twin.id}")
            row = self._row(conn, article_id)  # type: ignore[attr-defined]
            published = article.published
            keep_date = row["published"] and not published.value
            conn.execute(articles.update().where(articles.c.id == article_id).values(
                text=article.text, text_hash=article.text_hash,
                title=article.title or row["title"], source=row["source"] or article.source,
                url=article.url or row["url"], words=article.words,
                reading_minutes=article.reading_minutes, language=article.language,
                meta={**article.meta, **(row["meta"] or {})},
                removed=[list(pair) for pair in article.removed], status="fetched",
                updated=_now(),
                **({} if keep_date else {
                    "published": published.value,
                    "published_precision": published.precision,
                    "published_method": published.method,
                    "published_evidence": published.evidence,
                    "published_confidence": published.confidence,
                }),
            ))

    # -- summaries and embeddings -------------------------------------------------------

    def set_summary(self, article_id: str, summary: str | None, method: str) -> None:
        with self.atomic() as conn:  # type: ignore[attr-defined]
            conn.execute(articles.update().where(articles.c.id == article_id).values(
                summary=summary, summary_method=method))

    def put_embedding(self, article_id: str, model: str, vector: np.ndarray) -> None:
        row = np.asarray(vector, dtype=np.float32)
        with self.atomic() as conn:  # type: ignore[attr-defined]
            conn.execute(embeddings.delete().where(embeddings.c.article_id == article_id))
            # The generation first: the row carries it, so that a nearest-neighbour index
            # brought to generation g reads only the rows written after g.
            generation = _bump(conn, EMBEDDINGS)
            conn.execute(embeddings.insert().values(article_id=article_id, model=model,
                                                    vector=row.tobytes(),
                                                    generation=generation))
        # The matrix in memory was the stored one just before this write: change that one row
        # (a copy, ~3 ms at 10,000 articles) rather than read all of them again (~100 ms).
        cached = self._matrix_cache.get(model)
        self._matrix_cache.clear()
        if cached and cached[0] == generation - 1 and cached[2].shape[1:] == row.shape:
            ids, matrix = cached[1], cached[2]
            at = matrix_row(ids, article_id)
            if at is not None:
                matrix = matrix.copy()
                matrix[at] = row
            else:
                at = bisect.bisect_left(ids, article_id)
                ids = [*ids[:at], article_id, *ids[at:]]
                matrix = np.insert(matrix, at, row, axis=0)
            self._matrix_cache[model] = (generation, ids, matrix)

    def embedding_matrix(self, model: str) -> tuple[list[str], np.ndarray]:
        """Every stored embedding of ``model``: (IDs in sorted order, an n × d matrix), kept
        in memory until the embeddings' generation moves (a write by any process)."""
        with self.engine.connect() as conn:
            # One transaction: the generation read and the rows read are the same snapshot.
            generation = conn.execute(sa.select(generations.c.value).where(
                generations.c.name == EMBEDDINGS)).scalar_one()
            cached = self._matrix_cache.get(model)
            if cached and cached[0] == generation:
                return cached[1], cached[2]
            # Ordered by Python's string order, which put_embedding's bisect relies on (a
            # PostgreSQL collation may order otherwise).
            rows = sorted(conn.execute(sa.select(embeddings.c.article_id, embeddings.c.vector)
                                       .where(embeddings.c.model == model)).all(),
                          key=lambda row: row.article_id)
        ids = [row.article_id for row in rows]
        matrix = (np.vstack([np.frombuffer(row.vector, dtype=np.float32) for row in rows])
                  if rows else np.zeros((0, 0), dtype=np.float32))
        self._matrix_cache[model] = (generation, ids, matrix)
        return ids, matrix

    def embedding_generation(self) -> int:
        """The embeddings' generation: it moves with every write to them."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(generations.c.value).where(
                generations.c.name == EMBEDDINGS)).scalar_one())

    def embedding_count(self, model: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(embeddings).where(
                embeddings.c.model == model)).scalar_one())

    def embedding_dim(self, model: str) -> int:
        """The length of ``model``'s vectors (0 when none is stored)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(embeddings.c.vector).where(
                embeddings.c.model == model).limit(1)).scalar()
        return 0 if row is None else len(row) // 4

    def embedding_ids(self, model: str) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(embeddings.c.article_id).where(
                embeddings.c.model == model)).scalars())

    def embedding_batches(self, model: str, size: int) -> Iterator[tuple[list[str], np.ndarray]]:
        """Every stored vector of ``model``, ``size`` at a time (read as a stream: a
        million vectors are never all in memory as rows)."""
        query = sa.select(embeddings.c.article_id, embeddings.c.vector).where(
            embeddings.c.model == model)
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=size).execute(query)
            for rows in result.partitions(size):
                yield _stacked(rows)

    def embeddings_since(self, model: str, after: int, upto: int) -> tuple[list[str], np.ndarray]:
        """The vectors written in generations ``after`` + 1 to ``upto`` (migration 0014)."""
        query = sa.select(embeddings.c.article_id, embeddings.c.vector).where(
            embeddings.c.model == model, embeddings.c.generation > after,
            embeddings.c.generation <= upto)
        with self.engine.connect() as conn:
            return _stacked(conn.execute(query).all())

    def embeddings_of(self, model: str, ids: list[str]) -> tuple[list[str], np.ndarray]:
        query = sa.select(embeddings.c.article_id, embeddings.c.vector).where(
            embeddings.c.model == model, embeddings.c.article_id.in_(ids))
        with self.engine.connect() as conn:
            return _stacked(conn.execute(query).all())

    def available_extension(self, name: str) -> bool:
        """Whether a PostgreSQL server offers an extension (False on SQLite)."""
        if self.engine.dialect.name != "postgresql":
            return False
        with self.engine.connect() as conn:
            return conn.execute(sa.text(
                "SELECT 1 FROM pg_available_extensions WHERE name = :name"),
                {"name": name}).first() is not None

    # -- similar readings ---------------------------------------------------------------

    def neighbours(self, article_ids: list[str]) -> dict[str, list[tuple[str, float, str]]]:
        """Stored links of the given articles: {id: [(other, score, relation), ...]}."""
        found: dict[str, list[tuple[str, float, str]]] = {i: [] for i in article_ids}
        if not article_ids:
            return found
        with self.engine.connect() as conn:
            query = sa.select(neighbours).where(neighbours.c.article_id.in_(article_ids))
            for row in conn.execute(query):
                found[row.article_id].append((row.other_id, row.score, row.relation))
        return found

    def replace_neighbours(self, links: dict[str, list[tuple[str, float, str]]]) -> None:
        """Set the links of several articles in one transaction."""
        with self.atomic() as conn:  # type: ignore[attr-defined]
            for article_id, rows in links.items():
                conn.execute(neighbours.delete().where(neighbours.c.article_id == article_id))
                if rows:
                    conn.execute(neighbours.insert(), [
                        {"article_id": article_id, "other_id": other, "score": score,
                         "relation": relation} for other, score, relation in rows
                    ])

    def similar_of(self, article_id: str) -> list[dict[str, Any]]:
        """The stored similar readings and same-story links of one article, best first."""
        with self.engine.connect() as conn:
            full_id = self._resolve(conn, article_id)  # type: ignore[attr-defined]
            query = (
                sa.select(neighbours.c.other_id, neighbours.c.score, neighbours.c.relation,
                          articles.c.title, articles.c.source, articles.c.published,
                          articles.c.published_precision)
                .join(articles, articles.c.id == neighbours.c.other_id)
                .where(neighbours.c.article_id == full_id)
                .order_by(neighbours.c.relation.desc(), neighbours.c.score.desc())
            )
            return [dict(row._mapping) for row in conn.execute(query)]

    # -- full-text search ---------------------------------------------------------------

    def fts_search(
        self, match: str, *, source: str | None = None, date_from: str | None = None,
        date_to: str | None = None, limit: int = 50,
    ) -> list[dict[str, Any]]:
        """Articles matching a full-text query (already in the engine's syntax), best first,
        with ``rank`` (higher is better) and a ``snippet`` whose hits are marked (ranking
        alone, without records or snippets, is :meth:`fts_rank`)."""
        conditions = _filters(source, date_from, date_to)
        if self.engine.dialect.name == "postgresql":
            return self._pg_search(match, conditions, limit)
        fts = sa.table("articles_fts", sa.column("rowid"), sa.column("articles_fts"))
        rank = sa.literal_column("bm25(articles_fts, 4.0, 1.0)")
        snippet = sa.literal_column(
            f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', 24)")
        joined = articles.join(fts, fts.c.rowid == sa.literal_column("articles.rowid"))
        matches = sa.literal_column("articles_fts").op("MATCH")(match)
        # Rank first, then make snippets for the best ``limit`` only: SQLite computes every
        # result column of every matching row before it sorts, and a snippet of a long
        # article costs milliseconds (seconds over a 10,000-article archive).
        best = (
            sa.select(sa.literal_column("articles.rowid"))
            .select_from(joined)
            .where(matches, *conditions)
            .order_by(rank)
            .limit(limit)
        )
        query = (
            sa.select(*_LIST_COLUMNS, (-rank).label("rank"), snippet.label("snippet"))
            .select_from(joined)
            .where(matches, sa.literal_column("articles.rowid").in_(best.scalar_subquery()))
            .order_by(rank)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def fts_rank(
        self, match: str, *, source: str | None = None, date_from: str | None = None,
        date_to: str | None = None, limit: int = 50, prefer: str | None = None,
    ) -> list[tuple[str, float]]:
        """(ID, rank) of the best matches, best first: what :meth:`fts_search` ranks, without
        reading the records (search blends these with cosines, then reads the shown ones).
        ``prefer``: a narrower query whose first :data:`RANKED_AT_MOST` matches (of those
        matching ``match``) are ranked too on PostgreSQL, where a broad query's ranked
        matches are bounded (the same answer wherever ``match`` has fewer)."""
        conditions = _filters(source, date_from, date_to)
        if self.engine.dialect.name == "postgresql":
            return [(row["id"], float(row["rank"]))
                    for row in self._pg_search(match, conditions, limit, False, prefer)]
        return self._fts_order(match, conditions, limit)

    def _fts_order(self, match: str, conditions: list[Any], limit: int) -> list[tuple[str, float]]:
        # Rank on the index alone (joined to the records only to filter), then map the best
        # rowids to IDs: an ID is the first column of a record, read without its text's
        # overflow pages, which reading every listed column of each match would walk.
        fts = sa.table("articles_fts", sa.column("rowid"), sa.column("articles_fts"))
        rank = sa.literal_column("bm25(articles_fts, 4.0, 1.0)")
        rowid = sa.literal_column("articles_fts.rowid")
        ranked = sa.select(rowid.label("rowid"), (-rank).label("rank")).where(
            sa.literal_column("articles_fts").op("MATCH")(match))
        if conditions:
            ranked = ranked.select_from(articles.join(
                fts, fts.c.rowid == sa.literal_column("articles.rowid"))).where(*conditions)
        else:
            ranked = ranked.select_from(fts)
        with self.engine.connect() as conn:
            order = conn.execute(ranked.order_by(rank).limit(limit)).all()
            if not order:
                return []
            record = sa.literal_column("articles.rowid")
            ids = dict(conn.execute(sa.select(record, articles.c.id).where(
                record.in_([r.rowid for r in order]))).all())
        return [(ids[r.rowid], float(r.rank)) for r in order]

    def fts_snippets(self, match: str, ids: list[str]) -> dict[str, str]:
        """The marked snippets of the given articles for a full-text query (those that
        match it): what :meth:`fts_search` gives as ``snippet``, for a few IDs only."""
        if not ids:
            return {}
        if self.engine.dialect.name == "postgresql":
            tsquery = sa.func.websearch_to_tsquery("english", match)
            snippet = sa.func.ts_headline(
                "english", articles.c.text, tsquery,
                f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=30, MinWords=12",
            )
            query = sa.select(articles.c.id, snippet.label("snippet")).where(
                articles.c.id.in_(ids))
        else:
            fts = sa.table("articles_fts", sa.column("rowid"), sa.column("articles_fts"))
            snippet = sa.literal_column(
                f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', 24)")
            query = (
                sa.select(articles.c.id, snippet.label("snippet"))
                .select_from(articles.join(
                    fts, fts.c.rowid == sa.literal_column("articles.rowid")))
                .where(sa.literal_column("articles_fts").op("MATCH")(match),
                       articles.c.id.in_(ids))
            )
        with self.engine.connect() as conn:
            return {row.id: row.snippet for row in conn.execute(query)}

    def _pg_search(
        self, match: str, conditions: list[Any], limit: int, snippets: bool = True,
        prefer: str | None = None,
    ) -> list[dict[str, Any]]:
        tsquery = sa.func.websearch_to_tsquery("english", match)
        search = sa.literal_column("search")
        rank = sa.func.ts_rank_cd(search, tsquery)
        snippet = sa.func.ts_headline(
            "english", articles.c.text, tsquery,
            f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=30, MinWords=12",
        ) if snippets else sa.null()
        # The candidates first, bounded (a bitmap scan of the GIN index stops after them),
        # then only those ranked.
        if prefer:
            candidates = _preferred_or_first(match, prefer, conditions, limit)
        else:
            candidates = _first_matches(match, conditions).subquery()
        # Joined, not "id IN (...)" with the match again: the planner, which guesses far
        # fewer matches than a common word has, would then read every match once more.
        query = (
            sa.select(*_LIST_COLUMNS, rank.label("rank"), snippet.label("snippet"))
            .select_from(candidates.join(articles, articles.c.id == candidates.c.id))
            .order_by(rank.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]


def _first_matches(match: str, conditions: list[Any], at_most: int | None = None) -> sa.Select:
    """The IDs of the first ``at_most`` (:data:`RANKED_AT_MOST`) articles matching a
    full-text query (PostgreSQL), in no order: what the GIN index gives first."""
    tsquery = sa.func.websearch_to_tsquery("english", match)
    return (sa.select(articles.c.id)
            .where(sa.literal_column("search").op("@@")(tsquery), *conditions)
            .limit(at_most or RANKED_AT_MOST))


def _preferred_or_first(match: str, prefer: str, conditions: list[Any],
                        limit: int) -> sa.Subquery:
    """The candidates of a broad query with a narrower one preferred: every match of
    ``match`` when there are at most :data:`RANKED_AT_MOST` (the exact answer); above
    that, the first matches of ``prefer`` (those matching ``match`` too), and the broad
    query's first ones as well only when fewer than ``limit`` match ``prefer``: ranking
    2,000 of a broad query's matches in the index's order, with a dozen terms, cost
    50 ms at a million articles and added only articles that share fewer keywords."""
    search = sa.literal_column("search")
    broad = _first_matches(match, conditions, RANKED_AT_MOST + 1).cte("broad")
    narrow = _first_matches(prefer, [*conditions, search.op("@@")(
        sa.func.websearch_to_tsquery("english", match))]).cte("narrow")
    broad_count = sa.select(sa.func.count()).select_from(broad).scalar_subquery()
    narrow_count = sa.select(sa.func.count()).select_from(narrow).scalar_subquery()
    return sa.union(
        sa.select(narrow.c.id),
        sa.select(broad.c.id).where(sa.or_(broad_count <= RANKED_AT_MOST,
                                           narrow_count < limit)),
    ).subquery()


def _bump(conn: sa.Connection, name: str) -> int:
    """Move a generation on, inside the writing transaction; the new value. (The update
    locks the row, so the value read back is this transaction's own.)"""
    conn.execute(generations.update().where(generations.c.name == name).values(
        value=generations.c.value + 1))
    return int(conn.execute(sa.select(generations.c.value).where(
        generations.c.name == name)).scalar_one())


def _filters(source: str | None, date_from: str | None, date_to: str | None) -> list[Any]:
    conditions = []
    if source:
        conditions.append(articles.c.source == source)
    if date_from:
        conditions.append(articles.c.published >= date_from)
    if date_to:
        # "2008" covers 2008-12-31: compare on the prefix up to the bound's length.
        conditions.append(sa.func.substr(articles.c.published, 1, len(date_to)) <= date_to)
    return conditions


def _stacked(rows: Any) -> tuple[list[str], np.ndarray]:
    """(IDs, matrix) of (article_id, vector) rows."""
    ids = [row.article_id for row in rows]
    if not ids:
        return [], np.zeros((0, 0), dtype=np.float32)
    return ids, np.vstack([np.frombuffer(row.vector, dtype=np.float32) for row in rows])


def matrix_row(ids: list[str], article_id: str) -> int | None:
    """The row of an article in :meth:`ReaderStore.embedding_matrix` (its IDs are sorted),
    if it has one."""
    at = bisect.bisect_left(ids, article_id)
    return at if at < len(ids) and ids[at] == article_id else None
