"""Who acts in each timeline entry, with the entry's date, indexed in timeline order per
actor (an entity's or a pair's page is a walk of that index, not a scan of every actor
key and a sort), and an index of entries in timeline order (undated last, then date, then
ID) so that a page deep in the timeline walks an index instead of sorting the table.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    table = op.create_table(
        "entry_actors",
        sa.Column("entry_id", sa.String(40), sa.ForeignKey("entries.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("actor", sa.Text, primary_key=True),
        sa.Column("date", sa.String(16)),
    )
    op.create_index("ix_entry_actors_order", "entry_actors",
                    ["actor", sa.text("(date IS NULL)"), "date", "entry_id"])
    op.create_index("ix_entries_order", "entries",
                    [sa.text("(date IS NULL)"), "date", "id"])
    # The entries already fused: their actors from their actor keys ("RUS|UZB").
    conn = op.get_bind()
    rows: list[dict[str, str | None]] = []
    for entry_id, key, date in conn.execute(
            sa.text("SELECT id, actor_key, date FROM entries")).all():
        rows.extend({"entry_id": entry_id, "actor": actor, "date": date}
                    for actor in sorted({part.lower() for part in key.split("|")}) if actor)
        if len(rows) >= _BATCH:
            op.bulk_insert(table, rows)
            rows = []
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("ix_entries_order", "entries")
    op.drop_table("entry_actors")
