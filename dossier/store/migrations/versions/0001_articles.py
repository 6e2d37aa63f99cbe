"""The articles table: the record of every cleaned article.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("text_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("category", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(32)),
        sa.Column("published_precision", sa.String(16), nullable=False, server_default="unknown"),
        sa.Column("published_method", sa.String(16), nullable=False, server_default="none"),
        sa.Column("published_evidence", sa.Text),
        sa.Column("published_confidence", sa.Float, nullable=False, server_default="0"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("words", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reading_minutes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("language", sa.String(8)),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("removed", sa.JSON, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
        sa.Column("last_read", sa.DateTime),
        sa.Column("read_count", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_source", "articles", ["source"])


def downgrade() -> None:
    op.drop_table("articles")
