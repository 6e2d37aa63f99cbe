"""Date conflicts stored as pairs of sources become one conflict naming each disagreeing
source once (what fusion writes since 0008's session): an entry told by many sources held
every disagreeing pair, with its sentences, and grew with the square of its sources.

Revision ID: 0009
Revises: 0008
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 500
_ENTRIES = sa.table("entries", sa.column("id"), sa.column("conflicts", sa.JSON))


def _decoded(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    from dossier.corpus.fusion import summarise_entry

    conn = op.get_bind()
    # Only entries with two date conflicts or more can hold pairs (one conflict is already
    # the new shape, or a pair that the new shape lists the same way).
    found = [row.id for row in conn.execute(sa.text(
        "SELECT id, conflicts FROM entries WHERE conflicts IS NOT NULL")).all()
        if sum(c.get("kind") == "date" for c in _decoded(row.conflicts) or []) > 1]
    for start in range(0, len(found), _BATCH):
        batch = found[start:start + _BATCH]
        told: dict[str, list[dict]] = {entry_id: [] for entry_id in batch}
        for entry_id, data in conn.execute(
                sa.select(sa.column("entry_id"), sa.column("data"))
                .select_from(sa.table("events"))
                .where(sa.column("entry_id").in_(batch))
                .order_by(sa.column("article_id"), sa.column("start"))):
            told[entry_id].append(_decoded(data))
        updates = [{"entry": entry_id, "new": summarise_entry(events)["conflicts"]}
                   for entry_id, events in told.items() if events]
        if updates:
            conn.execute(_ENTRIES.update().where(_ENTRIES.c.id == sa.bindparam("entry"))
                         .values(conflicts=sa.bindparam("new")), updates)


def downgrade() -> None:
    """Nothing to undo: the pairs are not needed to read the entries."""
