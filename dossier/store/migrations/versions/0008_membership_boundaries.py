"""What a membership reads of each timeline entry that can bound one (JOIN, LEAVE, SUSPEND;
happened or reported; dated by a source's own words), one row per member and body, kept by
fusion: an organisation's memberships read those rows, not every event's JSON.

Revision ID: 0008
Revises: 0007
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    from dossier.corpus.membership import boundaries

    table = op.create_table(
        "membership_boundaries",
        sa.Column("entry_id", sa.String(40), sa.ForeignKey("entries.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("member", sa.Text, primary_key=True),
        sa.Column("organisation", sa.Text, primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("sources", sa.JSON, nullable=False),
    )
    # The entries already fused: their boundaries from their events, as fusion writes them.
    conn = op.get_bind()
    found = conn.execute(sa.text(
        "SELECT id, type, date, modality FROM entries "
        "WHERE type IN ('JOIN', 'LEAVE', 'SUSPEND')")).all()
    rows: list[dict] = []
    for start in range(0, len(found), _BATCH):
        batch = {row.id: {"id": row.id, "type": row.type, "date": row.date,
                          "modality": row.modality} for row in found[start:start + _BATCH]}
        told: dict[str, list[dict]] = {entry_id: [] for entry_id in batch}
        for entry_id, data in conn.execute(
                sa.select(sa.column("entry_id"), sa.column("data"))
                .select_from(sa.table("events"))
                .where(sa.column("entry_id").in_(list(batch)))):
            told[entry_id].append(data if isinstance(data, dict) else json.loads(data))
        for entry_id, entry in batch.items():
            rows.extend(boundaries(entry, told[entry_id]))
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("membership_boundaries")
