"""What a membership reads of each timeline entry that can bound one (JOIN, LEAVE, SUSPEND;
happened or reported; dated by a source), one row per member and body, kept by fusion: an
organisation's memberships read those rows, not every event's JSON.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from dossier.corpus.membership import rebuild

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
    rebuild(op.get_bind(), table)  # the entries already fused, as fusion writes them


def downgrade() -> None:
    op.drop_table("membership_boundaries")
