"""The months each timeline entry's days touch, per actor (``entry_months``): fusion finds
the entries a new event could join by a walk of (actor, month) over the months its window
touches. Before, it walked the entry-actor index by date from a year before the window:
every entry of a busy actor over two years for one event.

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
        sa.Column("entry_id", sa.String(40), sa.ForeignKey("entries.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_index("ix_entry_months_entry", "entry_months", ["entry_id"])
    conn = op.get_bind()
    rows: list[dict[str, object]] = []
    for entry_id, key, start, end in conn.execute(sa.text(
            "SELECT id, actor_key, span_start, span_end FROM entries")).all():
        rows.extend(month_rows(entry_id, key, start, end))
        if len(rows) >= _BATCH:
            conn.execute(table.insert(), rows)
            rows = []
    if rows:
        conn.execute(table.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_entry_months_entry", "entry_months")
    op.drop_table("entry_months")
