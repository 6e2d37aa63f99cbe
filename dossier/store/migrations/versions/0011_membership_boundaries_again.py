"""The membership boundaries written again from the entries' events: the rules that make
them changed after 0008 (news dated by its article bounds a membership; a leader joins or
leaves for their state), and a store migrated in between kept the older rows.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from dossier.corpus.membership import rebuild

    table = sa.table("membership_boundaries", sa.column("entry_id"), sa.column("member"),
                     sa.column("organisation"), sa.column("type"), sa.column("date"),
                     sa.column("sources", sa.JSON))
    conn = op.get_bind()
    conn.execute(table.delete())
    rebuild(conn, table)


def downgrade() -> None:
    """Nothing to undo: the rows are derived from the events."""
