"""Index event actors by lower-cased name, for entity filters at 100,000 events.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_actors_lower_name", "event_actors", [sa.text("lower(name)")])
    op.create_index("ix_entries_type_date", "entries", ["type", "date"])


def downgrade() -> None:
    op.drop_index("ix_entries_type_date", "entries")
    op.drop_index("ix_event_actors_lower_name", "event_actors")
