"""Columns whose values come from data become TEXT: gazetteer and dictionary codes (the
organisation "MUSLIM BROTHERHOOD" overflowed mentions.code VARCHAR(16) and stopped an
ingest on PostgreSQL), a mention's state, a claim's verb, dates read from text, a language
tag, a summariser's or embedding model's name. PostgreSQL enforced their lengths, SQLite
never did; now neither does. The columns bounded by construction stay VARCHAR(n) and are
checked before they are written on both engines (``dossier.store.schema.Bounded``).

PostgreSQL: ALTER COLUMN ... TYPE TEXT (VARCHAR to TEXT rewrites no table and no index).
SQLite: nothing to do, its declared lengths were never enforced (a VARCHAR column has TEXT
affinity), and changing a declared type would copy every table.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: table -> column -> the length it had
WIDENED = {
    "articles": {"published": 32, "language": 8, "summary_method": 32},
    "embeddings": {"model": 64},
    "entries": {"date": 16, "date_end": 16},
    "events": {"date": 16, "date_end": 16},
    "entry_actors": {"date": 16},
    "membership_boundaries": {"date": 16},
    "event_actors": {"code": 16},
    "claims": {"holder_code": 16, "verb": 32, "date": 16},
    "mentions": {"code": 16, "state": 8},
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in WIDENED.items():
        for column, length in columns.items():
            op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length))


def downgrade() -> None:
    """Back to VARCHAR(n) on PostgreSQL: fails, changing nothing, if a longer value is
    stored (shorten or delete it first)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in WIDENED.items():
        for column, length in columns.items():
            op.alter_column(table, column, type_=sa.String(length), existing_type=sa.Text())
