"""The months each timeline entry's days touch, per actor and per type its events are told
as (``entry_months``): fusion finds the entries a new event could join by a walk of (actor,
month, type) over the months its window touches and the types it agrees with. Before, it
walked the entry-actor index by date from a year before the window: every entry of a busy
actor over two years for one event, of every type.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    from dossier.store.chronology import month_rows

    table = op.create_table(
        "entry_months",
        sa.Column("actor", sa.Text, primary_key=True),
        sa.Column("month", sa.Integer, primary_key=True),
        sa.Column("type", sa.String(16), primary_key=True),
        sa.Column("entry_id", sa.String(40), sa.ForeignKey("entries.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_index("ix_entry_months_entry", "entry_months", ["entry_id"])
    conn = op.get_bind()
    types: dict[str, set[str]] = {}
    for entry_id, kind in conn.execute(sa.text(
            "SELECT DISTINCT entry_id, type FROM events WHERE entry_id IS NOT NULL")).all():
        types.setdefault(entry_id, set()).add(kind)
    rows: list[dict[str, object]] = []
    for entry_id, key, start, end in conn.execute(sa.text(
            "SELECT id, actor_key, span_start, span_end FROM entries")).all():
        rows.extend(month_rows(entry_id, key, start, end, types.get(entry_id, set())))
        if len(rows) >= _BATCH:
            conn.execute(table.insert(), rows)
            rows = []
    if rows:
        conn.execute(table.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_entry_months_entry", "entry_months")
    op.drop_table("entry_months")
