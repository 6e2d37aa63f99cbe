"""Every column's limits are the same on SQLite and PostgreSQL.

SQLite ignores a VARCHAR's length and PostgreSQL enforces it, so a plain ``String(n)`` column
is where the engines part: ``mentions.code VARCHAR(16)`` stopped an ingest on PostgreSQL at
the gazetteer code "MUSLIM BROTHERHOOD" (18 characters), 18 of 74 articles left unanalysed,
while SQLite stored it. A value from data (a gazetteer code, a name, a verb, a date read from
text, a model's name) is now free text on both engines; a value bounded by construction (a
UUID, a hash, one of our own names) is checked before it is written, on both.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from dossier.corpus.chronology import UNSUPPORTED
from dossier.corpus.fusion import PRECISION_RANK, fuse
from dossier.errors import StoreError
from dossier.events.lexicon import ACTOR_KINDS
from dossier.events.model import EVENT_TYPES, MEMBERSHIP_TYPES, MODALITIES
from dossier.nlp.entities import KINDS
from dossier.store import Store
from dossier.store.schema import (
    Bounded,
    articles,
    entries,
    event_actors,
    events,
    membership_boundaries,
    mentions,
    metadata,
    neighbours,
)
from tests.conftest import on_both_engines
from tests.corpus.test_fusion import add, make_event
from tests.store.test_store import make_article

#: Columns whose values come from data and grow with it: never bounded.
FREE_FORM = {
    "articles.published", "articles.language", "articles.summary_method", "embeddings.model",
    "entries.date", "entries.date_end", "events.date", "events.date_end", "entry_actors.date",
    "membership_boundaries.date", "event_actors.code", "claims.holder_code", "claims.verb",
    "claims.date", "mentions.code", "mentions.state",
}


def _length(column: sa.Column) -> int | None:
    """The length a column's string type declares (None: unbounded, or not a string)."""
    kind = column.type
    if isinstance(kind, sa.types.TypeDecorator):
        kind = kind.impl_instance
    return kind.length if isinstance(kind, sa.String) else None


def _columns() -> dict[str, sa.Column]:
    return {f"{t.name}.{c.name}": c for t in metadata.sorted_tables for c in t.columns}


def test_every_bounded_string_column_is_checked_before_it_is_written():
    """A String column is Text, or Bounded (its length checked in Python on both engines):
    never a plain String(n) that only PostgreSQL enforces."""
    plain = [name for name, column in _columns().items()
             if _length(column) is not None and not isinstance(column.type, Bounded)]
    assert plain == []
    assert sum(isinstance(c.type, Bounded) for c in _columns().values()) >= 20


def test_values_from_data_are_free_text():
    columns = _columns()
    assert set(columns) >= FREE_FORM
    assert {name: _length(columns[name]) for name in FREE_FORM} == dict.fromkeys(FREE_FORM)
    assert all(isinstance(columns[name].type, sa.Text) for name in FREE_FORM)


@pytest.mark.parametrize(("column", "values"), [
    (entries.c.type, EVENT_TYPES), (events.c.type, EVENT_TYPES),
    (membership_boundaries.c.type, MEMBERSHIP_TYPES),
    (entries.c.precision, PRECISION_RANK), (events.c.precision, PRECISION_RANK),
    (entries.c.modality, MODALITIES), (events.c.modality, MODALITIES),
    (mentions.c.kind, KINDS), (event_actors.c.kind, ACTOR_KINDS),
    (event_actors.c.role, ("source", "target", "other")),
    (articles.c.analysis, ("analysed", UNSUPPORTED)),
    (articles.c.status, ("fetched", "not fetched")),
    (articles.c.published_precision, PRECISION_RANK),
    (articles.c.published_method, ("metadata", "record", "header", "dateline", "text",
                                   "inferred", "none")),
    (neighbours.c.relation, ("similar", "same_story")),
])
def test_our_own_names_fit_their_bounded_columns(column: sa.Column, values: Any):
    assert isinstance(column.type, Bounded)
    assert max(map(len, values)) <= column.type.length


@on_both_engines()
def test_a_value_too_long_for_its_column_fails_the_same_on_both_engines(store: Store):
    """A clear StoreError naming the column, before the database sees the value, and
    nothing of the transaction written (PostgreSQL raised a DataError; SQLite stored it)."""
    with pytest.raises(StoreError, match=r"articles\.content_hash: .* 65 characters, over "
                                         r"the 64 this column holds"):
        store.add_article(make_article(1, content_hash="f" * 65))
    assert store.count() == 0
    article_id = store.add_article(make_article(2)).id
    mention = {"name": "Egypt", "kind": "state", "code": "EGY", "state": None, "role": None,
               "text": "Egypt", "start": 0, "end": 5}
    store.replace_analysis(article_id, "analysed", [mention], [], [])
    with pytest.raises(StoreError, match=r"mentions\.kind: 'sovereign state.*' is 24 char"):
        store.replace_analysis(article_id, "analysed",
                               [{**mention, "kind": "sovereign state of Egypt"}], [], [])
    assert [(e["name"], e["kind"]) for e in store.entity_rows()] == [("Egypt", "state")]


@on_both_engines()
def test_values_from_data_have_no_length_limit_on_either_engine(store: Store):
    long_code = "MUSLIM BROTHERHOOD OF EGYPT, GUIDANCE OFFICE"
    brotherhood = {"name": "Muslim Brotherhood", "kind": "organisation", "code": long_code,
                   "role": "source"}
    egypt = {"name": "Egypt", "kind": "state", "code": "EGY", "role": "target"}
    article_id = add(store, 1, [("AGREE", "2012-03-03", [brotherhood, egypt])])
    mention = {"name": "Muslim Brotherhood", "kind": "organisation", "code": long_code,
               "state": "EGYPT (ARAB REPUBLIC OF)", "role": "Guidance Office member",
               "text": "the Muslim Brotherhood", "start": 0, "end": 22}
    claim = {"id": "c1", "holder": {"name": "Muslim Brotherhood", "code": long_code},
             "verb": "reiterated in a written statement", "content": "it will stand",
             "date": "2012-03-03T10:00:00+02:00 (Saturday)",
             "evidence": [{"sentence": "It said so."}], "offsets": [[0, 11]]}
    event = make_event(article_id, 0, "AGREE", "2012-03-03", [brotherhood, egypt])
    store.replace_analysis(article_id, "analysed", [mention], [event], [claim])
    fuse(store, [article_id])
    [entry] = store.timeline_rows(entities=[long_code])[0]
    assert entry["actor_key"] == f"EGY|{long_code}"
    assert store.entity_rows(name="Muslim Brotherhood")[0]["code"] == long_code
    assert store.claim_rows(entity=long_code)[0]["verb"] == claim["verb"]


@pytest.mark.postgres
def test_a_migrated_postgresql_database_declares_the_schemas_lengths(pg_store: Store):
    """Migration 0012 widened the free-form columns to TEXT; the bounded ones keep
    VARCHAR(n)."""
    inspector = sa.inspect(pg_store.engine)
    declared = {f"{table}.{c['name']}": getattr(c["type"], "length", None)
                for table in inspector.get_table_names()
                for c in inspector.get_columns(table)}
    expected = {name: _length(column) for name, column in _columns().items()
                if isinstance(column.type, (sa.String, Bounded))}
    assert {name: declared[name] for name in expected} == expected
