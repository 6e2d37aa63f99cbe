"""Date conflicts stored as pairs of sources become one conflict naming each disagreeing
source once (what fusion writes since 0008's session): an entry told by many sources held
every disagreeing pair, with its sentences, and grew with the square of its sources.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_ENTRIES = sa.table("entries", sa.column("id"), sa.column("conflicts", sa.JSON))


def upgrade() -> None:
    from dossier.corpus.fusion import summarise_entry
    from dossier.store.chronology import events_by_entry

    conn = op.get_bind()
    # Only entries with two date conflicts or more can hold pairs (one conflict is already
    # the new shape, or a pair that the new shape lists the same way).
    found = [row.id for row in conn.execute(sa.select(_ENTRIES.c.id, _ENTRIES.c.conflicts))
             if sum(c.get("kind") == "date" for c in row.conflicts or []) > 1]
    # Their events as fusion loads them, so that each gets what fusion would write; a
    # batch of entries' events in memory at once.
    for start in range(0, len(found), 500):
        updates = [{"entry": entry_id, "new": summarise_entry(told)["conflicts"]}
                   for entry_id, told in events_by_entry(conn, found[start:start + 500]).items()
                   if told]
        if updates:
            conn.execute(_ENTRIES.update().where(_ENTRIES.c.id == sa.bindparam("entry"))
                         .values(conflicts=sa.bindparam("new")), updates)


def downgrade() -> None:
    """Nothing to undo: the pairs are not needed to read the entries."""
