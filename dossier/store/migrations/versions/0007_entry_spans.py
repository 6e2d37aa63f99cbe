"""The days each timeline entry's date covers (first and last, ISO), indexed with its type
and actors: fusion reads only the entries whose dates an event can share, not every entry
with the same type and actors.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from dossier.corpus.fusion import span

    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("span_start", sa.String(10)))
        batch.add_column(sa.Column("span_end", sa.String(10)))
    conn = op.get_bind()
    spans = []
    for entry_id, date, date_end in conn.execute(
            sa.text("SELECT id, date, date_end FROM entries WHERE date IS NOT NULL")).all():
        found = span(date, date_end)
        if found is not None:
            spans.append({"id": entry_id, "start": found[0].isoformat(),
                          "end": found[1].isoformat()})
    if spans:
        conn.execute(sa.text("UPDATE entries SET span_start = :start, span_end = :end "
                             "WHERE id = :id"), spans)
    op.create_index("ix_entries_span", "entries",
                    ["type", "actor_key", "span_start", "span_end"])


def downgrade() -> None:
    op.drop_index("ix_entries_span", "entries")
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("span_end")
        batch.drop_column("span_start")
