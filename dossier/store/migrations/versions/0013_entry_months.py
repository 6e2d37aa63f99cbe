"""The months each timeline entry's days touch, per actor and per type its events are told
as (``entry_months``): fusion finds the entries a new event could join by a walk of (actor,
month, type) over the months its window touches and the types it agrees with. Before, it
walked the entry-actor index by date from a year before the window: every entry of a busy
actor over two years for one event, of every type.

Revision ID: 0013
Revises: 0012
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    import json

    from dossier.corpus.fusion import entry_tokens
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
    spans = {entry_id: (start, end) for entry_id, start, end in conn.execute(sa.text(
        "SELECT id, span_start, span_end FROM entries")).all()}
    rows: list[dict[str, object]] = []

    def add(entry_id: str, events: list[dict[str, Any]]) -> None:
        """Each entry's actor tokens and types from its events, as fusion reads them now."""
        if entry_id in spans:
            rows.extend(month_rows(entry_id, entry_tokens(events), *spans[entry_id],
                                   {str(e["type"]) for e in events}))

    current, events = None, []  # the events of one entry at a time, in entry order
    for entry_id, data in conn.execute(sa.text(
            "SELECT entry_id, data FROM events WHERE entry_id IS NOT NULL "
            "ORDER BY entry_id")):
        if entry_id != current:
            if current is not None:
                add(current, events)
            current, events = entry_id, []
        events.append(json.loads(data) if isinstance(data, str) else data)
        if len(rows) >= _BATCH:
            conn.execute(table.insert(), rows)
            rows.clear()
    if current is not None:
        add(current, events)
    if rows:
        conn.execute(table.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_entry_months_entry", "entry_months")
    op.drop_table("entry_months")
