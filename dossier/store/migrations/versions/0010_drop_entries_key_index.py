"""Drop ix_entries_key (type, actor_key): ix_entries_span (type, actor_key, span_start,
span_end, migration 0007) begins with the same columns and is the one fusion's look-ups
use; the older index was only written, one more B-tree page per new timeline entry.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_entries_key", "entries", if_exists=True)


def downgrade() -> None:
    op.create_index("ix_entries_key", "entries", ["type", "actor_key"])
