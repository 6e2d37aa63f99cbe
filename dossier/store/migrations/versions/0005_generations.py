"""A generation number per cached derived set (the matrix of article embeddings), bumped in
the transaction that changes it: a process keeping the set in memory checks one row
instead of counting the set before every search.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "generations",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False, server_default="0"),
    )
    op.bulk_insert(table, [{"name": "embeddings", "value": 0}])


def downgrade() -> None:
    op.drop_table("generations")
