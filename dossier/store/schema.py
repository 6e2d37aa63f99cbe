"""The tables, as SQLAlchemy Core metadata. Changes to them go through a migration.

Every column's limits hold the same on both engines. A value that comes from data and grows
with it (a gazetteer's or dictionary's code, a name, a role, a verb, a language tag, a date
read from text, a model's name) is ``sa.Text``. A value bounded by construction (a UUID, a
hash, an ID we make, one of our own names: precision, method, modality, relation, status,
event type) is :class:`Bounded`, checked before it is written: SQLite ignores a VARCHAR's
length and PostgreSQL refuses the row, so a plain ``sa.String(n)`` would part the engines
(``tests/store/test_schema.py`` walks these tables to keep it so).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from dossier.errors import StoreError

metadata = sa.MetaData()


class Bounded(sa.types.TypeDecorator[str]):
    """VARCHAR(length), for a value bounded by construction; a longer one is refused with a
    StoreError naming the column before any engine sees it. A value it is compared with (a
    filter, an ID prefix typed by a user) may have any length: only writes are checked."""

    impl = sa.String
    cache_ok = True

    def __init__(self, length: int, column: str = "") -> None:
        super().__init__(length)
        self.column = column  # "table.column", named by _name_bounded_columns

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, str) and len(value) > self.impl_instance.length:
            shown = value if len(value) <= 40 else value[:40] + "..."
            raise StoreError(f"{self.column}: {shown!r} is {len(value)} characters, over the "
                             f"{self.impl_instance.length} this column holds")
        return value

    def coerce_compared_value(self, op: Any, value: Any) -> sa.types.TypeEngine[Any]:
        return sa.String()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", Bounded(36), primary_key=True),
    sa.Column("content_hash", Bounded(64), nullable=False, unique=True),
    sa.Column("text_hash", Bounded(64), nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("category", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Text),
    sa.Column("published_precision", Bounded(16), nullable=False, server_default="unknown"),
    sa.Column("published_method", Bounded(16), nullable=False, server_default="none"),
    sa.Column("published_evidence", sa.Text),
    sa.Column("published_confidence", sa.Float, nullable=False, server_default="0"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("words", sa.Integer, nullable=False, server_default="0"),
    sa.Column("reading_minutes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("language", sa.Text),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("removed", sa.JSON, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("updated", sa.DateTime, nullable=False),
    sa.Column("last_read", sa.DateTime),
    sa.Column("read_count", sa.Integer, nullable=False, server_default="0"),
    # 0002: the reading app
    sa.Column("status", Bounded(16), nullable=False, server_default="fetched"),
    sa.Column("is_read", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("summary", sa.Text),
    sa.Column("summary_method", sa.Text),
    # 0003: "analysed", or why not ("language not supported for events")
    sa.Column("analysis", Bounded(40)),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_source", "source"),
)

embeddings = sa.Table(
    "embeddings",
    metadata,
    sa.Column("article_id", Bounded(36), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float32, L2-normalised
    # 0014: the embeddings' generation this row was written in (NULL before 0014): a
    # nearest-neighbour index reads the rows written since it was last brought up to date
    sa.Column("generation", sa.Integer),
    sa.Index("ix_embeddings_generation", "generation"),
)

# 0005: bumped with every write to a set that processes cache (``embeddings``)
generations = sa.Table(
    "generations",
    metadata,
    sa.Column("name", Bounded(32), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False, server_default="0"),
)

neighbours = sa.Table(
    "neighbours",
    metadata,
    sa.Column("article_id", Bounded(36), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("other_id", Bounded(36), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("relation", Bounded(16), nullable=False),  # "similar" or "same_story"
    sa.Index("ix_neighbours_other", "other_id"),
)

# 0003: the chronology
entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", Bounded(40), primary_key=True),
    sa.Column("type", Bounded(16), nullable=False),
    sa.Column("date", sa.Text),
    sa.Column("date_end", sa.Text),
    sa.Column("precision", Bounded(16), nullable=False),
    sa.Column("modality", Bounded(16), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("actor_key", sa.Text, nullable=False),  # sorted actor codes/names
    sa.Column("conflicts", sa.JSON, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False, server_default="1"),
    # 0007: the first and last day the date covers (ISO), None when unknown: fusion finds
    # the entries an event can join through (type, actor_key, span_start)
    sa.Column("span_start", Bounded(10)),
    sa.Column("span_end", Bounded(10)),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", Bounded(64), primary_key=True),
    sa.Column("article_id", Bounded(36), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("entry_id", Bounded(40), sa.ForeignKey("entries.id", ondelete="SET NULL")),
    sa.Column("type", Bounded(16), nullable=False),
    sa.Column("date", sa.Text),
    sa.Column("date_end", sa.Text),
    sa.Column("precision", Bounded(16), nullable=False),
    sa.Column("modality", Bounded(16), nullable=False),
    sa.Column("background", sa.Boolean, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),  # the event's JSON, extended
)

# 0006: who acts in each entry, one row per actor (the lower-cased parts of its actor key),
# with the entry's date (kept equal by fusion): an entity's timeline is a walk of the index
# (actor, undated, date, entry), a pair's the same walk checking the other actor
entry_actors = sa.Table(
    "entry_actors",
    metadata,
    sa.Column("entry_id", Bounded(40), sa.ForeignKey("entries.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("actor", sa.Text, primary_key=True),
    sa.Column("date", sa.Text),
)

# 0013: the months each entry's days touch, per actor (the lower-cased parts of its actor
# key, "" for none) and per type its events are told as: fusion finds the entries a new
# event could join by a walk of (actor, month, type) over the months its window touches and
# the types it agrees with, not of every entry of the actor. Month ``year * 12 + month -
# 1``; 0 for an entry whose days are unknown, -1 for one whose days run longer than
# ``WIDE_MONTHS`` (asked by every dated walk)
entry_months = sa.Table(
    "entry_months",
    metadata,
    sa.Column("actor", sa.Text, primary_key=True),
    sa.Column("month", sa.Integer, primary_key=True),
    sa.Column("type", Bounded(16), primary_key=True),
    sa.Column("entry_id", Bounded(40), sa.ForeignKey("entries.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Index("ix_entry_months_entry", "entry_id"),
)

# 0008: what a membership reads of each JOIN, LEAVE and SUSPEND entry that can bound one
# (happened or reported, dated by a source's own words), one row per member and body; kept
# by fusion, so that an organisation's memberships read tens of rows, not every event
membership_boundaries = sa.Table(
    "membership_boundaries",
    metadata,
    sa.Column("entry_id", Bounded(40), sa.ForeignKey("entries.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("member", sa.Text, primary_key=True),
    sa.Column("organisation", sa.Text, primary_key=True),
    sa.Column("type", Bounded(16), nullable=False),
    sa.Column("date", sa.Text),
    sa.Column("sources", sa.JSON, nullable=False),  # [{"article", "sentence"}]
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("event_id", Bounded(64), sa.ForeignKey("events.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", Bounded(16), nullable=False),
    sa.Column("code", sa.Text),
    sa.Column("role", Bounded(8), nullable=False),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", Bounded(64), primary_key=True),
    sa.Column("article_id", Bounded(36), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("holder", sa.Text),
    sa.Column("holder_code", sa.Text),
    sa.Column("verb", sa.Text, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("date", sa.Text),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("article_id", Bounded(36), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", Bounded(16), nullable=False),
    sa.Column("code", sa.Text),
    sa.Column("state", sa.Text),
    sa.Column("role", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)


def _name_bounded_columns() -> None:
    """Each Bounded column's type knows its table and column, for its error message."""
    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, Bounded):
                column.type.column = f"{table.name}.{column.name}"


_name_bounded_columns()
