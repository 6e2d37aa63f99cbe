"""The chronology: entity mentions, events with their actors, claims, and timeline entries
(events fused across articles).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _article_fk() -> sa.Column:
    return sa.Column("article_id", sa.String(36),
                     sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("analysis", sa.String(40)))
    op.create_table(
        "entries",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("date_end", sa.String(16)),
        sa.Column("precision", sa.String(16), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("actor_key", sa.Text, nullable=False),
        sa.Column("conflicts", sa.JSON, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index("ix_entries_date", "entries", ["date"])
    op.create_index("ix_entries_key", "entries", ["type", "actor_key"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        _article_fk(),
        sa.Column("entry_id", sa.String(40), sa.ForeignKey("entries.id", ondelete="SET NULL")),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("date_end", sa.String(16)),
        sa.Column("precision", sa.String(16), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("background", sa.Boolean, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_article", "events", ["article_id"])
    op.create_index("ix_events_entry", "events", ["entry_id"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(16)),
        sa.Column("role", sa.String(8), nullable=False),
    )
    op.create_index("ix_event_actors_event", "event_actors", ["event_id"])
    op.create_index("ix_event_actors_code", "event_actors", ["code"])
    op.create_index("ix_event_actors_name", "event_actors", ["name"])
    op.create_table(
        "claims",
        sa.Column("id", sa.String(64), primary_key=True),
        _article_fk(),
        sa.Column("holder", sa.Text),
        sa.Column("holder_code", sa.String(16)),
        sa.Column("verb", sa.String(32), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_claims_article", "claims", ["article_id"])
    op.create_table(
        "mentions",
        _article_fk(),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(16)),
        sa.Column("state", sa.String(8)),
        sa.Column("role", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_name", "mentions", ["name"])


def downgrade() -> None:
    for table in ("mentions", "claims", "event_actors", "events", "entries"):
        op.drop_table(table)
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("analysis")
