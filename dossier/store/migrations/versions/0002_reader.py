"""The reading app: fetch status, read flag, summaries, embeddings, similar readings, full text
search (FTS5 on SQLite, a tsvector on PostgreSQL).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FTS_TRIGGERS = """
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
  VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
  VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
"""


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False,
                                   server_default="fetched"))
        batch.add_column(sa.Column("is_read", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("summary", sa.Text))
        batch.add_column(sa.Column("summary_method", sa.String(32)))
    op.execute("UPDATE articles SET is_read = (read_count > 0)")
    op.create_table(
        "embeddings",
        sa.Column("article_id", sa.String(36),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "neighbours",
        sa.Column("article_id", sa.String(36),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("other_id", sa.String(36),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),  # similar / same_story
    )
    op.create_index("ix_neighbours_other", "neighbours", ["other_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
            "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')"
        )
        for statement in _FTS_TRIGGERS.split("END;"):
            if statement.strip():
                op.execute(statement + "END;")
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_articles_search ON articles USING gin(search)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{name}")
    elif bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE articles DROP COLUMN search")
    op.drop_table("neighbours")
    op.drop_table("embeddings")
    with op.batch_alter_table("articles") as batch:
        for column in ("summary_method", "summary", "is_read", "status"):
            batch.drop_column(column)
