"""The store: the only door to the database.

One interface over two engines (SQLite by default, PostgreSQL by URL). Each article is
written in one transaction; re-adding the same bytes or the same text is a no-op that
reports the record already there. Callers get plain dicts and Dossier's own errors.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from dossier.errors import DossierError, NotFound, StoreError, StoreUnavailable
from dossier.model import Article, PublishedDate
from dossier.store.chronology import ChronologyStore, TimelineStore
from dossier.store.engine import WRITING, create_engine, database_url, stop_checkpoints
from dossier.store.reader import ReaderStore
from dossier.store.schema import articles, events

__all__ = ["AddResult", "Store", "like_prefix", "new_article_id", "open_store", "prefix_range"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass
class AddResult:
    status: str  # "added" or "duplicate"
    id: str
    title: str | None = None
    duplicate_of_origin: str | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _record_time(value: Any) -> datetime | None:
    """A reading app's timestamp ("2023/10/08 08:32"), if it reads as one."""
    if not value:
        return None
    for fmt in ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(str(value).strip(), fmt)
        except ValueError:
            continue
    return None


# What an article ID (a UUID) or a prefix of one may hold: anything else is no ID, and
# must never reach LIKE, where "%" and "_" would match any article.
_ID_PREFIX = re.compile(r"[0-9a-f-]*")


def like_prefix(value: str) -> str:
    """A LIKE pattern matching strings that start with ``value`` taken literally (with
    ``escape="\\"``)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


_ID_ALPHABET = "0123456789abcdef"


def prefix_range(prefix: str) -> tuple[str, str | None]:
    """Bounds ``(low, high)`` such that an ID (hex digits and hyphens) starts with
    ``prefix`` only if ``low <= id < high`` (``high`` None: no upper bound): a range the
    primary key answers on both engines, where PostgreSQL scans every row for LIKE
    'prefix%' under any collation but "C". The upper bound is the next prefix in hex
    digits, never a punctuation mark (":" after "9", "." after "-"), which a non-C
    collation would not order by its bytes."""
    stem = prefix.rstrip("-")
    while stem:
        last = stem[-1]
        if last in _ID_ALPHABET[:-1]:
            return prefix, stem[:-1] + _ID_ALPHABET[_ID_ALPHABET.index(last) + 1]
        stem = stem[:-1].rstrip("-")  # "f" (or a character outside the alphabet): carry
    return prefix, None


def _valid_uuid(value: Any) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError):
        return None


class Store(ReaderStore, ChronologyStore, TimelineStore):
    """Articles in a database; open with :func:`open_store`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._matrix_cache = {}
        try:
            self.engine = create_engine(url)
            self.migrate()
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(f"cannot open database {url}: {error.__class__.__name__}") from error

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest migration (a no-op when it is there)."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def atomic(self) -> Iterator[sa.Connection]:
        """One transaction: everything inside is written, or nothing is."""
        token = WRITING.set(True)
        try:
            with self.engine.begin() as connection:
                WRITING.reset(token)
                token = None
                yield connection
        except sa.exc.IntegrityError:
            raise  # a unique key taken meanwhile: callers that can tell what it means do
        except sa.exc.DBAPIError as error:
            # One line a user can read ("value too long for type character varying(16)"),
            # not the driver's traceback with its SQL and parameters.
            first = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
            # OperationalError: the server or the file, not the values written (a lost
            # connection, a database locked or gone); a batch can stop and be resumed.
            kind = StoreUnavailable if isinstance(error, sa.exc.OperationalError) else StoreError
            raise kind(f"database error: {first or error.orig.__class__.__name__}") \
                from error
        except sa.exc.StatementError as error:
            if isinstance(error.orig, DossierError):  # raised by a column type (Bounded)
                raise error.orig from error
            raise
        finally:
            if token is not None:
                WRITING.reset(token)

    def close(self) -> None:
        stop_checkpoints(self.engine)
        self.engine.dispose()

    # -- writes -------------------------------------------------------------------------

    def add_article(self, article: Article, article_id: str | None = None) -> AddResult:
        """Store an article unless its bytes or its text are already stored. Two processes
        storing the same article at once: the second finds the first's and reports it.
        ``article_id``: the ID to give it (``new_article_id``, chosen where it was analysed),
        unless an article has it already; the result tells the ID it got."""
        try:
            return self._add_article(article, article_id)
        except sa.exc.IntegrityError:
            return self._add_article(article, article_id)

    def stored_contents(self, content_hashes: list[str]) -> dict[str, AddResult]:
        """The stored article of each of these byte hashes that has one, as the duplicate
        ``add_article`` would report (a resumed batch skips them before analysing them)."""
        found: dict[str, AddResult] = {}
        try:
            with self.engine.connect() as conn:
                for start in range(0, len(content_hashes), 500):
                    rows = conn.execute(sa.select(
                        articles.c.content_hash, articles.c.id, articles.c.title,
                        articles.c.origin).where(
                        articles.c.content_hash.in_(content_hashes[start:start + 500])))
                    for row in rows:
                        found[row.content_hash] = AddResult("duplicate", row.id, row.title,
                                                            row.origin)
        except sa.exc.OperationalError as error:
            first = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
            raise StoreUnavailable(f"database error: {first or error.__class__.__name__}") \
                from error
        return found

    def _add_article(self, article: Article, proposed: str | None = None) -> AddResult:
        with self.atomic() as conn:
            existing = conn.execute(
                sa.select(articles.c.id, articles.c.title, articles.c.origin).where(
                    (articles.c.content_hash == article.content_hash)
                    | (articles.c.text_hash == article.text_hash)
                )
            ).first()
            if existing:
                return AddResult("duplicate", existing.id, existing.title, existing.origin)
            record = article.meta.get("record", {})
            article_id = proposed or new_article_id(article)
            if conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id)).first():
                article_id = str(uuid.uuid4())
            now = _now()
            conn.execute(
                articles.insert().values(
                    id=article_id,
                    content_hash=article.content_hash,
                    text_hash=article.text_hash,
                    title=article.title,
                    source=article.source,
                    category=article.category,
                    url=article.url,
                    published=article.published.value,
                    published_precision=article.published.precision,
                    published_method=article.published.method,
                    published_evidence=article.published.evidence,
                    published_confidence=article.published.confidence,
                    text=article.text,
                    words=article.words,
                    reading_minutes=article.reading_minutes,
                    language=article.language,
                    origin=article.origin,
                    meta=article.meta,
                    removed=[list(pair) for pair in article.removed],
                    # A reading app's own history of the article is kept, not reset.
                    created=_record_time(record.get("created")) or now,
                    updated=now,
                    last_read=_record_time(record.get("last_read")),
                    read_count=int(record.get("read_count") or 0),
                    is_read=bool(record.get("read_count")),
                    status=article.status,
                )
            )
            return AddResult("added", article_id, article.title)

    def mark_read(self, article_id: str) -> dict[str, Any]:
        """Count one read of an article and return its record."""
        return self.set_read(article_id, True)

    def update_published(self, article_id: str, published: PublishedDate,
                         why: dict[str, Any] | None = None) -> dict[str, Any]:
        """Replace an article's published date (``dossier redate``) and the record of how it
        was decided (``meta["date_why"]``) in one transaction."""
        with self.atomic() as conn:
            full_id = self._resolve(conn, article_id)
            meta = dict(self._row(conn, full_id).get("meta") or {})
            if why is not None:
                meta["date_why"] = why
            conn.execute(
                articles.update()
                .where(articles.c.id == full_id)
                .values(
                    published=published.value,
                    published_precision=published.precision,
                    published_method=published.method,
                    published_evidence=published.evidence,
                    published_confidence=published.confidence,
                    meta=meta,
                    updated=_now(),
                )
            )
            return self._row(conn, full_id)

    def pending(self) -> dict[str, list[str]]:
        """The articles whose stages an earlier run left unfinished (killed, Ctrl-C, or
        ingested with --no-enrich), by stage: "enrich" (summary, embedding, similar
        readings), "analyse" (entities, events, claims), "fuse" (events not yet placed in
        the timeline). Each stage writes its mark last, so what is listed is what is owed."""
        has_text = (articles.c.words > 0) & (articles.c.status == "fetched")
        order = (articles.c.created, articles.c.id)
        with self.engine.connect() as conn:
            enrich = conn.execute(sa.select(articles.c.id).where(
                has_text, articles.c.summary_method.is_(None)).order_by(*order)).scalars()
            analyse = conn.execute(sa.select(articles.c.id).where(
                has_text, articles.c.analysis.is_(None)).order_by(*order)).scalars()
            fuse = conn.execute(sa.select(articles.c.id).where(
                articles.c.id.in_(sa.select(events.c.article_id).where(
                    events.c.entry_id.is_(None)))).order_by(*order)).scalars()
            return {"enrich": list(enrich), "analyse": list(analyse), "fuse": list(fuse)}

    def failed_analyses(self) -> int:
        """How many articles the analysis failed on (see ``corpus.chronology.FAILED``)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).where(
                articles.c.analysis == "failed")).scalar_one()

    def ids(self) -> list[str]:
        """Every article's ID, oldest first."""
        with self.engine.connect() as conn:
            query = sa.select(articles.c.id).order_by(articles.c.created, articles.c.id)
            return list(conn.execute(query).scalars())

    # -- reads --------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any]:
        """The full record of one article (a unique ID prefix of 4+ characters will do)."""
        with self.engine.connect() as conn:
            return self._row(conn, self._resolve(conn, article_id))

    def articles(
        self, *, limit: int | None = None, offset: int = 0, order: str = "published"
    ) -> list[dict[str, Any]]:
        """Records without their text, newest first by ``order``."""
        columns = [c for c in articles.c if c.name not in ("text", "removed")]
        key = {
            "published": articles.c.published,
            "created": articles.c.created,
            "title": articles.c.title,
        }[order]
        query = sa.select(*columns).order_by(
            key.is_(None), key.desc() if order != "title" else key, articles.c.id
        )
        if limit is not None:
            query = query.limit(limit)
        query = query.offset(offset)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()

    def totals(self) -> dict[str, Any]:
        """Counts and sums over the archive, by source and by month."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.coalesce(sa.func.sum(articles.c.words), 0),
                    sa.func.coalesce(sa.func.sum(articles.c.reading_minutes), 0),
                    sa.func.coalesce(sa.func.sum(articles.c.read_count), 0),
                    sa.func.count().filter(articles.c.is_read.is_(False)),
                )
            ).one()
            by_source = conn.execute(
                sa.select(articles.c.source, sa.func.count())
                .group_by(articles.c.source)
                .order_by(sa.func.count().desc(), articles.c.source)
            ).all()
            month = sa.func.substr(articles.c.published, 1, 7)
            by_month = conn.execute(
                sa.select(month, sa.func.count())
                .where(articles.c.published_precision.in_(("day", "month")))
                .group_by(month)
                .order_by(month)
            ).all()
        return {
            "articles": row[0],
            "words": int(row[1]),
            "reading_minutes": int(row[2]),
            "reads": int(row[3]),
            "unread": row[4],
            "by_source": {source or "unknown": n for source, n in by_source},
            "by_month": {m: n for m, n in by_month},
        }

    # -- helpers ------------------------------------------------------------------------

    def _resolve(self, conn: sa.Connection, article_id: str) -> str:
        article_id = article_id.strip().lower()
        if not _ID_PREFIX.fullmatch(article_id):
            raise NotFound(f"no article with ID {article_id!r}: an ID has only hex digits "
                           "and hyphens")
        if len(article_id) < 4:
            raise NotFound(f"no article with ID {article_id!r} (give at least 4 characters)")
        if len(article_id) == 36:
            # A whole ID (what the API, the web app and links give) by the primary key:
            # PostgreSQL answers LIKE 'prefix%' with a scan of every row under a non-C
            # collation (1.2 s at a million articles), and nothing else can match it.
            found = conn.execute(
                sa.select(articles.c.id).where(articles.c.id == article_id)).scalar()
            if found is not None:
                return str(found)
        # A typed prefix (the CLI's `show ABC123`): a range on the primary key; the LIKE
        # beside it only keeps the answer exact whatever the range's collation.
        low, high = prefix_range(article_id)
        within = [articles.c.id >= low] + ([articles.c.id < high] if high else [])
        rows = conn.execute(
            sa.select(articles.c.id).where(
                *within, articles.c.id.like(like_prefix(article_id), escape="\\")).limit(2)
        ).all()
        if not rows:
            raise NotFound(f"no article with ID {article_id!r}")
        if len(rows) > 1:
            raise NotFound(f"ID prefix {article_id!r} matches several articles; give more of it")
        return rows[0].id

    def _row(self, conn: sa.Connection, full_id: str) -> dict[str, Any]:
        row = conn.execute(sa.select(articles).where(articles.c.id == full_id)).one()
        return dict(row._mapping)


def new_article_id(article: Article) -> str:
    """The ID a new article gets: a reading app's own ID when its record block gave one,
    else a random UUID."""
    return _valid_uuid(article.meta.get("record", {}).get("id")) or str(uuid.uuid4())


def open_store(target: str | os.PathLike[str] | None = None) -> Store:
    """Open (and create or migrate) the database at a path or URL; default ``$DOSSIER_DB``."""
    return Store(database_url(target))
