"""The generation each embedding was written in (``embeddings.generation``): a nearest-
neighbour index kept beside the database (``dossier.search.vectors``) knows the generation
it was last brought to, and reads only the rows written since, through this index, instead
of every vector. Rows written before this migration hold NULL: an index is first built from
all rows, so it never needs to ask for them.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store whose recorded version was set back by hand (tests rewind stores to replay
    # an earlier migration) may hold the column already: it is kept as it is.
    inspector = sa.inspect(op.get_bind())
    if "generation" in {c["name"] for c in inspector.get_columns("embeddings")}:
        return
    with op.batch_alter_table("embeddings") as batch:
        batch.add_column(sa.Column("generation", sa.Integer))
    op.create_index("ix_embeddings_generation", "embeddings", ["generation"])


def downgrade() -> None:
    op.drop_index("ix_embeddings_generation", "embeddings")
    with op.batch_alter_table("embeddings") as batch:
        batch.drop_column("generation")
